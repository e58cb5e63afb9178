// The cost of a timestamp (harness/clock.hpp), as Google Benchmark cases:
// what every timed message, spawn or round trip pays on every backend, once
// or twice.
//
//   timestamp/steady  timestamp_ns() on steady_clock (the vDSO's clock_gettime;
//                     on a KVM guest, kvm-clock);
//   timestamp/tsc     timestamp_ns() on the TSC (rdtsc), where select_clock("tsc")
//                     succeeds (the case reports an error where it does not).
// Each is back-to-back reads in a loop, so they show the throughput of reads,
// not the latency one read adds to the code around it.
#include <benchmark/benchmark.h>

#include <string>
#include <variant>

#include "harness/clock.hpp"

namespace {

void timestamp(benchmark::State& state, const char* clock) {
  const auto chosen = ab::select_clock(clock);
  if (const auto* e = std::get_if<std::string>(&chosen)) {
    state.SkipWithError(e->c_str());
    return;
  }
  state.SetLabel(std::get<ab::clock_choice>(chosen).description);
  for (auto _ : state) benchmark::DoNotOptimize(ab::timestamp_ns());
}

BENCHMARK_CAPTURE(timestamp, steady, "steady")->Name("timestamp/steady");
BENCHMARK_CAPTURE(timestamp, tsc, "tsc")->Name("timestamp/tsc");

}  // namespace

BENCHMARK_MAIN();
