#include "scenario.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <thread>
#include <unistd.h>

namespace stress {

void report::figure(std::string name, std::string value) {
  std::lock_guard g(mu_);
  figures_.emplace_back(std::move(name), std::move(value));
}
void report::violation(std::string what) {
  std::lock_guard g(mu_);
  violations_.push_back(std::move(what));
}
std::vector<std::pair<std::string, std::string>> report::figures() const {
  std::lock_guard g(mu_);
  return figures_;
}
std::vector<std::string> report::violations() const {
  std::lock_guard g(mu_);
  return violations_;
}

rt::config runtime_config(const options& o) {
  rt::config c;
  if (o.schedulers != 0) c.schedulers = o.schedulers;
  c.test_drop_one_in = o.drop_one_in;
  return c;
}

std::int64_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::int64_t size = 0;
  std::int64_t resident = 0;
  if (!(statm >> size >> resident)) return 0;
  return resident * static_cast<std::int64_t>(sysconf(_SC_PAGESIZE));
}

void check_runtime_drained(rt::runtime& r, std::size_t start_bytes, report& rep) {
  using namespace std::chrono_literals;
  // Processes may take long to end in a sanitizer build, so the wait goes on
  // while their count moves, up to 6 x must_happen_within; a count that has
  // not moved for must_happen_within means processes that will not end (a
  // wait for a message that was lost), and waiting longer would only delay
  // the report.
  const auto start = std::chrono::steady_clock::now();
  std::size_t last_count = r.process_count();
  auto last_change = start;
  while (!r.wait_idle_for(100ms)) {
    const auto now = std::chrono::steady_clock::now();
    const std::size_t count = r.process_count();
    if (count != last_count) {
      last_count = count;
      last_change = now;
    }
    const bool stuck = now - last_change >= must_happen_within;
    if (stuck || now - start >= 6 * must_happen_within) {
      const auto waited = std::chrono::duration_cast<std::chrono::seconds>(now - start);
      rep.violation("end: " + std::to_string(count) + " process(es) still alive " + std::to_string(waited.count()) +
                    " s after the scenario ended" +
                    (stuck ? " (none ended in the last " + std::to_string(must_happen_within.count()) + " s)" : ""));
      return;
    }
  }
  if (r.process_count() != 0) rep.violation("end: process_count() is " + std::to_string(r.process_count()));
  // Control blocks and messages are freed by deferred reclamation: give it time.
  const auto deadline = std::chrono::steady_clock::now() + must_happen_within;
  while (r.live_bytes() > start_bytes && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(1ms);
  }
  if (r.live_bytes() != start_bytes) {
    rep.violation("leak: the runtime holds " + std::to_string(r.live_bytes()) + " bytes after every process ended, " +
                  std::to_string(start_bytes) + " before the scenario");
  }
}

std::string fmt_count(double n) {
  const auto v = static_cast<long long>(std::llround(n));
  std::string digits = std::to_string(v < 0 ? -v : v);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return v < 0 ? "-" + out : out;
}

namespace {
std::string printf_string(const char* fmt, double v, const char* unit) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v, unit);
  return buf;
}
}  // namespace

std::string fmt_rate(double per_second) {
  if (per_second >= 1e6) return printf_string("%.2f %s", per_second / 1e6, "M/s");
  if (per_second >= 1e3) return printf_string("%.1f %s", per_second / 1e3, "k/s");
  return printf_string("%.0f %s", per_second, "/s");
}

std::string fmt_seconds(double s) {
  if (s >= 1) return printf_string("%.2f %s", s, "s");
  if (s >= 1e-3) return printf_string("%.1f %s", s * 1e3, "ms");
  return printf_string("%.0f %s", s * 1e6, "us");
}

std::string fmt_bytes(double b) {
  if (b >= 1024.0 * 1024 * 1024) return printf_string("%.2f %s", b / (1024.0 * 1024 * 1024), "GiB");
  if (b >= 1024.0 * 1024) return printf_string("%.1f %s", b / (1024.0 * 1024), "MiB");
  if (b >= 1024.0) return printf_string("%.1f %s", b / 1024.0, "KiB");
  return printf_string("%.0f %s", b, "B");
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

latency_summary summarize_latencies(std::vector<std::int64_t> samples) {
  latency_summary s;
  s.count = samples.size();
  if (samples.empty()) return s;
  std::sort(samples.begin(), samples.end());
  auto at = [&samples](double q) {
    const auto i = static_cast<std::size_t>(q * static_cast<double>(samples.size() - 1));
    return static_cast<double>(samples[i]);
  };
  s.p50 = at(0.50);
  s.p90 = at(0.90);
  s.p99 = at(0.99);
  s.p999 = at(0.999);
  s.max = static_cast<double>(samples.back());
  std::int64_t bound = 1024;  // the first bucket: up to ~1 us
  std::size_t i = 0;
  while (i < samples.size()) {
    std::size_t n = 0;
    while (i < samples.size() && samples[i] <= bound) {
      ++n;
      ++i;
    }
    if (n != 0) s.buckets.emplace_back(bound, n);
    bound *= 2;
  }
  return s;
}

void add_latency_figures(report& rep, const std::string& prefix, const latency_summary& s) {
  rep.figure(prefix + " samples", fmt_count(static_cast<double>(s.count)));
  rep.figure(prefix + " p50 / p90 / p99 / p99.9 / max", fmt_seconds(s.p50 / 1e9) + " / " + fmt_seconds(s.p90 / 1e9) +
                                                             " / " + fmt_seconds(s.p99 / 1e9) + " / " +
                                                             fmt_seconds(s.p999 / 1e9) + " / " + fmt_seconds(s.max / 1e9));
  std::string hist;
  for (const auto& [bound, n] : s.buckets) {
    if (!hist.empty()) hist += ", ";
    hist += "<=" + fmt_seconds(static_cast<double>(bound) / 1e9) + ": " + fmt_count(static_cast<double>(n));
  }
  rep.figure(prefix + " histogram", hist);
}

}  // namespace stress
