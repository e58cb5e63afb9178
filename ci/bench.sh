#!/usr/bin/env bash
# The main job: builds Release and runs the benchmarks, writing results under
# results/runs/ (ignored by git).
# Usage: ci/bench.sh [extra Google Benchmark flags...]
set -euo pipefail
cd "$(dirname "$0")/.."

ci/deps.sh
cmake --preset release >/dev/null
cmake --build --preset release

mkdir -p results/runs
stamp="$(date -u +%Y-%m-%dT%H%M%SZ)-$(hostname -s)"
out="results/runs/${stamp}-rt_bench.json"
echo "=== runtime micro-benchmarks (medians of 5 repetitions) -> ${out}" >&2
build/release/runtime/rt_bench \
  --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_out="$out" --benchmark_out_format=json "$@"
echo "results: ${out}"
