#include "html_report.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "result_fixtures.hpp"

namespace {

using ab::testing::fake_run_document;
using ab::testing::fake_sweep_document;
using ab::testing::reread;

std::size_t count(const std::string& s, const std::string& part) {
  std::size_t n = 0;
  for (std::size_t at = s.find(part); at != std::string::npos; at = s.find(part, at + 1)) ++n;
  return n;
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST(html_report, a_sweep_gets_throughput_scaling_and_latency_charts_per_workload) {
  const std::string html =
      ab::render_report({reread(fake_sweep_document({"counter", "latency"}, {1, 2, 4}, 2))});
  // counter: throughput, scaling; latency: throughput, scaling, one latency
  // chart per scheduler count.
  EXPECT_EQ(count(html, "<svg class=\"chart\""), 2u + 2u + 3u);
  EXPECT_EQ(count(html, "data-kind=\"throughput\""), 2u);
  EXPECT_EQ(count(html, "data-kind=\"scaling\""), 2u);
  EXPECT_EQ(count(html, "data-kind=\"latency\""), 3u);
  EXPECT_TRUE(contains(html, "<section id=\"w-counter\">"));
  EXPECT_TRUE(contains(html, "oversubscribed (&gt; 2 CPUs)"));  // the scaling chart's band
  EXPECT_TRUE(contains(html, ">99.99%</text>"));                // the percentile axis
  EXPECT_TRUE(contains(html, "<td>global_queue</td>"));         // the table behind
  EXPECT_TRUE(contains(html, "<section id=\"overview\">"));
  EXPECT_TRUE(contains(html, "work_stealing (1.20x)"));  // fastest, 1.2x the runner-up (balancing)
}

TEST(html_report, each_chart_is_also_a_standalone_svg_named_by_workload_and_kind) {
  const std::vector<ab::results_file> files = {
      reread(fake_sweep_document({"counter", "latency"}, {1, 2, 4}, 2))};
  const auto charts = ab::render_charts(files);
  std::vector<std::string> names;
  for (const auto& c : charts) names.push_back(c.name);
  EXPECT_EQ(names, (std::vector<std::string>{"counter-throughput", "counter-scaling",
                                             "latency-throughput", "latency-scaling",
                                             "latency-latency", "latency-latency-2",
                                             "latency-latency-3"}));
  for (const auto& c : charts) {
    EXPECT_EQ(c.svg.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg ", 0), 0u) << c.name;
    EXPECT_TRUE(contains(c.svg, "xmlns=\"http://www.w3.org/2000/svg\"")) << c.name;
    EXPECT_EQ(count(c.svg, "<svg"), 1u) << c.name;
    EXPECT_EQ(count(c.svg, "</svg>"), 1u) << c.name;
    EXPECT_FALSE(contains(c.svg, "id=\"chart-")) << c.name;  // the page's ids stay in the page
  }
  // The standalone copies draw the same marks as the page.
  const std::string html = ab::render_report(files);
  std::size_t marks = 0;
  for (const auto& c : charts) marks += count(c.svg, "class=\"mark\"");
  EXPECT_EQ(marks, count(html, "class=\"mark\""));
}

TEST(html_report, a_run_gets_a_bar_per_backend_and_no_scaling_chart) {
  const std::string html = ab::render_report({reread(fake_run_document({"counter", "picky"}))});
  EXPECT_EQ(count(html, "data-kind=\"throughput\""), 2u);
  EXPECT_EQ(count(html, "data-kind=\"scaling\""), 0u);
  EXPECT_TRUE(contains(html, "FAILED: warm-up failed: verification failed"));
  EXPECT_TRUE(contains(html, "unsupported: needs selective receive"));
}

TEST(html_report, the_page_is_self_contained) {
  const std::string html = ab::render_report(
      {reread(fake_run_document({"latency"})), reread(fake_sweep_document({"latency"}, {1, 2}))});
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  // The only URL is SVG's namespace name, which is never fetched.
  std::string rest = html;
  for (std::size_t at; (at = rest.find("http://www.w3.org/2000/svg")) != std::string::npos;)
    rest.erase(at, 26);
  EXPECT_FALSE(contains(rest, "http:")) << "a URL";
  EXPECT_FALSE(contains(rest, "https:"));
  EXPECT_FALSE(contains(rest, "src="));
  EXPECT_FALSE(contains(rest, "<link"));
  EXPECT_FALSE(contains(rest, "@import"));
  EXPECT_FALSE(std::regex_search(rest, std::regex("href=\"[^#]")));  // in-page links only
}

TEST(html_report, several_files_are_tagged_and_their_machines_listed) {
  auto b = fake_sweep_document({"counter"}, {1, 2});
  b["context"]["cpu_model"] = "AMD EPYC 7763 64-Core Processor";
  const std::string html = ab::render_report(
      {reread(fake_sweep_document({"counter"}, {1, 2}), "a.json"), reread(b, "b.json")});
  EXPECT_TRUE(contains(html, "<b>A</b>: <code>a.json</code>"));
  EXPECT_TRUE(contains(html, "<b>B</b>: <code>b.json</code>"));
  EXPECT_TRUE(contains(html, "A: work_stealing"));  // series names carry the file's tag
  EXPECT_TRUE(contains(html, "<td>AMD EPYC 7763 64-Core Processor</td>"));
  EXPECT_TRUE(contains(html, "<tr><th>fingerprint</th>"));
}

TEST(html_report, text_from_the_files_is_escaped) {
  auto doc = fake_run_document({"counter"});
  doc["context"]["host_name"] = "<script>alert(1)</script>";
  const std::string html = ab::render_report({reread(doc, "r&d.json")});
  EXPECT_FALSE(contains(html, "<script>alert"));
  EXPECT_TRUE(contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_TRUE(contains(html, "r&amp;d.json"));
}

TEST(html_report, the_render_check_is_there_for_the_browser_test) {
  const std::string html = ab::render_report({reread(fake_run_document({"counter"}))});
  EXPECT_TRUE(contains(html, "<pre id=\"render-check\">not run"));
  EXPECT_EQ(count(html, "<script>"), 1u);
  EXPECT_TRUE(contains(html, "svg.chart"));
}

TEST(html_report, a_file_with_nothing_measured_still_makes_a_page) {
  const std::string html = ab::render_report({reread(fake_run_document({"picky"}))});
  // picky: rt succeeds, the rest fail; drop rt and nothing is left to chart.
  auto doc = fake_run_document({"picky"});
  nlohmann::ordered_json kept = nlohmann::ordered_json::array();
  for (const auto& e : doc["benchmarks"]) {
    if (e["backend"] != "rt") kept.push_back(e);
  }
  doc["benchmarks"] = kept;
  const std::string empty = ab::render_report({reread(doc)});
  EXPECT_EQ(count(empty, "<svg class=\"chart\""), 0u);
  EXPECT_TRUE(contains(empty, "No successful runs"));
  EXPECT_TRUE(contains(html, "data-kind=\"throughput\""));
}

}  // namespace
