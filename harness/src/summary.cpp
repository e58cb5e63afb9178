#include "summary.hpp"

#include <algorithm>
#include <cmath>

namespace ab {

sample_stats describe_sample(std::vector<double> values) {
  sample_stats s;
  s.n = values.size();
  if (values.empty()) return s;
  std::sort(values.begin(), values.end());
  const std::size_t mid = s.n / 2;
  s.median = s.n % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  s.min = values.front();
  s.max = values.back();
  double sum = 0;
  for (double v : values) sum += v;
  s.mean = sum / static_cast<double>(s.n);
  if (s.n > 1) {
    double sq = 0;
    for (double v : values) sq += (v - s.mean) * (v - s.mean);
    s.stddev = std::sqrt(sq / static_cast<double>(s.n - 1));
  }
  s.cv = s.mean != 0 ? s.stddev / s.mean : 0;
  return s;
}

per_item per_item_figures(const measured_run& m) {
  per_item f;
  const run_result& r = m.result;
  f.iterations = std::max<std::int64_t>(1, std::llround(r.items));
  const auto n = static_cast<double>(f.iterations);
  f.real_time_ns = r.seconds * 1e9 / n;
  f.cpu_time_ns = m.cpu_seconds * 1e9 / n;
  f.items_per_second = r.seconds > 0 ? r.items / r.seconds : 0;
  return f;
}

namespace {

cell_summary summarize_cell(const cell_results& cell) {
  cell_summary s;
  s.setup = cell.setup;
  if (cell.skipped_by) {
    const run_result& r = cell.skipped_by->result;
    s.status = r.unsupported ? cell_status::unsupported : cell_status::failed;
    s.reason = r.error;
    s.failed_count = r.unsupported ? 0 : 1;
    return s;
  }
  std::vector<double> ips, real, cpu, bytes;
  std::map<std::string, std::vector<double>> extra;
  for (const auto& m : cell.repetitions) {
    const run_result& r = m.result;
    if (!r.ok) {
      ++s.failed_count;
      if (s.reason.empty()) s.reason = r.error;
      continue;
    }
    ++s.ok_count;
    if (s.items_unit.empty()) s.items_unit = r.items_unit;
    const per_item f = per_item_figures(m);
    ips.push_back(f.items_per_second);
    real.push_back(f.real_time_ns);
    cpu.push_back(f.cpu_time_ns);
    if (r.latency_ns) {
      if (!s.latency_ns)
        s.latency_ns.emplace(r.latency_ns->highest(), r.latency_ns->significant_digits());
      s.latency_ns->merge(*r.latency_ns);
    }
    if (r.bytes_per_process) bytes.push_back(*r.bytes_per_process);
    if (r.peak_rss_bytes)
      s.peak_rss_bytes = std::max(s.peak_rss_bytes.value_or(0), *r.peak_rss_bytes);
    for (const auto& [k, v] : r.extra) extra[k].push_back(v);
  }
  if (s.items_unit.empty()) s.items_unit = "items";
  if (s.ok_count == 0) {
    s.status = cell_status::failed;
    return s;
  }
  s.status = s.failed_count == 0 ? cell_status::ok : cell_status::partial;
  s.items_per_second = describe_sample(ips);
  s.real_time_ns = describe_sample(real);
  s.cpu_time_ns = describe_sample(cpu);
  if (!bytes.empty()) s.bytes_per_process = describe_sample(bytes).median;
  for (auto& [k, v] : extra) s.extra[k] = describe_sample(v).median;
  return s;
}

// items/s of `cell` over those of `rt` in each repetition where both succeeded.
std::vector<double> paired_ratios(const cell_results& cell, const cell_results& rt) {
  std::vector<double> ratios;
  const std::size_t n = std::min(cell.repetitions.size(), rt.repetitions.size());
  for (std::size_t i = 0; i < n; ++i) {
    const measured_run& a = cell.repetitions[i];
    const measured_run& b = rt.repetitions[i];
    if (!a.result.ok || !b.result.ok) continue;
    const double reference = per_item_figures(b).items_per_second;
    if (reference > 0) ratios.push_back(per_item_figures(a).items_per_second / reference);
  }
  return ratios;
}

}  // namespace

std::vector<cell_summary> summarize(const workload_results& w) {
  std::vector<cell_summary> out;
  out.reserve(w.cells.size());
  for (const auto& cell : w.cells) out.push_back(summarize_cell(cell));
  const auto is_rt = [](const cell_summary& s) { return s.setup.backend == reference_backend; };
  if (std::count_if(out.begin(), out.end(), is_rt) != 1) return out;
  const auto rt = std::find_if(out.begin(), out.end(), is_rt);
  if (rt->items_per_second && rt->items_per_second->median > 0) {
    const double reference = rt->items_per_second->median;
    for (auto& s : out) {
      if (s.items_per_second) s.ratio_to_rt = s.items_per_second->median / reference;
    }
  }
  const auto rt_index = static_cast<std::size_t>(rt - out.begin());
  for (std::size_t c = 0; c < out.size(); ++c) {
    if (c == rt_index || !out[c].items_per_second) continue;  // rt against itself says nothing
    const auto ratios = paired_ratios(w.cells[c], w.cells[rt_index]);
    if (!ratios.empty()) out[c].paired_ratio_to_rt = describe_sample(ratios);
  }
  return out;
}

}  // namespace ab
