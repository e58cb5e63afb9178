#include "mann_whitney.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace {

using v = std::vector<double>;

// The reference p-values are R's wilcox.test(x, y) (exact without ties;
// exact = FALSE, correct = TRUE with them), checked against a brute-force
// enumeration of every rank arrangement.

TEST(mann_whitney, interleaved_samples_are_not_told_apart) {
  const auto r = ab::mann_whitney(v{1, 3, 5, 7, 9}, v{2, 4, 6, 8, 10});
  EXPECT_TRUE(r.exact);
  EXPECT_DOUBLE_EQ(r.u, 10);
  EXPECT_NEAR(r.p, 0.6904761904761905, 1e-12);  // R: W = 10, p-value = 0.6905
}

TEST(mann_whitney, nine_against_nine_fully_separated_gives_the_smallest_exact_p) {
  const v low{1, 2, 3, 4, 5, 6, 7, 8, 9};
  const v high{10, 11, 12, 13, 14, 15, 16, 17, 18};
  const auto r = ab::mann_whitney(low, high);
  EXPECT_TRUE(r.exact);
  EXPECT_DOUBLE_EQ(r.u, 0);
  EXPECT_NEAR(r.p, 2.0 / 48620, 1e-15);  // 2 / C(18, 9)
  const auto swapped = ab::mann_whitney(high, low);
  EXPECT_DOUBLE_EQ(swapped.u, 81);
  EXPECT_NEAR(swapped.p, r.p, 1e-15);
}

TEST(mann_whitney, overlapping_samples_get_the_exact_tail) {
  const auto r = ab::mann_whitney(v{1.1, 2.2, 3.3, 4.4, 5.5, 6.6, 7.7, 8.8, 12},
                                  v{4, 5, 6, 7, 8, 9, 10, 11, 13});
  EXPECT_TRUE(r.exact);
  EXPECT_DOUBLE_EQ(r.u, 23);
  EXPECT_NEAR(r.p, 0.13591114767585355, 1e-12);
}

TEST(mann_whitney, ties_use_the_normal_approximation_with_the_tie_correction) {
  const auto r = ab::mann_whitney(v{1, 2, 2, 3, 3, 3, 4}, v{3, 4, 4, 5, 5, 6, 6});
  EXPECT_FALSE(r.exact);
  EXPECT_DOUBLE_EQ(r.u, 3.5);
  EXPECT_NEAR(r.p, 0.007590932197742906, 1e-12);
}

TEST(mann_whitney, large_samples_use_the_normal_approximation) {
  v x, y;
  for (int i = 0; i < 60; ++i) {
    x.push_back(i);
    y.push_back(i + 0.5);
  }
  const auto r = ab::mann_whitney(x, y);
  EXPECT_FALSE(r.exact);
  // U = sum over x_i of the y's below it = 0 + 1 + ... + 59 = 1770; mean 1800,
  // variance 60*60*121/12 = 36300: z = 29.5 / 190.526 = 0.15483.
  EXPECT_DOUBLE_EQ(r.u, 1770);
  EXPECT_NEAR(r.p, 0.876952, 1e-5);
}

TEST(mann_whitney, identical_or_empty_samples_give_no_evidence) {
  EXPECT_DOUBLE_EQ(ab::mann_whitney(v{1, 1, 1}, v{1, 1, 1}).p, 1);
  EXPECT_DOUBLE_EQ(ab::mann_whitney(v{}, v{1, 2}).p, 1);
}

}  // namespace
