// `actorbench gate`: the command around gate.hpp (the verdict) and
// gate_run.hpp (the measuring).
//
//   gate --baseline B --current C   compares two result files; runs nothing
//   gate --baseline B               runs the suite now (interleaved, with the
//                                   calibration), compares it with B, and
//                                   measures every suspected regression again
//                                   before failing: only a regression that the
//                                   confirming run shows too fails the gate
//   gate --baseline DIR ...         DIR/<machine slug>/gate.json: the committed
//                                   reference of the machine it runs on
//                                   (results/reference/xeon-2c/gate.json)
//   gate --baseline-exe EXE         the paired mode (gate_paired_run.hpp):
//                                   runs the suite on the build EXE and on
//                                   this one (or --current-exe) in the same
//                                   rounds and compares the two; the
//                                   confirming run is paired too
//   gate --json FILE [--baseline B] also writes what it ran, as a result file
//                                   with the calibration: how baselines are
//                                   recorded (paired: the baseline build's
//                                   results beside it, FILE.baseline.json)
//
// Exit status: 0 no confirmed regression; 1 a confirmed regression, or a
// benchmark that failed to run; 2 bad command line or input (a file that
// does not read, a benchmark of the baseline that the current results lack,
// too few repetitions).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "catalog.hpp"
#include "options.hpp"

namespace ab {

int gate_command(const gate_options& options, const std::vector<std::string>& args,
                 const catalog& c, std::ostream& out, std::ostream& err,
                 const std::string& executable);

}  // namespace ab
