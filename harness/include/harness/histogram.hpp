// HDR-style latency histogram (interface; implementation in harness/src).
//
// Log-linear buckets covering [1, highest] with at least `significant_digits`
// decimal digits of precision, fixed memory, one per thread, mergeable.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <vector>

namespace ab {

class histogram {
 public:
  explicit histogram(std::int64_t highest = std::int64_t{3600} * 1000 * 1000 * 1000, int significant_digits = 3);

  void record(std::int64_t value) noexcept;  // values < 1 count as 1, > highest as highest
  // Records `value` and, for coordinated omission, the values a fixed-rate
  // sender would have seen while it was stalled (HdrHistogram's recordValueWithExpectedInterval).
  void record_corrected(std::int64_t value, std::int64_t expected_interval) noexcept;
  void merge(const histogram& other);

  std::int64_t count() const noexcept;
  std::int64_t min() const noexcept;
  std::int64_t max() const noexcept;
  double mean() const noexcept;
  std::int64_t percentile(double p) const noexcept;  // p in [0, 100]

  // HdrHistogram's percentile distribution text (.hgrm), values divided by `unit_ratio`.
  void write_hgrm(std::ostream& os, double unit_ratio = 1.0) const;

 private:
  // implementation-defined members
  std::int64_t highest_;
  int sub_bucket_bits_;
  std::int64_t sub_bucket_count_;
  std::int64_t sub_bucket_half_;
  int unit_magnitude_;
  std::vector<std::int64_t> counts_;
  std::int64_t total_ = 0;
  std::int64_t min_ = 0;
  std::int64_t max_ = 0;
};

}  // namespace ab
