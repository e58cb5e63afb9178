// HDR-style latency histogram: HdrHistogram's log-linear bucket scheme.
//
// Vocabulary (HdrHistogram's):
//   sub-bucket   one counter; the smallest unit of resolution.
//   bucket       a power-of-two range of values, [2^(b+h), 2^(b+h+1)) for
//                bucket b > 0 and h = sub_bucket_half_count_magnitude, split
//                into sub_bucket_half_count equal sub-buckets. Bucket 0 also
//                holds [0, 2^(h+1)) at a resolution of 1.
//   equivalent   two values are equivalent when they fall into the same
//                sub-bucket; every value is reported as the highest value
//                equivalent to it (then clamped to the exact min and max).
// With significant_digits = d, sub_bucket_half_count is the power of two at
// or above 10^d (1024 for d = 3), so within a bucket adjacent sub-buckets
// differ by less than 1 part in 10^d: every reported value is within
// 10^-d of the value recorded, relative.
//
// Invariants: counts_ has (bucket_count_ + 1) * sub_bucket_half_count_
// entries, allocated once in the constructor and never resized; total_ is the
// sum of counts_; min_ and max_ are the exact smallest and largest values
// recorded (after clamping to [1, highest]).
//
// Who may call what: a histogram is not thread-safe and takes no locks. Each
// thread records into its own histogram — record() is a clamp, a count of
// leading zeros, two shifts, two increments and two conditional moves, inline,
// with no allocation and no atomics (about 3 ns: bench/histogram_bench.cpp) —
// and the owner merges them once the threads are done (merge, percentile and
// write_hgrm read every counter: call them after recording, not per value).
// Copying a histogram copies its counts (about 270 KB at the defaults).
//
// Rejected: atomic counters (a locked add per record, and cache-line ping-pong
// when threads share buckets); a sorted sample buffer (unbounded memory, and
// it loses the tail once it is capped); a fixed linear bucket width (either
// coarse at small values or huge for a range of 1 ns to an hour).
#pragma once

#include <bit>
#include <cstdint>
#include <iosfwd>
#include <limits>
#include <vector>

namespace ab {

class histogram {
 public:
  // The largest value the default histogram tracks: one hour, in nanoseconds.
  static constexpr std::int64_t default_highest = std::int64_t{3600} * 1000 * 1000 * 1000;
  // The percentile distribution's ticks per halving of the distance to 100%
  // (HdrHistogram's outputPercentileDistribution uses 5).
  static constexpr int hgrm_ticks_per_half_distance = 5;

  // highest >= 2; significant_digits in [1, 5]. Anything else is a programming
  // error and aborts.
  explicit histogram(std::int64_t highest = default_highest, int significant_digits = 3);

  void record(std::int64_t value) noexcept;  // values < 1 count as 1, > highest as highest
  // Records `count` occurrences of `value` (count >= 0).
  void record_count(std::int64_t value, std::int64_t count) noexcept;
  // Records `value` and, for coordinated omission, the values a fixed-rate
  // sender would have seen while it was stalled (HdrHistogram's recordValueWithExpectedInterval):
  // value - expected_interval, value - 2 * expected_interval, ... down to expected_interval.
  // Costs at most one step per bucket however long the stall.
  void record_corrected(std::int64_t value, std::int64_t expected_interval) noexcept;
  // Adds every count of `other`; exact when both have the same highest and
  // significant digits, else each of other's sub-buckets is re-recorded at its
  // lowest equivalent value.
  void merge(const histogram& other);
  void reset() noexcept;

  std::int64_t count() const noexcept;
  std::int64_t min() const noexcept;  // 0 when empty
  std::int64_t max() const noexcept;  // 0 when empty
  double mean() const noexcept;       // from sub-bucket midpoints, as HdrHistogram
  double stddev() const noexcept;     // likewise
  // The value at or below which p percent of the recorded values lie (p in
  // [0, 100], clamped): the highest value equivalent to the value of rank
  // max(1, round(p / 100 * count)), clamped to [min, max]. 0 when empty.
  std::int64_t percentile(double p) const noexcept;

  // HdrHistogram's percentile distribution text (.hgrm), values divided by `unit_ratio`.
  void write_hgrm(std::ostream& os, double unit_ratio = 1.0) const;

  // The layout, for tests and for the .hgrm footer.
  std::int64_t highest() const noexcept { return highest_; }
  int significant_digits() const noexcept { return significant_digits_; }
  int bucket_count() const noexcept { return bucket_count_; }
  std::int64_t sub_bucket_count() const noexcept { return sub_bucket_count_; }
  std::int64_t lowest_equivalent(std::int64_t value) const noexcept;
  std::int64_t highest_equivalent(std::int64_t value) const noexcept;

 private:
  std::int64_t clamp(std::int64_t value) const noexcept {
    return value < 1 ? 1 : (value > highest_ ? highest_ : value);
  }
  int bucket_index(std::int64_t value) const noexcept {
    return leading_zero_count_base_ -
           std::countl_zero(static_cast<std::uint64_t>(value) | sub_bucket_mask_);
  }
  std::size_t counts_index(std::int64_t value) const noexcept {
    const int b = bucket_index(value);
    const std::int64_t sub = value >> (b + unit_magnitude_);
    return static_cast<std::size_t>((std::int64_t{b + 1} << sub_bucket_half_count_magnitude_) +
                                    sub - sub_bucket_half_count_);
  }
  void record_missing(std::int64_t value, std::int64_t expected_interval) noexcept;
  std::int64_t value_from_index(std::size_t index) const noexcept;
  std::int64_t size_of_equivalent_range(std::int64_t value) const noexcept;
  std::int64_t reported(std::size_t index) const noexcept;  // highest equivalent, clamped

  std::int64_t highest_;
  int significant_digits_;
  int sub_bucket_half_count_magnitude_;
  std::int64_t sub_bucket_count_;
  std::int64_t sub_bucket_half_count_;
  std::uint64_t sub_bucket_mask_;
  int unit_magnitude_ = 0;  // log2 of the lowest discernible value, which is 1
  int leading_zero_count_base_;
  int bucket_count_;
  std::vector<std::int64_t> counts_;
  std::int64_t total_ = 0;
  std::int64_t min_ = std::numeric_limits<std::int64_t>::max();  // max() and 0 while empty
  std::int64_t max_ = 0;
};

// Inline: the recording path is what workloads call per message.
inline void histogram::record(std::int64_t value) noexcept {
  const std::int64_t v = clamp(value);
  ++counts_[counts_index(v)];
  ++total_;
  min_ = v < min_ ? v : min_;
  max_ = v > max_ ? v : max_;
}

// Inline as well: an open-loop sender that keeps up pays only the comparison.
inline void histogram::record_corrected(std::int64_t value,
                                        std::int64_t expected_interval) noexcept {
  record(value);
  if (expected_interval > 0 && value > expected_interval) record_missing(value, expected_interval);
}

}  // namespace ab
