// The table `actorbench run` prints for each workload on stdout:
//
//   ring (hops=1000000, n=1000) - size default, 5 repetitions, 2 schedulers
//   backend      throughput (median)  min – max          vs rt      per round    p50   …
//   rt               12.3 M hops/s    12.1 M – 12.5 M    1.00x  1.00 – 1.00x      -
//   os_threads        1.20 M hops/s   1.10 M – 1.30 M    0.10x  0.09 – 0.11x      …
//   boost_fiber  unsupported: needs selective receive
//
// "vs rt" is the backend's median over rt's; "per round" the range of the
// ratio within each repetition (the backends' runs of one repetition are
// interleaved, seconds apart), which says whether the order held every time.
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
