// `actorbench compare A.json B.json`: two result files side by side.
//
// Cells pair up by workload, backend, strategy and scheduler count (not by
// benchmark name, which carries the parameters: results at different sizes
// still compare by throughput, with a warning). For each pair: both medians
// and B/A, marked "~" where the min - max ranges over the repetitions overlap
// (a difference the repetitions do not resolve). Then the geometric mean of
// B/A over all pairs.
//
// When the hardware fingerprints differ (machine_fingerprint.hpp) it says in
// what, and ranks the strategies (and backends) by median throughput on each
// machine, per workload and scheduler count, over the setups both files ran:
// whether the order, and the winner, carry over from one machine to the other.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "results_file.hpp"

namespace ab {

// One workload at one scheduler count: the setups both files measured, fastest
// first on each.
struct ranking {
  std::string workload;
  unsigned schedulers = 0;
  std::vector<std::string> a;  // setup names ("work_stealing", or "rt work_stealing", "os_threads")
  std::vector<std::string> b;
};

std::vector<ranking> rankings(const results_file& a, const results_file& b);

// Writes the comparison as text.
void print_comparison(std::ostream& os, const results_file& a, const results_file& b);

}  // namespace ab
