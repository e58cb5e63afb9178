#!/usr/bin/env bash
# The instruction-count lane of the regression gate: single-threaded
# micro-benchmarks of the runtime (runtime/bench/rt_bench.cpp) run under
# valgrind's callgrind, which counts the instructions executed. The count does
# not depend on the machine's load or clock, so it is stable from run to run
# to well under 1% (ci/README.md has the figures) and can be gated with a
# tight threshold, where wall-clock time on a shared machine cannot.
#
# What each case counts: the instructions executed inside the named
# functions and everything they call (callgrind --toggle-collect), per
# benchmark iteration:
#   ring_hop/schedulers:1     the ring's process body: send, receive and the
#                             mailbox, 1,000,000 hops (not the scheduler loop
#                             that resumes the processes, nor its idle spinning,
#                             whose length depends on timing)
#   spawn_reply/schedulers:1  the spawning process and its children: spawn,
#                             send, receive, 200,000 spawns
#   bare_coroutines           the bare-coroutine ring, all of it (one thread)
#   ring_hop/schedulers:1@all the same ring, the whole program: the scheduler
#                             loop too (resuming, settling waits, blocking),
#                             and the set-up. With one scheduler its count
#                             varied by 256 instructions in 442 M over three
#                             runs; the body-only case above had missed
#                             two changes that put 53 instructions on every
#                             hop (ci/README.md).
#   spawn_reply/schedulers:1@all  the spawn benchmark's whole program: exits,
#                             placement and the loop too (50 instructions
#                             apart in 181 M over three runs).
# Valgrind runs one thread at a time: these are one-scheduler cases only.
#
# Usage: ci/gate_instructions.sh [--record] [RT_BENCH]
#   compares with ci/gate_instructions_baseline.txt (thresholds: the
#   'instructions:' entries of ci/gate_thresholds.txt); --record rewrites it.
# Environment: GATE_INSTRUCTIONS_BASELINE, another baseline file to compare
# with or record (ci/gate_eval.sh records one from the unchanged build).
# Exit status: 0 within the thresholds, 1 a regression, 2 a setup error.
set -euo pipefail
cd "$(dirname "$0")/.."

record=0
if [ "${1:-}" = "--record" ]; then record=1; shift; fi
rt_bench="${1:-build/release/runtime/rt_bench}"
baseline="${GATE_INSTRUCTIONS_BASELINE:-ci/gate_instructions_baseline.txt}"
thresholds=ci/gate_thresholds.txt
ci/deps.sh valgrind || exit 2
[ -x "$rt_bench" ] || { echo "gate_instructions: no $rt_bench (build the release preset)" >&2; exit 2; }

# case|functions counted (none: the whole program). A case named B@LABEL
# runs benchmark B.
cases=(
  "ring_hop/schedulers:1|*ring_node*"
  "spawn_reply/schedulers:1|*spawner*"
  "bare_coroutines|*bare_coroutines*"
  "ring_hop/schedulers:1@all|"
  "spawn_reply/schedulers:1@all|"
)

threshold_for() {  # the case's threshold in percent, else the lane's default
  awk -v key="instructions:$1" '$1 == key {print $2; found=1; exit}
       $1 == "instructions:default" {d=$2} END {if (!found) print (d == "" ? 1 : d)}' "$thresholds"
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0
[ "$record" -eq 1 ] && : >"$work/baseline.new"
printf '%-30s %16s %16s %9s %9s  %s\n' case baseline current change threshold verdict
for entry in "${cases[@]}"; do
  name="${entry%%|*}"
  functions="${entry#*|}"
  collect=(--collect-atstart=no --toggle-collect="$functions")
  [ -n "$functions" ] || collect=()
  # One iteration: --benchmark_min_time is far below what a run under
  # callgrind takes.
  valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" "${collect[@]}" \
    "$rt_bench" --benchmark_filter="^${name%@*}/manual_time\$" --benchmark_min_time=0.001 \
    --benchmark_format=json >"$work/bench.json" 2>"$work/valgrind.log" ||
    { echo "gate_instructions: $name failed under valgrind:" >&2; tail -5 "$work/valgrind.log" >&2; exit 2; }
  total="$(awk '/^(summary|totals):/ {print $2; exit}' "$work/callgrind.out")"
  iterations="$(awk -F'[:,]' '/"iterations"/ {gsub(/ /, "", $2); print $2; exit}' "$work/bench.json")"
  if [ -z "$total" ] || [ -z "$iterations" ] || [ "$iterations" -eq 0 ]; then
    echo "gate_instructions: $name: no instruction count or iteration count" >&2
    exit 2
  fi
  current=$((total / iterations))
  if [ "$record" -eq 1 ]; then
    echo "$name $current" >>"$work/baseline.new"
    printf '%-30s %16s %16s %9s %9s  %s\n' "$name" - "$current" - - recorded
    continue
  fi
  base="$(awk -v key="$name" '$1 == key {print $2}' "$baseline")"
  [ -n "$base" ] || { echo "gate_instructions: $baseline has no $name" >&2; exit 2; }
  limit="$(threshold_for "$name")"
  verdict="$(awk -v b="$base" -v c="$current" -v t="$limit" 'BEGIN {
      d = (c - b) * 100 / b; printf "%+.3f%% ", d
      if (d > t) print "REGRESSION"; else if (d < -t) print "improvement"; else print "unchanged" }')"
  printf '%-30s %16s %16s %9s %8s%%  %s\n' "$name" "$base" "$current" "${verdict%% *}" "$limit" "${verdict#* }"
  case "$verdict" in *REGRESSION*) status=1 ;; esac
done
if [ "$record" -eq 1 ]; then
  { echo "# instructions per benchmark iteration (ci/gate_instructions.sh --record)"; cat "$work/baseline.new"; } >"$baseline"
  echo "wrote $baseline" >&2
fi
exit $status
