#include "report_table.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "fake_workloads.hpp"

namespace {

std::string table_for(const std::string& workload) {
  ab::testing::reset_fakes();
  const auto c = ab::testing::fake_catalog();
  ab::run_options o;
  o.workloads = {workload};
  o.repetitions = 3;
  o.size = ab::size_class::quick;
  o.schedulers = 2;
  const auto plan = std::get<ab::suite_plan>(ab::make_plan(o, c));
  const auto results = ab::run_suite(plan, nullptr);
  std::ostringstream os;
  ab::print_table(os, plan.workloads[0], ab::summarize(results.workloads[0]), plan);
  return os.str();
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST(report_table, throughput_is_shown_with_its_range_and_ratio_to_rt) {
  const std::string t = table_for("counter");
  EXPECT_TRUE(
      contains(t, "counter (items=1000, width=1) - size quick, 3 repetitions, 2 schedulers"))
      << t;
  EXPECT_TRUE(contains(t, "throughput (median)")) << t;
  EXPECT_TRUE(contains(t, "100 M hops/s")) << t;
  EXPECT_TRUE(contains(t, "10.0 M – 10.0 M")) << t;
  EXPECT_TRUE(contains(t, "0.10x")) << t;
  EXPECT_TRUE(contains(t, "per round")) << t;
  EXPECT_TRUE(contains(t, "0.10 – 0.10x")) << t;  // the fakes' rounds are all alike
  EXPECT_FALSE(contains(t, "p99.9")) << t;  // no latencies measured
}

TEST(report_table, latency_and_memory_columns_appear_when_measured) {
  const std::string t = table_for("latency");
  for (const char* col : {"p50", "p99", "p99.9", "max", "bytes/process", "peak RSS"}) {
    EXPECT_TRUE(contains(t, col)) << col << "\n" << t;
  }
  EXPECT_TRUE(contains(t, "µs")) << t;
  EXPECT_TRUE(contains(t, "64.0 MiB")) << t;
}

TEST(report_table, unsupported_and_failed_backends_say_why) {
  const std::string t = table_for("picky");
  EXPECT_TRUE(contains(t, "os_threads   unsupported: needs selective receive")) << t;
  EXPECT_TRUE(contains(t, "FAILED: verification failed: 3 messages lost")) << t;
  EXPECT_TRUE(contains(t, "FAILED: exception: task arena exploded")) << t;
}

TEST(report_table, partial_failures_are_listed_under_the_table) {
  const std::string t = table_for("flaky");
  EXPECT_TRUE(contains(t, "repetitions failed; first: lost a message")) << t;
}

}  // namespace
