// Runtime configuration. Every field has a default from defaults.hpp; the
// values in force are reported by runtime::describe() and recorded in results.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>

#include "rt/defaults.hpp"

namespace rt {

// How runnable processes are shared between schedulers (strategy.hpp).
enum class strategy_kind : std::uint8_t {
  work_stealing,  // per-scheduler queues; an idle scheduler steals half of a busy one's
  global_queue,   // one shared queue for all schedulers
  static_placement,  // a process stays on the scheduler it was placed on at spawn
  balancing,         // work_stealing plus periodic migration from long queues to short ones (BEAM-like)
};

// Every strategy, in a fixed order: the one list that tools and tests iterate.
inline constexpr strategy_kind all_strategies[] = {strategy_kind::work_stealing, strategy_kind::global_queue,
                                                   strategy_kind::static_placement, strategy_kind::balancing};

// What an idle scheduler does before sleeping.
enum class idle_policy : std::uint8_t {
  spin_then_park,  // look for work for config::spin, then sleep
  park,            // sleep at once
};

// Every idle policy, in a fixed order: the one list that tools iterate.
inline constexpr idle_policy all_idle_policies[] = {idle_policy::spin_then_park, idle_policy::park};

std::string_view to_string(strategy_kind k) noexcept;
std::optional<strategy_kind> parse_strategy(std::string_view s) noexcept;
std::string_view to_string(idle_policy p) noexcept;
std::optional<idle_policy> parse_idle_policy(std::string_view s) noexcept;

// Thrown by the runtime's constructor for a configuration it cannot run.
class config_error : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct config {
  unsigned schedulers = std::thread::hardware_concurrency();
  bool pin_threads = false;  // pin scheduler i to CPU i (mod the CPUs available)
  std::uint32_t reductions = defaults::reductions;
  strategy_kind strategy = strategy_kind::work_stealing;
  idle_policy idle = idle_policy::spin_then_park;
  std::chrono::microseconds spin = defaults::idle_spin;
  std::size_t max_processes = defaults::max_processes;
  std::size_t default_max_heap = 0;  // bytes; 0 = unlimited
  // A planted bug, for testing the tests (the stress suite must catch it):
  // silently drop one message in N sent between processes or from outside.
  // Signals (links, monitors, exits) are not touched. 0, the default: never.
  std::uint32_t test_drop_one_in = 0;

  // Throws config_error naming the first bad field.
  void validate() const;
};

}  // namespace rt
