// The stress suite: scenarios that drive the runtime through crashes,
// overload and scale, checking invariants as they go.
//
// A library that depends on the runtime alone, so that it builds in every
// preset (the sanitizer presets build only the runtime): `rt_stress` (the
// ctest entries run it) and `actorbench stress` both call stress::main.
//
// Scenarios (stress::scenario_names()):
//   mix          randomised operations with invariant checks (mix.cpp)
//   crash_storm  supervised workers under load, a share crashed each second
//   cascade      a tree of linked processes killed at the root
//   overload     floods with and without a mailbox limit
//   scale        many live processes, a message flood, a spawn storm
//   fairness     a ping probe's latency while CPU-bound processes run
#pragma once

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace stress {

enum class size_class { quick, standard, large };  // "quick", "default", "large"

struct options {
  std::uint64_t seed = 0;  // set by parse_options (from the clock when --seed is not given)
  std::chrono::milliseconds duration{10'000};  // for the timed scenarios (mix, crash_storm)
  std::vector<std::string> scenarios;          // in the order given; empty: every scenario
  size_class size = size_class::standard;
  unsigned schedulers = 0;                     // 0: one per CPU
  // A planted bug, for the suite's own test: the runtime silently drops one
  // message in N (rt::config::test_drop_one_in). 0: none.
  std::uint32_t drop_one_in = 0;
  bool help = false;
};

// One line, starting "stress:" (the caller prefixes its command name).
struct usage_error {
  std::string message;
};

const std::vector<std::string>& scenario_names();
std::variant<options, usage_error> parse_options(const std::vector<std::string>& args);
std::string usage_text(const std::string& command);

// Exit statuses.
inline constexpr int exit_ok = 0;
inline constexpr int exit_violation = 1;
inline constexpr int exit_usage = 2;

// Runs the scenarios; results and violations to `out`, progress to `err`.
// Returns exit_ok, or exit_violation if any invariant was broken.
int run(const options& o, std::ostream& out, std::ostream& err);

// Parses args (without the program or command name) and runs; `command`
// prefixes messages ("actorbench stress", "rt_stress").
int main(const std::string& command, const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace stress
