#include "svg_chart.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "units.hpp"

namespace ab {

namespace {

// Geometry, in CSS pixels. Text widths are estimated (no font metrics in
// C++): about 0.55 em per character of a sans-serif font.
constexpr double chart_width = 760;
constexpr double title_height = 34;
constexpr double font_size = 12;
constexpr double char_width = 6.6;  // at font_size
constexpr double line_plot_height = 260;
constexpr double line_left = 72;
constexpr double line_right = 24;
constexpr double x_axis_height = 50;  // tick labels and the axis title
constexpr double legend_row = 18;
constexpr double legend_swatch = 18;
constexpr double point_radius = 3.5;
constexpr double bar_height = 16;
constexpr double bar_gap = 6;
constexpr double bar_label_max = 300;
constexpr double bar_value_room = 96;  // room for the value at a bar's end
constexpr std::size_t palette_size = 8;

constexpr const char* grid_color = "#e3e3e3";
constexpr const char* axis_color = "#555";
constexpr const char* text_color = "#222";
constexpr const char* band_color = "#fbeee0";

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

double text_width(std::string_view s) {
  return static_cast<double>(display_width(s)) * char_width;
}

std::string text(double x, double y, std::string_view s, std::string_view anchor = "start",
                 std::string_view extra = "") {
  // Appended piece by piece: GCC 12 warns (-Wrestrict, a false positive) on
  // "literal" + std::string chains here.
  std::string out = "<text x=\"";
  out.append(num(x)).append("\" y=\"").append(num(y)).append("\" text-anchor=\"");
  out.append(anchor).append("\"");
  if (!extra.empty()) out.append(" ").append(extra);
  out.append(">").append(xml_escape(s)).append("</text>\n");
  return out;
}

std::string line(double x1, double y1, double x2, double y2, std::string_view stroke) {
  return "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" +
         num(y2) + "\" stroke=\"" + std::string(stroke) + "\"/>\n";
}

std::string svg_open(double width, double height, std::string_view title) {
  return "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(width) +
         "\" height=\"" + num(height) + "\" viewBox=\"0 0 " + num(width) + " " + num(height) +
         "\" role=\"img\" aria-label=\"" + xml_escape(title) + "\" font-family=\"sans-serif\" " +
         "font-size=\"" + num(font_size) + "\" fill=\"" + text_color + "\">\n" +
         text(0, 18, title, "start", "font-size=\"14\" font-weight=\"bold\" class=\"chart-title\"");
}

std::string default_format(double v) {
  return format_si(v);
}

// "10.0 k" -> "10 k", "2.50 ms" -> "2.5 ms": ticks are round numbers, so
// trailing zeros say nothing there.
std::string trim_zeros(std::string s) {
  const std::size_t dot = s.find('.');
  if (dot == std::string::npos) return s;
  std::size_t end = dot + 1;
  while (end < s.size() && std::isdigit(static_cast<unsigned char>(s[end]))) ++end;
  std::size_t keep = end;
  while (keep > dot + 1 && s[keep - 1] == '0') --keep;
  if (keep == dot + 1) keep = dot;
  return s.erase(keep, end - keep);
}

std::string label_of(const axis_spec& a, double v) {
  return trim_zeros(a.format ? a.format(v) : default_format(v));
}

// The domain of an axis over values [lo, hi], and its ticks.
struct axis_layout {
  double d0 = 0, d1 = 1;
  std::vector<std::pair<double, std::string>> ticks;
};

axis_layout lay_out(const axis_spec& a, double lo, double hi) {
  axis_layout out;
  if (!(lo <= hi)) lo = hi = a.kind == scale_kind::log ? 1 : 0;
  if (a.domain) {
    out.d0 = a.domain->first;
    out.d1 = a.domain->second;
  } else if (a.kind == scale_kind::log) {
    lo = std::max(lo, 1e-300);
    hi = std::max(hi, lo);
    out.d0 = std::pow(10.0, std::floor(std::log10(lo)));
    out.d1 = std::pow(10.0, std::ceil(std::log10(hi)));
    if (out.d1 <= out.d0) out.d1 = out.d0 * 10;
  } else {
    if (a.from_zero) lo = std::min(lo, 0.0);
    if (hi == lo) hi = lo + (lo == 0 ? 1 : std::fabs(lo));
    const auto t = linear_ticks(lo, hi);
    out.d0 = std::min(lo, t.front());
    out.d1 = std::max(hi, t.back());
  }
  if (!a.ticks.empty()) {
    out.ticks = a.ticks;
    if (!a.domain) {
      for (const auto& [v, _] : a.ticks) {
        out.d0 = std::min(out.d0, v);
        out.d1 = std::max(out.d1, v);
      }
    }
    return out;
  }
  const auto values =
      a.kind == scale_kind::log ? log_ticks(out.d0, out.d1) : linear_ticks(out.d0, out.d1);
  for (double v : values) out.ticks.emplace_back(v, label_of(a, v));
  return out;
}

}  // namespace

bool spans_decades(double lo, double hi) noexcept {
  return lo > 0 && hi >= lo * log_scale_min_ratio;
}

double scale::operator()(double v) const noexcept {
  double t;
  if (kind == scale_kind::log) {
    const double lv = std::log10(std::max(v, d0 > 0 ? d0 : 1e-300));
    const double l0 = std::log10(d0), l1 = std::log10(d1);
    t = l1 == l0 ? 0.5 : (lv - l0) / (l1 - l0);
  } else {
    t = d1 == d0 ? 0.5 : (v - d0) / (d1 - d0);
  }
  return r0 + t * (r1 - r0);
}

std::vector<double> linear_ticks(double lo, double hi, int target) {
  if (!(hi > lo)) return {lo};
  const double raw = (hi - lo) / std::max(1, target);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * magnitude;
    if (step >= raw) break;
  }
  std::vector<double> ticks;
  const double first = std::floor(lo / step) * step;
  for (double v = first; v <= hi + step * 0.5 && ticks.size() < 100; v += step) {
    ticks.push_back(std::fabs(v) < step * 1e-9 ? 0.0 : v);
    if (v >= hi) break;
  }
  return ticks;
}

std::vector<double> log_ticks(double lo, double hi) {
  std::vector<double> ticks;
  if (!(lo > 0) || !(hi >= lo)) return ticks;
  const int e0 = static_cast<int>(std::floor(std::log10(lo) + 1e-9));
  const int e1 = static_cast<int>(std::ceil(std::log10(hi) - 1e-9));
  const bool fine = e1 - e0 < 3;
  for (int e = e0; e <= e1; ++e) {
    const double p = std::pow(10.0, e);
    for (double m : fine ? std::vector<double>{1, 2, 5} : std::vector<double>{1}) {
      const double v = m * p;
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) ticks.push_back(v);
    }
  }
  return ticks;
}

std::string_view palette_color(std::size_t i) noexcept {
  static constexpr std::string_view colors[palette_size] = {
      "#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#000000", "#999999"};
  return colors[i % palette_size];
}

std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

std::string render_svg(const line_chart& c) {
  double x_lo = HUGE_VAL, x_hi = -HUGE_VAL, y_lo = HUGE_VAL, y_hi = -HUGE_VAL;
  for (const auto& s : c.series) {
    for (const auto& p : s.points) {
      x_lo = std::min(x_lo, p.x);
      x_hi = std::max(x_hi, p.x);
      y_lo = std::min(y_lo, p.y);
      y_hi = std::max(y_hi, p.y);
    }
  }
  const axis_layout xa = lay_out(c.x, x_lo, x_hi);
  const axis_layout ya = lay_out(c.y, y_lo, y_hi);

  // The legend flows in rows under the plot.
  const double legend_width = chart_width - line_left - line_right;
  std::vector<std::pair<double, double>> legend_at;  // (x, row) of each series
  double lx = 0, rows = c.series.empty() ? 0 : 1;
  for (const auto& s : c.series) {
    const double w = legend_swatch + 6 + text_width(s.name) + 18;
    if (lx > 0 && lx + w > legend_width) {
      lx = 0;
      ++rows;
    }
    legend_at.emplace_back(lx, rows - 1);
    lx += w;
  }
  const double top = title_height;
  const double bottom = top + line_plot_height;
  const double legend_top = bottom + x_axis_height;
  const double height = legend_top + rows * legend_row + 6;
  const double left = line_left, right = chart_width - line_right;
  const scale sx{xa.d0, xa.d1, left, right, c.x.kind};
  const scale sy{ya.d0, ya.d1, bottom, top, c.y.kind};

  std::string svg = svg_open(chart_width, height, c.title);
  if (c.band) {
    const double b0 = std::clamp(sx(c.band->first), left, right);
    const double b1 = std::clamp(sx(c.band->second), left, right);
    if (b1 > b0) {
      svg += "<rect class=\"band\" x=\"" + num(b0) + "\" y=\"" + num(top) + "\" width=\"" +
             num(b1 - b0) + "\" height=\"" + num(bottom - top) + "\" fill=\"" + band_color +
             "\"/>\n";
      // Under the tick labels at the band's end, clear of the data and of the
      // axis title in the middle.
      svg += text(b1, bottom + 38, c.band_label, "end",
                  "font-size=\"11\" font-style=\"italic\" fill=\"#8a5a2b\"");
    }
  }
  for (const auto& [v, label] : ya.ticks) {
    const double y = sy(v);
    svg += line(left, y, right, y, grid_color);
    svg += text(left - 6, y + 4, label, "end");
  }
  for (const auto& [v, label] : xa.ticks) {
    const double x = sx(v);
    svg += line(x, top, x, bottom, grid_color);
    svg += text(x, bottom + 16, label, "middle");
  }
  svg += line(left, bottom, right, bottom, axis_color);
  svg += line(left, top, left, bottom, axis_color);
  svg += text((left + right) / 2, bottom + 38, c.x.title, "middle", "class=\"axis-title\"");
  svg += "<text transform=\"translate(14 " + num((top + bottom) / 2) +
         ") rotate(-90)\" text-anchor=\"middle\" class=\"axis-title\">" + xml_escape(c.y.title) +
         "</text>\n";

  for (std::size_t i = 0; i < c.series.size(); ++i) {
    const chart_series& s = c.series[i];
    const std::size_t color_index = s.color >= 0 ? static_cast<std::size_t>(s.color) : i;
    const std::string color(palette_color(color_index));
    const bool dashed = color_index >= palette_size;
    if (s.points.size() > 1) {
      std::string d;
      for (const auto& p : s.points)
        d += (d.empty() ? "M" : " L") + num(sx(p.x)) + " " + num(sy(p.y));
      svg += "<path class=\"mark\" d=\"" + d + "\" fill=\"none\" stroke=\"" + color +
             "\" stroke-width=\"2\"" + (dashed ? " stroke-dasharray=\"6 3\"" : "") + "><title>" +
             xml_escape(s.name) + "</title></path>\n";
    }
    for (const auto& p : s.points) {
      svg += "<circle class=\"mark\" cx=\"" + num(sx(p.x)) + "\" cy=\"" + num(sy(p.y)) + "\" r=\"" +
             num(point_radius) + "\" fill=\"" + (p.hollow ? std::string("#fff") : color) +
             "\" stroke=\"" + color + "\" stroke-width=\"1.5\"><title>" +
             xml_escape(p.tip.empty() ? s.name : p.tip) + "</title></circle>\n";
    }
    const auto [ox, row] = legend_at[i];
    const double y = legend_top + row * legend_row + 12;
    const double x = left + ox;
    svg += "<line x1=\"" + num(x) + "\" y1=\"" + num(y - 4) + "\" x2=\"" + num(x + legend_swatch) +
           "\" y2=\"" + num(y - 4) + "\" stroke=\"" + color + "\" stroke-width=\"3\"" +
           (dashed ? " stroke-dasharray=\"6 3\"" : "") + "/>\n";
    svg += text(x + legend_swatch + 6, y, s.name, "start", "class=\"legend\"");
  }
  svg += "</svg>\n";
  return svg;
}

std::string render_svg(const bar_chart& c) {
  double lo = HUGE_VAL, hi = -HUGE_VAL, label_w = 0;
  for (const auto& b : c.bars) {
    lo = std::min(lo, b.value);
    hi = std::max(hi, b.value);
    if (b.range) {
      lo = std::min(lo, b.range->first);
      hi = std::max(hi, b.range->second);
    }
    label_w = std::max(label_w, text_width(b.label));
  }
  const axis_layout va = lay_out(c.axis, lo, hi);
  const double left = std::min(bar_label_max, label_w + 12);
  const double right = chart_width - bar_value_room;
  const double top = title_height;
  const double bottom = top + static_cast<double>(c.bars.size()) * (bar_height + bar_gap) + bar_gap;
  const double height = bottom + x_axis_height - 8;
  const scale sv{va.d0, va.d1, left, right, c.axis.kind};

  std::string svg = svg_open(chart_width, height, c.title);
  for (const auto& [v, label] : va.ticks) {
    const double x = sv(v);
    svg += line(x, top, x, bottom, grid_color);
    svg += text(x, bottom + 16, label, "middle");
  }
  svg += line(left, bottom, right, bottom, axis_color);
  svg += line(left, top, left, bottom, axis_color);
  svg += text((left + right) / 2, bottom + 36, c.axis.title, "middle", "class=\"axis-title\"");
  for (std::size_t i = 0; i < c.bars.size(); ++i) {
    const bar& b = c.bars[i];
    const double y = top + bar_gap + static_cast<double>(i) * (bar_height + bar_gap);
    const double x1 = std::max(sv(b.value), left + 1);  // a sliver for tiny values
    const std::string color(palette_color(static_cast<std::size_t>(b.color)));
    svg += text(left - 6, y + bar_height - 4, b.label, "end", "class=\"bar-label\"");
    svg += "<rect class=\"mark\" x=\"" + num(left) + "\" y=\"" + num(y) + "\" width=\"" +
           num(x1 - left) + "\" height=\"" + num(bar_height) + "\" fill=\"" + color + "\"><title>" +
           xml_escape(b.tip.empty() ? b.label : b.tip) + "</title></rect>\n";
    double end = x1;
    if (b.range && b.range->second > b.range->first) {
      const double r0 = sv(b.range->first), r1 = sv(b.range->second);
      const double mid = y + bar_height / 2;
      svg += line(r0, mid, r1, mid, axis_color);
      svg += line(r0, mid - 4, r0, mid + 4, axis_color);
      svg += line(r1, mid - 4, r1, mid + 4, axis_color);
      end = std::max(end, r1);
    }
    if (!b.value_text.empty()) svg += text(end + 5, y + bar_height - 4, b.value_text, "start");
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace ab
