// Fake workloads for the harness's tests: fast, deterministic, and covering
// every outcome a real workload can report (figures, latencies, memory,
// unsupported, failed, thrown, flaky). The same set backs actorbench_fake,
// the CLI binary the tests run as a subprocess.
#pragma once

#include <string>
#include <vector>

#include "catalog.hpp"

namespace ab::testing {

// counter   items/s only; rt is 10x faster than os_threads (with work_stealing
//           on 2 or more schedulers; half as fast on 1, and slower with the
//           other strategies: global_queue 2x, static 1.5x, balancing 1.2x);
//           AB_FAKE_SLOWER=F in the environment makes it F times slower (a
//           slower build, for the paired gate).
// latency   latencies (open loop with --param rate=N > 0), bytes_per_process,
//           peak_rss_bytes, an extra figure.
// picky     rt ok; os_threads unsupported; boost_fiber fails; onetbb throws.
// flaky     every second call fails (counting from reset_fakes()).
const std::vector<workload_info>& fake_workloads();
const std::vector<std::string>& fake_backends();  // rt, os_threads, boost_fiber, onetbb
// "absent": a backend whose library was not found, as caf or beam can be.
const std::vector<unavailable_backend>& fake_unavailable_backends();
// Settings recorded for boost_fiber, as the real catalog records caf's and beam's.
std::vector<std::pair<std::string, std::string>> fake_backend_settings(
    const std::vector<std::string>& backends, unsigned schedulers);
catalog fake_catalog();

void reset_fakes();

}  // namespace ab::testing
