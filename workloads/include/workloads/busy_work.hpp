// A fixed amount of CPU work that the compiler cannot remove: the "work per
// message" of mailbox_flood and server_pool. One iteration is a xorshift step
// plus a multiply, a dependent chain of a few ns (2.5 on the 2-core Xeon of
// the reference results). Public because the beam backend times this very
// function to tell the Erlang workloads how long `work` iterations take
// (baselines/beam/src/runner.cpp).
#pragma once

#include <cstdint>

namespace ab {

inline std::uint64_t busy_work(std::uint64_t seed, std::int64_t iterations) noexcept {
  std::uint64_t x = seed | 1;
  for (std::int64_t i = 0; i < iterations; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    x *= 0x9E3779B97F4A7C15ull;
  }
  return x;
}

// A small per-actor random number generator (xorshift64*).
class fast_rng {
 public:
  explicit fast_rng(std::uint64_t seed) noexcept : s_(seed * 0x9E3779B97F4A7C15ull + 1) {}
  std::uint64_t next() noexcept {
    s_ ^= s_ >> 12;
    s_ ^= s_ << 25;
    s_ ^= s_ >> 27;
    return s_ * 0x2545F4914F6CDD1Dull;
  }
  // In [0, n), near enough uniform for picking peers.
  std::uint64_t below(std::uint64_t n) noexcept { return next() % n; }

 private:
  std::uint64_t s_;
};

}  // namespace ab
