#!/usr/bin/env bash
# The main job: builds Release and runs the benchmarks, writing results under
# results/runs/ (ignored by git):
#   1. the runtime's micro-benchmarks (runtime/bench/rt_bench.cpp), medians of 5;
#   2. the same micro-benchmarks on the BEAM (runtime/bench/beam_bench.erl);
#   3. the workload suite on every backend (actorbench run), when built:
#      rt, the three baselines, caf and beam.
# Usage: ci/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."

# erlang-nox: the BEAM (beam_bench.erl and the beam backend); libcaf-dev: the caf backend.
ci/deps.sh erlang-nox libcaf-dev
cmake --preset release >/dev/null
cmake --build --preset release

mkdir -p results/runs
stamp="$(date -u +%Y-%m-%dT%H%M%SZ)-$(hostname -s)"
schedulers="$(nproc)"

echo "=== runtime micro-benchmarks -> results/runs/${stamp}-rt_bench.json" >&2
build/release/runtime/rt_bench \
  --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_out="results/runs/${stamp}-rt_bench.json" --benchmark_out_format=json

echo "=== the same on the BEAM (+S ${schedulers}) -> results/runs/${stamp}-beam_bench.txt" >&2
beam_dir="$(mktemp -d)"
trap 'rm -rf "$beam_dir"' EXIT
erlc -o "$beam_dir" runtime/bench/beam_bench.erl
erl -noshell +S "${schedulers}" +P 2000000 -pa "$beam_dir" -run beam_bench main | tee "results/runs/${stamp}-beam_bench.txt"

status=0
if [ -x build/release/harness/actorbench ]; then
  echo "=== workload suite -> results/runs/${stamp}.json" >&2
  # Exit status 1 means a run failed (recorded in the JSON): still write the report.
  build/release/harness/actorbench run --size default --repetitions 3 --json "results/runs/${stamp}.json" || status=$?
  if [ -f "results/runs/${stamp}.json" ]; then
    build/release/harness/actorbench report "results/runs/${stamp}.json" -o "results/runs/${stamp}.html"
    echo "report: results/runs/${stamp}.html"
  fi
fi
exit $status
