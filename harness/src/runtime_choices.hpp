// The rt settings the CLI offers besides the scheduler count: the scheduling
// strategy, pinning threads to cores, and the idle policy, by the runtime's
// own names and with rt::config's defaults.
//
// The strategies come from the runtime's one list (rt::all_strategies in
// rt/config.hpp): a strategy added there shows up in --help, in validation
// and in `sweep --strategy all` with no change to the harness.
//
// A setting reaches the rt backend through run_params (workloads/workload.hpp).
// It carries schedulers and strategy; pinning and the idle policy pass through
// only when run_params has fields for them (run_params_carry_pin_and_idle).
// Until it does, the CLI refuses a non-default --pin or --idle rather than
// record a setting that never applied.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "workloads/workload.hpp"

namespace ab {

// rt::all_strategies, as rt::to_string names them: work_stealing, ...
std::vector<std::string> strategy_names();
// spin_then_park, park.
std::vector<std::string> idle_policy_names();

bool is_strategy(std::string_view name) noexcept;
bool is_idle_policy(std::string_view name) noexcept;

// rt::config's defaults, by name.
std::string default_strategy_name();
std::string default_idle_name();
bool default_pin_threads() noexcept;

// "on" / "off", as --pin takes them.
inline constexpr std::string_view pin_on = "on";
inline constexpr std::string_view pin_off = "off";
std::string_view pin_name(bool pin) noexcept;

// Whether run_params has `bool pin_threads` and `std::string idle` (names as
// rt::parse_idle_policy reads them) for the rt backend.
template <class P>
concept carries_pin_and_idle = requires(P& p) {
  p.pin_threads = true;
  p.idle = std::string();
};
inline constexpr bool run_params_carry_pin_and_idle = carries_pin_and_idle<run_params>;

// Sets them where run_params has them; a no-op where it does not (the CLI has
// then refused anything but the defaults).
template <class P>
void set_pin_and_idle(P& p, bool pin_threads, const std::string& idle) {
  if constexpr (carries_pin_and_idle<P>) {
    p.pin_threads = pin_threads;
    p.idle = idle;
  } else {
    (void)p;
    (void)pin_threads;
    (void)idle;
  }
}

}  // namespace ab
