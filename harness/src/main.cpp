// actorbench: the benchmark CLI. Everything but the choice of workloads lives
// in the ab_harness library (cli.hpp); the workloads and backends come from
// whichever library defines ab::all_workloads() and ab::all_backends() —
// ab_workloads in the real binary, a fake set in actorbench_fake (tests).
#include <iostream>
#include <string>
#include <vector>

#include "cli.hpp"

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  const ab::catalog c{ab::all_workloads(), ab::all_backends(), ab::unavailable_backends(),
                      &ab::describe_backends};
  return ab::actorbench_main(args, c, std::cout, std::cerr, argc > 0 ? argv[0] : "actorbench");
}
