#include "calibration.hpp"

#include <gtest/gtest.h>

namespace {

TEST(calibration, jumping_ahead_agrees_with_stepping) {
  const std::uint64_t a = 6364136223846793005ULL, c = 1442695040888963407ULL;
  std::uint64_t x = 12345;
  for (int n = 1; n <= 1000; ++n) {
    x = x * a + c;
    ASSERT_EQ(ab::calibration_jump(12345, static_cast<std::uint64_t>(n)), x) << n;
  }
  EXPECT_EQ(ab::calibration_jump(7, 0), 7u);
}

TEST(calibration, a_measurement_checks_its_chain_and_reports_a_rate) {
  const auto s = ab::measure_calibration(1 << 16);
  EXPECT_TRUE(s.error.empty()) << s.error;
  EXPECT_GT(s.steps_per_second, 0);
}

}  // namespace
