// The contract between the workloads and the harness.
//
// A workload is written once, against the backend interface (backend.hpp),
// and runs on every backend. The harness knows workloads only through this
// file: their names, parameters, and run().
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/histogram.hpp"

namespace ab {

// The sizes of `actorbench run --size`.
enum class size_class { quick, standard, large };  // "quick", "default", "large"

struct param_spec {
  std::string name;
  std::string description;
  std::int64_t quick;     // default value at --size quick (also used by ctest)
  std::int64_t standard;  // at --size default
  std::int64_t large;     // at --size large
};

struct run_params {
  std::map<std::string, std::int64_t> values;  // every param of the workload, resolved
  unsigned schedulers = 0;                     // threads/schedulers the backend may use
  std::string strategy = "work_stealing";      // rt only
  bool pin_threads = false;                    // rt only: pin scheduler i to CPU i
  std::string idle = "spin_then_park";         // rt only: rt::parse_idle_policy's names
  std::int64_t get(const std::string& name) const { return values.at(name); }
};

struct run_result {
  // Exactly one of: ok, unsupported (the backend lacks a feature the workload
  // needs; never faked), or error (the run failed or its result did not verify).
  bool ok = false;
  bool unsupported = false;
  std::string error;

  double seconds = 0;  // wall time of the measured part
  double items = 0;    // hops, messages, spawns... as the workload defines
  std::string items_unit;
  std::optional<histogram> latency_ns;  // where latencies are measured
  std::optional<double> bytes_per_process;
  std::optional<std::int64_t> peak_rss_bytes;
  std::map<std::string, double> extra;  // workload-specific figures (e.g. drain_rate)
};

struct workload_info {
  std::string name;
  std::string description;
  std::vector<param_spec> params;
  // Runs once on `backend` (one of all_backends()).
  run_result (*run)(const std::string& backend, const run_params& params);
};

// A backend this binary knows but cannot run here, and why in one line (a
// library missing when it was built, a program not on PATH).
struct unavailable_backend {
  std::string name;
  std::string reason;
};

// For the results' context: per backend among `backends` whose settings are
// not the harness's own (a library's version, a VM's flags), "name" ->
// description. May start a program to ask it (the beam backend asks erl).
using backend_describer = std::vector<std::pair<std::string, std::string>> (*)(
    const std::vector<std::string>& backends, unsigned schedulers);

const std::vector<workload_info>& all_workloads();
const std::vector<std::string>& all_backends();  // those available here
const std::vector<unavailable_backend>& unavailable_backends();
std::vector<std::pair<std::string, std::string>> describe_backends(
    const std::vector<std::string>& backends, unsigned schedulers);

}  // namespace ab
