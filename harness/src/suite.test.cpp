#include "suite.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "fake_workloads.hpp"

namespace {

// The calls the recording workload saw, in order.
std::vector<std::string>& calls() {
  static std::vector<std::string> log;
  return log;
}

ab::run_result record_call(const std::string& backend, const ab::run_params&) {
  calls().push_back(backend);
  ab::run_result r;
  if (backend == "unsupported") {
    r.unsupported = true;
    return r;
  }
  r.ok = true;
  r.items = 10;
  r.seconds = 1e-6;
  return r;
}

std::vector<ab::backend_setup> setups_of(const std::vector<std::string>& backends) {
  std::vector<ab::backend_setup> out;
  for (const auto& b : backends) {
    ab::backend_setup s;
    s.backend = b;
    out.push_back(s);
  }
  return out;
}

ab::backend_setup setup_of(const std::string& backend) {
  return setups_of({backend}).front();
}

ab::suite_plan plan_of(const ab::workload_info& w, std::vector<std::string> backends, int reps,
                       int warmups) {
  ab::suite_plan p;
  p.workloads.push_back(ab::planned_workload{&w, {}});
  p.setups = setups_of(backends);
  p.repetitions = reps;
  p.warmups = warmups;
  return p;
}

TEST(suite, warm_ups_come_first_then_repetitions_interleave_with_a_rotating_start) {
  calls().clear();
  const ab::workload_info w{"recorder", "", {}, &record_call};
  const auto r = ab::run_suite(plan_of(w, {"a", "b", "c"}, 3, 1), nullptr);
  EXPECT_EQ(calls(), (std::vector<std::string>{"a", "b", "c",     // warm-ups
                                               "a", "b", "c",     // repetition 1
                                               "b", "c", "a",     // repetition 2
                                               "c", "a", "b"}));  // repetition 3
  ASSERT_EQ(r.workloads.size(), 1u);
  ASSERT_EQ(r.workloads[0].cells.size(), 3u);
  for (const auto& cell : r.workloads[0].cells) EXPECT_EQ(cell.repetitions.size(), 3u);
  EXPECT_EQ(r.workloads[0].cells[1].setup.backend, "b");
}

TEST(suite, an_unsupported_backend_is_not_run_again) {
  calls().clear();
  const ab::workload_info w{"recorder", "", {}, &record_call};
  const auto r = ab::run_suite(plan_of(w, {"a", "unsupported"}, 2, 1), nullptr);
  EXPECT_EQ(calls(), (std::vector<std::string>{"a", "unsupported", "a", "a"}));
  const auto& cell = r.workloads[0].cells[1];
  ASSERT_TRUE(cell.skipped_by);
  EXPECT_TRUE(cell.skipped_by->result.unsupported);
  EXPECT_TRUE(cell.repetitions.empty());
}

TEST(suite, without_warm_ups_an_unsupported_first_repetition_skips_the_rest) {
  calls().clear();
  const ab::workload_info w{"recorder", "", {}, &record_call};
  const auto r = ab::run_suite(plan_of(w, {"unsupported"}, 3, 0), nullptr);
  EXPECT_EQ(calls().size(), 1u);
  EXPECT_TRUE(r.workloads[0].cells[0].skipped_by);
}

TEST(suite, failures_and_exceptions_are_recorded_and_the_suite_goes_on) {
  ab::testing::reset_fakes();
  const auto c = ab::testing::fake_catalog();
  ab::suite_plan p;
  p.workloads.push_back(ab::planned_workload{c.find_workload("picky"), {{{"n", 10}}}});
  p.workloads.push_back(ab::planned_workload{c.find_workload("flaky"), {}});
  p.setups = setups_of({"rt", "os_threads", "boost_fiber", "onetbb"});
  p.repetitions = 2;
  p.warmups = 1;
  std::vector<std::string> done;
  const auto r = ab::run_suite(
      p, nullptr, [&](const ab::workload_results& w) { done.push_back(w.workload->info->name); });
  EXPECT_EQ(done, (std::vector<std::string>{"picky", "flaky"}));
  const auto& picky = r.workloads[0].cells;
  EXPECT_EQ(picky[0].repetitions.size(), 2u);
  EXPECT_TRUE(picky[1].skipped_by->result.unsupported);
  EXPECT_EQ(picky[2].skipped_by->result.error, "verification failed: 3 messages lost");
  EXPECT_EQ(picky[3].skipped_by->result.error, "exception: task arena exploded");
  // flaky: calls 0, 1, 2, ... fail when odd. Warm-ups rt(0) os(1 fails) bf(2) tbb(3 fails);
  // repetition 1: rt(4) bf(5 fails); repetition 2: bf(6) rt(7 fails).
  const auto& flaky = r.workloads[1].cells;
  EXPECT_TRUE(flaky[0].repetitions[0].result.ok);
  EXPECT_FALSE(flaky[0].repetitions[1].result.ok);
  EXPECT_TRUE(flaky[1].skipped_by);
  EXPECT_FALSE(flaky[2].repetitions[0].result.ok);
  EXPECT_TRUE(flaky[2].repetitions[1].result.ok);
}

ab::run_result inconsistent(const std::string& backend, const ab::run_params&) {
  ab::run_result r;
  r.ok = true;
  r.items = 5;
  r.seconds = backend == "zero_time" ? 0 : 1;
  if (backend == "ok_and_error") r.error = "but also this";
  return r;
}

TEST(suite, a_result_that_breaks_the_contract_counts_as_failed) {
  const ab::workload_info w{"inconsistent", "", {}, &inconsistent};
  const ab::planned_workload pw{&w, {}};
  EXPECT_FALSE(ab::run_once(pw, setup_of("zero_time")).result.ok);
  EXPECT_NE(ab::run_once(pw, setup_of("zero_time")).result.error.find("non-positive time"),
            std::string::npos);
  EXPECT_FALSE(ab::run_once(pw, setup_of("ok_and_error")).result.ok);
  EXPECT_TRUE(ab::run_once(pw, setup_of("fine")).result.ok);
}

TEST(suite, progress_lines_name_the_pair_the_backend_and_the_repetition) {
  const auto c = ab::testing::fake_catalog();
  ab::suite_plan p;
  p.workloads.push_back(
      ab::planned_workload{c.find_workload("counter"), {{{"items", 100}, {"width", 1}}}});
  p.setups = setups_of({"rt", "boost_fiber"});
  p.repetitions = 2;
  std::ostringstream progress;
  ab::run_suite(p, &progress);
  const std::string text = progress.str();
  EXPECT_NE(text.find("[1/2] counter on rt warm-up ... "), std::string::npos) << text;
  EXPECT_NE(text.find("[2/2] counter on boost_fiber rep 2/2 ... "), std::string::npos) << text;
  EXPECT_NE(text.find("hops/s\n"), std::string::npos) << text;
}

TEST(suite, each_setup_runs_with_its_own_settings) {
  static std::vector<std::pair<unsigned, std::string>> seen;
  seen.clear();
  const ab::workload_info w{"settings", "", {}, [](const std::string&, const ab::run_params& p) {
                              seen.emplace_back(p.schedulers, p.strategy);
                              ab::run_result r;
                              r.ok = true;
                              r.items = 1;
                              r.seconds = 1e-6;
                              return r;
                            }};
  ab::suite_plan p;
  p.workloads.push_back(ab::planned_workload{&w, {}});
  p.setups = setups_of({"rt", "rt"});
  p.setups[0].schedulers = 1;
  p.setups[0].strategy = "static";
  p.setups[1].schedulers = 4;
  p.setups[1].strategy = "global_queue";
  p.sweep = true;
  p.repetitions = 1;
  p.warmups = 0;
  std::ostringstream progress;
  ab::run_suite(p, &progress);
  EXPECT_EQ(seen,
            (std::vector<std::pair<unsigned, std::string>>{{1, "static"}, {4, "global_queue"}}));
  EXPECT_NE(progress.str().find("[2/2] settings on rt global_queue x4 rep 1/1"), std::string::npos)
      << progress.str();
}

}  // namespace
