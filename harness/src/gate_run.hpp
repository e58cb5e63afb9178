// How `actorbench gate` measures: every benchmark (a workload on a backend
// setup of the plan) and the calibration (calibration.hpp), repetition by
// repetition, interleaved across benchmarks rather than all repetitions of
// one benchmark in a row as `run` does.
//
// Order, for benchmarks B0..Bn-1 (every workload x setup of the plan):
//   warm-ups:  B0 .. Bn-1, each plan.warmups times, unmeasured
//   round r:   the calibration, then B(r mod n), B(r+1 mod n), ... B(r-1 mod n)
// A slow drift of a shared machine (a build starting beside it, thermal
// throttling) then lands on every benchmark and on the calibration alike,
// instead of on whichever benchmark happened to run during it; rotating the
// start keeps any one benchmark from always following the same other one.
//
// A benchmark that is unsupported or whose warm-up fails is not run again
// (its cell records why), as in run_suite (suite.hpp), whose results this
// returns so that results_json.hpp writes them.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "plan.hpp"
#include "suite.hpp"

namespace ab {

struct gate_measurement {
  suite_results results;
  std::vector<double> calibration;  // steps per second, one per round
  std::string calibration_error;    // non-empty: the calibration's check failed
};

// progress: where the "[round 3/9] ring on rt ... 0.41 s" lines go, or nullptr.
gate_measurement measure_interleaved(const suite_plan& plan, std::ostream* progress);

}  // namespace ab
