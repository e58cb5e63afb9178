#include "harness/histogram.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace {

constexpr double percentiles_checked[] = {0,  0.1, 1,  5,    10,   25,    50,     75,
                                          90, 95,  99, 99.5, 99.9, 99.99, 99.999, 100};

// The exact percentile under the histogram's rank rule: the value of rank
// max(1, round(p / 100 * n)) in sorted order (p = 0: the minimum).
std::int64_t exact_percentile(const std::vector<std::int64_t>& sorted, double p) {
  if (p == 0) return sorted.front();
  const auto n = static_cast<double>(sorted.size());
  const auto rank = std::max<std::int64_t>(1, static_cast<std::int64_t>(p / 100.0 * n + 0.5));
  return sorted[static_cast<std::size_t>(rank - 1)];
}

// Records `values` and checks every percentile against the exact one: never
// below it, and above it by less than one part in 10^3 (three digits).
void expect_percentiles_match(std::vector<std::int64_t> values) {
  ab::histogram h;
  for (auto v : values) h.record(v);
  std::sort(values.begin(), values.end());
  ASSERT_EQ(h.count(), static_cast<std::int64_t>(values.size()));
  EXPECT_EQ(h.min(), values.front());
  EXPECT_EQ(h.max(), values.back());
  for (double p : percentiles_checked) {
    const std::int64_t exact = exact_percentile(values, p);
    const std::int64_t got = h.percentile(p);
    EXPECT_GE(got, exact) << "p" << p;
    EXPECT_LE(static_cast<double>(got - exact), static_cast<double>(exact) * 1e-3) << "p" << p;
  }
}

TEST(histogram, percentiles_of_uniform_random_data_match_the_exact_percentiles) {
  for (std::uint32_t seed : {1u, 2u, 3u}) {
    std::mt19937_64 rng{seed};
    std::uniform_int_distribution<std::int64_t> dist{1, 10'000'000};
    std::vector<std::int64_t> values(200'000);
    for (auto& v : values) v = dist(rng);
    expect_percentiles_match(values);
  }
}

TEST(histogram, percentiles_of_heavy_tailed_random_data_match_the_exact_percentiles) {
  // Log-normal latencies around 2 us with a tail reaching into seconds.
  for (std::uint32_t seed : {4u, 5u}) {
    std::mt19937_64 rng{seed};
    std::lognormal_distribution<double> dist{std::log(2000.0), 1.5};
    std::vector<std::int64_t> values(300'000);
    for (auto& v : values) v = std::max<std::int64_t>(1, std::llround(dist(rng)));
    expect_percentiles_match(values);
  }
}

TEST(histogram, percentiles_of_small_samples_match_the_exact_percentiles) {
  std::mt19937_64 rng{6};
  std::uniform_int_distribution<std::int64_t> dist{1, 1'000'000'000'000};
  for (std::size_t n : {1u, 2u, 3u, 7u, 10u, 99u, 1000u}) {
    std::vector<std::int64_t> values(n);
    for (auto& v : values) v = dist(rng);
    expect_percentiles_match(values);
  }
}

TEST(histogram, values_below_2048_are_recorded_exactly) {
  ab::histogram h;
  for (std::int64_t v = 1; v < 2048; ++v) h.record(v);
  for (std::int64_t v = 1; v < 2048; ++v) {
    EXPECT_EQ(h.lowest_equivalent(v), v);
    EXPECT_EQ(h.highest_equivalent(v), v);
  }
  EXPECT_EQ(h.percentile(50), 1024);
}

TEST(histogram, the_layout_is_hdr_histograms_for_the_same_range_and_digits) {
  // HdrHistogram(3_600_000_000_000, 3): 2048 sub-buckets, 32 buckets.
  ab::histogram h;
  EXPECT_EQ(h.sub_bucket_count(), 2048);
  EXPECT_EQ(h.bucket_count(), 32);
  ab::histogram two_digits{3'600'000'000, 2};  // 2 * 10^2 -> 256 sub-buckets
  EXPECT_EQ(two_digits.sub_bucket_count(), 256);
  // 10007 lies in [8192, 16384), where sub-buckets are 8 wide.
  EXPECT_EQ(h.lowest_equivalent(10007), 10000);
  EXPECT_EQ(h.highest_equivalent(10007), 10007);
  EXPECT_EQ(h.lowest_equivalent(10008), 10008);
}

TEST(histogram, values_out_of_range_are_clamped) {
  ab::histogram h{1'000'000, 3};
  h.record(0);
  h.record(-5);
  h.record(5'000'000);
  EXPECT_EQ(h.count(), 3);
  EXPECT_EQ(h.min(), 1);
  EXPECT_EQ(h.max(), 1'000'000);
  EXPECT_EQ(h.percentile(100), 1'000'000);
}

TEST(histogram, an_empty_histogram_reports_zeros) {
  ab::histogram h;
  EXPECT_EQ(h.count(), 0);
  EXPECT_EQ(h.min(), 0);
  EXPECT_EQ(h.max(), 0);
  EXPECT_EQ(h.percentile(99), 0);
  EXPECT_EQ(h.mean(), 0);
}

TEST(histogram, the_mean_is_within_the_precision_of_the_exact_mean) {
  std::mt19937_64 rng{7};
  std::exponential_distribution<double> dist{1.0 / 50'000};
  ab::histogram h;
  double sum = 0;
  constexpr int n = 100'000;
  for (int i = 0; i < n; ++i) {
    const auto v = std::max<std::int64_t>(1, std::llround(dist(rng)));
    h.record(v);
    sum += static_cast<double>(v);
  }
  EXPECT_NEAR(h.mean(), sum / n, sum / n * 1e-3);
}

TEST(histogram, merging_equals_recording_everything_in_one) {
  std::mt19937_64 rng{8};
  std::lognormal_distribution<double> dist{std::log(5000.0), 2.0};
  ab::histogram all;
  std::vector<ab::histogram> per_thread(4);
  for (int i = 0; i < 100'000; ++i) {
    const auto v = std::max<std::int64_t>(1, std::llround(dist(rng)));
    all.record(v);
    per_thread[static_cast<std::size_t>(i) % per_thread.size()].record(v);
  }
  ab::histogram merged;
  for (const auto& h : per_thread) merged.merge(h);
  EXPECT_EQ(merged.count(), all.count());
  EXPECT_EQ(merged.min(), all.min());
  EXPECT_EQ(merged.max(), all.max());
  for (double p : percentiles_checked) EXPECT_EQ(merged.percentile(p), all.percentile(p)) << p;
}

TEST(histogram, merging_a_histogram_of_another_layout_keeps_its_values_within_precision) {
  ab::histogram coarse{1'000'000'000, 2};
  for (std::int64_t v = 1000; v <= 100'000; v += 7) coarse.record(v);
  ab::histogram fine;
  fine.merge(coarse);
  EXPECT_EQ(fine.count(), coarse.count());
  EXPECT_EQ(fine.min(), coarse.min());
  EXPECT_EQ(fine.max(), coarse.max());
  for (double p : {50.0, 90.0, 99.0}) {
    EXPECT_NEAR(static_cast<double>(fine.percentile(p)), static_cast<double>(coarse.percentile(p)),
                static_cast<double>(coarse.percentile(p)) * 1e-2)
        << p;
  }
}

TEST(histogram, merging_an_empty_histogram_changes_nothing) {
  ab::histogram h;
  h.record(42);
  h.merge(ab::histogram{});
  EXPECT_EQ(h.count(), 1);
  EXPECT_EQ(h.min(), 42);
  EXPECT_EQ(h.max(), 42);
}

TEST(histogram, a_corrected_record_adds_the_values_a_fixed_rate_sender_would_have_seen) {
  ab::histogram h;
  h.record_corrected(1000, 100);  // 1000, 900, ..., 100
  EXPECT_EQ(h.count(), 10);
  EXPECT_EQ(h.min(), 100);
  EXPECT_EQ(h.max(), 1000);
  EXPECT_EQ(h.percentile(50), 500);
  ab::histogram fast;
  fast.record_corrected(50, 100);  // no stall: only the value itself
  EXPECT_EQ(fast.count(), 1);
}

TEST(histogram, a_long_stall_is_corrected_in_bulk_exactly_as_value_by_value) {
  for (std::int64_t interval : {1, 3, 1000, 12'345}) {
    const std::int64_t value = 50'000'000 + 17;
    ab::histogram bulk;
    bulk.record_corrected(value, interval);
    ab::histogram by_value;
    by_value.record(value);
    for (std::int64_t m = value - interval; m >= interval; m -= interval) by_value.record(m);
    EXPECT_EQ(bulk.count(), by_value.count()) << interval;
    EXPECT_EQ(bulk.min(), by_value.min()) << interval;
    EXPECT_EQ(bulk.max(), by_value.max()) << interval;
    for (double p : percentiles_checked) {
      EXPECT_EQ(bulk.percentile(p), by_value.percentile(p)) << interval << " p" << p;
    }
  }
}

TEST(histogram, a_stall_beyond_the_highest_value_counts_the_excess_as_highest) {
  ab::histogram h{1'000'000, 3};
  h.record_corrected(5'000'000, 10'000);  // 500 values, 400 of them above the range
  EXPECT_EQ(h.count(), 500);
  EXPECT_EQ(h.max(), 1'000'000);
  EXPECT_EQ(h.min(), 10'000);
  EXPECT_EQ(h.percentile(50), 1'000'000);
}

TEST(histogram, reset_empties_it) {
  ab::histogram h;
  h.record(7);
  h.reset();
  EXPECT_EQ(h.count(), 0);
  h.record(9);
  EXPECT_EQ(h.min(), 9);
}

// ---------------------------------------------------------------- .hgrm

struct hgrm_row {
  double value;
  double percentile;
  long long total_count;
};

std::vector<hgrm_row> parse_rows(const std::string& text) {
  static const std::regex row{R"(^ *([0-9.]+) +([0-9.]+) +([0-9]+)( +([0-9.]+|inf))?$)"};
  std::vector<hgrm_row> rows;
  std::istringstream in{text};
  std::string line;
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_match(line, m, row)) {
      rows.push_back({std::stod(m[1]), std::stod(m[2]), std::stoll(m[3])});
    }
  }
  return rows;
}

TEST(histogram, the_hgrm_text_has_hdr_histograms_header_rows_and_footer) {
  ab::histogram h;
  for (std::int64_t v = 1; v <= 10'000; ++v) h.record(v * 1000);  // 1 us .. 10 ms
  std::ostringstream os;
  h.write_hgrm(os, 1e6);  // milliseconds
  const std::string text = os.str();

  EXPECT_EQ(text.substr(0, text.find('\n')),
            "       Value     Percentile TotalCount 1/(1-Percentile)");
  const auto rows = parse_rows(text);
  ASSERT_GT(rows.size(), 20u);
  EXPECT_EQ(rows.front().percentile, 0.0);
  EXPECT_NEAR(rows.front().value, 0.001, 1e-9);
  EXPECT_EQ(rows.back().percentile, 1.0);
  EXPECT_EQ(rows.back().total_count, 10'000);
  EXPECT_NEAR(rows.back().value, 10.0, 1e-9);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    EXPECT_GE(rows[i].value, rows[i - 1].value);
    EXPECT_GE(rows[i].percentile, rows[i - 1].percentile);
    EXPECT_GE(rows[i].total_count, rows[i - 1].total_count);
  }
  // The steps of HdrHistogram's percentile iterator: 10% apart up to 50%,
  // then 5%, then 2.5%, ...
  EXPECT_NEAR(rows[1].percentile, 0.1, 1e-12);
  EXPECT_NEAR(rows[5].percentile, 0.5, 1e-12);
  EXPECT_NEAR(rows[6].percentile, 0.55, 1e-12);
  // The median row is within three digits of 5 ms.
  EXPECT_NEAR(rows[5].value, 5.0, 5.0 * 1e-3);
  EXPECT_NE(text.find("#[Mean    = "), std::string::npos);
  EXPECT_NE(text.find("#[Max     = 10.000000000, Total count    =        10000]"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("#[Buckets =           32, SubBuckets     =         2048]"),
            std::string::npos);
}

TEST(histogram, the_hgrm_text_of_a_single_value_has_a_first_and_a_last_row) {
  ab::histogram h;
  h.record(1234);
  std::ostringstream os;
  h.write_hgrm(os);
  const auto rows = parse_rows(os.str());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].value, 1234);
  EXPECT_EQ(rows[1].percentile, 1.0);
  EXPECT_EQ(rows[1].total_count, 1);
}

TEST(histogram, the_hgrm_text_of_an_empty_histogram_is_header_and_footer) {
  ab::histogram h;
  std::ostringstream os;
  h.write_hgrm(os);
  EXPECT_TRUE(parse_rows(os.str()).empty());
  EXPECT_NE(os.str().find("Total count    =            0"), std::string::npos);
}

}  // namespace
