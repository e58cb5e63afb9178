#include "results_json.hpp"

#include <cmath>

namespace ab {

namespace {

using json = nlohmann::ordered_json;

// nlohmann writes NaN and infinity as null; make that explicit and keep
// numbers finite where compare.py does arithmetic on them.
json number(double v) {
  return std::isfinite(v) ? json(v) : json(nullptr);
}

// The fields every entry of one cell starts with, in Google Benchmark's order
// up to "threads".
json entry_head(const std::string& name, const std::string& run_name, std::size_t family,
                std::size_t instance, const char* run_type, const suite_plan& plan) {
  json e;
  e["name"] = name;
  e["family_index"] = family;
  e["per_family_instance_index"] = instance;
  e["run_name"] = run_name;
  e["run_type"] = run_type;
  e["repetitions"] = plan.repetitions;
  return e;
}

void add_identity(json& e, const planned_workload& w, const backend_setup& s,
                  const suite_plan& plan) {
  e["workload"] = w.info->name;
  e["backend"] = s.backend;
  json params = json::object();
  for (const auto& [k, v] : w.params.values) params[k] = v;
  e["params"] = params;
  e["schedulers"] = s.schedulers;
  e["oversubscribed"] = plan.oversubscribed(s);
  if (s.backend == reference_backend) {
    e["strategy"] = s.strategy;
    e["pin_threads"] = s.pin_threads;
    e["idle"] = s.idle;
  }
}

// A skipped cell (unsupported, or its warm-up failed) or a failed repetition:
// zero times, like Google Benchmark's own entries for a skipped benchmark.
void add_zero_times(json& e) {
  e["iterations"] = 0;
  e["real_time"] = 0.0;
  e["cpu_time"] = 0.0;
  e["time_unit"] = "ns";
}

void add_measurements(json& e, const run_result& r) {
  e["items"] = number(r.items);
  e["items_unit"] = r.items_unit.empty() ? "items" : r.items_unit;
  e["seconds"] = number(r.seconds);
  if (r.latency_ns && r.latency_ns->count() > 0) e["latency_ns"] = latency_json(*r.latency_ns);
  if (r.bytes_per_process) e["bytes_per_process"] = number(*r.bytes_per_process);
  if (r.peak_rss_bytes) e["peak_rss_bytes"] = *r.peak_rss_bytes;
  if (!r.extra.empty()) {
    json extra = json::object();
    for (const auto& [k, v] : r.extra) extra[k] = number(v);
    e["extra"] = extra;
  }
}

struct aggregate {
  const char* name;
  const char* unit;  // Google Benchmark's aggregate_unit
  double sample_stats::*field;
};
constexpr aggregate aggregates[] = {
    {"mean", "time", &sample_stats::mean},
    {"median", "time", &sample_stats::median},
    {"stddev", "time", &sample_stats::stddev},
    {"cv", "percentage", &sample_stats::cv},
};

}  // namespace

std::string benchmark_name(const planned_workload& w, const backend_setup& s, bool sweep) {
  std::string name = w.info->name + "/backend:" + s.backend;
  if (sweep) name += "/strategy:" + s.strategy;
  for (const auto& [k, v] : w.params.values) name += "/" + k + ":" + std::to_string(v);
  if (sweep) name += "/threads:" + std::to_string(s.schedulers);
  return name;
}

std::vector<double> latency_curve_percentiles() {
  std::vector<double> out;
  const int points = latency_curve_points_per_decade * latency_curve_decades;
  for (int k = 0; k <= points; ++k) {
    const double tail = std::pow(10.0, -static_cast<double>(k) / latency_curve_points_per_decade);
    // Rounded to 4 decimals so the file shows 90 and 99.99, not 89.99999999.
    out.push_back(std::round((100.0 - 100.0 * tail) * 1e4) / 1e4);
  }
  return out;
}

json latency_curve_json(const histogram& h) {
  json curve = json::array();
  for (double p : latency_curve_percentiles()) curve.push_back(json::array({p, h.percentile(p)}));
  return curve;
}

json latency_json(const histogram& h) {
  json l;
  l["count"] = h.count();
  l["min"] = h.min();
  l["mean"] = number(h.mean());
  l["p50"] = h.percentile(50);
  l["p90"] = h.percentile(90);
  l["p99"] = h.percentile(99);
  l["p999"] = h.percentile(99.9);
  l["max"] = h.max();
  return l;
}

json benchmark_entries(const suite_plan& plan, const suite_results& results,
                       const hgrm_paths& hgrm_files) {
  json entries = json::array();
  for (std::size_t wi = 0; wi < results.workloads.size(); ++wi) {
    const workload_results& wr = results.workloads[wi];
    const planned_workload& w = *wr.workload;
    const std::vector<cell_summary> summaries = summarize(wr);
    for (std::size_t bi = 0; bi < wr.cells.size(); ++bi) {
      const cell_results& cell = wr.cells[bi];
      const cell_summary& s = summaries[bi];
      const backend_setup& setup = cell.setup;
      const std::string name = benchmark_name(w, setup, plan.sweep);

      if (cell.skipped_by) {
        const run_result& r = cell.skipped_by->result;
        json e = entry_head(name, name, wi, bi, "iteration", plan);
        e["repetition_index"] = 0;
        e["threads"] = setup.schedulers;
        add_zero_times(e);
        // Google Benchmark: SkipWithMessage -> error_occurred false,
        // SkipWithError -> true; error_message either way.
        e["error_occurred"] = !r.unsupported;
        e["error_message"] =
            r.unsupported ? "unsupported: " + r.error : "warm-up failed: " + r.error;
        add_identity(e, w, setup, plan);
        if (r.unsupported) {
          e["unsupported"] = true;
          if (!r.error.empty()) e["unsupported_reason"] = r.error;
        } else {
          e["error"] = "warm-up failed: " + r.error;
        }
        entries.push_back(std::move(e));
        continue;
      }

      for (std::size_t rep = 0; rep < cell.repetitions.size(); ++rep) {
        const measured_run& m = cell.repetitions[rep];
        json e = entry_head(name, name, wi, bi, "iteration", plan);
        e["repetition_index"] = rep;
        e["threads"] = setup.schedulers;
        if (m.result.ok) {
          const per_item f = per_item_figures(m);
          e["iterations"] = f.iterations;
          e["real_time"] = number(f.real_time_ns);
          e["cpu_time"] = number(f.cpu_time_ns);
          e["time_unit"] = "ns";
          e["items_per_second"] = number(f.items_per_second);
          add_identity(e, w, setup, plan);
          add_measurements(e, m.result);
        } else {
          add_zero_times(e);
          e["error_occurred"] = true;
          e["error_message"] = m.result.error;
          add_identity(e, w, setup, plan);
          e["error"] = m.result.error;
        }
        entries.push_back(std::move(e));
      }

      if (!s.items_per_second) continue;  // no successful repetition: nothing to aggregate
      for (const auto& a : aggregates) {
        json e = entry_head(name + "_" + a.name, name, wi, bi, "aggregate", plan);
        e["threads"] = setup.schedulers;
        e["aggregate_name"] = a.name;
        e["aggregate_unit"] = a.unit;
        e["iterations"] = s.ok_count;
        e["real_time"] = number((*s.real_time_ns).*a.field);
        e["cpu_time"] = number((*s.cpu_time_ns).*a.field);
        e["time_unit"] = "ns";
        e["items_per_second"] = number((*s.items_per_second).*a.field);
        add_identity(e, w, setup, plan);
        e["items_unit"] = s.items_unit;
        if (s.failed_count > 0) e["failed_repetitions"] = s.failed_count;
        if (std::string(a.name) == "median") {
          // The figures of the table: throughput and ratio from the medians,
          // latency from all successful repetitions merged.
          if (s.ratio_to_rt) e["ratio_to_rt"] = number(*s.ratio_to_rt);
          if (const auto& r = s.paired_ratio_to_rt) {
            e["ratio_to_rt_per_round"] = json{{"median", number(r->median)},
                                              {"min", number(r->min)},
                                              {"max", number(r->max)},
                                              {"rounds", r->n}};
          }
          e["min_items_per_second"] = number(s.items_per_second->min);
          e["max_items_per_second"] = number(s.items_per_second->max);
          if (s.latency_ns && s.latency_ns->count() > 0) {
            e["latency_ns"] = latency_json(*s.latency_ns);
            e["latency_percentiles_ns"] = latency_curve_json(*s.latency_ns);
            if (auto it = hgrm_files.find({w.info->name, plan.file_key(setup)});
                it != hgrm_files.end()) {
              e["hgrm_file"] = it->second;
            }
          }
          if (s.bytes_per_process) e["bytes_per_process"] = number(*s.bytes_per_process);
          if (s.peak_rss_bytes) e["peak_rss_bytes"] = *s.peak_rss_bytes;
          if (!s.extra.empty()) {
            json extra = json::object();
            for (const auto& [k, v] : s.extra) extra[k] = number(v);
            e["extra"] = extra;
          }
        }
        entries.push_back(std::move(e));
      }
    }
  }
  return entries;
}

json results_document(json context, const suite_plan& plan, const suite_results& results,
                      const hgrm_paths& hgrm_files) {
  if (context.contains("suite")) context["suite"]["wall_seconds"] = results.wall_seconds;
  json doc;
  doc["context"] = std::move(context);
  doc["benchmarks"] = benchmark_entries(plan, results, hgrm_files);
  return doc;
}

}  // namespace ab
