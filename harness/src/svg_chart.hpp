// Charts as inline SVG, for the HTML report: a horizontal bar chart and a
// line chart, drawn with no script and no external resource, so that the
// report is one self-contained file.
//
// Every chart is an <svg class="chart"> whose data marks — bars, lines,
// points — carry class "mark" and a <title> (the browser's tooltip); the
// report's render check (html_report.hpp) measures those.
//
// Axes are linear, or logarithmic where the caller asks: for values that span
// decades (spans_decades) and for HdrHistogram's percentile axis, where x is
// 1 / (1 - percentile) and the caller supplies the ticks (90%, 99%, ...).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ab {

// Values whose largest is at least this many times the smallest get a log
// axis: two decades, past which the small ones vanish on a linear axis.
inline constexpr double log_scale_min_ratio = 100.0;

bool spans_decades(double lo, double hi) noexcept;

enum class scale_kind { linear, log };

// Maps a domain [d0, d1] onto pixels [r0, r1], linearly or by log10.
struct scale {
  double d0 = 0, d1 = 1, r0 = 0, r1 = 1;
  scale_kind kind = scale_kind::linear;
  double operator()(double v) const noexcept;
};

// Round-numbered ticks (1, 2 or 5 times a power of ten apart), about `target`
// of them, covering [lo, hi].
std::vector<double> linear_ticks(double lo, double hi, int target = 5);
// Powers of ten within [lo, hi]; with 1, 2 and 5 times them when the range is
// under three decades.
std::vector<double> log_ticks(double lo, double hi);

struct axis_spec {
  std::string title;
  scale_kind kind = scale_kind::linear;
  // Where to put ticks and what to write; empty: chosen from the data
  // (linear_ticks / log_ticks) and written by `format`.
  std::vector<std::pair<double, std::string>> ticks;
  std::function<std::string(double)> format;  // default: three significant digits
  bool from_zero = true;                      // linear: the axis starts at 0
  // The axis's extent; empty: from the data, widened to round values (whole
  // decades on a log axis).
  std::optional<std::pair<double, double>> domain;
};

struct chart_point {
  double x = 0, y = 0;
  std::string tip;      // tooltip
  bool hollow = false;  // drawn as a ring (e.g. an oversubscribed setting)
};

struct chart_series {
  std::string name;
  std::vector<chart_point> points;  // drawn in this order
  int color = -1;  // index into the palette (dashed past its end); -1: the series' position
};

struct line_chart {
  std::string title;
  axis_spec x, y;
  std::vector<chart_series> series;
  // A shaded band over x in [from, to] with a label (e.g. oversubscribed).
  std::optional<std::pair<double, double>> band;
  std::string band_label;
};

struct bar {
  std::string label;
  double value = 0;
  std::optional<std::pair<double, double>> range;  // a whisker, e.g. min - max
  int color = 0;                                   // index into the palette
  std::string tip;
  std::string value_text;  // written at the bar's end
};

struct bar_chart {
  std::string title;
  axis_spec axis;  // the value axis (horizontal)
  std::vector<bar> bars;
};

// Colour i of the palette (Okabe-Ito, colour-blind safe), cycling.
std::string_view palette_color(std::size_t i) noexcept;

std::string render_svg(const line_chart& c);
std::string render_svg(const bar_chart& c);

// Text made safe for XML and HTML text and attributes.
std::string xml_escape(std::string_view s);

}  // namespace ab
