#include "mann_whitney.hpp"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace ab {

namespace {

// P(U <= u) for samples of n1 and n2 without ties, exactly: f(i, j, u), the
// number of arrangements of i x's and j y's with U = u, obeys
// f(i, j, u) = f(i - 1, j, u - j) + f(i, j - 1, u) (the largest value is an
// x, beating all j y's, or a y). Counted in doubles: C(100, 50) ~ 1e29 fits.
double exact_cdf(std::size_t n1, std::size_t n2, double u) {
  const std::size_t max_u = n1 * n2;
  // counts[j][v] for the current i, j = 0..n2.
  std::vector<std::vector<double>> counts(n2 + 1, std::vector<double>(max_u + 1, 0.0));
  for (std::size_t j = 0; j <= n2; ++j) counts[j][0] = 1;  // i = 0: one arrangement, U = 0
  for (std::size_t i = 1; i <= n1; ++i) {
    std::vector<std::vector<double>> next(n2 + 1, std::vector<double>(max_u + 1, 0.0));
    next[0][0] = 1;  // j = 0: one arrangement, U = 0
    for (std::size_t j = 1; j <= n2; ++j) {
      for (std::size_t v = 0; v <= i * j; ++v) {
        double c = next[j - 1][v];
        if (v >= j) c += counts[j][v - j];
        next[j][v] = c;
      }
    }
    counts = std::move(next);
  }
  double total = 0, below = 0;
  for (std::size_t v = 0; v <= max_u; ++v) {
    total += counts[n2][v];
    if (static_cast<double>(v) <= u) below += counts[n2][v];
  }
  return below / total;
}

}  // namespace

mann_whitney_result mann_whitney(std::span<const double> x, std::span<const double> y) {
  mann_whitney_result r;
  const std::size_t n1 = x.size(), n2 = y.size();
  if (n1 == 0 || n2 == 0) return r;

  // Ranks of the pooled sample, ties getting the mean of their ranks.
  std::vector<std::pair<double, bool>> pooled;  // value, from x
  pooled.reserve(n1 + n2);
  for (double v : x) pooled.emplace_back(v, true);
  for (double v : y) pooled.emplace_back(v, false);
  std::sort(pooled.begin(), pooled.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  double rank_sum_x = 0;
  double tie_term = 0;  // sum of t^3 - t over the groups of ties
  for (std::size_t i = 0; i < pooled.size();) {
    std::size_t j = i;
    while (j < pooled.size() && pooled[j].first == pooled[i].first) ++j;
    const double t = static_cast<double>(j - i);
    const double mean_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;
    for (std::size_t k = i; k < j; ++k) {
      if (pooled[k].second) rank_sum_x += mean_rank;
    }
    tie_term += t * t * t - t;
    i = j;
  }
  const double a = static_cast<double>(n1), b = static_cast<double>(n2);
  r.u = rank_sum_x - a * (a + 1) / 2;
  const double mean = a * b / 2;

  if (tie_term == 0 && n1 <= mann_whitney_exact_max_sample && n2 <= mann_whitney_exact_max_sample) {
    // The null distribution is symmetric about its mean: the tail beyond U on
    // the far side of the mean, doubled.
    const double tail_u = std::min(r.u, a * b - r.u);
    r.p = std::min(1.0, 2 * exact_cdf(n1, n2, tail_u));
    r.exact = true;
    return r;
  }
  const double n = a + b;
  const double variance = a * b / 12 * ((n + 1) - tie_term / (n * (n - 1)));
  if (variance <= 0) return r;  // every value equal: no evidence either way
  const double distance = std::max(0.0, std::abs(r.u - mean) - 0.5);
  const double z = distance / std::sqrt(variance);
  r.p = std::min(1.0, std::erfc(z / std::sqrt(2.0)));  // 2 * (1 - Phi(z))
  return r;
}

}  // namespace ab
