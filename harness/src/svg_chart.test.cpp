#include "svg_chart.hpp"

#include <gtest/gtest.h>

namespace {

std::size_t count(const std::string& s, const std::string& part) {
  std::size_t n = 0;
  for (std::size_t at = s.find(part); at != std::string::npos; at = s.find(part, at + 1)) ++n;
  return n;
}

TEST(svg_chart, values_spanning_two_decades_get_a_log_axis) {
  EXPECT_FALSE(ab::spans_decades(1, 99));
  EXPECT_TRUE(ab::spans_decades(1, 100));
  EXPECT_TRUE(ab::spans_decades(5e3, 2e7));
  EXPECT_FALSE(ab::spans_decades(0, 1e9));  // nothing to take a log of
}

TEST(svg_chart, linear_ticks_are_round_numbers_covering_the_range) {
  EXPECT_EQ(ab::linear_ticks(0, 9.3), (std::vector<double>{0, 2, 4, 6, 8, 10}));
  EXPECT_EQ(ab::linear_ticks(0, 1e6), (std::vector<double>{0, 2e5, 4e5, 6e5, 8e5, 1e6}));
  const auto small = ab::linear_ticks(0, 0.5, 5);
  ASSERT_EQ(small.size(), 6u);
  EXPECT_NEAR(small[3], 0.3, 1e-12);
  EXPECT_EQ(ab::linear_ticks(3, 3), (std::vector<double>{3}));
}

TEST(svg_chart, log_ticks_are_decades_with_1_2_5_steps_over_short_ranges) {
  EXPECT_EQ(ab::log_ticks(1e3, 1e8), (std::vector<double>{1e3, 1e4, 1e5, 1e6, 1e7, 1e8}));
  EXPECT_EQ(ab::log_ticks(100, 1000), (std::vector<double>{100, 200, 500, 1000}));
}

TEST(svg_chart, scales_map_the_domain_onto_pixels) {
  const ab::scale lin{0, 10, 100, 200, ab::scale_kind::linear};
  EXPECT_DOUBLE_EQ(lin(5), 150);
  const ab::scale log{1, 1e4, 0, 400, ab::scale_kind::log};
  EXPECT_DOUBLE_EQ(log(100), 200);
  EXPECT_DOUBLE_EQ(log(0), 0);  // clamped to the domain's start, not -inf
}

TEST(svg_chart, a_bar_chart_draws_one_mark_per_bar_with_a_tooltip_and_escapes_text) {
  ab::bar_chart c;
  c.title = "ring <throughput>";
  c.axis.title = "hops per second";
  c.bars = {{"rt & co", 1e7, std::make_pair(9e6, 1.1e7), 0, "", "10 M"},
            {"os_threads", 1e5, std::nullopt, 1, "slow", "100 k"}};
  const std::string svg = ab::render_svg(c);
  EXPECT_EQ(svg.rfind("<svg class=\"chart\"", 0), 0u);
  EXPECT_EQ(count(svg, "class=\"mark\""), 2u);
  EXPECT_NE(svg.find("ring &lt;throughput&gt;"), std::string::npos);
  EXPECT_NE(svg.find("rt &amp; co"), std::string::npos);
  EXPECT_NE(svg.find("<title>slow</title>"), std::string::npos);
  EXPECT_EQ(svg.find("<throughput>"), std::string::npos);
}

TEST(svg_chart, a_line_chart_draws_a_line_per_series_and_a_point_per_value) {
  ab::line_chart c;
  c.title = "scaling";
  c.x.kind = ab::scale_kind::log;
  c.x.domain = std::make_pair(0.8, 5.0);
  c.x.ticks = {{1, "1"}, {2, "2"}, {4, "4"}};
  c.y.kind = ab::scale_kind::log;
  const auto point = [](double x, double y, bool hollow = false) {
    ab::chart_point p;
    p.x = x;
    p.y = y;
    p.hollow = hollow;
    return p;
  };
  c.series.push_back({"work_stealing", {point(1, 1e6), point(2, 2e6), point(4, 1e6, true)}});
  c.series.push_back({"static", {point(1, 1e4)}});
  c.band = std::make_pair(2.0, 5.0);
  c.band_label = "oversubscribed";
  const std::string svg = ab::render_svg(c);
  EXPECT_EQ(count(svg, "<path class=\"mark\""), 1u);  // a single point needs no line
  EXPECT_EQ(count(svg, "<circle class=\"mark\""), 4u);
  EXPECT_EQ(count(svg, "fill=\"#fff\""), 1u);  // the hollow point
  EXPECT_NE(svg.find("class=\"band\""), std::string::npos);
  EXPECT_NE(svg.find(">oversubscribed</text>"), std::string::npos);
  EXPECT_NE(svg.find(">1 M</text>"), std::string::npos);  // a tick, trailing zeros trimmed
  EXPECT_NE(svg.find(">work_stealing</text>"), std::string::npos);  // the legend
}

TEST(svg_chart, the_palette_cycles_through_eight_colour_blind_safe_colours) {
  EXPECT_EQ(ab::palette_color(0), "#0072B2");
  EXPECT_EQ(ab::palette_color(8), ab::palette_color(0));
}

}  // namespace
