// The figures of one workload on one backend over its repetitions: what the
// table prints and what the JSON's aggregate entries carry.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/histogram.hpp"
#include "suite.hpp"

namespace ab {

// Order statistics and moments of a sample, as Google Benchmark computes its
// aggregates: median of the sorted sample (mean of the middle two when even),
// sample standard deviation (n - 1; 0 for one value), cv = stddev / mean.
struct sample_stats {
  std::size_t n = 0;
  double median = 0, mean = 0, stddev = 0, cv = 0, min = 0, max = 0;
};
sample_stats describe_sample(std::vector<double> values);  // values non-empty

// One repetition's figures in Google Benchmark's terms: an "iteration" is one
// item (hop, message, spawn); real_time and cpu_time are ns per item.
struct per_item {
  std::int64_t iterations = 1;  // the items, rounded; at least 1
  double real_time_ns = 0;      // wall time of the measured part / iterations
  double cpu_time_ns = 0;       // process CPU time of the whole run() / iterations
  double items_per_second = 0;
};
per_item per_item_figures(const measured_run& m);

enum class cell_status {
  ok,           // every repetition succeeded
  partial,      // some failed, some succeeded
  failed,       // none succeeded (or the warm-up failed)
  unsupported,  // the backend lacks a feature the workload needs
};

struct cell_summary {
  backend_setup setup;
  cell_status status = cell_status::failed;
  std::size_t ok_count = 0;
  std::size_t failed_count = 0;
  std::string reason;  // the first error, or why it is unsupported
  std::string items_unit;
  std::optional<sample_stats> items_per_second;  // over the successful repetitions
  std::optional<sample_stats> real_time_ns;
  std::optional<sample_stats> cpu_time_ns;
  std::optional<histogram> latency_ns;         // merged over the successful repetitions
  std::optional<double> bytes_per_process;     // median over the repetitions that measured it
  std::optional<std::int64_t> peak_rss_bytes;  // the largest
  std::optional<double> ratio_to_rt;           // median items/s over rt's median items/s
  // Per round: items/s over rt's items/s in the same repetition, over the
  // repetitions where both succeeded. Interleaving puts the two runs of a
  // round seconds apart, so this range shows whether the order held in every
  // round, which the medians alone do not on a machine whose speed drifts.
  // Not for rt itself.
  std::optional<sample_stats> paired_ratio_to_rt;
  std::map<std::string, double> extra;         // median of each workload-specific figure
};

// One summary per cell, in the same order; ratio_to_rt and paired_ratio_to_rt
// are filled when the workload ran successfully on exactly one rt setup (a
// run, not a sweep).
std::vector<cell_summary> summarize(const workload_results& w);

}  // namespace ab
