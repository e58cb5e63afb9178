// Every workload on every backend at --size quick: each run must verify its
// own result (ok), or say why the backend cannot run it (unsupported), and
// only where that is expected.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <utility>

#include "workloads/workload.hpp"

namespace {

const ab::workload_info& find(const std::string& name) {
  for (const auto& w : ab::all_workloads()) {
    if (w.name == name) return w;
  }
  throw std::runtime_error("no workload " + name);
}

ab::run_params quick_params(const ab::workload_info& w, unsigned schedulers = 2) {
  ab::run_params p;
  for (const auto& s : w.params) p.values[s.name] = s.quick;
  p.schedulers = schedulers;
  return p;
}

ab::run_result run(const std::string& workload, const std::string& backend,
                   std::initializer_list<std::pair<const char*, std::int64_t>> overrides = {},
                   unsigned schedulers = 2) {
  const auto& w = find(workload);
  ab::run_params p = quick_params(w, schedulers);
  for (const auto& [k, v] : overrides) {
    EXPECT_TRUE(p.values.count(k)) << workload << " has no param " << k;
    p.values[k] = v;
  }
  return w.run(backend, p);
}

void expect_ok(const ab::run_result& r, const std::string& what) {
  EXPECT_TRUE(r.ok) << what << ": " << (r.unsupported ? "unsupported: " : "error: ") << r.error;
  EXPECT_FALSE(r.unsupported) << what;
  EXPECT_TRUE(r.error.empty()) << what << ": " << r.error;
  EXPECT_GT(r.seconds, 0) << what;
  EXPECT_GT(r.items, 0) << what;
  EXPECT_FALSE(r.items_unit.empty()) << what;
}

class every_workload_on_every_backend
    : public ::testing::TestWithParam<std::pair<std::string, std::string>> {};

TEST_P(every_workload_on_every_backend, runs_at_quick_size_and_verifies_its_result) {
  const auto& [workload, backend] = GetParam();
  const ab::run_result r = run(workload, backend);
  expect_ok(r, workload + " on " + backend);
}

std::vector<std::pair<std::string, std::string>> all_pairs() {
  std::vector<std::pair<std::string, std::string>> v;
  for (const auto& w : ab::all_workloads()) {
    for (const auto& b : ab::all_backends()) {
      if (w.name == "crash_storm" && b != "rt") continue;  // rt only: see below
      v.emplace_back(w.name, b);
    }
  }
  return v;
}

INSTANTIATE_TEST_SUITE_P(quick, every_workload_on_every_backend, ::testing::ValuesIn(all_pairs()),
                         [](const auto& info) {
                           return info.param.first + "_on_" + info.param.second;
                         });

bool available(const std::string& backend) {
  const auto& all = ab::all_backends();
  return std::find(all.begin(), all.end(), backend) != all.end();
}

TEST(catalog, lists_the_four_backends_first_then_caf_and_beam_where_they_are_available) {
  const auto& all = ab::all_backends();
  ASSERT_GE(all.size(), 4u);
  EXPECT_EQ(std::vector<std::string>(all.begin(), all.begin() + 4),
            (std::vector<std::string>{"rt", "os_threads", "boost_fiber", "onetbb"}));
  for (const char* optional : {"caf", "beam"}) {
    const auto& missing = ab::unavailable_backends();
    const auto why = std::find_if(missing.begin(), missing.end(),
                                  [&](const auto& u) { return u.name == optional; });
    // Exactly one of: available, or unavailable with a reason.
    EXPECT_NE(available(optional), why != missing.end()) << optional;
    if (why != missing.end()) EXPECT_FALSE(why->reason.empty()) << optional;
  }
}

TEST(catalog, describes_the_settings_of_caf_and_beam_where_they_are_available) {
  const auto described = ab::describe_backends({"rt", "caf", "beam"}, 2);
  for (const auto& [name, settings] : described) {
    EXPECT_TRUE(name == "caf" || name == "beam") << name;
    EXPECT_TRUE(available(name)) << name;
  }
  for (const auto& [name, settings] : described) {
    if (name == "caf") EXPECT_NE(settings.find("CAF 0."), std::string::npos) << settings;
    if (name == "beam") {
      EXPECT_NE(settings.find("OTP "), std::string::npos) << settings;
      EXPECT_NE(settings.find("+S 2:2"), std::string::npos) << settings;
      // The busy work's calibration: both steps' times and their ratio.
      for (const char* k : {"cxx_ns_per_step=", "erlang_ns_per_step=", "erlang_steps_per_work="}) {
        const auto at = settings.find(k);
        ASSERT_NE(at, std::string::npos) << k << " in " << settings;
        const double v = std::strtod(settings.c_str() + at + std::string(k).size(), nullptr);
        EXPECT_GT(v, 0) << k << " in " << settings;
        EXPECT_TRUE(std::isfinite(v)) << k << " in " << settings;
      }
    }
  }
}

TEST(catalog, every_param_is_positive_and_grows_with_the_size) {
  for (const auto& w : ab::all_workloads()) {
    EXPECT_FALSE(w.description.empty()) << w.name;
    for (const auto& s : w.params) {
      EXPECT_LE(s.quick, s.standard) << w.name << "." << s.name;
      EXPECT_LE(s.standard, s.large) << w.name << "." << s.name;
      EXPECT_FALSE(s.description.empty()) << w.name << "." << s.name;
    }
  }
}

TEST(backends, an_unknown_backend_is_an_error_not_a_crash) {
  const ab::run_result r = run("ping_pong", "no_such_backend");
  EXPECT_FALSE(r.ok);
  EXPECT_FALSE(r.unsupported);
  EXPECT_NE(r.error.find("no_such_backend"), std::string::npos);
}

// Every backend this build can run: the four, and caf and beam where found.
const std::vector<std::string>& backends = ab::all_backends();

TEST(crash_storm, is_unsupported_on_the_baselines_which_have_no_supervisors) {
  for (const auto& b : backends) {
    if (b == "rt") continue;
    const ab::run_result r = run("crash_storm", b);
    EXPECT_TRUE(r.unsupported) << b << ": " << r.error;
    // The BEAM has supervisors; what it lacks is an Erlang version of the workload.
    const char* why = b == "beam" ? "no Erlang version" : "supervisors";
    EXPECT_NE(r.error.find(why), std::string::npos) << b << ": " << r.error;
  }
}

TEST(crash_storm, restarts_crashed_workers_and_reports_recovery_on_rt) {
  const ab::run_result r = run("crash_storm", "rt");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_GE(r.extra.at("restarts"), 1.0);  // one crash round at 1 s, in a 1.5 s run
  EXPECT_EQ(r.extra.count("recovery_median_ms"), 1u);
}

TEST(ring, several_tokens_at_once_all_arrive_intact_on_every_backend) {
  for (const auto& b : backends)
    expect_ok(run("ring", b, {{"tokens", 7}, {"hops", 7'003}}), "ring T=7 on " + b);
}

TEST(fan_in, an_open_loop_run_paces_its_producers_and_corrects_latency_for_coordinated_omission) {
  for (const auto& b : backends) {
    const ab::run_result r = run("fan_in", b, {{"rate", 200'000}, {"messages", 2'000}});
    if (b == "onetbb") {
      // oneTBB has no timers: a producer cannot wait for its next send time.
      EXPECT_TRUE(r.unsupported) << b << ": " << r.error;
      EXPECT_NE(r.error.find("timers"), std::string::npos) << r.error;
      continue;
    }
    expect_ok(r, "fan_in open loop on " + b);
    // 4 producers x 2000 messages at 200k/s take 40 ms: the run cannot be faster.
    EXPECT_GE(r.seconds, 0.039) << b;
    ASSERT_TRUE(r.latency_ns.has_value());
    EXPECT_EQ(r.latency_ns->count(), 8'000) << b;
    EXPECT_EQ(r.extra.count("offered_rate"), 1u) << b;
  }
}

TEST(spawn_storm, every_mode_runs_on_every_backend) {
  for (const auto& b : backends) {
    for (std::int64_t mode : {0, 1, 2}) {
      const ab::run_result r = run("spawn_storm", b, {{"mode", mode}});
      expect_ok(r, "spawn_storm mode " + std::to_string(mode) + " on " + b);
      ASSERT_TRUE(r.latency_ns.has_value());
      EXPECT_EQ(r.latency_ns->count(), 2'000) << b;
      // Only its presence: 2,000 processes may fit in memory an allocator kept
      // from an earlier run, so the RSS delta can be zero at this size.
      EXPECT_EQ(r.bytes_per_process.has_value(), mode == 2) << b;
    }
  }
}

TEST(spawn_storm, holding_more_threads_than_os_threads_allows_is_unsupported_not_attempted) {
  const ab::run_result r =
      run("spawn_storm", "os_threads", {{"mode", 2}, {"processes", 10'000'000}});
  EXPECT_TRUE(r.unsupported) << r.error;
  EXPECT_NE(r.error.find("os_threads"), std::string::npos) << r.error;
}

TEST(skynet, a_million_leaves_is_unsupported_on_os_threads_and_says_why) {
  const ab::run_result r = run("skynet", "os_threads", {{"leaves", 1'000'000}});
  EXPECT_TRUE(r.unsupported);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("alive at once"), std::string::npos) << r.error;
}

// On beam, a run with `work` reports how its busy work was calibrated: the
// C++ step's time here, the duration per message it gave the VM, the VM's
// own step and its steps per message (sense only, never speed).
void expect_beam_calibration(const ab::run_result& r, std::int64_t work, const std::string& what) {
  for (const char* k :
       {"work_cxx_ns_per_iteration", "work_ns", "work_ns_per_iteration", "work_iterations"}) {
    ASSERT_EQ(r.extra.count(k), 1u) << what << " " << k;
    EXPECT_GT(r.extra.at(k), 0) << what << " " << k;
    EXPECT_TRUE(std::isfinite(r.extra.at(k))) << what << " " << k;
  }
  EXPECT_NEAR(r.extra.at("work_ns"),
              static_cast<double>(work) * r.extra.at("work_cxx_ns_per_iteration"), 0.5)
      << what;
  EXPECT_NEAR(r.extra.at("work_iterations"),
              std::round(r.extra.at("work_ns") / r.extra.at("work_ns_per_iteration")), 1.0)
      << what;
}

TEST(mailbox_flood, reports_rates_and_memory_per_queued_message) {
  for (const auto& b : backends) {
    const ab::run_result r = run("mailbox_flood", b);
    expect_ok(r, "mailbox_flood on " + b);
    for (const char* k : {"send_rate", "drain_rate", "peak_queued"})
      EXPECT_EQ(r.extra.count(k), 1u) << b << " " << k;
    if (b == "beam") expect_beam_calibration(r, 50, "mailbox_flood on beam");
  }
}

TEST(mailbox_flood, on_beam_the_erlang_steps_per_message_scale_with_work) {
  if (!available("beam")) GTEST_SKIP() << "beam is unavailable here";
  const ab::run_result light = run("mailbox_flood", "beam", {{"work", 50}, {"messages", 2'000}});
  const ab::run_result heavy = run("mailbox_flood", "beam", {{"work", 5'000}, {"messages", 2'000}});
  expect_ok(light, "mailbox_flood work=50 on beam");
  expect_ok(heavy, "mailbox_flood work=5000 on beam");
  expect_beam_calibration(light, 50, "mailbox_flood work=50 on beam");
  expect_beam_calibration(heavy, 5'000, "mailbox_flood work=5000 on beam");
  // 100x the work; each VM times its step afresh, so only the order is certain.
  EXPECT_GT(heavy.extra.at("work_iterations"), light.extra.at("work_iterations"));
}

TEST(server_pool, reports_both_phases) {
  for (const auto& b : backends) {
    const ab::run_result r = run("server_pool", b);
    expect_ok(r, "server_pool on " + b);
    EXPECT_EQ(r.extra.count("single_calls_per_second"), 1u) << b;
    ASSERT_TRUE(r.latency_ns.has_value());
    EXPECT_EQ(r.latency_ns->count(), 8 * 100) << b;
    if (b == "beam") expect_beam_calibration(r, 100, "server_pool on beam");
  }
}

TEST(backends, every_workload_runs_with_one_thread_and_with_more_threads_than_cores) {
  for (const auto& w : ab::all_workloads()) {
    for (const auto& b : backends) {
      if (w.name == "crash_storm" && b != "rt") continue;  // rt only
      for (unsigned threads : {1u, 4u}) {
        expect_ok(run(w.name, b, {}, threads),
                  w.name + " on " + b + " with " + std::to_string(threads) + " threads");
      }
    }
  }
}

TEST(backends, rt_runs_every_workload_with_each_of_its_strategies) {
  for (const auto& w : ab::all_workloads()) {
    for (const char* strategy : {"work_stealing", "global_queue", "static"}) {
      ab::run_params p = quick_params(w);
      p.strategy = strategy;
      const ab::run_result r = w.run("rt", p);
      expect_ok(r, w.name + " on rt with strategy " + strategy);
    }
  }
}

// ping_pong reads the clock once a round trip (a pong's arrival times the
// next ping's send), so the round trips it records add up to the time it
// measured, on every backend; with a second read before each send they fell
// short by that read and the pinger's bookkeeping (rt: about a quarter).
TEST(ping_pong, its_round_trips_add_up_to_the_measured_time_on_every_backend) {
  for (const auto& b : ab::all_backends()) {
    const ab::run_result r = run("ping_pong", b);
    expect_ok(r, "ping_pong on " + b);
    ASSERT_TRUE(r.latency_ns.has_value()) << b;
    const double recorded_ns = r.latency_ns->mean() * static_cast<double>(r.latency_ns->count());
    // The histogram's mean comes from bucket midpoints: well within 1%.
    EXPECT_NEAR(recorded_ns / (r.seconds * 1e9), 1.0, 0.01) << b;
  }
}

TEST(backends, rt_reports_an_unknown_strategy_as_an_error) {
  ab::run_params p = quick_params(find("ping_pong"));
  p.strategy = "no_such_strategy";
  const ab::run_result r = find("ping_pong").run("rt", p);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("no_such_strategy"), std::string::npos) << r.error;
}

}  // namespace
