#include "harness/clock.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <variant>

namespace {

using ab::clock_choice;
using ab::clock_source;

// Each test starts and ends on steady_clock: the choice is process-wide, and
// other tests in this binary (the CLI's) select a clock too.
class timestamp_clock : public ::testing::Test {
 protected:
  void SetUp() override { (void)ab::select_clock("steady"); }
  void TearDown() override { (void)ab::select_clock("steady"); }

  // Selects the TSC, or skips where this machine cannot use it.
  void use_tsc_or_skip() {
    const auto chosen = ab::select_clock("tsc");
    if (const auto* e = std::get_if<std::string>(&chosen)) GTEST_SKIP() << *e;
    ASSERT_EQ(std::get<clock_choice>(chosen).source, clock_source::tsc);
  }
};

TEST_F(timestamp_clock, steady_reads_steady_clock) {
  EXPECT_EQ(ab::current_clock().source, clock_source::steady);
  const std::int64_t before = ab::detail::steady_ns();
  const std::int64_t t = ab::timestamp_ns();
  const std::int64_t after = ab::detail::steady_ns();
  EXPECT_LE(before, t);
  EXPECT_LE(t, after);
}

TEST_F(timestamp_clock, refuses_an_unknown_choice_naming_the_valid_ones) {
  const auto chosen = ab::select_clock("rdtsc");
  ASSERT_TRUE(std::holds_alternative<std::string>(chosen));
  EXPECT_EQ(std::get<std::string>(chosen), "unknown clock 'rdtsc' (valid: auto, tsc, steady)");
}

TEST_F(timestamp_clock, auto_says_what_it_chose_and_why) {
  const auto chosen = ab::select_clock("auto");
  ASSERT_TRUE(std::holds_alternative<clock_choice>(chosen));
  const auto& c = std::get<clock_choice>(chosen);
  if (c.source == clock_source::tsc) {
    EXPECT_EQ(c.description.rfind("tsc (", 0), 0u) << c.description;
    EXPECT_NE(c.description.find(" MHz, no warp between "), std::string::npos) << c.description;
  } else {
    // steady_clock with the TSC's fault in brackets.
    EXPECT_EQ(c.description.rfind("steady_clock (", 0), 0u) << c.description;
  }
  EXPECT_EQ(ab::current_clock().description, c.description);
}

// The TSC scaled to nanoseconds runs at steady_clock's rate: over 50 ms,
// within 0.1% (the calibration is good to parts per million). Each end is a
// TSC read bracketed by two steady reads, so a preemption between reads
// widens the bounds instead of failing the test.
TEST_F(timestamp_clock, tsc_keeps_steady_clocks_rate_and_epoch) {
  use_tsc_or_skip();
  const std::int64_t s0a = ab::detail::steady_ns();
  const std::int64_t t0 = ab::timestamp_ns();
  const std::int64_t s0b = ab::detail::steady_ns();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const std::int64_t s1a = ab::detail::steady_ns();
  const std::int64_t t1 = ab::timestamp_ns();
  const std::int64_t s1b = ab::detail::steady_ns();
  constexpr double rate_tolerance = 1e-3;
  constexpr std::int64_t read_slack_ns = 10'000;
  EXPECT_GE(t1 - t0, static_cast<std::int64_t>((s1a - s0b) * (1 - rate_tolerance)) - read_slack_ns);
  EXPECT_LE(t1 - t0, static_cast<std::int64_t>((s1b - s0a) * (1 + rate_tolerance)) + read_slack_ns);
  // The same epoch: a timestamp falls between the steady reads around it.
  EXPECT_GE(t0, s0a - read_slack_ns);
  EXPECT_LE(t0, s0b + read_slack_ns);
}

// Within a thread, reads come out in order (the thread may move between
// CPUs, hence the same slack as between threads).
TEST_F(timestamp_clock, tsc_never_goes_back_within_a_thread) {
  use_tsc_or_skip();
  constexpr std::int64_t slack_ns = 1'000;
  std::int64_t last = ab::timestamp_ns();
  for (int i = 0; i < 1'000'000; ++i) {
    const std::int64_t now = ab::timestamp_ns();
    ASSERT_GE(now, last - slack_ns) << "at read " << i;
    last = std::max(last, now);
  }
}

// A refused name changes nothing: the clock chosen before stays.
TEST_F(timestamp_clock, an_unknown_choice_changes_nothing) {
  const auto chosen = ab::select_clock("auto");
  ASSERT_TRUE(std::holds_alternative<clock_choice>(chosen));
  (void)ab::select_clock("rdtsc");
  EXPECT_EQ(ab::current_clock().description, std::get<clock_choice>(chosen).description);
}

// A latency measured across threads is not negative beyond the running ahead
// of a plain rdtsc (up to 100 ns, about once in a million reads): a stamp
// taken after seeing another thread's stamp is not earlier than it by more
// than the slack, so the CPUs' TSCs agree and the scale is the same.
TEST_F(timestamp_clock, tsc_stamps_handed_between_threads_stay_in_order) {
  use_tsc_or_skip();
  constexpr int handoffs = 5'000;
  // Both threads may share one CPU under a loaded ctest -j2: yield now and
  // then, so a handoff does not wait for a preemption.
  constexpr int spins_before_yield = 1'000;
  auto wait = [](int& spins) {
    if (++spins % spins_before_yield == 0) std::this_thread::yield();
  };
  constexpr std::int64_t reorder_slack_ns = 1'000;
  std::atomic<std::int64_t> stamp{-1};
  std::atomic<int> backwards{0};
  std::int64_t worst = 0;
  std::thread other([&] {
    for (int i = 0; i < handoffs; ++i) {
      std::int64_t seen;
      int spins = 0;
      while ((seen = stamp.load(std::memory_order_acquire)) < 0) wait(spins);
      const std::int64_t now = ab::timestamp_ns();
      if (now < seen - reorder_slack_ns) backwards.fetch_add(1, std::memory_order_relaxed);
      stamp.store(-1, std::memory_order_release);
    }
  });
  for (int i = 0; i < handoffs; ++i) {
    int spins = 0;
    while (stamp.load(std::memory_order_acquire) >= 0) wait(spins);
    const std::int64_t now = ab::timestamp_ns();
    worst = std::max(worst, now);
    stamp.store(now, std::memory_order_release);
  }
  other.join();
  EXPECT_EQ(backwards.load(), 0);
  EXPECT_GT(worst, 0);
}

TEST_F(timestamp_clock, a_description_names_its_source) {
  EXPECT_EQ(ab::source_of_description("tsc (2096.0 MHz, no warp between 2 CPUs)"),
            clock_source::tsc);
  EXPECT_EQ(ab::source_of_description("steady_clock (the CPU does not report an invariant TSC)"),
            clock_source::steady);
  EXPECT_EQ(ab::source_of_description(""), clock_source::steady);
}

TEST_F(timestamp_clock, steady_can_be_chosen_back) {
  (void)ab::select_clock("auto");
  const auto chosen = ab::select_clock("steady");
  ASSERT_TRUE(std::holds_alternative<clock_choice>(chosen));
  EXPECT_EQ(std::get<clock_choice>(chosen).description, "steady_clock");
  EXPECT_EQ(ab::current_clock().source, clock_source::steady);
}

}  // namespace
