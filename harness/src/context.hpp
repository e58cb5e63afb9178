// The "context" object of a result file: Google Benchmark's fields (date,
// host_name, executable, num_cpus, mhz_per_cpu, cpu_scaling_enabled, caches,
// load_avg, library_build_type) and ours (schema_version, machine, compiler,
// build, git, the suite's settings, the runtime's). results/README.md
// documents every field.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "build_info.hpp"
#include "machine.hpp"
#include "plan.hpp"
#include "runtime_settings.hpp"

namespace ab {

// Bumped whenever a field changes meaning or goes away (adding one does not).
inline constexpr int results_schema_version = 1;

// .hgrm files hold milliseconds, the unit HdrHistogram's plotters label their
// axis with; values are recorded in nanoseconds.
inline constexpr double hgrm_unit_ratio = 1e6;
inline constexpr const char* hgrm_unit = "milliseconds";

struct context_inputs {
  machine_info machine;
  build_info build;
  runtime_settings runtime;
  std::string executable;
  std::vector<std::string> command_line;
  std::string date;  // ISO 8601 with offset, as Google Benchmark writes it
  std::string clock;  // what timestamps latencies: clock_choice::description
  // The other backends' settings (library and VM versions, flags), per name.
  std::vector<std::pair<std::string, std::string>> backends;
};

nlohmann::ordered_json make_context(const context_inputs& in, const suite_plan& plan);

// Fills in what a run started now records besides its runtime: this machine,
// this build, the executable and command line (args without the program
// name), the date, and the settings of the plan's backends.
void record_run_start(context_inputs& in, const suite_plan& plan, const std::string& executable,
                      const std::vector<std::string>& args);

// Local time now: "2024-05-01T12:34:56+02:00".
std::string iso8601_now();

// A warning for the context and the terminal when the build's numbers mean
// little; empty for an optimised build.
std::string debug_build_warning(const build_info& b);

}  // namespace ab
