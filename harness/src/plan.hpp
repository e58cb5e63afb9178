// What `actorbench run` or `actorbench sweep` will run: the selected workloads
// with every parameter resolved (size defaults, then --param overrides), the
// backend setups to run each on, and the repetition counts. Checks parameter
// names against the selected workloads; a bad one is a usage_error, found
// before anything runs.
//
// A backend setup is a backend and the settings it runs with. `run` has one
// per backend, all with the same settings; `sweep` one per strategy x
// scheduler count, all on rt (strategy-major: every count of the first
// strategy, then of the next).
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "catalog.hpp"
#include "options.hpp"

namespace ab {

// The runtime under test: the backend ratios are taken against, and the only
// one a sweep runs.
inline constexpr const char* reference_backend = "rt";

struct backend_setup {
  std::string backend;
  unsigned schedulers = 1;                         // threads or schedulers it may use
  std::string strategy = default_strategy_name();  // rt's; recorded for rt only
  bool pin_threads = default_pin_threads();        // rt's
  std::string idle = default_idle_name();          // rt's
};

struct planned_workload {
  const workload_info* info = nullptr;
  run_params params;  // values: every parameter of the workload; the settings: see params_for
};

struct suite_plan {
  std::vector<planned_workload> workloads;
  std::vector<backend_setup> setups;  // in run order
  bool sweep = false;                 // setups differ in strategy and scheduler count
  size_class size = size_class::standard;
  int repetitions = default_repetitions;
  int warmups = default_warmups;
  unsigned cpus = 1;  // logical CPUs this process may run on (allowed_cpus())
  backend_describer describe_backends = nullptr;  // the catalog's, for the context

  // Distinct, in order of first appearance.
  std::vector<std::string> backends() const;
  std::vector<std::string> strategies() const;  // of the rt setups
  std::vector<unsigned> scheduler_counts() const;
  // More schedulers than CPUs to run them on.
  bool oversubscribed(const backend_setup& s) const noexcept { return s.schedulers > cpus; }
  // How progress lines and tables name a setup: "rt" for run, "rt static x4"
  // for sweep.
  std::string label(const backend_setup& s) const;
  // How file names tell setups apart: "rt" for run, "rt.static.s4" for sweep.
  std::string file_key(const backend_setup& s) const;
};

// The parameters one run of w on s gets: w's values and s's settings.
run_params params_for(const planned_workload& w, const backend_setup& s);

std::variant<suite_plan, usage_error> make_plan(const run_options& options, const catalog& c);
std::variant<suite_plan, usage_error> make_sweep_plan(const sweep_options& options,
                                                      const catalog& c);

// The default of `spec` at `size`.
std::int64_t default_value(const param_spec& spec, size_class size) noexcept;

}  // namespace ab
