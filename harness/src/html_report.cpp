#include "html_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <tuple>

#include "build_info.hpp"
#include "svg_chart.hpp"
#include "units.hpp"

namespace ab {

namespace {

// HdrHistogram's percentile axis: x = 1 / (1 - percentile), log scale, out to
// 99.99% (x = 10^4).
constexpr double percentile_axis_end = 1e4;
// A scheduler axis is logarithmic (1, 2, 4, 8 evenly spaced) once its largest
// count is this many times its smallest; the margin keeps end points off the
// frame.
constexpr double scheduler_log_axis_min_ratio = 4;
constexpr double scheduler_axis_margin = 1.3;

std::string esc(std::string_view s) {
  return xml_escape(s);
}

std::string file_tag(std::size_t i) {
  std::string tag;
  do {
    tag.insert(tag.begin(), static_cast<char>('A' + i % 26));
    i /= 26;
  } while (i-- > 0);
  return tag;
}

struct cell_ref {
  std::size_t file;
  const result_cell* cell;
};

// What tells the cells of one workload apart; a label names only what varies.
struct dimensions {
  bool file = false, backend = false, strategy = false, schedulers = false;
};

dimensions varying(const std::vector<cell_ref>& cells) {
  std::set<std::size_t> files;
  std::set<std::string> backends, strategies;
  std::set<unsigned> counts;
  for (const auto& c : cells) {
    files.insert(c.file);
    backends.insert(c.cell->backend);
    strategies.insert(c.cell->strategy);
    counts.insert(c.cell->schedulers);
  }
  return {files.size() > 1, backends.size() > 1, strategies.size() > 1, counts.size() > 1};
}

// The series a cell belongs to: everything but the scheduler count.
using series_key = std::tuple<std::size_t, std::string, std::string>;
series_key key_of(const cell_ref& c) {
  return {c.file, c.cell->backend, c.cell->strategy};
}

std::string series_name(const cell_ref& c, const dimensions& d, bool multiple_files) {
  std::string name;
  if (multiple_files) name = file_tag(c.file) + ": ";
  std::string who;
  if (d.backend || !d.strategy || c.cell->strategy.empty()) who = c.cell->backend;
  if (d.strategy && !c.cell->strategy.empty()) who += (who.empty() ? "" : " ") + c.cell->strategy;
  return name + who;
}

std::string cell_label(const cell_ref& c, const dimensions& d, bool multiple_files) {
  std::string label = series_name(c, d, multiple_files);
  if (d.schedulers) {
    label += " x" + std::to_string(c.cell->schedulers);
    if (c.cell->oversubscribed) label += "*";
  }
  return label;
}

std::string outcome_note(const result_cell& c) {
  switch (c.outcome) {
    case cell_outcome::ok:
      return {};
    case cell_outcome::partial:
      return "some repetitions failed: " + c.message;
    case cell_outcome::failed:
      return "FAILED: " + c.message;
    case cell_outcome::unsupported:
      return "unsupported" + (c.message.empty() ? "" : ": " + c.message);
  }
  return {};
}

class report_builder {
 public:
  explicit report_builder(const std::vector<results_file>& files) : files_(files) {
    for (std::size_t f = 0; f < files_.size(); ++f) {
      for (const auto& c : files_[f].cells) {
        const cell_ref ref{f, &c};
        colors_.emplace(key_of(ref), static_cast<int>(colors_.size()));
        auto it = std::find(workload_order_.begin(), workload_order_.end(), c.workload);
        if (it == workload_order_.end()) workload_order_.push_back(c.workload);
        by_workload_[c.workload].push_back(ref);
      }
    }
  }

  std::string build() {
    std::string body;
    body += header();
    body += contents();
    for (const auto& w : workload_order_) body += workload_section(w, by_workload_[w]);
    body += overview();
    body += machines();
    body += render_check();
    return page(body);
  }

  // The charts drawn by build(), each as its own SVG document.
  const std::vector<chart_file>& charts() const { return chart_files_; }

 private:
  bool multiple_files() const { return files_.size() > 1; }

  std::string next_chart_id(const std::string& kind) {
    return "chart-" + std::to_string(++charts_) + "\" data-kind=\"" + kind;
  }

  // Keeps a standalone copy of a chart, named after its workload and kind.
  void keep_chart(const std::string& svg, const std::string& kind) {
    const std::string base = current_workload_ + "-" + kind;
    const int n = ++charts_named_[base];
    chart_files_.push_back({n == 1 ? base : base + "-" + std::to_string(n),
                            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg + "\n"});
  }

  // Puts an id and kind on the chart's <svg> element (and keeps a copy
  // without them, which only the page needs).
  std::string with_id(std::string svg, const std::string& kind) {
    keep_chart(svg, kind);
    const std::string open = "<svg class=\"chart\"";
    if (svg.rfind(open, 0) == 0) {
      svg.insert(open.size(), " id=\"" + next_chart_id(kind) + "\"");
    }
    return "<figure>" + svg + "</figure>\n";
  }

  std::string header() const {
    std::string h = "<h1>actorbench report</h1>\n<p class=\"files\">";
    for (std::size_t f = 0; f < files_.size(); ++f) {
      const auto& file = files_[f];
      h += (f ? "<br>" : "") + std::string(multiple_files() ? "<b>" + file_tag(f) + "</b>: " : "") +
           "<code>" + esc(file.path) + "</code> — " + esc(file.command) + " on " + esc(file.slug) +
           " (" + esc(file.context_text("host_name")) + "), " + esc(file.context_text("date"));
    }
    h += "</p>\n";
    for (const auto& file : files_) {
      const std::string warning = file.context_text("warning");
      if (!warning.empty()) {
        h += "<p class=\"warning\">" + esc(file.path) + ": " + esc(warning) + "</p>\n";
      }
    }
    return h;
  }

  std::string contents() const {
    std::string h = "<nav><b>Workloads:</b> ";
    for (const auto& w : workload_order_) h += "<a href=\"#w-" + esc(w) + "\">" + esc(w) + "</a> ";
    h += "· <a href=\"#overview\">overview</a> · <a href=\"#machines\">machines</a></nav>\n";
    return h;
  }

  std::string workload_section(const std::string& w, const std::vector<cell_ref>& cells) {
    current_workload_ = w;
    const dimensions d = varying(cells);
    std::string h = "<section id=\"w-" + esc(w) + "\">\n<h2>" + esc(w) + "</h2>\n";
    h += parameters(cells);
    std::vector<cell_ref> measured;
    for (const auto& c : cells) {
      if (c.cell->measured()) measured.push_back(c);
    }
    if (measured.empty()) {
      h += "<p class=\"note\">No successful runs: nothing to chart.</p>\n";
    } else {
      h += throughput_chart(w, measured, d);
      h += scaling_chart(w, measured);
      h += latency_charts(w, measured, d);
    }
    h += table(cells);
    h += "</section>\n";
    return h;
  }

  std::string parameters(const std::vector<cell_ref>& cells) const {
    std::map<std::size_t, std::set<std::string>> per_file;
    for (const auto& c : cells) per_file[c.file].insert(c.cell->params);
    std::set<std::string> all;
    for (const auto& [f, ps] : per_file) all.insert(ps.begin(), ps.end());
    std::string h = "<p class=\"params\">";
    if (all.size() == 1) {
      h += "parameters: " + esc(all.begin()->empty() ? "none" : *all.begin());
    } else {
      for (const auto& [f, ps] : per_file) {
        for (const auto& p : ps) {
          h += (multiple_files() ? file_tag(f) + " " : "") + "parameters: " + esc(p) + "<br>";
        }
      }
    }
    return h + "</p>\n";
  }

  std::string throughput_chart(const std::string& w, const std::vector<cell_ref>& cells,
                               const dimensions& d) {
    bar_chart c;
    const std::string unit = cells.front().cell->items_unit;
    double lo = HUGE_VAL, hi = 0;
    for (const auto& r : cells) {
      lo = std::min(lo, r.cell->median);
      hi = std::max(hi, r.cell->median);
    }
    const bool log = spans_decades(lo, hi);
    c.title = w + ": throughput (median " + unit + "/s" + (log ? ", log scale" : "") +
              "; whiskers: min – max)";
    c.axis.title = unit + " per second";
    c.axis.kind = log ? scale_kind::log : scale_kind::linear;
    c.axis.format = [](double v) { return format_si(v); };
    for (const auto& r : cells) {
      bar b;
      b.label = cell_label(r, d, multiple_files());
      b.value = r.cell->median;
      if (r.cell->max > r.cell->min) b.range = std::make_pair(r.cell->min, r.cell->max);
      b.color = colors_.at(key_of(r));
      b.value_text = format_si(r.cell->median);
      b.tip = b.label + ": " + format_rate(r.cell->median, unit) + " (min " +
              format_si(r.cell->min) + ", max " + format_si(r.cell->max) + ")" +
              (r.cell->oversubscribed ? ", oversubscribed" : "");
      c.bars.push_back(std::move(b));
    }
    return with_id(render_svg(c), "throughput");
  }

  std::string scaling_chart(const std::string& w, const std::vector<cell_ref>& cells) {
    std::set<unsigned> counts;
    std::set<int> cpus;
    for (const auto& r : cells) {
      counts.insert(r.cell->schedulers);
      cpus.insert(files_[r.file].hardware.cpus_allowed);
    }
    if (counts.size() < 2) return {};
    // One series per file, backend and strategy, in colour order.
    std::map<series_key, std::vector<cell_ref>> series;
    for (const auto& r : cells) series[key_of(r)].push_back(r);
    const dimensions d = varying(cells);
    line_chart c;
    double lo = HUGE_VAL, hi = 0;
    for (const auto& r : cells) {
      lo = std::min(lo, r.cell->median);
      hi = std::max(hi, r.cell->median);
    }
    const bool log_y = spans_decades(lo, hi);
    const std::string unit = cells.front().cell->items_unit;
    c.title = w + ": scaling (median " + unit + "/s by scheduler count" +
              (log_y ? ", log scale" : "") + ")";
    c.y.title = unit + " per second";
    c.y.kind = log_y ? scale_kind::log : scale_kind::linear;
    c.y.format = [](double v) { return format_si(v); };
    c.x.title = "schedulers";
    const double x0 = *counts.begin(), x1 = *counts.rbegin();
    const bool log_x = x1 >= x0 * scheduler_log_axis_min_ratio;
    c.x.kind = log_x ? scale_kind::log : scale_kind::linear;
    c.x.domain = log_x ? std::make_pair(x0 / scheduler_axis_margin, x1 * scheduler_axis_margin)
                       : std::make_pair(x0 - 0.5, x1 + 0.5);
    for (unsigned n : counts) c.x.ticks.emplace_back(n, std::to_string(n));
    if (cpus.size() == 1 && *cpus.begin() > 0 && x1 > *cpus.begin()) {
      c.band = std::make_pair(static_cast<double>(*cpus.begin()), c.x.domain->second);
      c.band_label = "oversubscribed (> " + std::to_string(*cpus.begin()) + " CPUs)";
    }
    std::vector<std::pair<int, chart_series>> ordered;
    for (auto& [key, refs] : series) {
      std::sort(refs.begin(), refs.end(), [](const cell_ref& a, const cell_ref& b) {
        return a.cell->schedulers < b.cell->schedulers;
      });
      chart_series s;
      s.name = series_name(refs.front(), d, multiple_files());
      s.color = colors_.at(key);
      for (const auto& r : refs) {
        s.points.push_back({static_cast<double>(r.cell->schedulers), r.cell->median,
                            s.name + " x" + std::to_string(r.cell->schedulers) + ": " +
                                format_rate(r.cell->median, unit) +
                                (r.cell->oversubscribed ? " (oversubscribed)" : ""),
                            r.cell->oversubscribed});
      }
      ordered.emplace_back(s.color, std::move(s));
    }
    std::sort(ordered.begin(), ordered.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [_, s] : ordered) c.series.push_back(std::move(s));
    return with_id(render_svg(c), "scaling");
  }

  std::string latency_charts(const std::string& w, const std::vector<cell_ref>& cells,
                             const dimensions& d) {
    std::map<unsigned, std::vector<cell_ref>> by_count;
    for (const auto& r : cells) {
      if (r.cell->latency && !r.cell->latency->curve.empty())
        by_count[r.cell->schedulers].push_back(r);
    }
    std::string h;
    for (const auto& [count, refs] : by_count) {
      line_chart c;
      double lo = HUGE_VAL, hi = 0;
      for (const auto& r : refs) {
        for (const auto& [p, ns] : r.cell->latency->curve) {
          if (ns > 0) lo = std::min(lo, ns);
          hi = std::max(hi, ns);
        }
      }
      const bool log_y = spans_decades(lo, hi);
      c.title = w + ": latency by percentile" +
                (by_count.size() > 1 || d.schedulers
                     ? ", " + std::to_string(count) + (count == 1 ? " scheduler" : " schedulers")
                     : std::string()) +
                (log_y ? " (log scale)" : "");
      c.x.title = "percentile";
      c.x.kind = scale_kind::log;
      c.x.domain = std::make_pair(1.0, percentile_axis_end);
      c.x.ticks = {{1, "0%"}, {10, "90%"}, {100, "99%"}, {1000, "99.9%"}, {1e4, "99.99%"}};
      c.y.title = "latency";
      c.y.kind = log_y ? scale_kind::log : scale_kind::linear;
      c.y.format = [](double v) { return format_ns(v); };
      for (const auto& r : refs) {
        chart_series s;
        s.name = series_name(r, d, multiple_files());
        s.color = colors_.at(key_of(r));
        for (const auto& [p, ns] : r.cell->latency->curve) {
          const double x = 1.0 / (1.0 - p / 100.0);
          if (x > percentile_axis_end * 1.0001) continue;
          s.points.push_back({x, ns, s.name + ": p" + three_digits(p) + " = " + format_ns(ns)});
        }
        c.series.push_back(std::move(s));
      }
      h += with_id(render_svg(c), "latency");
    }
    return h;
  }

  std::string table(const std::vector<cell_ref>& cells) const {
    const bool latency = std::any_of(cells.begin(), cells.end(),
                                     [](const cell_ref& r) { return r.cell->latency.has_value(); });
    std::string h = "<table>\n<thead><tr>";
    if (multiple_files()) h += "<th>file</th>";
    h += "<th>backend</th><th>strategy</th><th>schedulers</th><th>throughput (median)</th>"
         "<th>min – max</th><th>cv</th>";
    if (latency) h += "<th>p50</th><th>p99</th><th>p99.9</th><th>max</th>";
    h += "<th>note</th></tr></thead>\n<tbody>\n";
    for (const auto& r : cells) {
      const result_cell& c = *r.cell;
      h += "<tr>";
      if (multiple_files()) h += "<td>" + file_tag(r.file) + "</td>";
      h += "<td>" + esc(c.backend) + "</td><td>" + esc(c.strategy.empty() ? "-" : c.strategy) +
           "</td><td class=\"num\">" + std::to_string(c.schedulers) +
           (c.oversubscribed ? "*" : "") + "</td>";
      if (c.measured()) {
        h += "<td class=\"num\">" + esc(format_rate(c.median, c.items_unit)) +
             "</td><td class=\"num\">" + esc(format_si(c.min) + " – " + format_si(c.max)) +
             "</td><td class=\"num\">" +
             (c.cv ? esc(three_digits(*c.cv * 100) + "%") : std::string("-")) + "</td>";
      } else {
        h += "<td>-</td><td>-</td><td>-</td>";
      }
      if (latency) {
        if (c.latency) {
          for (double v : {c.latency->p50, c.latency->p99, c.latency->p999, c.latency->max})
            h += "<td class=\"num\">" + esc(format_ns(v)) + "</td>";
        } else {
          h += "<td>-</td><td>-</td><td>-</td><td>-</td>";
        }
      }
      std::string note = outcome_note(c);
      if (c.oversubscribed) note = "oversubscribed" + (note.empty() ? "" : "; " + note);
      h += "<td>" + esc(note) + "</td></tr>\n";
    }
    h += "</tbody></table>\n";
    if (std::any_of(cells.begin(), cells.end(),
                    [](const cell_ref& r) { return r.cell->oversubscribed; })) {
      h += "<p class=\"note\">* more schedulers than the CPUs the run could use "
           "(oversubscribed).</p>\n";
    }
    return h;
  }

  // Per file: the fastest setup per workload and scheduler count, and its
  // margin over the runner-up.
  std::string overview() const {
    std::string h = "<section id=\"overview\">\n<h2>Overview: the fastest per workload</h2>\n";
    bool any = false;
    for (std::size_t f = 0; f < files_.size(); ++f) {
      const results_file& file = files_[f];
      std::set<unsigned> counts;
      for (const auto& c : file.cells) {
        if (c.measured()) counts.insert(c.schedulers);
      }
      if (counts.empty()) continue;
      std::string rows;
      for (const auto& w : file.workloads()) {
        std::string row = "<tr><td>" + esc(w) + "</td>";
        bool contested = false;
        for (unsigned n : counts) {
          std::vector<const result_cell*> at;
          for (const auto& c : file.cells) {
            if (c.workload == w && c.schedulers == n && c.measured()) at.push_back(&c);
          }
          std::sort(at.begin(), at.end(), [](const result_cell* a, const result_cell* b) {
            return a->median > b->median;
          });
          if (at.empty()) {
            row += "<td>-</td>";
            continue;
          }
          const result_cell& best = *at.front();
          std::string who =
              best.backend == "rt" && !best.strategy.empty() && file.command == "sweep"
                  ? best.strategy
                  : best.backend + (best.strategy.empty() ? "" : " " + best.strategy);
          std::string margin;
          if (at.size() > 1 && at[1]->median > 0) {
            contested = true;
            margin = " (" + three_digits(best.median / at[1]->median) + "x)";
          }
          row += "<td>" + esc(who) + esc(margin) + "<br><span class=\"small\">" +
                 esc(format_rate(best.median, best.items_unit)) + "</span></td>";
        }
        if (contested) rows += row + "</tr>\n";
      }
      if (rows.empty()) continue;
      any = true;
      h += "<h3>" + std::string(multiple_files() ? file_tag(f) + ": " : "") + esc(file.path) +
           "</h3>\n<table>\n<thead><tr><th>workload</th>";
      for (unsigned n : counts) {
        h +=
            "<th>" + std::to_string(n) + (n == 1 ? " scheduler" : " schedulers") +
            (file.hardware.cpus_allowed > 0 && n > static_cast<unsigned>(file.hardware.cpus_allowed)
                 ? "*"
                 : "") +
            "</th>";
      }
      h += "</tr></thead>\n<tbody>\n" + rows + "</tbody></table>\n";
    }
    if (!any) h += "<p class=\"note\">Only one setup per workload: nothing to rank.</p>\n";
    h += "<p class=\"note\">The fastest by median throughput, and in brackets how many times "
         "faster it is than the runner-up. * oversubscribed.</p>\n</section>\n";
    return h;
  }

  std::string machines() const {
    static const std::pair<const char*, const char*> fields[] = {
        {"machine_slug", "machine"},
        {"cpu_model", "CPU"},
        {"num_cpus", "logical CPUs"},
        {"num_cores", "physical cores"},
        {"cpus_allowed", "CPUs allowed"},
        {"mhz_per_cpu", "MHz"},
        {"cpu_scaling_enabled", "frequency scaling"},
        {"memory_bytes", "memory"},
        {"kernel", "kernel"},
        {"os", "OS"},
        {"host_name", "host"},
        {"date", "date"},
        {"compiler", "compiler"},
        {"build_type", "build type"},
        {"library_build_type", "timings from a build for"},
        {"cxx_flags", "C++ flags"},
        {"sanitizer", "sanitizer"},
        {"git_commit", "git commit"},
        {"git_dirty", "uncommitted changes"},
        {"actorbench_version", "actorbench"},
    };
    std::string h =
        "<section id=\"machines\">\n<h2>Machines and settings</h2>\n<table>\n"
        "<thead><tr><th></th>";
    for (std::size_t f = 0; f < files_.size(); ++f) {
      h += "<th>" + (multiple_files() ? file_tag(f) + ": " : std::string()) + esc(files_[f].path) +
           "</th>";
    }
    h += "</tr></thead>\n<tbody>\n";
    // A row per field; none for a field no file has.
    auto row = [&](const std::string& title, auto&& value_of) {
      std::string r = "<tr><th>" + esc(title) + "</th>";
      bool any = false;
      for (const auto& file : files_) {
        const std::string v = value_of(file);
        any = any || !v.empty();
        r += "<td>" + esc(v) + "</td>";
      }
      return any ? r + "</tr>\n" : std::string();
    };
    h += row("fingerprint", [](const results_file& f) { return f.fingerprint; });
    for (const auto& [key, title] : fields) {
      const std::string k = key;
      h += row(title, [&](const results_file& f) {
        const std::string v = f.context_text(k);
        if (k == "memory_bytes" && !v.empty()) return format_bytes(std::atof(v.c_str()));
        return v;
      });
    }
    h += row("caches", [](const results_file& f) { return f.hardware.caches; });
    auto suite_field = [](const results_file& f, const char* key) {
      const auto& c = f.context;
      if (!c.contains("suite") || !c["suite"].is_object() || !c["suite"].contains(key))
        return std::string();
      const auto& v = c["suite"][key];
      if (v.is_string()) return v.get<std::string>();
      if (v.is_array()) {
        std::string out;
        for (const auto& item : v)
          out += (out.empty() ? "" : ", ") +
                 (item.is_string() ? item.get<std::string>() : item.dump());
        return out;
      }
      return v.dump();
    };
    for (const char* key :
         {"command", "size", "repetitions", "warmups", "strategy", "strategies", "schedulers",
          "scheduler_counts", "pin_threads", "idle", "backends", "wall_seconds"}) {
      h += row(std::string("suite: ") + key,
               [&](const results_file& f) { return suite_field(f, key); });
    }
    h += row("runtime", [](const results_file& f) {
      const auto& c = f.context;
      if (!c.contains("runtime") || !c["runtime"].is_object() ||
          !c["runtime"].contains("describe") || !c["runtime"]["describe"].is_string()) {
        return std::string();
      }
      return c["runtime"]["describe"].get<std::string>() +
             (f.command == "sweep" ? " (the first setting; schedulers and strategy vary)" : "");
    });
    h += "</tbody></table>\n</section>\n";
    return h;
  }

  std::string render_check() const {
    return R"(<footer>
<p class="small">Written by actorbench )" +
           esc(this_build().version) + R"(. Charts are inline SVG; this page needs no network.</p>
<details><summary class="small">render check</summary><pre id="render-check">not run (scripts off)</pre></details>
</footer>
<script>
// The render check: measures every chart and its marks as laid out, and
// writes the counts into the page for the browser test (it draws nothing).
(function () {
  function size(el) {
    var r = el.getBoundingClientRect();
    return {w: r.width, h: r.height};
  }
  function check() {
    var charts = document.querySelectorAll('svg.chart');
    var drawn = 0, lines = [];
    for (var i = 0; i < charts.length; i++) {
      var svg = charts[i], s = size(svg);
      var marks = svg.querySelectorAll('.mark'), shown = 0;
      for (var j = 0; j < marks.length; j++) {
        var m = size(marks[j]);
        if (m.w > 0 || m.h > 0) shown++;
      }
      var texts = svg.querySelectorAll('text'), written = 0;
      for (var k = 0; k < texts.length; k++) {
        var t = size(texts[k]);
        if (t.w > 0 && t.h > 0) written++;
      }
      svg.setAttribute('data-width', Math.round(s.w));
      svg.setAttribute('data-height', Math.round(s.h));
      svg.setAttribute('data-marks', marks.length);
      svg.setAttribute('data-drawn-marks', shown);
      svg.setAttribute('data-texts', texts.length);
      svg.setAttribute('data-drawn-texts', written);
      var ok = s.w > 0 && s.h > 0 && shown > 0 && written > 0;
      if (ok) drawn++;
      lines.push(svg.id + ' ' + svg.getAttribute('data-kind') + ' ' + Math.round(s.w) + 'x' +
                 Math.round(s.h) + ' marks=' + shown + '/' + marks.length + ' texts=' + written +
                 '/' + texts.length + (ok ? '' : ' NOT DRAWN'));
    }
    document.getElementById('render-check').textContent =
        'charts=' + charts.length + ' drawn=' + drawn + '\n' + lines.join('\n');
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', check);
  } else {
    check();
  }
})();
</script>
)";
  }

  static std::string page(const std::string& body) {
    return R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>actorbench report</title>
<style>
body { font-family: sans-serif; margin: 1.5em auto; max-width: 1150px; padding: 0 1em; color: #222; }
h1 { font-size: 1.6em; } h2 { border-bottom: 1px solid #ccc; padding-bottom: .2em; margin-top: 2em; }
nav a { margin-right: .5em; }
figure { margin: 1em 0; }
table { border-collapse: collapse; margin: .8em 0; font-size: .9em; }
th, td { border: 1px solid #ddd; padding: .25em .6em; text-align: left; vertical-align: top; }
thead th { background: #f4f4f4; }
tbody th { background: #fafafa; font-weight: normal; color: #555; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.note, .small, .params { color: #555; font-size: .9em; }
.warning { background: #fdd; border: 2px solid #c00; padding: .5em; font-weight: bold; }
code { font-size: .95em; }
</style>
</head>
<body>
)" + body + "</body>\n</html>\n";
  }

  const std::vector<results_file>& files_;
  std::map<series_key, int> colors_;
  std::vector<std::string> workload_order_;
  std::map<std::string, std::vector<cell_ref>> by_workload_;
  int charts_ = 0;
  std::string current_workload_;
  std::map<std::string, int> charts_named_;
  std::vector<chart_file> chart_files_;
};

}  // namespace

std::string render_report(const std::vector<results_file>& files) {
  return report_builder{files}.build();
}

std::vector<chart_file> render_charts(const std::vector<results_file>& files) {
  report_builder b{files};
  b.build();
  return b.charts();
}

}  // namespace ab
