#include "calibration.hpp"

#include <time.h>

namespace ab {

namespace {

// Knuth's MMIX linear congruential generator.
constexpr std::uint64_t multiplier = 6364136223846793005ULL;
constexpr std::uint64_t increment = 1442695040888963407ULL;
constexpr std::uint64_t seed = 0x9e3779b97f4a7c15ULL;

double thread_cpu_seconds() noexcept {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace

std::uint64_t calibration_jump(std::uint64_t x, std::uint64_t steps) noexcept {
  // x -> a x + c applied n times is x -> A x + C; square the map per bit of n.
  std::uint64_t a = multiplier, c = increment;  // the map for 2^k steps
  std::uint64_t total_a = 1, total_c = 0;       // the map for the bits seen so far
  for (; steps > 0; steps >>= 1) {
    if (steps & 1) {
      total_a *= a;
      total_c = total_c * a + c;
    }
    c = c * (a + 1);
    a *= a;
  }
  return total_a * x + total_c;
}

calibration_sample measure_calibration(std::uint64_t steps) {
  // Through a volatile, so the compiler cannot fold the loop into the jump.
  volatile std::uint64_t steps_in = steps;
  const std::uint64_t n = steps_in;
  std::uint64_t x = seed;
  const double start = thread_cpu_seconds();
  for (std::uint64_t i = 0; i < n; ++i) x = x * multiplier + increment;
  const double seconds = thread_cpu_seconds() - start;
  calibration_sample s;
  if (x != calibration_jump(seed, steps)) {
    s.error = "calibration: the arithmetic chain ended at the wrong value";
  } else if (!(seconds > 0)) {
    s.error = "calibration: the clock did not advance";
  } else {
    s.steps_per_second = static_cast<double>(steps) / seconds;
  }
  return s;
}

}  // namespace ab
