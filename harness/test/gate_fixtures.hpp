// Result files for the gate's tests, written by hand: each benchmark's
// repetitions with the items per second given, so that a test states the
// samples its verdict rests on.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace ab::testing {

struct fixture_benchmark {
  std::string workload;
  std::vector<double> items_per_second;  // one successful repetition each
  // Items per CPU second of each repetition (cpu_time); empty: as items_per_second.
  std::vector<double> cpu_items_per_second = {};
  unsigned schedulers = 1;
  std::string params = "10";  // the value of the parameter "n"
};

struct fixture_machine {
  std::string cpu_model = "Test CPU @ 3.00GHz";
  std::vector<double> calibration;  // steps per second per round; empty: none recorded
};

nlohmann::ordered_json gate_fixture(const std::vector<fixture_benchmark>& benchmarks,
                                    const fixture_machine& machine = {});

// 9 samples around `median`, spread +-`spread` (a fraction) in a fixed order.
std::vector<double> noisy(double median, double spread, unsigned seed);

}  // namespace ab::testing
