// Runs a suite_plan: for each workload, the warm-up runs of every backend
// setup (a backend with its settings: plan.hpp), then the repetitions,
// interleaved across setups.
//
// Order, for workload W and setups S0..Sn-1:
//   warm-ups:     S0 .. Sn-1 (each `warmups` times, unmeasured)
//   repetition r: S(r mod n), S(r+1 mod n), ... — rotating the start so that no
//                 setup always runs right after the same other one (a
//                 backend that leaves the machine hot, or its allocator
//                 fragmented, must not bias one particular neighbour).
// Interleaving, rather than all repetitions of one setup in a row, spreads
// slow drifts of the machine (thermal throttling, a noisy neighbour) over all
// setups instead of charging them to whichever ran during the drift.
//
// A setup that reports `unsupported`, or whose warm-up fails, is not run
// again for that workload (its cell records why: skipped_by). A failed
// repetition is recorded and the suite goes on. An exception from a
// workload's run() is caught and recorded as a failed run; a crash is not
// (runs share the process).
//
// Runs happen one at a time on the calling thread; the callbacks are called
// on it too.
#pragma once

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "plan.hpp"

namespace ab {

struct measured_run {
  run_result result;       // normalised: exactly one of ok, unsupported, error
  double cpu_seconds = 0;  // process CPU time, all threads, of the whole run() call
};

struct cell_results {  // one workload on one backend setup
  backend_setup setup;
  std::optional<measured_run> skipped_by;  // unsupported, or a failed warm-up
  std::vector<measured_run> repetitions;   // repetitions[i] is repetition i
};

struct workload_results {
  const planned_workload* workload = nullptr;
  std::vector<cell_results> cells;  // in the plan's setup order
};

struct suite_results {
  std::vector<workload_results> workloads;
  double wall_seconds = 0;
};

// Calls `w.info->run(s.backend, params_for(w, s))`, timing its CPU use, and
// normalises the result: an exception, an inconsistent result or a
// non-positive time becomes an error.
measured_run run_once(const planned_workload& w, const backend_setup& s);

// progress: where the "[3/32] ring on rt rep 2/5 ... 0.41 s" lines go, or
// nullptr. on_workload_done: called after each workload's last run.
suite_results run_suite(const suite_plan& plan, std::ostream* progress,
                        const std::function<void(const workload_results&)>& on_workload_done = {});

}  // namespace ab
