// actorbench's commands — help, list, run — over a catalog of workloads and
// backends given by the caller (main passes ab::all_workloads(); the tests
// pass fakes). Output goes to the streams given: tables and listings to `out`,
// progress, warnings and errors to `err`.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "catalog.hpp"

namespace ab {

inline constexpr int exit_success = 0;
inline constexpr int exit_run_failed = 1;  // a run failed, or the results could not be written
inline constexpr int exit_usage = 2;       // bad command line: nothing ran, no file written

// args excludes the program name; executable is argv[0] (recorded in results).
int actorbench_main(const std::vector<std::string>& args, const catalog& c, std::ostream& out,
                    std::ostream& err, const std::string& executable = "actorbench");

// The listing of `actorbench list`.
void print_catalog(std::ostream& out, const catalog& c);

}  // namespace ab
