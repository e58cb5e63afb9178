#include "gate.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <ostream>
#include <tuple>

#include "mann_whitney.hpp"
#include "text_table.hpp"
#include "units.hpp"

namespace ab {

namespace {

using benchmark_key = std::tuple<std::string, std::string, std::string, unsigned>;

benchmark_key key_of(const result_cell& c) {
  return {c.workload, c.backend, c.strategy, c.schedulers};
}

std::string name_of(const result_cell& c) {
  return c.workload + "/" + c.backend + (c.strategy.empty() ? "" : "/" + c.strategy) + "/s" +
         std::to_string(c.schedulers);
}

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string p_text(double p) {
  if (p < 0.001) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1e", p);
    return buf;
  }
  return fixed(p, 3);
}

bool selected(const gate_settings& s, const std::string& workload) {
  return s.workloads.empty() ||
         std::find(s.workloads.begin(), s.workloads.end(), workload) != s.workloads.end();
}

}  // namespace

std::string to_string(gate_verdict v) {
  switch (v) {
    case gate_verdict::unchanged:
      return "unchanged";
    case gate_verdict::regression:
      return "REGRESSION";
    case gate_verdict::improvement:
      return "improvement";
    case gate_verdict::missing:
      return "MISSING";
    case gate_verdict::failed:
      return "FAILED";
  }
  return "?";
}

double median_of(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

std::size_t gate_evaluation::count(gate_verdict v) const {
  return static_cast<std::size_t>(
      std::count_if(rows.begin(), rows.end(), [v](const gate_row& r) { return r.verdict == v; }));
}

gate_evaluation evaluate_gate(const results_file& baseline, const results_file& current,
                              const gate_settings& settings) {
  gate_evaluation e;
  e.metric = settings.metric;
  const bool cpu = settings.metric == gate_metric::cpu;
  auto samples_of = [cpu](const result_cell& c) -> const std::vector<double>& {
    return cpu ? c.cpu_repetitions : c.repetitions;
  };
  if (baseline.fingerprint != current.fingerprint) {
    e.warnings.push_back("the machines differ: baseline " + baseline.slug + " (fingerprint " +
                         baseline.fingerprint + "), current " + current.slug + " (fingerprint " +
                         current.fingerprint + ")" +
                         (settings.normalise ? "; normalising by the calibration"
                                             : "; --normalise would scale by the calibration"));
  }
  if (!baseline.calibration.empty() && !current.calibration.empty()) {
    e.calibration_ratio = median_of(current.calibration) / median_of(baseline.calibration);
  }
  if (settings.normalise) {
    if (baseline.calibration.empty() || current.calibration.empty()) {
      e.errors.push_back(std::string("--normalise: ") +
                         (baseline.calibration.empty() ? baseline.path : current.path) +
                         " has no calibration (write it with actorbench gate --json)");
    } else {
      e.calibration_factor = 1 / *e.calibration_ratio;
    }
  }

  std::map<benchmark_key, const result_cell*> now;
  for (const auto& c : current.cells) now.emplace(key_of(c), &c);
  for (const auto& base : baseline.cells) {
    if (!selected(settings, base.workload)) continue;
    if (base.outcome == cell_outcome::unsupported) continue;
    gate_row row;
    row.name = name_of(base);
    row.workload = base.workload;
    row.backend = base.backend;
    row.strategy = base.strategy;
    row.schedulers = base.schedulers;
    row.threshold_pct = settings.threshold_pct.value_or(settings.thresholds.for_benchmark(
        base.workload, base.backend, base.schedulers, settings.paired));
    row.baseline_n = samples_of(base).size();
    row.baseline_median = median_of(samples_of(base));
    if (row.baseline_n < static_cast<std::size_t>(min_gate_repetitions)) {
      e.errors.push_back(baseline.path + ": " + row.name + " has " +
                         std::to_string(row.baseline_n) +
                         " successful repetition(s)" + (cpu ? " with a cpu_time" : "") +
                         "; the gate needs at least " + std::to_string(min_gate_repetitions));
    }
    const auto found = now.find(key_of(base));
    if (found == now.end()) {
      row.verdict = gate_verdict::missing;
      row.note = "not in " + current.path;
      e.errors.push_back(current.path + ": has no " + row.name + " (the baseline has it)");
      e.rows.push_back(std::move(row));
      continue;
    }
    const result_cell& cur = *found->second;
    if (cur.params != base.params) {
      e.warnings.push_back(row.name + ": parameters differ: baseline " + base.params +
                           "; current " + cur.params);
    }
    std::vector<double> samples = samples_of(cur);
    for (double& v : samples) v *= e.calibration_factor;
    row.current_n = samples.size();
    row.current_median = median_of(samples);
    if (!cur.measured() || cur.outcome == cell_outcome::partial) {
      row.verdict = gate_verdict::failed;
      row.note = cur.message.empty() ? "a repetition failed" : cur.message;
      e.rows.push_back(std::move(row));
      continue;
    }
    if (row.current_n < static_cast<std::size_t>(min_gate_repetitions)) {
      e.errors.push_back(current.path + ": " + row.name + " has " + std::to_string(row.current_n) +
                         " successful repetition(s)" + (cpu ? " with a cpu_time" : "") +
                         "; the gate needs at least " + std::to_string(min_gate_repetitions));
    }
    row.ratio = row.baseline_median > 0 ? row.current_median / row.baseline_median : 0;
    row.p = mann_whitney(samples, samples_of(base)).p;
    const double change_pct = (row.ratio - 1) * 100;
    if (row.p < settings.alpha && -change_pct > row.threshold_pct) {
      row.verdict = gate_verdict::regression;
    } else if (row.p < settings.alpha && change_pct > row.threshold_pct) {
      row.verdict = gate_verdict::improvement;
    }
    e.rows.push_back(std::move(row));
  }
  if (e.rows.empty()) {
    e.errors.push_back(baseline.path + ": no benchmark to gate" +
                       (settings.workloads.empty() ? "" : " among the selected workloads"));
  }
  return e;
}

void print_gate_table(std::ostream& os, const gate_evaluation& e) {
  os << "  medians of items per " << (e.metric == gate_metric::cpu ? "CPU" : "wall-clock")
     << " second; p: Mann-Whitney U, two-sided\n";
  text_table t{{{"benchmark", text_align::left},
                {"baseline/s"},
                {"current/s"},
                {"ratio"},
                {"p"},
                {"threshold"},
                {"verdict", text_align::left}}};
  for (const auto& r : e.rows) {
    if (r.verdict == gate_verdict::missing || r.verdict == gate_verdict::failed) {
      t.add_row({r.name, format_si(r.baseline_median), "-", "-", "-",
                 fixed(r.threshold_pct, 1) + "%", to_string(r.verdict) + ": " + r.note});
      continue;
    }
    t.add_row({r.name, format_si(r.baseline_median), format_si(r.current_median),
               fixed(r.ratio, 3), p_text(r.p), fixed(r.threshold_pct, 1) + "%",
               to_string(r.verdict)});
  }
  t.print(os);
  if (e.calibration_ratio) {
    os << "  calibration: current/baseline " << fixed(*e.calibration_ratio, 3)
       << (e.calibration_factor != 1 ? " (current figures normalised by it)" : "") << "\n";
  }
  for (const auto& w : e.warnings) os << "  WARNING: " << w << "\n";
}

}  // namespace ab
