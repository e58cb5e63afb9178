// The gate's thresholds: the smallest change of a benchmark's median
// throughput, in percent, that counts as a regression (or an improvement),
// per benchmark with a default. A change the U test finds significant but
// smaller than this is reported as unchanged: on a shared machine a few
// percent of drift is common and not worth failing a build for.
//
// The file (ci/gate_thresholds.txt) is text, one entry a line:
//
//   # comment
//   default      5
//   ring         8        a workload, on any backend and scheduler count
//   ring/rt/s2   10       a workload on one backend at one scheduler count
//
//   paired:default  5     the paired mode's (gate_paired_run.hpp), which
//   paired:ring     4     compares builds measured in the same rounds
//
// The most specific entry wins: workload/backend/sN, then workload/backend,
// then workload, then default; in the paired mode the paired: entries, in
// the same order, come before all of those. A bad line is an error naming
// the file and the line.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>

namespace ab {

inline constexpr double default_gate_threshold_pct = 5;
// The U test's significance level (--alpha), and the fewest repetitions a
// benchmark needs on each side: with 9 against 9 the smallest two-sided p is
// 2 / C(18, 9) = 4e-5, so a clear change is resolved even at a small alpha.
inline constexpr double default_gate_alpha = 0.05;
inline constexpr int min_gate_repetitions = 9;

// What the gate compares (--metric): items per second of wall-clock time, as
// the tables of `run` show, or of the process's CPU time. On a machine shared
// with other work, wall-clock time also measures the neighbours (a run that
// waits for the core takes longer); CPU time counts only the time this
// process ran, which suits rt on one scheduler. It still includes the cache
// misses a neighbour causes, and spinning, so it is no substitute for wall
// time on several schedulers.
enum class gate_metric { wall, cpu };

struct gate_thresholds {
  static constexpr const char* paired_prefix = "paired:";

  double fallback = default_gate_threshold_pct;  // the file's "default"
  std::map<std::string, double> entries;         // key -> percent, "paired:" keys too

  // The threshold for workload on backend at `schedulers`; `paired`: in the
  // paired mode.
  double for_benchmark(const std::string& workload, const std::string& backend, unsigned schedulers,
                       bool paired = false) const;
};

// Parses the file's text; the error is one line starting with `path`.
std::variant<gate_thresholds, std::string> parse_gate_thresholds(const std::string& text,
                                                                 const std::string& path);
std::variant<gate_thresholds, std::string> load_gate_thresholds(const std::string& path);

// A percentage given on the command line or in the file: a finite number in
// [0, 1000); nullopt otherwise.
std::optional<double> parse_threshold_pct(const std::string& text);

}  // namespace ab
