#include "calibration.hpp"

#include <chrono>

namespace ab {

namespace {

// Knuth's MMIX linear congruential generator.
constexpr std::uint64_t multiplier = 6364136223846793005ULL;
constexpr std::uint64_t increment = 1442695040888963407ULL;
constexpr std::uint64_t seed = 0x9e3779b97f4a7c15ULL;

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
  const auto start = std::chrono::steady_clock::now();
  for (std::uint64_t i = 0; i < n; ++i) x = x * multiplier + increment;
  const auto stop = std::chrono::steady_clock::now();
  calibration_sample s;
  const double seconds = std::chrono::duration<double>(stop - start).count();
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
