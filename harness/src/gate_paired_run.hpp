// How `actorbench gate --baseline-exe` measures: two builds of actorbench,
// the baseline and the current one, on the same benchmarks in the same
// rounds, so that whatever the machine does meanwhile (a slower half hour, a
// neighbour's build) falls on both alike. A baseline recorded earlier
// (gate_run.hpp, --baseline FILE) cannot tell a machine that has since become
// slower from a slower build; a baseline measured beside the current build
// can (ci/README.md has the figures).
//
// Each run is a subprocess, of either build alike:
//   EXE run --workload W --backend B --schedulers N --strategy S --pin P
//       --idle I --size Z [--param W.NAME=VALUE...] --repetitions 1
//       --warmups K --json SCRATCH/run.json --quiet
// so neither build runs in a process that the other's runs have warmed up,
// and the baseline build needs nothing newer than `run --json`. K is the
// plan's warm-ups: each measured run follows that many unmeasured ones in
// the same process. Only the size and the --param overrides given to the
// gate are passed on, not every resolved value, so that a build whose
// workload has a parameter the other lacks still runs.
//
// Order, for benchmarks B0..Bn-1 (every workload x setup of the plan):
//   round r:  the calibration (calibration.hpp, in this process), then
//             B(r mod n), B(r+1 mod n), ... B(r-1 mod n), each on both builds
// The builds alternate pair by pair, ABBA: pair p (counting over all rounds)
// runs the baseline first when p is even, the current build first when it
// is odd, so that a drift within a round cancels and neither build always
// runs just after the other's run of the same benchmark.
//
// A run that fails (exit status 1, or a signal) is a failed repetition of
// that build; a benchmark that is unsupported is not run again. A build that
// refuses the command line (exit status 2: an unknown workload or option)
// stops the measuring: `usage_error` says which build and why.
#pragma once

#include <iosfwd>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gate_run.hpp"
#include "options.hpp"
#include "plan.hpp"

namespace ab {

struct paired_builds {
  std::string baseline;  // executables
  std::string current;
  // The gate's --clock, passed to both builds unless it is "auto" (the
  // default, which a baseline build older than the option also takes).
  std::string clock = "auto";
};

struct paired_measurement {
  gate_measurement baseline, current;  // the same calibration samples on both
  // Each build's context as its first result file gave it (its build type,
  // flags, git commit); null when it wrote none.
  nlohmann::json baseline_context, current_context;
  std::string usage_error;  // non-empty: a build refused the command; nothing else is valid
};

// overrides: the gate's --param values; scratch: a directory for each run's
// result file and output; progress: where the "[round 3/9] ring on rt,
// baseline ... 0.41 s" lines go, or nullptr.
paired_measurement measure_paired(const suite_plan& plan,
                                  const std::vector<param_override>& overrides,
                                  const paired_builds& builds, const std::string& scratch,
                                  std::ostream* progress);

// The argv of one run of w on s by `executable` (argv[0]), as
// run_program (subprocess.hpp) takes it.
std::vector<std::string> paired_run_command(const std::string& executable,
                                            const planned_workload& w, const backend_setup& s,
                                            const suite_plan& plan,
                                            const std::vector<param_override>& overrides,
                                            const std::string& json_path,
                                            const std::string& clock = "auto");

}  // namespace ab
