#!/usr/bin/env bash
# Records this machine's reference results in results/reference/<machine>/,
# where <machine> is the results' machine_slug (e.g. xeon-2c, epyc-2c):
#   rt_bench.json, rt_bench.txt  the runtime's micro-benchmarks, medians of 5
#   beam_bench.txt               the same micro-benchmarks on the BEAM
#   suite.json, suite.txt        every workload on every backend, --size default,
#                                3 repetitions (and the .hgrm latency files)
#   sweep.json, sweep.txt        rt's strategies x scheduler counts, --size default
#   report.html, charts/*.svg    the report of the suite and the sweep
#   gate.json                    the time lane's baseline (ci/gate.sh --record)
# Each step prints its command and wall time; the load average at the start
# and the end goes into results/reference/<machine>/README.txt, since figures
# taken on a busy machine mean less. Run it on a machine as quiet as you can
# get: about half an hour on 2 cores.
# Usage: ci/reference.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ci/deps.sh erlang-nox libcaf-dev
cmake --preset release >/dev/null
cmake --build --preset release --target actorbench rt_bench
actorbench=build/release/harness/actorbench
schedulers="$(nproc)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
started="$(date -u +%Y-%m-%dT%H:%MZ)"

step() {  # step NAME COMMAND...: runs it, timing it, stdout to $work/NAME.txt
  local name="$1"
  shift
  echo "=== $name: $*" >&2
  local t0=$SECONDS
  "$@" >"$work/$name.txt"
  echo "=== $name: $((SECONDS - t0)) s" >&2
  echo "$name: $((SECONDS - t0)) s: $*" >>"$work/steps.txt"
}

# The suite first: its results name the machine.
step suite "$actorbench" run --size default --repetitions 3 --json "$work/suite.json"
slug="$(grep -o '"machine_slug": *"[^"]*"' "$work/suite.json" | head -1 | sed 's/.*: *"\(.*\)"/\1/')"
[ -n "$slug" ] || { echo "ci/reference.sh: no machine_slug in the suite's results" >&2; exit 2; }
out="results/reference/$slug"
mkdir -p "$out"

step rt_bench build/release/runtime/rt_bench --benchmark_repetitions=5 \
  --benchmark_report_aggregates_only=true --benchmark_out="$work/rt_bench.json" --benchmark_out_format=json
erlc -o "$work" runtime/bench/beam_bench.erl
step beam_bench erl -noshell +S "$schedulers" +P 2000000 -pa "$work" -run beam_bench main
step sweep "$actorbench" sweep --size default --json "$work/sweep.json"
step gate ci/gate.sh --record "$work/gate.json" --quiet

rm -rf "$out/charts"
"$actorbench" report "$work/suite.json" "$work/sweep.json" -o "$work/report.html" --svg-dir "$work/charts"
cp "$work"/{suite,sweep,rt_bench,gate}.json "$work"/{suite,sweep,rt_bench,beam_bench}.txt "$work/report.html" "$out/"
cp -r "$work/charts" "$out/"
cp "$work"/suite.*.hgrm "$out/" 2>/dev/null || true
{
  echo "Recorded by ci/reference.sh from $(git rev-parse --short HEAD), $started to $(date -u +%H:%MZ)."
  echo "Load average (1, 5, 15 min) at the start: $load_start; at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  cat "$work/steps.txt"
} >"$out/README.txt"
echo "reference results: $out/" >&2
