// crash_storm: supervised workers under steady load, a share of them crashed
// every second (the stress suite's scenario: rt_stress/crash_storm.hpp, where
// the design and the checks are described).
//
// It needs links, exit trapping and a supervisor, which only rt has: on the
// baselines it is unsupported. Items are completed calls; the extras are the
// supervisor's restarts, the recovery time and the dip in throughput after a
// crash. A run with any violation (a call lost by a worker that did not
// crash, a supervisor giving up, a leak) is an error.
#include <algorithm>

#include "catalog.hpp"
#include "dispatch.hpp"
#include "outcome.hpp"
#include "rt_stress/crash_storm.hpp"

namespace ab {

namespace {

constexpr std::uint64_t storm_seed = 1;

template <class B>
run_result run_on(const run_params& p) {
  if constexpr (B::name != backends::rt::backend::name) {
    return unsupported(std::string(B::name) + " has no links, exit trapping or supervisors");
  } else {
    auto configured = B::config_of(options_of(p));
    if (auto* e = std::get_if<std::string>(&configured)) return failed(*e);
    stress::crash_storm_params sp;
    sp.workers = static_cast<std::size_t>(p.get("workers"));
    sp.duration = std::chrono::milliseconds(p.get("duration_ms"));
    sp.seed = storm_seed;
    const stress::crash_storm_result s = stress::crash_storm(std::get<::rt::config>(configured), sp);
    if (!s.violations.empty()) {
      return failed(std::to_string(s.violations.size()) + " violation(s), the first: " + s.violations.front());
    }
    run_result r;
    r.ok = true;
    r.seconds = s.load_seconds;
    r.items = static_cast<double>(s.calls);
    r.items_unit = "calls";
    r.extra["restarts"] = static_cast<double>(s.restarts);
    r.extra["steady_calls_per_s"] = s.steady_rate;
    r.extra["dip_percent"] = s.steady_rate > 0 ? 100.0 * (1.0 - s.lowest_rate / s.steady_rate) : 0.0;
    if (!s.recovery_seconds.empty()) {
      auto rec = s.recovery_seconds;
      std::sort(rec.begin(), rec.end());
      r.extra["recovery_median_ms"] = 1e3 * rec[rec.size() / 2];
      r.extra["recovery_max_ms"] = 1e3 * rec.back();
    }
    return r;
  }
}

run_result run(const std::string& backend, const run_params& p) {
  return with_backend(backend, [&]<class B>() { return run_on<B>(p); });
}

}  // namespace

workload_info crash_storm_workload() {
  return {"crash_storm",
          "supervised workers under load, 10% crashed each second: calls/s, restarts, recovery, dip (rt only)",
          {{"workers", "supervised worker processes", 16, 64, 256},
           {"duration_ms", "how long the load runs, one crash round a second", 1500, 3000, 10000}},
          &run};
}

}  // namespace ab
