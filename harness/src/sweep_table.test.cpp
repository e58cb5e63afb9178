#include "sweep_table.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "fake_workloads.hpp"

namespace {

std::string table_for(const std::string& workload, std::vector<unsigned> schedulers) {
  ab::testing::reset_fakes();
  ab::sweep_options o;
  o.workloads = {workload};
  o.schedulers = std::move(schedulers);
  o.repetitions = 2;
  o.warmups = 0;
  auto plan = std::get<ab::suite_plan>(ab::make_sweep_plan(o, ab::testing::fake_catalog()));
  plan.cpus = 2;
  const auto results = ab::run_suite(plan, nullptr);
  std::ostringstream os;
  ab::print_sweep_table(os, plan.workloads[0], ab::summarize(results.workloads[0]), plan);
  return os.str();
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST(sweep_table, a_row_per_strategy_a_column_per_scheduler_count_and_the_fastest_of_each) {
  const std::string t = table_for("counter", {1, 2, 4});
  EXPECT_TRUE(contains(t,
                       "counter (items=1000, width=1) - size quick, 2 repetitions, rt pin off, "
                       "idle spin_then_park\n"))
      << t;
  EXPECT_TRUE(contains(t, "  median hops/s by strategy and schedulers\n")) << t;
  EXPECT_TRUE(contains(t,
                       "  strategy            1       2      4*\n"
                       "  work_stealing  50.0 M   100 M   100 M\n"
                       "  global_queue   25.0 M  50.0 M  50.0 M\n"
                       "  static         33.3 M  66.7 M  66.7 M\n"
                       "  balancing      41.7 M  83.3 M  83.3 M\n"))
      << t;
  EXPECT_TRUE(
      contains(t, "  fastest at 1: work_stealing; at 2: work_stealing; at 4*: work_stealing\n"))
      << t;
  EXPECT_TRUE(contains(t, "* oversubscribed: more schedulers than the 2 CPUs")) << t;
}

TEST(sweep_table, failed_cells_say_so_under_the_table) {
  const std::string t = table_for("flaky", {1, 2});
  EXPECT_TRUE(contains(t, "!")) << t;
  EXPECT_TRUE(contains(t, "repetitions failed; first: lost a message")) << t;
  EXPECT_FALSE(contains(t, "oversubscribed")) << t;
}

}  // namespace
