// The table `actorbench run` prints for each workload on stdout:
//
//   ring (hops=1000000, n=1000) - size default, 5 repetitions, 2 schedulers
//   backend      throughput (median)  min – max          vs rt    p50     p99   p99.9     max
//   rt               12.3 M hops/s    12.1 M – 12.5 M    1.00x      -       -       -       -
//   os_threads        1.20 M hops/s   1.10 M – 1.30 M    0.10x      …
//   boost_fiber  unsupported: needs selective receive
//
// Latency columns are shown when some backend measured latencies, memory
// columns (bytes per process, peak RSS) when some backend measured memory.
// Failures are listed under the table.
#pragma once

#include <iosfwd>
#include <vector>

#include "plan.hpp"
#include "summary.hpp"

namespace ab {

void print_table(std::ostream& os, const planned_workload& w,
                 const std::vector<cell_summary>& cells, const suite_plan& plan);

}  // namespace ab
