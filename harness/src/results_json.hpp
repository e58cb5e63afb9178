// A result file: Google Benchmark's JSON format ("context" plus "benchmarks"),
// so that its tools/compare.py reads it, with actorbench's fields added.
//
// For each workload on each backend, like Google Benchmark with
// --benchmark_repetitions: one entry per repetition (run_type "iteration";
// compare.py's U test needs them), then the aggregates mean, median, stddev
// and cv (run_type "aggregate") over the successful repetitions. An
// "iteration" is one item (hop, message, spawn): real_time and cpu_time are
// nanoseconds per item. A backend that does not support the workload gets one
// entry with "unsupported": true; a failed run an entry with "error". The
// schema, field by field: results/README.md.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "plan.hpp"
#include "suite.hpp"
#include "summary.hpp"

namespace ab {

// (workload, the plan's file_key of the setup) -> the .hgrm file written for
// it, as given to the user.
using hgrm_paths = std::map<std::pair<std::string, std::string>, std::string>;

// "ring/backend:rt/hops:1000000/n:1000": the workload, the backend, then every
// parameter in name order, as Google Benchmark names its argument variants.
// A sweep's names also carry what varies, so that each is unique in its file:
// "ring/backend:rt/strategy:static/hops:1000000/n:1000/threads:4".
std::string benchmark_name(const planned_workload& w, const backend_setup& s, bool sweep);

// {"count", "min", "mean", "p50", "p90", "p99", "p999", "max"}, in ns.
nlohmann::ordered_json latency_json(const histogram& h);

// The latency curve the median aggregates carry for the report's percentile
// plots: percentiles evenly spaced on HdrHistogram's log axis of
// 1 / (1 - percentile), this many per decade (0%, 43.8%, 68.4%, 82.2%, 90%,
// ...), out to 99.99%.
inline constexpr int latency_curve_points_per_decade = 4;
inline constexpr int latency_curve_decades = 4;  // 90%, 99%, 99.9%, 99.99%
std::vector<double> latency_curve_percentiles();
// [[percentile, ns], ...] at latency_curve_percentiles().
nlohmann::ordered_json latency_curve_json(const histogram& h);

nlohmann::ordered_json benchmark_entries(const suite_plan& plan, const suite_results& results,
                                         const hgrm_paths& hgrm_files);

// {"context": context, "benchmarks": benchmark_entries(...)}; adds the suite's
// wall time to context.suite.
nlohmann::ordered_json results_document(nlohmann::ordered_json context, const suite_plan& plan,
                                        const suite_results& results, const hgrm_paths& hgrm_files);

}  // namespace ab
