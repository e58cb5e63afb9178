// The Mann–Whitney U test (Wilcoxon rank-sum): do two samples come from the
// same distribution, or does one tend to be larger? It assumes nothing about
// the shape of the distributions, which suits benchmark timings (skewed, with
// outliers from a noisy machine), and is the test Google Benchmark's
// compare.py applies to repetitions.
//
// U counts, over all pairs (x_i, y_j), those with x_i > y_j, a tie counting
// one half. The p-value is two-sided: the probability, were both samples from
// one distribution, of a U at least as far from its mean n1*n2/2.
//
//   exact   no ties and n1, n2 <= exact_max_sample: the distribution of U
//           under the null, counted by the recurrence of Mann and Whitney
//           (1947) over all C(n1+n2, n1) rank arrangements.
//   normal  otherwise: U is approximately normal with mean n1*n2/2 and
//           variance n1*n2/12 * ((n+1) - sum(t^3 - t)/(n(n-1))) (t: the size
//           of each group of tied values), with a continuity correction of
//           1/2 — what R's wilcox.test(exact = FALSE, correct = TRUE) and
//           SciPy's mannwhitneyu(method = "asymptotic") compute.
#pragma once

#include <cstddef>
#include <span>

namespace ab {

// Above this size the exact distribution costs more than it gains (the normal
// approximation is already close to it).
inline constexpr std::size_t mann_whitney_exact_max_sample = 50;

struct mann_whitney_result {
  double u = 0;        // U of the first sample
  double p = 1;        // two-sided p-value
  bool exact = false;  // exact distribution, not the normal approximation
};

// Both samples must be non-empty (otherwise p is 1: no evidence).
mann_whitney_result mann_whitney(std::span<const double> x, std::span<const double> y);

}  // namespace ab
