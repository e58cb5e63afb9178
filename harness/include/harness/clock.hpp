// The timestamp clock: what every workload reads to time a message, a spawn
// or a round trip, on every backend, so that latencies compare.
//
// Design
//   A workload reads the clock once or twice for each item it times, so the
//   clock's own cost is charged to every item, on every backend alike. Where
//   that cost is as large as the work measured, it hides the difference
//   between the backends: on a KVM guest, std::chrono::steady_clock is the
//   vDSO's kvm-clock read (a fenced TSC read, then the pvclock page's
//   sequence check and scaling), 26 to 46 ns on the 2-core reference machine
//   depending on the host's load, while an rdtsc costs 11 to 21 ns. A message
//   hop on rt costs about 30 ns.
//
//   So timestamp_ns() reads the TSC and scales it to nanoseconds on
//   steady_clock's epoch, where select_clock() found it safe to: the CPU says
//   the TSC is invariant (constant rate, running in every power state; CPUID
//   0x80000007 EDX bit 8), and a warp check finds no CPU this process may
//   run on whose TSC goes backwards against the first one's across a
//   handoff (the check Linux runs at boot, check_tsc_warp, which likewise
//   pairs each CPU with one). Elsewhere it reads steady_clock.
//   Until select_clock() is called, and in programs that never call it,
//   timestamp_ns() reads steady_clock.
//
//   The scale is measured against steady_clock over a calibration interval
//   (calibration_time in clock.cpp), so the two clocks run at the same rate
//   to a few parts per million and start on the same epoch; they drift
//   apart slowly after (NTP may slew steady_clock), so a deadline in
//   timestamp_ns() time is waited for as a delay from now, not as an
//   absolute steady_clock time.
//
// Ordering: the read is a plain rdtsc, which the CPU may execute a little
// ahead of the instructions before it. rdtscp or lfence;rdtsc would wait for
// them, but that wait is most of the cost: timed in the suite, fan_in on rt
// read 8.4 M messages/s with steady_clock, 8.4 with rdtscp (so no gain) and
// 14 to 15 with rdtsc; ping_pong 10.4, 10.6 and 14 M round trips/s. What it
// costs in accuracy: between two threads handing a stamp back and forth (a
// spin loop, the worst case for running ahead), about 1 read in a million
// came out before the stamp it had already seen, by up to 100 ns; none did
// with rdtscp. A latency histogram of three significant digits does not
// move for that. The warp check and the calibration, which must not be
// fooled, read lfence;rdtsc.
//
// Threads: select_clock() must run before any thread reads the clock, and not
// while one does (the harness calls it before it starts a run); the scale it
// writes is then read-only, published to the threads a run starts by their
// creation.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#define AB_CLOCK_HAS_TSC 1
#else
#define AB_CLOCK_HAS_TSC 0
#endif

namespace ab {

enum class clock_source { steady, tsc };

// What select_clock chose, for the results' context and the CLI's header.
struct clock_choice {
  clock_source source = clock_source::steady;
  std::string description;  // "tsc (2096.0 MHz, no warp between 2 CPUs)"
};

// The source a clock_choice::description names, as results record it; an
// empty description (results written before the clock was recorded) read
// steady_clock.
inline clock_source source_of_description(std::string_view description) noexcept {
  return description.rfind("tsc", 0) == 0 ? clock_source::tsc : clock_source::steady;
}

// The choices select_clock accepts, for help text and error messages.
inline constexpr std::string_view clock_choices = "auto, tsc, steady";
inline bool is_clock_choice(std::string_view s) noexcept {
  return s == "auto" || s == "tsc" || s == "steady";
}

// Chooses the clock timestamp_ns() reads: "steady"; "tsc", which is an error
// where the TSC is unsafe; "auto", the TSC where safe, else steady. Returns
// the choice, or a one-line error: after an unknown name nothing changes,
// after a refused "tsc" timestamp_ns() reads steady_clock. The checks and the
// calibration take about 25 ms on 2 CPUs.
std::variant<clock_choice, std::string> select_clock(std::string_view request);

// The clock timestamp_ns() reads now.
clock_choice current_clock();

namespace detail {
// ns = base_ns + (tsc - base_tsc) * ns_per_tick; ns_per_tick == 0: steady_clock.
// Ticks count from the calibration, so a double holds them exactly for 2^53
// ticks (50 days at 2 GHz) and the product to well under a nanosecond.
struct tsc_scale {
  std::int64_t base_ns = 0;
  std::uint64_t base_tsc = 0;
  double ns_per_tick = 0;
};
extern tsc_scale the_tsc_scale;

inline std::int64_t steady_ns() noexcept {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
}  // namespace detail

// Nanoseconds on steady_clock's epoch, from the clock select_clock chose.
inline std::int64_t timestamp_ns() noexcept {
#if AB_CLOCK_HAS_TSC
  const detail::tsc_scale& s = detail::the_tsc_scale;
  if (s.ns_per_tick != 0) {
    // Signed: a read on a CPU whose TSC is a little behind the one that
    // calibrated may fall just before base_tsc.
    const auto ticks = static_cast<std::int64_t>(__rdtsc() - s.base_tsc);
    return s.base_ns + static_cast<std::int64_t>(static_cast<double>(ticks) * s.ns_per_tick);
  }
#endif
  return detail::steady_ns();
}

}  // namespace ab
