// The beam runner: reading the VM's output, its command line, and what it
// does when erl is missing. (Every workload on the VM runs in
// workloads/src/workloads.test.cpp.)
#include "baselines/beam/runner.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

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

// The value of NAME=V on a command line, if it is there.
std::optional<std::int64_t> arg_value(const std::vector<std::string>& argv,
                                      const std::string& name) {
  for (const auto& a : argv) {
    if (a.rfind(name + "=", 0) == 0) return std::stoll(a.substr(name.size() + 1));
  }
  return std::nullopt;
}

TEST(busy_work, one_cxx_step_takes_a_positive_finite_time_and_the_same_on_every_call) {
  const double ns = beam::busy_step_ns();
  EXPECT_GT(ns, 0);
  EXPECT_TRUE(std::isfinite(ns)) << ns;
  EXPECT_EQ(beam::busy_step_ns(), ns);  // measured once, then kept
}

TEST(busy_work, work_becomes_a_duration_that_scales_with_it_and_no_work_stays_none) {
  const double ns = beam::busy_step_ns();
  EXPECT_EQ(beam::work_ns(0), 0);
  EXPECT_GE(beam::work_ns(1), 1);
  for (std::int64_t work : {50, 200, 500, 100'000}) {
    EXPECT_NEAR(static_cast<double>(beam::work_ns(work)), static_cast<double>(work) * ns, 0.5)
        << work;
  }
  EXPECT_NEAR(static_cast<double>(beam::work_ns(400)),
              2.0 * static_cast<double>(beam::work_ns(200)), 1.0);
}

TEST(beam_vm, a_workload_with_work_gets_its_duration_as_work_ns_and_one_without_gets_none) {
  if (!beam::unavailable_reason().empty()) GTEST_SKIP() << beam::unavailable_reason();
  const auto flood = beam::command_line(
      "mailbox_flood", params({{"producers", 2}, {"messages", 10}, {"batch", 1}, {"work", 200}}));
  ASSERT_TRUE(arg_value(flood, "work_ns").has_value());
  EXPECT_EQ(*arg_value(flood, "work_ns"), beam::work_ns(200));
  EXPECT_GT(*arg_value(flood, "work_ns"), 0);
  EXPECT_EQ(arg_value(flood, "work"), 200);  // still passed: 0 means no work at all
  const auto idle = beam::command_line(
      "server_pool", params({{"clients", 1}, {"calls", 1}, {"servers", 1}, {"work", 0}}));
  EXPECT_EQ(arg_value(idle, "work_ns"), 0);
  const auto ring =
      beam::command_line("ring", params({{"processes", 10}, {"hops", 10}, {"tokens", 1}}));
  EXPECT_FALSE(arg_value(ring, "work_ns").has_value());
}

// The calibration a run with `work` reports, checked for sense (never for
// speed: the machine may be busy).
void expect_calibration(const ab::run_result& r, std::int64_t work, const std::string& what) {
  ASSERT_TRUE(r.ok) << what << ": " << r.error;
  for (const char* k :
       {"work_ns", "work_iterations", "work_ns_per_iteration", "work_cxx_ns_per_iteration"})
    ASSERT_EQ(r.extra.count(k), 1u) << what << " " << k;
  EXPECT_EQ(r.extra.at("work_cxx_ns_per_iteration"), beam::busy_step_ns()) << what;
  EXPECT_EQ(r.extra.at("work_ns"), static_cast<double>(beam::work_ns(work))) << what;
  const double erlang_ns = r.extra.at("work_ns_per_iteration");
  EXPECT_GT(erlang_ns, 0) << what;
  EXPECT_TRUE(std::isfinite(erlang_ns)) << what;
  // Iterations per message = work_ns / the VM's step (at least one); the step
  // is printed to 6 decimals, hence the slack of one.
  EXPECT_GE(r.extra.at("work_iterations"), 1) << what;
  EXPECT_NEAR(r.extra.at("work_iterations"),
              std::max(1.0, std::round(r.extra.at("work_ns") / erlang_ns)), 1.0)
      << what;
}

TEST(beam_vm, the_busy_work_calibration_is_reported_and_the_erlang_steps_scale_with_work) {
  if (!beam::unavailable_reason().empty()) GTEST_SKIP() << beam::unavailable_reason();
  const auto flood = [](std::int64_t work) {
    return beam::run("mailbox_flood",
                     params({{"producers", 2}, {"messages", 500}, {"batch", 64}, {"work", work}}));
  };
  const ab::run_result small = flood(20);
  const ab::run_result large = flood(20'000);
  expect_calibration(small, 20, "mailbox_flood work=20");
  expect_calibration(large, 20'000, "mailbox_flood work=20000");
  // 1000x the work: even two VMs whose step timings are 100x apart keep this order.
  if (small.ok && large.ok) {
    EXPECT_GT(large.extra.at("work_iterations"), 10 * small.extra.at("work_iterations"));
  }
  const ab::run_result pool = beam::run(
      "server_pool", params({{"clients", 2}, {"calls", 20}, {"servers", 2}, {"work", 500}}));
  expect_calibration(pool, 500, "server_pool work=500");
  const ab::run_result none = flood(0);
  ASSERT_TRUE(none.ok) << none.error;
  EXPECT_EQ(none.extra.at("work_ns"), 0);
  EXPECT_EQ(none.extra.at("work_iterations"), 0);
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
