// `actorbench report`: result files (results_file.hpp) turned into one
// self-contained HTML page — inline CSS, inline SVG charts (svg_chart.hpp),
// no external resource — so that it can be mailed, archived beside its JSON
// and opened with no network.
//
// Per workload: throughput per backend setup (bars with the min - max range,
// log scale where values span decades); the latency percentile distribution
// per setup, HdrHistogram-style (x: percentile on a log axis out to 99.99%,
// one chart per scheduler count); throughput against scheduler count, one line
// per strategy (and backend, and file), oversubscribed counts shaded; and the
// table behind the charts. Then an overview (the fastest setup per workload
// and scheduler count) and each file's machine fingerprint and settings.
//
// The page carries a small inline script, the render check: on load it
// measures every chart and its marks in the browser and writes the counts
// into the page (#render-check, and data-* attributes on each chart), which
// the browser test reads back from Chromium's --dump-dom. It draws nothing;
// the report reads the same without it.
#pragma once

#include <string>
#include <vector>

#include "results_file.hpp"

namespace ab {

// Files are tagged A, B, C... in the order given when there are several.
std::string render_report(const std::vector<results_file>& files);

// The same charts, each as a standalone SVG document (for a README, a wiki
// or a slide): `name` is "<workload>-<kind>" ("ring-scaling",
// "ring-throughput", "ring-latency", then "ring-latency-2"... where a workload
// has several of a kind), without the ".svg".
struct chart_file {
  std::string name;
  std::string svg;
};
std::vector<chart_file> render_charts(const std::vector<results_file>& files);

}  // namespace ab
