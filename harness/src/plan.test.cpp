#include "plan.hpp"

#include <gtest/gtest.h>

#include <variant>

#include "fake_workloads.hpp"

namespace {

std::variant<ab::suite_plan, ab::usage_error> plan_for(const std::vector<std::string>& args) {
  const auto c = ab::testing::fake_catalog();
  auto parsed = ab::parse_command_line(args, c);
  if (auto* e = std::get_if<ab::usage_error>(&parsed)) return *e;
  return ab::make_plan(std::get<ab::cli_options>(parsed).run, c);
}

ab::suite_plan planned(const std::vector<std::string>& args) {
  auto r = plan_for(args);
  if (auto* e = std::get_if<ab::usage_error>(&r)) ADD_FAILURE() << e->message;
  return std::holds_alternative<ab::suite_plan>(r) ? std::get<ab::suite_plan>(r) : ab::suite_plan{};
}

std::string error_of(const std::vector<std::string>& args) {
  auto r = plan_for(args);
  if (!std::holds_alternative<ab::usage_error>(r)) {
    ADD_FAILURE() << "planned without an error";
    return {};
  }
  return std::get<ab::usage_error>(r).message;
}

TEST(plan, by_default_every_workload_runs_on_every_backend_with_the_default_sizes) {
  const auto p = planned({"run"});
  ASSERT_EQ(p.workloads.size(), 4u);
  EXPECT_EQ(p.workloads[0].info->name, "counter");
  EXPECT_EQ(p.workloads[0].params.get("items"), 10000);
  EXPECT_EQ(p.workloads[1].params.get("messages"), 20000);
  EXPECT_EQ(p.backends(), ab::testing::fake_backends());
  ASSERT_EQ(p.setups.size(), 4u);
  EXPECT_EQ(p.setups[0].schedulers, ab::default_schedulers());
  EXPECT_EQ(p.setups[0].strategy, "work_stealing");
  EXPECT_FALSE(p.sweep);
}

TEST(plan, the_size_picks_each_parameters_default) {
  EXPECT_EQ(planned({"run", "--size", "quick"}).workloads[0].params.get("items"), 1000);
  EXPECT_EQ(planned({"run", "--size", "large"}).workloads[0].params.get("items"), 100000);
}

TEST(plan, a_parameter_applies_to_every_selected_workload_that_has_it) {
  const auto p = planned({"run", "--workload", "latency,counter", "--param", "items=7", "--param",
                          "rate=1000", "--schedulers", "3", "--strategy", "global_queue"});
  ASSERT_EQ(p.workloads.size(), 2u);
  EXPECT_EQ(p.workloads[0].info->name, "latency");
  EXPECT_EQ(p.workloads[0].params.get("rate"), 1000);
  EXPECT_EQ(p.workloads[1].params.get("items"), 7);
  const auto params = ab::params_for(p.workloads[1], p.setups[0]);
  EXPECT_EQ(params.schedulers, 3u);
  EXPECT_EQ(params.strategy, "global_queue");
  EXPECT_EQ(params.get("items"), 7);
}

TEST(plan, a_scoped_parameter_applies_to_its_workload_only_and_the_last_one_wins) {
  const auto p = planned({"run", "--param", "counter.items=5", "--param", "counter.items=6"});
  EXPECT_EQ(p.workloads[0].params.get("items"), 6);
}

TEST(plan, an_unknown_parameter_names_the_valid_ones) {
  const std::string e = error_of({"run", "--workload", "counter", "--param", "rate=5"});
  EXPECT_NE(e.find("unknown parameter 'rate' for counter (valid: items, width)"), std::string::npos)
      << e;
  const std::string scoped = error_of({"run", "--param", "picky.items=5"});
  EXPECT_NE(scoped.find("unknown parameter 'items' for picky (valid: n)"), std::string::npos)
      << scoped;
}

TEST(plan, a_scoped_parameter_of_a_workload_not_selected_is_an_error) {
  const std::string e = error_of({"run", "--workload", "counter", "--param", "latency.rate=5"});
  EXPECT_NE(e.find("not selected (selected: counter)"), std::string::npos) << e;
}

TEST(plan, a_binary_without_workloads_refuses_to_run) {
  const std::vector<ab::workload_info> none;
  const std::vector<std::string> backends{"rt"};
  auto r = ab::make_plan(ab::run_options{}, ab::catalog{none, backends});
  ASSERT_TRUE(std::holds_alternative<ab::usage_error>(r));
  EXPECT_NE(std::get<ab::usage_error>(r).message.find("no workloads"), std::string::npos);
}

ab::suite_plan sweep_planned(const std::vector<std::string>& args) {
  const auto c = ab::testing::fake_catalog();
  auto parsed = ab::parse_command_line(args, c);
  if (auto* e = std::get_if<ab::usage_error>(&parsed)) {
    ADD_FAILURE() << e->message;
    return {};
  }
  auto r = ab::make_sweep_plan(std::get<ab::cli_options>(parsed).sweep, c);
  if (auto* e = std::get_if<ab::usage_error>(&r)) {
    ADD_FAILURE() << e->message;
    return {};
  }
  return std::get<ab::suite_plan>(r);
}

TEST(plan, a_sweep_runs_rt_with_every_strategy_at_every_scheduler_count_strategy_major) {
  const auto p = sweep_planned({"sweep", "--strategy", "static,global_queue", "--schedulers", "1,4",
                                "--workload", "counter"});
  EXPECT_TRUE(p.sweep);
  ASSERT_EQ(p.setups.size(), 4u);
  EXPECT_EQ(p.backends(), (std::vector<std::string>{"rt"}));
  EXPECT_EQ(p.strategies(), (std::vector<std::string>{"static", "global_queue"}));
  EXPECT_EQ(p.scheduler_counts(), (std::vector<unsigned>{1, 4}));
  EXPECT_EQ(p.setups[1].strategy, "static");
  EXPECT_EQ(p.setups[1].schedulers, 4u);
  EXPECT_EQ(p.setups[2].strategy, "global_queue");
  EXPECT_EQ(p.label(p.setups[1]), "rt static x4");
  EXPECT_EQ(p.file_key(p.setups[1]), "rt.static.s4");
  EXPECT_EQ(p.size, ab::size_class::quick);
  EXPECT_EQ(p.repetitions, ab::default_sweep_repetitions);
}

TEST(plan, a_sweep_defaults_to_every_strategy_over_the_default_counts) {
  const auto p = sweep_planned({"sweep"});
  EXPECT_EQ(p.strategies(), ab::strategy_names());
  EXPECT_EQ(p.scheduler_counts(), ab::default_sweep_schedulers(p.cpus));
  EXPECT_EQ(p.workloads.size(), 4u);
  ab::backend_setup s;
  s.schedulers = p.cpus + 1;
  EXPECT_TRUE(p.oversubscribed(s));
  s.schedulers = p.cpus;
  EXPECT_FALSE(p.oversubscribed(s));
}

TEST(plan, a_run_labels_setups_by_their_backend) {
  const auto p = planned({"run", "--backend", "onetbb"});
  EXPECT_EQ(p.label(p.setups[0]), "onetbb");
  EXPECT_EQ(p.file_key(p.setups[0]), "onetbb");
}

TEST(plan, a_binary_without_rt_cannot_sweep) {
  const std::vector<std::string> backends{"os_threads"};
  auto r = ab::make_sweep_plan(ab::sweep_options{},
                               ab::catalog{ab::testing::fake_workloads(), backends});
  ASSERT_TRUE(std::holds_alternative<ab::usage_error>(r));
  EXPECT_EQ(std::get<ab::usage_error>(r).message,
            "actorbench sweep: this binary has no rt backend to sweep (backends: os_threads)");
}

}  // namespace
