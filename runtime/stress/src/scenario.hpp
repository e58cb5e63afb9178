// What every scenario shares: its report (figures and violations), the
// runtime configuration from the options, and memory probes.
#pragma once

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "rt/rt.hpp"
#include "rt_stress/stress.hpp"

namespace stress {

// A scenario's outcome. Thread-safe: processes add violations as they find them.
class report {
 public:
  explicit report(std::string scenario) : scenario_(std::move(scenario)) {}
  const std::string& scenario() const noexcept { return scenario_; }

  void figure(std::string name, std::string value);
  void violation(std::string what);

  std::vector<std::pair<std::string, std::string>> figures() const;
  std::vector<std::string> violations() const;

 private:
  std::string scenario_;
  mutable std::mutex mu_;
  std::vector<std::pair<std::string, std::string>> figures_;
  std::vector<std::string> violations_;
};

// The runtime settings a scenario runs with.
rt::config runtime_config(const options& o);

// The resident set of this process, in bytes (0 where it cannot be read).
std::int64_t resident_bytes();

// Waits until every process of `r` has ended and its memory is back to
// `start_bytes` (reclamation is deferred, so this polls for a while); adds a
// violation naming what is left otherwise. Gives up early when no process has
// ended for must_happen_within.
void check_runtime_drained(rt::runtime& r, std::size_t start_bytes, report& rep);

// How long a check waits for something that must happen (a DOWN, an EXIT, a
// reply): generous, since sanitizer builds on a loaded machine are slow.
inline constexpr std::chrono::seconds must_happen_within{10};

// Formatting for figures.
std::string fmt_count(double n);                  // 1234567 -> "1,234,567"
std::string fmt_rate(double per_second);          // "1.23 M/s"
std::string fmt_seconds(double seconds);          // "1.23 s", "45.6 ms", "789 us"
std::string fmt_bytes(double bytes);              // "1.5 GiB"
double seconds_since(std::chrono::steady_clock::time_point t0);

// Latency samples (ns): percentiles and a log2-bucket histogram.
struct latency_summary {
  std::size_t count = 0;
  double p50 = 0, p90 = 0, p99 = 0, p999 = 0, max = 0;  // ns
  std::vector<std::pair<std::int64_t, std::size_t>> buckets;  // (upper bound ns, count), powers of two
};
latency_summary summarize_latencies(std::vector<std::int64_t> samples_ns);
void add_latency_figures(report& rep, const std::string& prefix, const latency_summary& s);

// The scenarios.
void run_mix(const options& o, report& rep, std::ostream& progress);
void run_crash_storm(const options& o, report& rep, std::ostream& progress);
void run_cascade(const options& o, report& rep, std::ostream& progress);
void run_overload(const options& o, report& rep, std::ostream& progress);
void run_scale(const options& o, report& rep, std::ostream& progress);
void run_fairness(const options& o, report& rep, std::ostream& progress);

// Picks a size by --size.
template <class T>
T by_size(const options& o, T quick, T standard, T large) {
  switch (o.size) {
    case size_class::quick: return quick;
    case size_class::standard: return standard;
    case size_class::large: return large;
  }
  return standard;
}

}  // namespace stress
