// Result documents for the tests of report and compare: the fake workloads
// (fake_workloads.hpp) run in-process through the real plan, suite and JSON
// code, as `actorbench run` and `actorbench sweep` would write them.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "results_file.hpp"

namespace ab::testing {

// `run` of these workloads on every fake backend: size quick, 3 repetitions.
nlohmann::ordered_json fake_run_document(const std::vector<std::string>& workloads,
                                         unsigned schedulers = 2);

// `sweep` of these workloads over every strategy and these scheduler counts,
// on a machine of `cpus` CPUs: size quick, 2 repetitions.
nlohmann::ordered_json fake_sweep_document(const std::vector<std::string>& workloads,
                                           const std::vector<unsigned>& schedulers,
                                           unsigned cpus = 2);

// The document as report and compare read it back (fails the test if it does
// not read).
results_file reread(const nlohmann::ordered_json& document, const std::string& path = "r.json");

}  // namespace ab::testing
