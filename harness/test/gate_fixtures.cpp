#include "gate_fixtures.hpp"

#include <algorithm>
#include <random>

namespace ab::testing {

nlohmann::ordered_json gate_fixture(const std::vector<fixture_benchmark>& benchmarks,
                                    const fixture_machine& machine) {
  nlohmann::ordered_json context = {
      {"date", "2026-01-01T00:00:00+00:00"}, {"schema_version", 1},
      {"cpu_model", machine.cpu_model},      {"num_cpus", 2},
      {"num_cores", 2},                      {"cpus_allowed", 2},
      {"memory_bytes", 8LL << 30},           {"suite", {{"command", "gate"}}},
  };
  if (!machine.calibration.empty()) {
    context["calibration"] = {{"steps_per_second", machine.calibration}};
  }
  nlohmann::ordered_json entries = nlohmann::ordered_json::array();
  for (const auto& b : benchmarks) {
    const std::string run_name = b.workload + "/backend:rt/n:" + b.params;
    auto entry = [&](const std::string& name, const std::string& run_type, double ips) {
      return nlohmann::ordered_json{{"name", name},
                                    {"run_name", run_name},
                                    {"run_type", run_type},
                                    {"workload", b.workload},
                                    {"backend", "rt"},
                                    {"params", {{"n", std::stoi(b.params)}}},
                                    {"schedulers", b.schedulers},
                                    {"strategy", "work_stealing"},
                                    {"items_per_second", ips}};
    };
    for (std::size_t i = 0; i < b.items_per_second.size(); ++i) {
      auto e = entry(run_name, "iteration", b.items_per_second[i]);
      e["cpu_time"] = 1e9 / (b.cpu_items_per_second.empty() ? b.items_per_second[i]
                                                            : b.cpu_items_per_second[i]);
      e["repetition_index"] = i;
      entries.push_back(e);
    }
    std::vector<double> sorted = b.items_per_second;
    std::sort(sorted.begin(), sorted.end());
    auto median = entry(run_name + "_median", "aggregate", sorted[sorted.size() / 2]);
    median["aggregate_name"] = "median";
    entries.push_back(median);
  }
  return {{"context", context}, {"benchmarks", entries}};
}

std::vector<double> noisy(double median, double spread, unsigned seed) {
  std::mt19937 gen{seed};
  std::uniform_real_distribution<double> u{-spread, spread};
  std::vector<double> out;
  for (int i = 0; i < 9; ++i) out.push_back(median * (1 + u(gen)));
  return out;
}

}  // namespace ab::testing
