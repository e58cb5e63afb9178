// The cost of recording into ab::histogram, as Google Benchmark cases.
//
// What each measures (and what it does not):
//   record/spread     ns per record() of latency-like values spread over six
//                     decades (pre-generated, so no RNG in the loop), into one
//                     thread's histogram: the clamp, the bucket index, the
//                     counter increment, min/max. The values' sub-buckets vary,
//                     so the counters are not all in L1.
//   record/constant   the same for one repeated value: the floor, everything hot.
//   record_corrected/no_stall
//                     record_corrected() when the value is below the expected
//                     interval (the common case of an open-loop sender on time).
//   percentile/p99    one percentile query on a histogram of 1 M values (a
//                     reporting cost, not a recording one).
// Not measured: the cost of reading the clock around the measured operation,
// which the workloads pay and which usually dominates (clock_bench measures
// it); nor contention: histograms are per thread.
// The budget for record() is 5 ns (the requirement).
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "harness/histogram.hpp"

namespace {

constexpr std::size_t value_count = 1 << 16;  // a power of two: index by mask

std::vector<std::int64_t> spread_values() {
  std::mt19937_64 rng{42};
  std::lognormal_distribution<double> dist{std::log(2000.0), 2.5};
  std::vector<std::int64_t> values(value_count);
  for (auto& v : values) v = static_cast<std::int64_t>(dist(rng)) + 1;
  return values;
}

void record_spread(benchmark::State& state) {
  const auto values = spread_values();
  ab::histogram h;
  std::size_t i = 0;
  for (auto _ : state) {
    h.record(values[i]);
    i = (i + 1) & (value_count - 1);
  }
  benchmark::DoNotOptimize(h.count());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(record_spread)->Name("record/spread");

void record_constant(benchmark::State& state) {
  ab::histogram h;
  std::int64_t v = 1234;
  for (auto _ : state) {
    benchmark::DoNotOptimize(v);
    h.record(v);
  }
  benchmark::DoNotOptimize(h.count());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(record_constant)->Name("record/constant");

void record_corrected_no_stall(benchmark::State& state) {
  const auto values = spread_values();
  ab::histogram h;
  std::size_t i = 0;
  const std::int64_t interval = std::int64_t{1} << 40;  // never stalled
  for (auto _ : state) {
    h.record_corrected(values[i], interval);
    i = (i + 1) & (value_count - 1);
  }
  benchmark::DoNotOptimize(h.count());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(record_corrected_no_stall)->Name("record_corrected/no_stall");

void percentile_p99(benchmark::State& state) {
  const auto values = spread_values();
  ab::histogram h;
  for (int round = 0; round < 16; ++round) {
    for (auto v : values) h.record(v);
  }
  for (auto _ : state) benchmark::DoNotOptimize(h.percentile(99));
}
BENCHMARK(percentile_p99)->Name("percentile/p99");

}  // namespace

BENCHMARK_MAIN();
