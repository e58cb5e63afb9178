// A fixed CPU-bound calibration: how fast this machine runs one thread of
// plain arithmetic right now. `actorbench gate` measures it in every round of
// its repetitions, beside the workloads, and records it in the result file
// (context.calibration). Given --normalise, the gate scales the current
// throughputs by baseline calibration / current calibration, so that a
// machine that is uniformly slower (another CPU model, a slower cloud
// instance, frequency scaling) does not read as a regression of the code.
//
// What it measures: a dependent chain of 64-bit multiply-adds (a linear
// congruential generator), which no compiler can vectorise or shorten, with
// no memory traffic: core clock and pipeline only, timed in the thread's CPU
// time, so that the machine's speed enters and its load (other processes
// taking turns on the core) does not. What it does not: caches, memory
// bandwidth, the cost of synchronisation between cores.
//
// Verification: the chain's end is computed a second way, by jumping the
// generator ahead in O(log n) steps; a mismatch is a failed calibration.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace ab {

// About 20 ms on a 3 GHz core: short beside a workload, long beside the clock.
inline constexpr std::uint64_t calibration_steps = std::uint64_t{1} << 24;

struct calibration_sample {
  double steps_per_second = 0;  // per second of the thread's CPU time
  std::string error;  // non-empty: the check failed, steps_per_second means nothing
};

calibration_sample measure_calibration(std::uint64_t steps = calibration_steps);

// The generator after `steps` steps from `seed`, by jumping ahead.
std::uint64_t calibration_jump(std::uint64_t seed, std::uint64_t steps) noexcept;

}  // namespace ab
