#include "report_table.hpp"

#include <algorithm>
#include <cstdio>
#include <ostream>
#include <string>

#include "units.hpp"

namespace ab {

namespace {

enum class align { left, right };

struct column {
  std::string title;
  align a;
};

std::string pad(const std::string& s, std::size_t width, align a) {
  const std::size_t w = display_width(s);
  if (w >= width) return s;
  const std::string fill(width - w, ' ');
  return a == align::left ? s + fill : fill + s;
}

std::string ratio_text(double r) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2fx", r);
  return buf;
}

// The range of the per-round ratios: "0.52 – 0.61x"; one round: "0.55x".
std::string range_text(const sample_stats& r) {
  if (r.n == 1) return ratio_text(r.min);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.2f – %.2fx", r.min, r.max);
  return buf;
}

// The SI prefix without the unit: "12.1 M" (for the min – max column).
std::string bare_rate(double v) {
  std::string s = format_rate(v, "");
  if (s.size() >= 2 && s.compare(s.size() - 2, 2, "/s") == 0) s.resize(s.size() - 2);
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

}  // namespace

void print_table(std::ostream& os, const planned_workload& w,
                 const std::vector<cell_summary>& cells, const suite_plan& plan) {
  std::string params;
  for (const auto& [k, v] : w.params.values) {
    params += (params.empty() ? "" : ", ") + k + "=" + std::to_string(v);
  }
  const unsigned schedulers = plan.setups.empty() ? 0 : plan.setups.front().schedulers;
  os << w.info->name << (params.empty() ? "" : " (" + params + ")") << " - size "
     << to_string(plan.size) << ", " << plan.repetitions
     << (plan.repetitions == 1 ? " repetition, " : " repetitions, ") << schedulers
     << (schedulers == 1 ? " scheduler" : " schedulers");
  if (schedulers > plan.cpus) os << " (oversubscribed: " << plan.cpus << " CPUs)";
  os << "\n";

  const bool any_latency = std::any_of(
      cells.begin(), cells.end(), [](const cell_summary& c) { return c.latency_ns.has_value(); });
  const bool any_memory = std::any_of(cells.begin(), cells.end(), [](const cell_summary& c) {
    return c.bytes_per_process || c.peak_rss_bytes;
  });

  std::vector<column> cols = {{"backend", align::left},
                              {"throughput (median)", align::right},
                              {"min – max", align::right},
                              {"vs rt", align::right},
                              {"per round", align::right}};
  if (any_latency) {
    for (const char* t : {"p50", "p99", "p99.9", "max"}) cols.push_back({t, align::right});
  }
  if (any_memory) {
    cols.push_back({"bytes/process", align::right});
    cols.push_back({"peak RSS", align::right});
  }

  // Each row: the cells of a measured backend, or the backend and one message.
  std::vector<std::vector<std::string>> rows;
  for (const auto& c : cells) {
    std::vector<std::string> row{plan.label(c.setup)};
    if (!c.items_per_second) {
      row.push_back(c.status == cell_status::unsupported
                        ? "unsupported" + (c.reason.empty() ? "" : ": " + c.reason)
                        : "FAILED: " + c.reason);
      rows.push_back(std::move(row));
      continue;
    }
    const sample_stats& ips = *c.items_per_second;
    row.push_back(format_rate(ips.median, c.items_unit));
    row.push_back(bare_rate(ips.min) + " – " + bare_rate(ips.max));
    row.push_back(c.ratio_to_rt ? ratio_text(*c.ratio_to_rt) : "-");
    row.push_back(c.paired_ratio_to_rt ? range_text(*c.paired_ratio_to_rt) : "-");
    if (any_latency) {
      if (c.latency_ns && c.latency_ns->count() > 0) {
        const histogram& h = *c.latency_ns;
        for (double p : {50.0, 99.0, 99.9})
          row.push_back(format_ns(static_cast<double>(h.percentile(p))));
        row.push_back(format_ns(static_cast<double>(h.max())));
      } else {
        row.insert(row.end(), 4, "-");
      }
    }
    if (any_memory) {
      row.push_back(c.bytes_per_process ? format_bytes(*c.bytes_per_process) : "-");
      row.push_back(c.peak_rss_bytes ? format_bytes(static_cast<double>(*c.peak_rss_bytes)) : "-");
    }
    rows.push_back(std::move(row));
  }

  std::vector<std::size_t> widths(cols.size());
  for (std::size_t i = 0; i < cols.size(); ++i) widths[i] = display_width(cols[i].title);
  for (const auto& row : rows) {
    if (row.size() != cols.size()) {
      widths[0] = std::max(widths[0], display_width(row[0]));
      continue;
    }
    for (std::size_t i = 0; i < row.size(); ++i)
      widths[i] = std::max(widths[i], display_width(row[i]));
  }
  constexpr const char* gap = "  ";
  for (std::size_t i = 0; i < cols.size(); ++i) {
    os << (i ? gap : "  ") << pad(cols[i].title, widths[i], cols[i].a);
  }
  os << "\n";
  for (const auto& row : rows) {
    if (row.size() != cols.size()) {  // backend + message
      os << "  " << pad(row[0], widths[0], align::left) << gap << row[1] << "\n";
      continue;
    }
    for (std::size_t i = 0; i < row.size(); ++i)
      os << (i ? gap : "  ") << pad(row[i], widths[i], cols[i].a);
    os << "\n";
  }
  for (const auto& c : cells) {
    if (c.status == cell_status::partial) {
      os << "  ! " << plan.label(c.setup) << ": " << c.failed_count << " of "
         << (c.failed_count + c.ok_count) << " repetitions failed; first: " << c.reason << "\n";
    }
  }
  os << "\n" << std::flush;
}

}  // namespace ab
