#include "units.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace {

TEST(units, rates_take_three_digits_and_an_si_prefix) {
  EXPECT_EQ(ab::format_rate(12'345'678, "hops"), "12.3 M hops/s");
  EXPECT_EQ(ab::format_rate(999, "spawns"), "999 spawns/s");
  EXPECT_EQ(ab::format_rate(1'500, "msgs"), "1.50 k msgs/s");
  EXPECT_EQ(ab::format_rate(999'990, "x"), "1.00 M x/s");
  EXPECT_EQ(ab::format_rate(2.5e9, "x"), "2.50 G x/s");
  EXPECT_EQ(ab::format_rate(99'999'999.9, "x"), "100 M x/s");
  EXPECT_EQ(ab::format_rate(9'999'999.9, "x"), "10.0 M x/s");
}

TEST(units, durations_pick_their_unit) {
  EXPECT_EQ(ab::format_ns(850), "850 ns");
  EXPECT_EQ(ab::format_ns(12'345), "12.3 µs");
  EXPECT_EQ(ab::format_ns(4'560'000), "4.56 ms");
  EXPECT_EQ(ab::format_ns(1.234e9), "1.23 s");
  EXPECT_EQ(ab::format_seconds(0.4123), "0.412 s");
  EXPECT_EQ(ab::format_seconds(125), "2 min 5 s");
}

TEST(units, bytes_use_binary_prefixes) {
  EXPECT_EQ(ab::format_bytes(512), "512 B");
  EXPECT_EQ(ab::format_bytes(1536), "1.50 KiB");
  EXPECT_EQ(ab::format_bytes(64.0 * 1024 * 1024), "64.0 MiB");
}

TEST(units, display_width_counts_code_points_not_bytes) {
  EXPECT_EQ(ab::display_width("12.3 µs"), 7u);
  EXPECT_EQ(ab::display_width("1 – 2"), 5u);
}

}  // namespace

TEST(units, si_quantities_take_three_digits_and_a_prefix_without_a_unit) {
  EXPECT_EQ(ab::format_si(12'345'678), "12.3 M");
  EXPECT_EQ(ab::format_si(850), "850");
  EXPECT_EQ(ab::format_si(999'990), "1.00 M");
  EXPECT_EQ(ab::format_si(std::numeric_limits<double>::infinity()), "-");
}
