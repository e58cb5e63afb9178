// The beam runner: reading the VM's output, its command line, and what it
// does when erl is missing. (Every workload on the VM runs in
// workloads/src/workloads.test.cpp.)
#include "baselines/beam/runner.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace {

namespace beam = ab::backends::beam;

TEST(beam_output, an_ok_result_carries_its_figures_and_its_latency_histogram) {
  const ab::run_result r = beam::parse_output(
      "vm otp=25 erts=13.1.5 schedulers=2 emu_flavor=jit process_limit=4194304\n"
      "result ok\n"
      "seconds 0.500000000\n"
      "items 1000\n"
      "unit round trips\n"
      "latency 1000 600 2000 399 1000000 1\n"
      "latency_uncorrected 500 1000\n"
      "bytes_per_process 2987.5\n"
      "peak_rss_bytes 363835392\n"
      "extra work_iterations 19.000000\n");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_DOUBLE_EQ(r.seconds, 0.5);
  EXPECT_DOUBLE_EQ(r.items, 1000);
  EXPECT_EQ(r.items_unit, "round trips");
  ASSERT_TRUE(r.latency_ns.has_value());
  EXPECT_EQ(r.latency_ns->count(), 1000);
  EXPECT_NEAR(static_cast<double>(r.latency_ns->percentile(50)), 1000, 1);
  EXPECT_NEAR(static_cast<double>(r.latency_ns->percentile(90)), 2000, 2);
  EXPECT_NEAR(static_cast<double>(r.latency_ns->percentile(100)), 1'000'000, 1'000);
  EXPECT_NEAR(r.extra.at("p99_uncorrected_ns"), 500, 1);
  EXPECT_DOUBLE_EQ(r.bytes_per_process.value_or(0), 2987.5);
  EXPECT_EQ(r.peak_rss_bytes.value_or(0), 363835392);
  EXPECT_DOUBLE_EQ(r.extra.at("work_iterations"), 19);
}

TEST(beam_output, an_unsupported_or_failed_workload_keeps_its_reason) {
  const ab::run_result u = beam::parse_output("vm otp=25\nresult unsupported\nreason no timers\n");
  EXPECT_TRUE(u.unsupported);
  EXPECT_FALSE(u.ok);
  EXPECT_EQ(u.error, "no timers");
  const ab::run_result e =
      beam::parse_output("vm otp=25\nresult error\nreason token 3: ended twice\n");
  EXPECT_FALSE(e.ok);
  EXPECT_FALSE(e.unsupported);
  EXPECT_EQ(e.error, "token 3: ended twice");
}

TEST(beam_output, a_crash_without_a_result_is_an_error_that_quotes_the_output) {
  const ab::run_result r =
      beam::parse_output("vm otp=25\n{\"init terminating in do_boot\",{undef}}\n");
  EXPECT_FALSE(r.ok);
  EXPECT_FALSE(r.unsupported);
  EXPECT_NE(r.error.find("no result"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("init terminating"), std::string::npos) << r.error;
}

TEST(beam_output, an_ok_without_figures_is_an_error) {
  const ab::run_result r = beam::parse_output("vm otp=25\nresult ok\n");
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("no figures"), std::string::npos) << r.error;
}

ab::run_params params(std::initializer_list<std::pair<const char*, std::int64_t>> values,
                      unsigned schedulers = 2) {
  ab::run_params p;
  for (const auto& [k, v] : values) p.values[k] = v;
  p.schedulers = schedulers;
  return p;
}

TEST(beam_vm, runs_with_one_scheduler_per_thread_and_room_for_every_process) {
  if (!beam::unavailable_reason().empty()) GTEST_SKIP() << beam::unavailable_reason();
  const auto argv =
      beam::command_line("skynet", params({{"leaves", 10'000'000}, {"fanout", 10}}, 3));
  const std::string line = [&] {
    std::string s;
    for (const auto& a : argv) s += a + " ";
    return s;
  }();
  EXPECT_NE(line.find(" +S 3:3 "), std::string::npos) << line;
  EXPECT_NE(line.find(" +P 20000000 "), std::string::npos) << line;
  EXPECT_NE(line.find(" -run ab_beam main skynet "), std::string::npos) << line;
  EXPECT_NE(line.find(" leaves=10000000"), std::string::npos) << line;
}

TEST(beam_vm, a_workload_that_rejects_its_parameters_says_why) {
  if (!beam::unavailable_reason().empty()) GTEST_SKIP() << beam::unavailable_reason();
  const ab::run_result r =
      beam::run("ring", params({{"processes", 10}, {"hops", 100}, {"tokens", 20}}));
  EXPECT_FALSE(r.ok);
  EXPECT_FALSE(r.unsupported);
  EXPECT_NE(r.error.find("tokens <= min(processes, hops)"), std::string::npos) << r.error;
}

TEST(beam_vm, a_workload_with_no_erlang_version_is_an_error) {
  if (!beam::unavailable_reason().empty()) GTEST_SKIP() << beam::unavailable_reason();
  const ab::run_result r = beam::run("no_such_workload", params({}));
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("no_such_workload"), std::string::npos) << r.error;
}

TEST(beam_vm, without_erl_on_path_it_is_unavailable_and_a_run_is_unsupported_not_attempted) {
  const char* saved = std::getenv("PATH");
  const std::string path = saved != nullptr ? saved : "";
  ::setenv("PATH", "/nonexistent", 1);
  const std::string why = beam::unavailable_reason();
  const ab::run_result r =
      beam::run("ring", params({{"processes", 10}, {"hops", 10}, {"tokens", 1}}));
  ::setenv("PATH", path.c_str(), 1);
  EXPECT_FALSE(why.empty());
  EXPECT_NE(why.find("erl"), std::string::npos) << why;
  EXPECT_TRUE(r.unsupported);
  EXPECT_NE(r.error.find("erl"), std::string::npos) << r.error;
}

}  // namespace
