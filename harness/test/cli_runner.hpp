// Runs the actorbench CLI in-process over the fake workloads (fake_workloads.hpp)
// and captures what it prints: the CLI tests' one way in.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "cli.hpp"
#include "fake_workloads.hpp"

namespace ab::testing {

struct cli_outcome {
  int status;
  std::string out;
  std::string err;
};

inline cli_outcome run_cli(const std::vector<std::string>& args) {
  reset_fakes();
  std::ostringstream out, err;
  const int status = actorbench_main(args, fake_catalog(), out, err);
  return {status, out.str(), err.str()};
}

}  // namespace ab::testing
