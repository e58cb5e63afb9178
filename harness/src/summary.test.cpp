#include "summary.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace {

TEST(summary, sample_statistics_are_google_benchmarks) {
  const auto s = ab::describe_sample({4, 1, 3, 2});
  EXPECT_EQ(s.n, 4u);
  EXPECT_DOUBLE_EQ(s.median, 2.5);
  EXPECT_DOUBLE_EQ(s.mean, 2.5);
  EXPECT_DOUBLE_EQ(s.stddev, std::sqrt(5.0 / 3.0));  // sample standard deviation
  EXPECT_DOUBLE_EQ(s.cv, std::sqrt(5.0 / 3.0) / 2.5);
  EXPECT_DOUBLE_EQ(s.min, 1);
  EXPECT_DOUBLE_EQ(s.max, 4);
  const auto one = ab::describe_sample({7});
  EXPECT_DOUBLE_EQ(one.median, 7);
  EXPECT_DOUBLE_EQ(one.stddev, 0);
}

ab::measured_run ok_run(double items, double seconds, double cpu_seconds) {
  ab::measured_run m;
  m.result.ok = true;
  m.result.items = items;
  m.result.seconds = seconds;
  m.result.items_unit = "hops";
  m.cpu_seconds = cpu_seconds;
  return m;
}

ab::backend_setup setup(const std::string& backend, const std::string& strategy = "work_stealing") {
  ab::backend_setup s;
  s.backend = backend;
  s.strategy = strategy;
  return s;
}

TEST(summary, per_item_figures_make_an_item_one_google_benchmark_iteration) {
  const auto f = ab::per_item_figures(ok_run(1000, 0.002, 0.004));
  EXPECT_EQ(f.iterations, 1000);
  EXPECT_DOUBLE_EQ(f.real_time_ns, 2000);
  EXPECT_DOUBLE_EQ(f.cpu_time_ns, 4000);
  EXPECT_DOUBLE_EQ(f.items_per_second, 500'000);
}

TEST(summary, latencies_merge_over_repetitions_and_throughput_is_compared_with_rt) {
  ab::workload_results w;
  ab::cell_results rt{setup("rt"), std::nullopt, {}};
  ab::cell_results other{setup("os_threads"), std::nullopt, {}};
  for (int i = 0; i < 3; ++i) {
    auto m = ok_run(1000, 0.001 * (i + 1), 0.001);
    m.result.latency_ns.emplace();
    m.result.latency_ns->record(100 * (i + 1));
    m.result.peak_rss_bytes = 1000 * (i + 1);
    m.result.bytes_per_process = 10.0 * (i + 1);
    rt.repetitions.push_back(m);
    other.repetitions.push_back(ok_run(1000, 0.004, 0.001));
  }
  ab::measured_run failed;
  failed.result.error = "lost";
  other.repetitions.push_back(failed);
  w.cells = {rt, other};
  const auto s = ab::summarize(w);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].status, ab::cell_status::ok);
  EXPECT_DOUBLE_EQ(s[0].items_per_second->median, 500'000);
  ASSERT_TRUE(s[0].latency_ns);
  EXPECT_EQ(s[0].latency_ns->count(), 3);
  EXPECT_EQ(s[0].latency_ns->max(), 300);
  EXPECT_EQ(s[0].peak_rss_bytes, 3000);
  EXPECT_DOUBLE_EQ(*s[0].bytes_per_process, 20);
  EXPECT_DOUBLE_EQ(*s[0].ratio_to_rt, 1.0);
  EXPECT_EQ(s[1].status, ab::cell_status::partial);
  EXPECT_EQ(s[1].failed_count, 1u);
  EXPECT_EQ(s[1].reason, "lost");
  EXPECT_DOUBLE_EQ(*s[1].ratio_to_rt, 0.5);
  EXPECT_FALSE(s[1].latency_ns);
}

TEST(summary, the_per_round_ratio_pairs_each_repetition_with_rts_own) {
  // rt slows down round by round (a drifting machine) and the other backend
  // with it, always at 80% of rt: the medians' ratio hides that the order
  // held in every round, the per-round ratios show it.
  ab::workload_results w;
  ab::cell_results rt{setup("rt"), std::nullopt, {}};
  ab::cell_results other{setup("onetbb"), std::nullopt, {}};
  const double rt_seconds[] = {0.001, 0.004, 0.002, 0.003};
  for (double t : rt_seconds) {
    rt.repetitions.push_back(ok_run(1000, t, 0.001));
    other.repetitions.push_back(ok_run(800, t, 0.001));
  }
  ab::measured_run failed;
  failed.result.error = "lost";
  rt.repetitions[1] = failed;  // round 1 has no pair: left out
  w.cells = {rt, other};
  const auto s = ab::summarize(w);
  EXPECT_FALSE(s[0].paired_ratio_to_rt);  // rt against itself
  ASSERT_TRUE(s[1].paired_ratio_to_rt);
  EXPECT_EQ(s[1].paired_ratio_to_rt->n, 3u);
  EXPECT_NEAR(s[1].paired_ratio_to_rt->min, 0.8, 1e-12);
  EXPECT_NEAR(s[1].paired_ratio_to_rt->max, 0.8, 1e-12);
  // The medians' ratio is not 0.8: the two medians come from different rounds.
  EXPECT_GT(std::abs(*s[1].ratio_to_rt - 0.8), 0.1);
}

TEST(summary, a_skipped_cell_says_why) {
  ab::workload_results w;
  ab::measured_run m;
  m.result.unsupported = true;
  m.result.error = "needs links";
  w.cells = {ab::cell_results{setup("rt"), m, {}}};
  const auto s = ab::summarize(w);
  EXPECT_EQ(s[0].status, ab::cell_status::unsupported);
  EXPECT_EQ(s[0].reason, "needs links");
  EXPECT_FALSE(s[0].items_per_second);
}

TEST(summary, a_sweep_has_no_ratio_to_rt_for_every_cell_is_rt) {
  ab::workload_results w;
  ab::cell_results a{setup("rt", "static"), std::nullopt, {ok_run(1000, 0.001, 0.001)}};
  ab::cell_results b{setup("rt", "global_queue"), std::nullopt, {ok_run(1000, 0.002, 0.001)}};
  w.cells = {a, b};
  const auto s = ab::summarize(w);
  EXPECT_FALSE(s[0].ratio_to_rt);
  EXPECT_FALSE(s[1].ratio_to_rt);
  EXPECT_EQ(s[1].setup.strategy, "global_queue");
}

}  // namespace
