// The timestamp clock's choice: the TSC checks and the calibration. The
// design is in harness/clock.hpp.
#include "harness/clock.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

#if AB_CLOCK_HAS_TSC && defined(__linux__)
#define AB_CLOCK_CAN_CHECK_TSC 1
#include <cpuid.h>
#include <pthread.h>
#include <sched.h>
#endif

namespace ab {

namespace detail {
tsc_scale the_tsc_scale;
}  // namespace detail

namespace {

clock_choice the_choice{clock_source::steady, "steady_clock"};

#ifndef AB_CLOCK_CAN_CHECK_TSC
#define AB_CLOCK_CAN_CHECK_TSC 0
#endif

#if AB_CLOCK_CAN_CHECK_TSC

// How long the TSC is compared with steady_clock to find its rate. Each end
// is read to within about 50 ns, so the rate is good to a few parts per
// million: a few microseconds of disagreement after a second.
constexpr auto calibration_time = std::chrono::milliseconds(20);
// Reads of the pair (steady_clock, TSC) at each end of the calibration; the
// tightest is kept, so a preemption in one read does not skew the rate.
constexpr int calibration_tries = 7;
// Lock handoffs per thread in the warp check of one pair of CPUs.
constexpr int warp_check_rounds = 20'000;

bool tsc_is_invariant() {
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (__get_cpuid_max(0x80000000, nullptr) < 0x80000007) return false;
  __cpuid(0x80000007, eax, ebx, ecx, edx);
  constexpr unsigned invariant_tsc_bit = 1u << 8;
  return (edx & invariant_tsc_bit) != 0;
}

// The TSC, read after every instruction before it has executed (unlike
// timestamp_ns: see the header). lfence;rdtsc, as Linux's rdtsc_ordered,
// rather than rdtscp, which a CPU (or a hypervisor's CPUID) may lack.
std::uint64_t tsc_ordered() noexcept {
  _mm_lfence();
  return __rdtsc();
}

bool pin_to(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  return pthread_setaffinity_np(pthread_self(), sizeof set, &set) == 0;
}

// The CPUs this thread may run on (the threads a run starts inherit them).
std::vector<int> allowed_cpus() {
  std::vector<int> cpus;
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return cpus;
  for (int c = 0; c < CPU_SETSIZE; ++c) {
    if (CPU_ISSET(c, &set)) cpus.push_back(c);
  }
  return cpus;
}

// Linux's check_tsc_warp, for one pair (as Linux pairs each CPU with the
// boot CPU, each allowed CPU is paired with the first): two threads, one on each CPU, take
// turns under a lock, each reading the TSC and comparing it with the last
// value the other wrote. The lock orders the reads, so a later read that is
// smaller means the second CPU's TSC is behind the first's by more than one
// handoff. Returns an empty string, or what went wrong.
std::string warp_between(int first, int second) {
  std::atomic<bool> locked{false};
  std::atomic<int> ready{0};
  std::uint64_t last = 0;  // guarded by `locked`
  bool warped = false;     // guarded by `locked`
  bool pinned[2] = {true, true};
  auto body = [&](int slot, int cpu) {
    pinned[slot] = pin_to(cpu);
    ready.fetch_add(1, std::memory_order_relaxed);
    while (ready.load(std::memory_order_relaxed) < 2) {
    }
    for (int i = 0; i < warp_check_rounds; ++i) {
      // acquire: see the other thread's `last`; release below: publish ours.
      while (locked.exchange(true, std::memory_order_acquire)) {
      }
      const std::uint64_t now = tsc_ordered();
      if (now < last) warped = true;
      last = now;
      locked.store(false, std::memory_order_release);
    }
  };
  std::thread a(body, 0, first);
  std::thread b(body, 1, second);
  a.join();
  b.join();
  if (!pinned[0] || !pinned[1]) {
    return "could not pin a thread to CPU " + std::to_string(pinned[0] ? second : first) +
           " to compare the TSCs";
  }
  if (warped) {
    return "the TSCs of CPU " + std::to_string(first) + " and CPU " + std::to_string(second) +
           " disagree";
  }
  return {};
}

struct clock_pair {
  std::int64_t ns;
  std::uint64_t tsc;
};

clock_pair read_pair() {
  clock_pair best{};
  std::int64_t best_width = -1;
  for (int i = 0; i < calibration_tries; ++i) {
    const std::int64_t before = detail::steady_ns();
    const std::uint64_t tsc = tsc_ordered();
    const std::int64_t after = detail::steady_ns();
    if (best_width < 0 || after - before < best_width) {
      best_width = after - before;
      best = {before + (after - before) / 2, tsc};
    }
  }
  return best;
}

// The TSC scale, measured now, and its rate in MHz.
std::pair<detail::tsc_scale, double> calibrate() {
  const clock_pair start = read_pair();
  std::this_thread::sleep_for(calibration_time);
  const clock_pair end = read_pair();
  const auto ns = static_cast<double>(end.ns - start.ns);
  const auto ticks = static_cast<double>(end.tsc - start.tsc);
  detail::tsc_scale s;
  s.base_ns = end.ns;
  s.base_tsc = end.tsc;
  s.ns_per_tick = ns / ticks;
  return {s, ticks * 1e3 / ns};
}

// Empty when the TSC is safe to read on every CPU allowed; else why not.
std::string why_tsc_is_unsafe(std::size_t* cpus_checked) {
  if (!tsc_is_invariant()) return "the CPU does not report an invariant TSC";
  const std::vector<int> cpus = allowed_cpus();
  if (cpus.empty()) return "the CPUs this process may run on are unknown";
  for (std::size_t i = 1; i < cpus.size(); ++i) {
    std::string warp = warp_between(cpus.front(), cpus[i]);
    if (!warp.empty()) return warp;
  }
  *cpus_checked = cpus.size();
  return {};
}

#endif  // AB_CLOCK_CAN_CHECK_TSC

}  // namespace

std::variant<clock_choice, std::string> select_clock(std::string_view request) {
  if (!is_clock_choice(request)) {
    return "unknown clock '" + std::string(request) + "' (valid: " + std::string(clock_choices) +
           ")";
  }
  detail::the_tsc_scale = {};
  the_choice = {clock_source::steady, "steady_clock"};
  if (request == "steady") {
    the_choice = {clock_source::steady, "steady_clock"};
    return the_choice;
  }
#if AB_CLOCK_CAN_CHECK_TSC
  std::size_t cpus = 0;
  const std::string unsafe = why_tsc_is_unsafe(&cpus);
  if (unsafe.empty()) {
    const auto [scale, mhz] = calibrate();
    detail::the_tsc_scale = scale;
    char text[96];
    std::snprintf(text, sizeof text, "tsc (%.1f MHz, no warp between %zu CPUs)", mhz, cpus);
    the_choice = {clock_source::tsc, text};
    return the_choice;
  }
#else
  const std::string unsafe = "this is not an x86 CPU under Linux";
#endif
  if (request == "tsc") return "the TSC cannot be used: " + unsafe;
  the_choice = {clock_source::steady, "steady_clock (" + unsafe + ")"};
  return the_choice;
}

clock_choice current_clock() { return the_choice; }

}  // namespace ab
