#!/usr/bin/env bash
# Measures the gate (ci/gate.sh) on this machine: its false-alarm rate, gating
# the unchanged build against a baseline recorded from it, and its detection
# rate, gating a build with a fixed cost injected into every message send
# (ACTORBENCH_INJECT_SEND_COST, rt/detail/injected_cost.hpp) against the same
# baseline. Unchanged and injected runs alternate, so that the machine's load
# over the hour falls on both alike.
#
# Usage: ci/gate_eval.sh [RUNS] [INJECT_STEPS] [gate options...]
#   RUNS          gate runs of each build (default 20)
#   INJECT_STEPS  loop steps per send in the injected build (default 5: the
#                 ring about 15% slower on the reference machine; see ci/README.md)
# Builds build/release and build/inject (Release, configured with the steps), records the baseline
# into the log directory, and prints one line per run and the two rates. Logs
# go to results/runs/gate-eval-<date>/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${1:-20}"
steps="${2:-5}"
shift $(( $# > 2 ? 2 : $# ))
inject_dir="build/inject"

cmake --preset release >/dev/null
cmake --build build/release --target actorbench
cmake --preset release -B "$inject_dir" -DACTORBENCH_INJECT_SEND_COST="$steps" >/dev/null
cmake --build "$inject_dir" --target actorbench

logs="results/runs/gate-eval-$(date -u +%Y-%m-%dT%H%M%SZ)"
mkdir -p "$logs"
echo "=== recording the baseline from the unchanged build -> $logs/baseline.json" >&2
ci/gate.sh --record "$logs/baseline.json" --quiet "$@" >"$logs/baseline.txt" 2>&1

false_alarms=0
detections=0
# ci/gate.sh gates against results/reference/<machine>/; here, the baseline
# just recorded (a later --baseline wins).
for ((i = 1; i <= runs; i++)); do
  for build in unchanged injected; do
    bin=build/release/harness/actorbench
    [ "$build" = injected ] && bin="$inject_dir/harness/actorbench"
    start=$(date +%s)
    status=0
    ACTORBENCH="$bin" ci/gate.sh --quiet --baseline "$logs/baseline.json" "$@" \
      >"$logs/$build-$i.txt" 2>&1 || status=$?
    confirmed=$(grep -c "confirming" "$logs/$build-$i.txt" || true)
    if [ "$status" -eq 1 ]; then
      if [ "$build" = unchanged ]; then false_alarms=$((false_alarms + 1)); else detections=$((detections + 1)); fi
    elif [ "$status" -ne 0 ]; then
      echo "run $i ($build): actorbench gate exited $status; see $logs/$build-$i.txt" >&2
      exit 2
    fi
    printf '%-9s run %2d: exit %d (confirming rerun: %s) %3ds  ring ratio %s\n' "$build" "$i" "$status" \
      "$([ "$confirmed" -gt 0 ] && echo yes || echo no)" "$(( $(date +%s) - start ))" \
      "$(awk '$1 ~ /^ring\// {print $4; exit}' "$logs/$build-$i.txt")" | tee -a "$logs/summary.txt"
  done
done
{
  echo "false alarms: ${false_alarms}/${runs} gate runs of the unchanged build (need <= 1)"
  echo "detections:   ${detections}/${runs} gate runs of the build with ${steps} steps per send (need >= 19)"
} | tee -a "$logs/summary.txt"
[ "$false_alarms" -le 1 ] && [ "$detections" -ge 19 ]
