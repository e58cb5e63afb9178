// The histogram's layout arithmetic, percentiles, merging and .hgrm output.
// See histogram.hpp for the bucket scheme; the formulas follow HdrHistogram's
// AbstractHistogram so that layouts, bucket counts and the .hgrm text agree
// with the Java and C libraries.
#include "harness/histogram.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ostream>

namespace ab {

namespace {

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "ab::histogram: %s\n", what);
  std::abort();
}

// HdrHistogram's getBucketsNeededToCoverValue.
int buckets_needed(std::int64_t highest, std::int64_t sub_bucket_count, int unit_magnitude) {
  std::int64_t smallest_untrackable = sub_bucket_count << unit_magnitude;
  int buckets = 1;
  while (smallest_untrackable <= highest) {
    if (smallest_untrackable > std::numeric_limits<std::int64_t>::max() / 2) return buckets + 1;
    smallest_untrackable <<= 1;
    ++buckets;
  }
  return buckets;
}

// Corrections longer than this many missing values are added a bucket at a
// time instead of a value at a time; below it the plain loop is cheaper.
constexpr std::int64_t bulk_correction_threshold = 64;

}  // namespace

histogram::histogram(std::int64_t highest, int significant_digits)
    : highest_(highest), significant_digits_(significant_digits) {
  if (highest < 2) fail("highest must be at least 2");
  if (significant_digits < 1 || significant_digits > 5) {
    fail("significant_digits must be in [1, 5]");
  }
  std::int64_t largest_single_unit = 2;
  for (int i = 0; i < significant_digits; ++i) largest_single_unit *= 10;
  const int sub_bucket_count_magnitude =
      static_cast<int>(std::bit_width(static_cast<std::uint64_t>(largest_single_unit - 1)));
  sub_bucket_half_count_magnitude_ = std::max(sub_bucket_count_magnitude, 1) - 1;
  sub_bucket_count_ = std::int64_t{1} << (sub_bucket_half_count_magnitude_ + 1);
  sub_bucket_half_count_ = sub_bucket_count_ / 2;
  sub_bucket_mask_ = static_cast<std::uint64_t>(sub_bucket_count_ - 1) << unit_magnitude_;
  leading_zero_count_base_ = 64 - unit_magnitude_ - sub_bucket_half_count_magnitude_ - 1;
  bucket_count_ = buckets_needed(highest, sub_bucket_count_, unit_magnitude_);
  counts_.assign(static_cast<std::size_t>(bucket_count_ + 1) *
                     static_cast<std::size_t>(sub_bucket_half_count_),
                 0);
}

void histogram::record_count(std::int64_t value, std::int64_t count) noexcept {
  if (count <= 0) return;
  const std::int64_t v = clamp(value);
  counts_[counts_index(v)] += count;
  total_ += count;
  min_ = std::min(min_, v);
  max_ = std::max(max_, v);
}

// Called by record_corrected after it recorded `value` > expected_interval > 0.
void histogram::record_missing(std::int64_t value, std::int64_t expected_interval) noexcept {
  // The missing values are value - k * interval for k = 1 .. n, all >= interval.
  const std::int64_t n = value / expected_interval - 1;
  if (n <= bulk_correction_threshold) {
    for (std::int64_t missing = value - expected_interval; missing >= expected_interval;
         missing -= expected_interval) {
      record(missing);
    }
    return;
  }
  // Bulk: walk down from the largest missing value, adding to each sub-bucket
  // at once every missing value that falls into it.
  std::int64_t next = value - expected_interval;  // the largest value not yet added
  std::int64_t remaining = n;
  if (next > highest_) {  // values above highest count as highest
    const std::int64_t above = std::min(remaining, (next - highest_) / expected_interval + 1);
    record_count(highest_, above);
    next -= above * expected_interval;
    remaining -= above;
  }
  while (remaining > 0) {
    const std::int64_t low = lowest_equivalent(next);
    const std::int64_t in_bucket = std::min(remaining, (next - low) / expected_interval + 1);
    counts_[counts_index(next)] += in_bucket;
    total_ += in_bucket;
    max_ = std::max(max_, next);
    next -= in_bucket * expected_interval;
    remaining -= in_bucket;
  }
  min_ = std::min(min_, clamp(next + expected_interval));  // the smallest value added
}

void histogram::merge(const histogram& other) {
  if (other.total_ == 0) return;
  if (highest_ == other.highest_ && significant_digits_ == other.significant_digits_) {
    for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
    total_ += other.total_;
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
    return;
  }
  const std::int64_t min_before = min_;
  for (std::size_t i = 0; i < other.counts_.size(); ++i) {
    if (other.counts_[i] != 0) record_count(other.value_from_index(i), other.counts_[i]);
  }
  min_ = std::min(min_before, clamp(other.min_));
  max_ = std::max(max_, clamp(other.max_));
}

void histogram::reset() noexcept {
  std::fill(counts_.begin(), counts_.end(), 0);
  total_ = 0;
  min_ = std::numeric_limits<std::int64_t>::max();
  max_ = 0;
}

std::int64_t histogram::count() const noexcept {
  return total_;
}
std::int64_t histogram::min() const noexcept {
  return total_ == 0 ? 0 : min_;
}
std::int64_t histogram::max() const noexcept {
  return max_;
}

std::int64_t histogram::value_from_index(std::size_t index) const noexcept {
  int b = static_cast<int>(index >> sub_bucket_half_count_magnitude_) - 1;
  std::int64_t sub =
      static_cast<std::int64_t>(index & static_cast<std::size_t>(sub_bucket_half_count_ - 1)) +
      sub_bucket_half_count_;
  if (b < 0) {
    sub -= sub_bucket_half_count_;
    b = 0;
  }
  return sub << (b + unit_magnitude_);
}

std::int64_t histogram::size_of_equivalent_range(std::int64_t value) const noexcept {
  const int b = bucket_index(value);
  const std::int64_t sub = value >> (b + unit_magnitude_);
  const int adjusted = sub >= sub_bucket_count_ ? b + 1 : b;
  return std::int64_t{1} << (unit_magnitude_ + adjusted);
}

std::int64_t histogram::lowest_equivalent(std::int64_t value) const noexcept {
  const int b = bucket_index(value);
  const std::int64_t sub = value >> (b + unit_magnitude_);
  return sub << (b + unit_magnitude_);
}

std::int64_t histogram::highest_equivalent(std::int64_t value) const noexcept {
  return lowest_equivalent(value) + size_of_equivalent_range(value) - 1;
}

std::int64_t histogram::reported(std::size_t index) const noexcept {
  return std::clamp(highest_equivalent(value_from_index(index)), min_, max_);
}

double histogram::mean() const noexcept {
  if (total_ == 0) return 0;
  double sum = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    if (counts_[i] == 0) continue;
    const std::int64_t v = value_from_index(i);
    const double median_equivalent =
        static_cast<double>(lowest_equivalent(v) + (size_of_equivalent_range(v) >> 1));
    sum += median_equivalent * static_cast<double>(counts_[i]);
  }
  return sum / static_cast<double>(total_);
}

double histogram::stddev() const noexcept {
  if (total_ == 0) return 0;
  const double m = mean();
  double sum = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    if (counts_[i] == 0) continue;
    const std::int64_t v = value_from_index(i);
    const double d =
        static_cast<double>(lowest_equivalent(v) + (size_of_equivalent_range(v) >> 1)) - m;
    sum += d * d * static_cast<double>(counts_[i]);
  }
  return std::sqrt(sum / static_cast<double>(total_));
}

std::int64_t histogram::percentile(double p) const noexcept {
  if (total_ == 0) return 0;
  p = std::clamp(p, 0.0, 100.0);
  if (p == 0.0) return min_;
  const std::int64_t rank = std::max<std::int64_t>(
      1, static_cast<std::int64_t>(p / 100.0 * static_cast<double>(total_) + 0.5));
  std::int64_t running = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    running += counts_[i];
    if (running >= rank) return reported(i);
  }
  return max_;
}

// HdrHistogram's outputPercentileDistribution (Java), with its
// PercentileIterator: rows at fixed percentile steps that halve every time
// the distance to 100% halves, a last row at 100%, and a footer.
void histogram::write_hgrm(std::ostream& os, double unit_ratio) const {
  const int decimals =
      significant_digits_ +
      (unit_ratio > 1 ? static_cast<int>(std::ceil(std::log10(unit_ratio) - 1e-9)) : 0);
  char line[256];
  std::snprintf(line, sizeof line, "%12s %14s %10s %14s\n\n", "Value", "Percentile", "TotalCount",
                "1/(1-Percentile)");
  os << line;
  auto value_text = [&](std::int64_t v) { return static_cast<double>(v) / unit_ratio; };
  if (total_ > 0) {
    std::size_t index = 0;
    std::int64_t cumulative = 0;
    bool fresh = true;
    double level = 0;
    while (cumulative < total_ && level < 100.0) {
      for (;;) {
        if (fresh) {
          cumulative += counts_[index];
          fresh = false;
        }
        const double reached =
            100.0 * static_cast<double>(cumulative) / static_cast<double>(total_);
        if (counts_[index] != 0 && reached >= level) break;
        ++index;
        fresh = true;
      }
      std::snprintf(line, sizeof line, "%12.*f %2.12f %10lld %14.2f\n", decimals,
                    value_text(reported(index)), level / 100.0, static_cast<long long>(cumulative),
                    1.0 / (1.0 - level / 100.0));
      os << line;
      const auto halvings =
          static_cast<std::int64_t>(std::log(100.0 / (100.0 - level)) / std::log(2.0));
      const double ticks =
          hgrm_ticks_per_half_distance * std::pow(2.0, static_cast<double>(halvings + 1));
      level += 100.0 / ticks;
    }
    // The iteration ends on the last non-empty sub-bucket; report it at 100%.
    while (counts_[index] == 0 || cumulative < total_) {
      ++index;
      cumulative += counts_[index];
    }
    std::snprintf(line, sizeof line, "%12.*f %2.12f %10lld\n", decimals,
                  value_text(reported(index)), 1.0, static_cast<long long>(cumulative));
    os << line;
  }
  std::snprintf(line, sizeof line, "#[Mean    = %12.*f, StdDeviation   = %12.*f]\n", decimals,
                mean() / unit_ratio, decimals, stddev() / unit_ratio);
  os << line;
  std::snprintf(line, sizeof line, "#[Max     = %12.*f, Total count    = %12lld]\n", decimals,
                value_text(max()), static_cast<long long>(total_));
  os << line;
  std::snprintf(line, sizeof line, "#[Buckets = %12d, SubBuckets     = %12lld]\n", bucket_count_,
                static_cast<long long>(sub_bucket_count_));
  os << line;
}

}  // namespace ab
