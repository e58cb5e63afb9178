// A result file of `run` or `sweep` read back, for `report` and `compare`:
// its context, the machine it ran on, and for each workload on each backend
// setup the figures of its median aggregate, or why it has none.
//
// Reading checks what report and compare rely on and nothing more, and says
// what is wrong in one line naming the file and the entry: "r.json:
// benchmarks[3] (ring/backend:rt/...): 'workload' is missing or not a
// string". Fields added by later versions of the same schema are ignored;
// a newer schema_version is refused.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "machine_fingerprint.hpp"

namespace ab {

struct latency_figures {  // ns, over all successful repetitions merged
  double p50 = 0, p90 = 0, p99 = 0, p999 = 0, max = 0;
  // (percentile, ns): the file's latency_percentiles_ns, or for files without
  // it the points p50 .. p99.9 (max has no place on a percentile axis).
  std::vector<std::pair<double, double>> curve;
};

enum class cell_outcome {
  ok,           // every repetition succeeded
  partial,      // some failed
  failed,       // none succeeded, or the warm-up failed
  unsupported,  // the backend lacks what the workload needs
};

// One workload on one backend setup (one run_name).
struct result_cell {
  std::string run_name;
  std::string workload;
  std::string backend;
  std::string strategy;  // rt's; empty for the other backends
  unsigned schedulers = 0;
  bool oversubscribed = false;
  std::string params;  // "hops=300000, processes=1000", in name order
  cell_outcome outcome = cell_outcome::failed;
  std::string message;  // the first error, or why it is unsupported
  std::string items_unit = "items";
  // From the median aggregate; meaningful when outcome is ok or partial.
  double median = 0, min = 0, max = 0;  // items per second
  std::optional<double> cv;             // of items per second, over the repetitions
  std::optional<latency_figures> latency;
  // items per second of each successful repetition, in file order (the
  // samples the gate's U test compares).
  std::vector<double> repetitions;
  // items per second of CPU time (the whole process's, over the whole run) of
  // each successful repetition with a cpu_time: 1e9 / cpu_time.
  std::vector<double> cpu_repetitions;

  bool measured() const noexcept {
    return outcome == cell_outcome::ok || outcome == cell_outcome::partial;
  }
};

struct results_file {
  std::string path;  // as given
  nlohmann::json context;
  std::string command = "run";  // context.suite.command: "run" or "sweep"
  hardware_facts hardware;
  std::string fingerprint;         // of hardware
  std::string slug;                // machine_slug
  std::vector<result_cell> cells;  // in file order
  // context.calibration's samples (calibration.hpp), steps per second; empty
  // for files written without one (run, sweep).
  std::vector<double> calibration;

  std::vector<std::string> workloads() const;  // distinct, in file order
  // Text of a context field ("" when absent), numbers and booleans written out.
  std::string context_text(const std::string& key) const;
};

// Reads and checks `path`; the error is one line starting with the path.
std::variant<results_file, std::string> load_results_file(const std::string& path);
// The same for text already read (tests); `path` only names it in errors.
std::variant<results_file, std::string> parse_results_file(const std::string& text,
                                                           const std::string& path);

}  // namespace ab
