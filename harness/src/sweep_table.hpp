// The matrix `actorbench sweep` prints for each workload on stdout: median
// throughput by strategy (rows) and scheduler count (columns).
//
//   ring (hops=10000, ...) - size quick, 3 repetitions, rt pin off, idle spin_then_park
//   median hops/s by strategy and schedulers
//   strategy              1       2      4*
//   work_stealing    20.6 M  12.1 M   9.3 M
//   global_queue     19.8 M   191 k   180 k
//   fastest at 1: work_stealing; at 2: work_stealing; at 4*: work_stealing
//   * oversubscribed: more schedulers than the 2 CPUs this process may run on
//   ! static x4: 1 of 3 repetitions failed; first: lost a message
//
// A cell is FAILED or unsupported where no repetition succeeded, and ends in
// "!" where some failed (listed under the table).
#pragma once

#include <iosfwd>
#include <vector>

#include "plan.hpp"
#include "summary.hpp"

namespace ab {

void print_sweep_table(std::ostream& os, const planned_workload& w,
                       const std::vector<cell_summary>& cells, const suite_plan& plan);

}  // namespace ab
