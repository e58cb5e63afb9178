// crash_storm on its own: supervised workers under steady load, a share of
// them crashed every second (the design is at the top of crash_storm.cpp).
// The stress suite runs it as a scenario; the workloads run it as the
// crash_storm workload on rt.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "rt/config.hpp"

namespace stress {

struct crash_storm_params {
  std::size_t workers = 64;
  std::size_t clients = 0;  // 0: two per scheduler
  std::chrono::milliseconds duration{5000};
  std::uint64_t seed = 1;
};

struct crash_storm_result {
  double seconds = 0;           // the whole run, start-up and checks included
  double load_seconds = 0;      // while the clients were calling
  std::uint64_t calls = 0;      // calls completed
  std::uint64_t restarts = 0;   // by the supervisor
  std::uint64_t crashed = 0;    // workers ordered to crash
  std::uint64_t crash_rounds = 0;
  std::uint64_t failed_calls = 0;  // calls to a worker that was crashed
  std::uint64_t unavailable = 0;   // lookups that found no worker (restarting)
  double steady_rate = 0;          // calls/s before the first crash (median 50 ms window)
  double lowest_rate = 0;          // the lowest 50 ms window within 0.5 s after a crash
  std::vector<double> recovery_seconds;  // crash order to replacement registered, per crash
  std::vector<std::string> violations;
};

// Runs it on a runtime with `cfg`; never throws for a violation (see .violations).
crash_storm_result crash_storm(const rt::config& cfg, const crash_storm_params& p);

}  // namespace stress
