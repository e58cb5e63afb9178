#!/usr/bin/env bash
# Measures the CI regression gate on this machine, both of its lanes:
#   time lane         ci/gate.sh (actorbench gate: U test, thresholds,
#                     confirming rerun), paired by default: the unchanged
#                     build as the baseline, measured in the same rounds
#                     (ci/gate.sh --paired); with GATE_EVAL_TIME_LANE=recorded
#                     against a baseline recorded here first, as before
#   instruction lane  ci/gate_instructions.sh against a baseline recorded
#                     here first from the unchanged build (the counts of
#                     the committed ci/gate_instructions_baseline.txt go
#                     stale with every change to the runtime)
# Its false-alarm rate: RUNS gate runs of the unchanged build. Its detection
# rate: RUNS gate runs of a build with a fixed cost injected into every
# message send (ACTORBENCH_INJECT_SEND_COST, rt/detail/injected_cost.hpp).
# Unchanged and injected runs alternate, so that the machine's load over the
# evaluation falls on both alike. The gate fails a build when either lane
# fails.
#
# Usage: ci/gate_eval.sh [RUNS] [INJECT_STEPS] [actorbench gate options...]
#   RUNS          gate runs of each build (default 20)
#   INJECT_STEPS  loop steps per send in the injected build (default 20: the
#                 ring about 15% slower on the reference machine; ci/README.md)
# Environment: GATE_EVAL_TIME_LANE=paired (default) or recorded.
# Builds build/release and build/inject (Release, configured with the steps),
# and prints one line per run, the load at the start and the end, and the
# rates. Logs go to results/runs/gate-eval-<date>/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${1:-20}"
steps="${2:-20}"
shift $(( $# > 2 ? 2 : $# ))
mode="${GATE_EVAL_TIME_LANE:-paired}"
case "$mode" in
  paired|recorded) ;;
  *) echo "gate_eval: GATE_EVAL_TIME_LANE must be paired or recorded, not '$mode'" >&2; exit 2 ;;
esac
inject_dir=build/inject
unchanged=build/release/harness/actorbench

cmake --preset release >/dev/null
cmake --build build/release --target actorbench rt_bench
cmake --preset release -B "$inject_dir" -DACTORBENCH_INJECT_SEND_COST="$steps" >/dev/null
cmake --build "$inject_dir" --target actorbench rt_bench

logs="results/runs/gate-eval-$(date -u +%Y-%m-%dT%H%M%SZ)"
mkdir -p "$logs"
{
  echo "time lane: $mode; $runs runs of each build; $steps steps per send injected"
  echo "start $(date -u +%FT%TZ): $(uptime)"
} | tee -a "$logs/summary.txt"
echo "=== recording the instruction baseline from the unchanged build -> $logs/instructions_baseline.txt" >&2
export GATE_INSTRUCTIONS_BASELINE="$logs/instructions_baseline.txt"
ci/gate_instructions.sh --record build/release/runtime/rt_bench >"$logs/instructions_baseline.log" 2>&1
if [ "$mode" = recorded ]; then
  echo "=== recording the baseline from the unchanged build -> $logs/baseline.json" >&2
  ci/gate.sh --record "$logs/baseline.json" --quiet "$@" >"$logs/baseline.txt" 2>&1
fi

# The time lane of one build: 0 pass, 1 regression, 2 error.
time_lane() {
  local actorbench="$1" log="$2"
  shift 2
  if [ "$mode" = paired ]; then
    ACTORBENCH="$actorbench" ci/gate.sh --paired "$unchanged" --quiet "$@" >"$log" 2>&1
  else
    # A later --baseline wins over ci/gate.sh's results/reference.
    ACTORBENCH="$actorbench" ci/gate.sh --quiet --baseline "$logs/baseline.json" "$@" >"$log" 2>&1
  fi
}

declare -A failed=([unchanged_time]=0 [unchanged_instructions]=0 [unchanged_gate]=0
                   [injected_time]=0 [injected_instructions]=0 [injected_gate]=0)
for ((i = 1; i <= runs; i++)); do
  for build in unchanged injected; do
    dir=build/release
    [ "$build" = injected ] && dir="$inject_dir"
    start=$(date +%s)
    time_status=0
    time_lane "$dir/harness/actorbench" "$logs/$build-$i.time.txt" "$@" || time_status=$?
    time_seconds=$(( $(date +%s) - start ))
    instructions_status=0
    ci/gate_instructions.sh "$dir/runtime/rt_bench" >"$logs/$build-$i.instructions.txt" 2>&1 ||
      instructions_status=$?
    for s in "$time_status" "$instructions_status"; do
      if [ "$s" -ne 0 ] && [ "$s" -ne 1 ]; then
        echo "run $i ($build): a lane exited $s; see $logs/$build-$i.*.txt" >&2
        exit 2
      fi
    done
    gate=$(( time_status | instructions_status ))
    failed["${build}_time"]=$(( ${failed["${build}_time"]} + time_status ))
    failed["${build}_instructions"]=$(( ${failed["${build}_instructions"]} + instructions_status ))
    failed["${build}_gate"]=$(( ${failed["${build}_gate"]} + gate ))
    printf '%-9s run %2d: time lane exit %d (confirming rerun: %-3s ring ratio %s, %3ds)  instruction lane exit %d (ring %s)  %3ds\n' \
      "$build" "$i" "$time_status" \
      "$(grep -q "^confirming" "$logs/$build-$i.time.txt" && echo yes || echo no)" \
      "$(awk '$1 ~ /^ring\// {print $(NF-3); exit}' "$logs/$build-$i.time.txt")" "$time_seconds" \
      "$instructions_status" "$(awk '$1 ~ /^ring_hop/ {print $4; exit}' "$logs/$build-$i.instructions.txt")" \
      "$(( $(date +%s) - start ))" | tee -a "$logs/summary.txt"
  done
done
{
  echo "end $(date -u +%FT%TZ): $(uptime)"
  echo "false alarms (unchanged build, ${runs} runs): time lane ($mode) ${failed[unchanged_time]}, instruction lane ${failed[unchanged_instructions]}, gate ${failed[unchanged_gate]} (need <= $((runs / 20)))"
  echo "detections (${steps} steps per send, ${runs} runs): time lane ($mode) ${failed[injected_time]}, instruction lane ${failed[injected_instructions]}, gate ${failed[injected_gate]} (need >= $((runs - runs / 20)))"
} | tee -a "$logs/summary.txt"
[ "${failed[unchanged_gate]}" -le $((runs / 20)) ] && [ "${failed[injected_gate]}" -ge $((runs - runs / 20)) ]
