#include "runtime_choices.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "rt/config.hpp"

namespace {

TEST(runtime_choices, every_strategy_of_the_runtime_is_offered_by_its_own_name) {
  const auto names = ab::strategy_names();
  ASSERT_EQ(names.size(), std::size(rt::all_strategies));
  for (const auto& n : names) {
    EXPECT_TRUE(ab::is_strategy(n)) << n;
    EXPECT_EQ(rt::to_string(*rt::parse_strategy(n)), n);
  }
  EXPECT_NE(std::find(names.begin(), names.end(), "work_stealing"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "static"), names.end());
  EXPECT_FALSE(ab::is_strategy("round_robin"));
}

TEST(runtime_choices, the_idle_policies_are_the_runtimes) {
  for (const auto& n : ab::idle_policy_names()) EXPECT_TRUE(ab::is_idle_policy(n)) << n;
  EXPECT_EQ(ab::idle_policy_names(), (std::vector<std::string>{"spin_then_park", "park"}));
  EXPECT_FALSE(ab::is_idle_policy("spin"));
}

TEST(runtime_choices, the_defaults_are_rt_configs) {
  EXPECT_EQ(ab::default_strategy_name(), rt::to_string(rt::config{}.strategy));
  EXPECT_EQ(ab::default_idle_name(), rt::to_string(rt::config{}.idle));
  EXPECT_EQ(ab::default_pin_threads(), rt::config{}.pin_threads);
  EXPECT_EQ(ab::pin_name(true), "on");
  EXPECT_EQ(ab::pin_name(false), "off");
}

struct with_fields {
  bool pin_threads = false;
  std::string idle;
};
struct without_fields {};

TEST(runtime_choices, pinning_and_idle_reach_run_params_that_have_fields_for_them) {
  static_assert(ab::carries_pin_and_idle<with_fields>);
  static_assert(!ab::carries_pin_and_idle<without_fields>);
  with_fields p;
  ab::set_pin_and_idle(p, true, "park");
  EXPECT_TRUE(p.pin_threads);
  EXPECT_EQ(p.idle, "park");
  without_fields q;
  ab::set_pin_and_idle(q, true, "park");  // compiles, does nothing
}

}  // namespace
