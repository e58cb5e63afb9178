// `actorbench gate`'s verdict: each benchmark of a baseline result file
// against the same benchmark in a current one.
//
// A benchmark is a workload on a backend setup (workload, backend, strategy,
// scheduler count: as `compare` pairs them). Its samples are the items per
// second of its successful repetitions; the gate needs at least
// min_gate_repetitions on each side. For each benchmark of the baseline:
//
//   regression   the Mann–Whitney U test tells the samples apart (p < alpha)
//                and the current median is lower by more than the
//                benchmark's threshold (gate_thresholds.hpp)
//   improvement  the same, higher by more than the threshold
//   unchanged    otherwise
//
// Both conditions, because each alone fails: with enough repetitions the U
// test resolves a 1% drift of a shared machine, and a threshold alone fails
// on one noisy run.
//
// Machine drift: when the two files' hardware fingerprints differ the
// evaluation warns. With `normalise`, the current samples are scaled by
// baseline calibration / current calibration (calibration.hpp; medians of
// the samples each file recorded), so a uniformly slower machine does not
// read as a regression.
//
// Input errors (a benchmark of the baseline missing from the current file or
// failed in it, too few repetitions, --normalise without calibrations) are
// reported in `errors`: the gate cannot vouch for what it did not measure.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "gate_thresholds.hpp"
#include "results_file.hpp"

namespace ab {

enum class gate_verdict { unchanged, regression, improvement, missing, failed };

std::string to_string(gate_verdict v);

struct gate_settings {
  double alpha = default_gate_alpha;
  gate_thresholds thresholds;
  std::optional<double> threshold_pct;  // --threshold: overrides every threshold
  bool normalise = false;
  bool paired = false;  // the baseline build measured beside the current one: paired: thresholds
  gate_metric metric = gate_metric::wall;
  std::vector<std::string> workloads;  // empty: every workload of the baseline
};

struct gate_row {
  std::string name;  // "ring/rt/s1", or "ring/rt/static/s1" where a strategy is recorded
  std::string workload, backend, strategy;
  unsigned schedulers = 0;
  std::size_t baseline_n = 0, current_n = 0;
  double baseline_median = 0, current_median = 0;  // items per second; current normalised
  double ratio = 0;                                // current / baseline
  double p = 1;
  double threshold_pct = 0;
  gate_verdict verdict = gate_verdict::unchanged;
  std::string note;  // why it is missing or failed
};

struct gate_evaluation {
  gate_metric metric = gate_metric::wall;
  std::vector<gate_row> rows;           // in the baseline's order
  std::vector<std::string> warnings;    // one line each
  std::vector<std::string> errors;      // one line each: the input cannot be gated
  double calibration_factor = 1;        // what the current samples were scaled by
  std::optional<double> calibration_ratio;  // current / baseline calibration, when both have one

  std::size_t count(gate_verdict v) const;
};

gate_evaluation evaluate_gate(const results_file& baseline, const results_file& current,
                              const gate_settings& settings);

// The table: benchmark, baseline and current medians, ratio, p, threshold,
// verdict; then the warnings.
void print_gate_table(std::ostream& os, const gate_evaluation& e);

// The median of a sample (0 for an empty one).
double median_of(std::vector<double> values);

}  // namespace ab
