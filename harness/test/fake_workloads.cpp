#include "fake_workloads.hpp"

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <random>
#include <stdexcept>

namespace ab::testing {

namespace {

std::atomic<int> flaky_calls{0};

// rt: 10 ns per item with work_stealing on 2 or more schedulers, twice that
// on one; the other strategies slower by a fixed factor, so that a sweep has
// a ranking to show.
double strategy_factor(const std::string& strategy) {
  if (strategy == "global_queue") return 2;
  if (strategy == "static") return 1.5;
  if (strategy == "balancing") return 1.2;
  return 1;
}

double ns_per_item(const std::string& backend, const run_params& p) {
  if (backend == "rt") {
    const double parallel = p.schedulers == 1 ? 1.0 : 2.0;
    return 10 * strategy_factor(p.strategy) * 2 / parallel;
  }
  if (backend == "os_threads") return 100;
  if (backend == "boost_fiber") return 20;
  return 40;
}

run_result counter(const std::string& backend, const run_params& p) {
  run_result r;
  r.ok = true;
  r.items = static_cast<double>(p.get("items"));
  r.items_unit = "hops";
  r.seconds = r.items * ns_per_item(backend, p) * 1e-9;
  // A slower build, for the paired gate's tests: actorbench_fake run with
  // AB_FAKE_SLOWER=F in its environment counts F times slower.
  if (const char* slower = std::getenv("AB_FAKE_SLOWER")) r.seconds *= std::atof(slower);
  return r;
}

run_result latency(const std::string& backend, const run_params& p) {
  run_result r;
  r.ok = true;
  const std::int64_t n = p.get("messages");
  const std::int64_t rate = p.get("rate");
  r.items = static_cast<double>(n);
  r.items_unit = "messages";
  r.seconds = r.items * ns_per_item(backend, p) * 1e-9;
  histogram h;
  std::mt19937_64 rng{std::hash<std::string>{}(backend)};
  std::lognormal_distribution<double> dist{std::log(ns_per_item(backend, p) * 50), 1.0};
  for (std::int64_t i = 0; i < n; ++i) {
    const auto v = static_cast<std::int64_t>(dist(rng)) + 1;
    if (rate > 0) {
      h.record_corrected(v, 1'000'000'000 / rate);
    } else {
      h.record(v);
    }
  }
  r.latency_ns = std::move(h);
  r.bytes_per_process = 312.5;
  r.peak_rss_bytes = 64 << 20;
  r.extra["drain_rate"] = 1234.5;
  return r;
}

run_result picky(const std::string& backend, const run_params& p) {
  run_result r;
  if (backend == "os_threads") {
    r.unsupported = true;
    r.error = "needs selective receive";
  } else if (backend == "boost_fiber") {
    r.error = "verification failed: 3 messages lost";
  } else if (backend == "onetbb") {
    throw std::runtime_error("task arena exploded");
  } else {
    r.ok = true;
    r.items = static_cast<double>(p.get("n"));
    r.items_unit = "spawns";
    r.seconds = 0.001;
  }
  return r;
}

run_result flaky(const std::string&, const run_params&) {
  run_result r;
  if (flaky_calls.fetch_add(1) % 2 == 1) {
    r.error = "lost a message";
    return r;
  }
  r.ok = true;
  r.items = 1000;
  r.items_unit = "messages";
  r.seconds = 0.0001;
  return r;
}

}  // namespace

const std::vector<workload_info>& fake_workloads() {
  static const std::vector<workload_info> all = {
      {"counter",
       "counts items at a backend-specific speed",
       {{"items", "items to count", 1000, 10000, 100000}, {"width", "unused", 1, 2, 3}},
       &counter},
      {"latency",
       "records lognormal latencies",
       {{"messages", "latencies to record", 1000, 20000, 100000},
        {"rate", "offered rate per second (0: closed loop)", 0, 0, 0}},
       &latency},
      {"picky", "works on rt only", {{"n", "spawns", 10, 100, 1000}}, &picky},
      {"flaky", "fails every second call", {}, &flaky},
  };
  return all;
}

const std::vector<std::string>& fake_backends() {
  static const std::vector<std::string> all = {"rt", "os_threads", "boost_fiber", "onetbb"};
  return all;
}

const std::vector<unavailable_backend>& fake_unavailable_backends() {
  static const std::vector<unavailable_backend> all = {
      {"absent", "its library was not found when this binary was built"}};
  return all;
}

std::vector<std::pair<std::string, std::string>> fake_backend_settings(
    const std::vector<std::string>& backends, unsigned schedulers) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& b : backends) {
    if (b == "boost_fiber") out.emplace_back(b, "fibers x" + std::to_string(schedulers));
  }
  return out;
}

catalog fake_catalog() {
  return catalog{fake_workloads(), fake_backends(), fake_unavailable_backends(),
                 &fake_backend_settings};
}

void reset_fakes() {
  flaky_calls.store(0);
}

}  // namespace ab::testing
