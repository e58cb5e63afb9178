// The stress suite's own tests: its command line, and that its invariant
// checks catch a planted bug (a runtime that silently drops messages).
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "rt_stress/stress.hpp"

namespace {

using namespace std::chrono_literals;

stress::options parsed(const std::vector<std::string>& args) {
  auto r = stress::parse_options(args);
  if (auto* e = std::get_if<stress::usage_error>(&r)) ADD_FAILURE() << e->message;
  return std::get<stress::options>(r);
}

std::string error_of(const std::vector<std::string>& args) {
  auto r = stress::parse_options(args);
  if (auto* e = std::get_if<stress::usage_error>(&r)) return e->message;
  return "(no error)";
}

TEST(stress_options, take_a_seed_a_duration_and_a_list_of_scenarios) {
  const auto o = parsed({"--seed", "42", "--duration=1500ms", "--scenario", "mix,cascade,mix", "--size", "quick"});
  EXPECT_EQ(o.seed, 42u);
  EXPECT_EQ(o.duration, 1500ms);
  EXPECT_EQ(o.scenarios, (std::vector<std::string>{"mix", "cascade"}));
  EXPECT_EQ(o.size, stress::size_class::quick);
  EXPECT_EQ(parsed({"--duration", "2m"}).duration, 120s);
  EXPECT_EQ(parsed({"--duration", "7"}).duration, 7s);
}

TEST(stress_options, name_what_is_wrong_in_one_line) {
  EXPECT_EQ(error_of({"--scenario", "nope"}),
            "unknown scenario 'nope' (scenarios: mix, crash_storm, cascade, overload, scale, fairness)");
  EXPECT_EQ(error_of({"--seed", "-1"}), "--seed must be a non-negative integer, not '-1'");
  EXPECT_EQ(error_of({"--duration", "0"}), "--duration must be a positive time such as 10, 10s, 500ms or 2m, not '0'");
  EXPECT_EQ(error_of({"--size", "huge"}), "--size must be quick, default or large, not 'huge'");
  EXPECT_EQ(error_of({"--frobnicate"}), "unknown option --frobnicate (see --help)");
  EXPECT_EQ(error_of({"--seed"}), "--seed needs a value");
  EXPECT_EQ(error_of({"mix"}), "unexpected argument 'mix' (options start with --)");
}

TEST(stress_command, answers_bad_input_with_status_2_and_one_line) {
  std::ostringstream out, err;
  EXPECT_EQ(stress::main("rt_stress", {"--scenario", "nope"}, out, err), stress::exit_usage);
  const std::string e = err.str();
  EXPECT_EQ(e.find("rt_stress: unknown scenario 'nope'"), 0u) << e;
  EXPECT_EQ(std::count(e.begin(), e.end(), '\n'), 1);
  EXPECT_TRUE(out.str().empty());
}

TEST(stress_command, prints_the_seed_and_passes_on_a_correct_runtime) {
  std::ostringstream out, err;
  const int status = stress::main("rt_stress", {"--scenario", "mix", "--seed", "7", "--duration", "1s", "--schedulers", "2"},
                                  out, err);
  EXPECT_EQ(status, stress::exit_ok) << out.str();
  EXPECT_NE(out.str().find("seed 7"), std::string::npos);
  EXPECT_NE(out.str().find("ops.send_data"), std::string::npos);
  EXPECT_EQ(out.str().find("VIOLATION"), std::string::npos) << out.str();
}

// The planted bug: the runtime silently drops one message in 50. The mix must
// notice (a gap in some pair's sequence, or a receiver short of messages),
// report it with the pids involved and the seed, and exit with status 1.
TEST(stress_command, catches_a_runtime_that_silently_drops_messages) {
  std::ostringstream out, err;
  const int status = stress::main(
      "rt_stress", {"--scenario", "mix", "--seed", "7", "--duration", "1s", "--schedulers", "2", "--plant-drop-one-in", "50"},
      out, err);
  EXPECT_EQ(status, stress::exit_violation);
  EXPECT_NE(out.str().find("VIOLATION: exactly-once"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("lost"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("to repeat the run: --seed 7"), std::string::npos) << out.str();
}

}  // namespace
