#include "comparison.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "result_fixtures.hpp"

namespace {

using ab::testing::fake_run_document;
using ab::testing::fake_sweep_document;
using ab::testing::reread;

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

std::string compared(const ab::results_file& a, const ab::results_file& b) {
  std::ostringstream os;
  ab::print_comparison(os, a, b);
  return os.str();
}

nlohmann::ordered_json on_another_machine(nlohmann::ordered_json doc) {
  doc["context"]["cpu_model"] = "AMD EPYC 7763 64-Core Processor";
  doc["context"]["num_cpus"] = 128;
  doc["context"]["compiler"] = "Clang 17.0.6";
  return doc;
}

TEST(comparison, the_same_run_twice_on_one_machine_is_a_ratio_of_one_everywhere) {
  const auto a = reread(fake_run_document({"counter"}), "a.json");
  const auto b = reread(fake_run_document({"counter"}), "b.json");
  const std::string out = compared(a, b);
  EXPECT_TRUE(contains(out, "A: a.json - run on ")) << out;
  EXPECT_TRUE(contains(out, "Same machine (hardware fingerprint " + a.fingerprint + ")")) << out;
  EXPECT_TRUE(contains(out, "counter (median hops/s; B/A above 1: B is faster")) << out;
  EXPECT_TRUE(contains(out, "  rt           work_stealing           2   100 M   100 M  1.00x  ~\n"))
      << out;
  EXPECT_TRUE(contains(out, "  os_threads   -                       2  10.0 M  10.0 M  1.00x  ~\n"))
      << out;
  EXPECT_TRUE(contains(out, "Geometric mean of B/A over 4 pair(s): 1.00x")) << out;
  EXPECT_FALSE(contains(out, "Ranking")) << out;
}

TEST(comparison, cells_pair_by_backend_strategy_and_schedulers_and_the_rest_is_listed) {
  const auto a = reread(fake_run_document({"counter"}, 1), "a.json");
  const auto b = reread(fake_sweep_document({"counter"}, {1, 2}), "b.json");
  const std::string out = compared(a, b);
  // rt work_stealing x1 is in both: 50 M hops/s on each.
  EXPECT_TRUE(contains(out, "  rt       work_stealing           1  50.0 M  50.0 M  1.00x  ~\n"))
      << out;
  EXPECT_TRUE(contains(out, "only in A: os_threads x1, boost_fiber x1, onetbb x1")) << out;
  EXPECT_TRUE(contains(out, "only in B: rt work_stealing x2, rt global_queue x1")) << out;
}

TEST(comparison, results_at_different_sizes_still_compare_with_a_warning) {
  auto b = fake_run_document({"counter"});
  for (auto& e : b["benchmarks"]) e["params"]["items"] = 5000;
  const std::string out = compared(reread(fake_run_document({"counter"})), reread(b));
  EXPECT_TRUE(contains(out, "! parameters differ: A items=1000, width=1; B items=5000, width=1"))
      << out;
}

TEST(comparison, results_timed_on_different_clocks_say_so) {
  auto a = fake_run_document({"counter"});
  auto b = fake_run_document({"counter"});
  a["context"]["clock"] = "steady_clock (the CPU does not report an invariant TSC)";
  b["context"]["clock"] = "tsc (2096.0 MHz, no warp between 2 CPUs)";
  EXPECT_TRUE(contains(compared(reread(a), reread(b)), "Software differs in: clock."));
  // The same source at another rate, or no clock recorded against
  // steady_clock, is no difference.
  auto c = fake_run_document({"counter"});
  c["context"]["clock"] = "tsc (2095.9 MHz, no warp between 2 CPUs)";
  EXPECT_FALSE(contains(compared(reread(b), reread(c)), "Software differs in: clock"));
  auto d = fake_run_document({"counter"});
  d["context"].erase("clock");
  EXPECT_FALSE(contains(compared(reread(a), reread(d)), "Software differs in: clock"));
}

TEST(comparison, different_machines_are_named_and_the_strategies_ranked_on_each) {
  const auto a = reread(fake_sweep_document({"counter"}, {1, 2}), "a.json");
  const auto b = reread(on_another_machine(fake_sweep_document({"counter"}, {1, 2})), "b.json");
  const std::string out = compared(a, b);
  EXPECT_TRUE(contains(out, "The machines differ: cpu_model (A: ")) << out;
  EXPECT_TRUE(contains(out, "B: AMD EPYC 7763 64-Core Processor), num_cpus (A: ")) << out;
  EXPECT_TRUE(contains(out, "Software differs in: compiler.")) << out;
  EXPECT_TRUE(contains(out, "Ranking on each machine")) << out;
  EXPECT_TRUE(contains(out,
                       "  counter, 2 schedulers: same order\n"
                       "    A: work_stealing > balancing > static > global_queue\n"
                       "    B: work_stealing > balancing > static > global_queue\n"))
      << out;
  EXPECT_TRUE(contains(out, "Same order in 2 of 2; same fastest in 2 of 2.")) << out;
}

TEST(comparison, a_different_winner_on_the_other_machine_is_pointed_out) {
  auto other = on_another_machine(fake_sweep_document({"counter"}, {2}));
  for (auto& e : other["benchmarks"]) {  // global_queue 10x faster there
    if (e["strategy"] == "global_queue" && e.contains("items_per_second")) {
      for (const char* k : {"items_per_second", "min_items_per_second", "max_items_per_second"})
        if (e.contains(k)) e[k] = e[k].get<double>() * 10;
    }
  }
  const auto r = ab::rankings(reread(fake_sweep_document({"counter"}, {2})), reread(other));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].workload, "counter");
  EXPECT_EQ(r[0].schedulers, 2u);
  EXPECT_EQ(r[0].a.front(), "work_stealing");
  EXPECT_EQ(r[0].b.front(), "global_queue");
  const std::string out = compared(reread(fake_sweep_document({"counter"}, {2})), reread(other));
  EXPECT_TRUE(contains(out, "  counter, 2 schedulers: fastest differs\n")) << out;
  EXPECT_TRUE(contains(out, "Same order in 0 of 1; same fastest in 0 of 1.")) << out;
}

TEST(comparison, backends_are_ranked_too_when_the_files_are_runs) {
  const auto r = ab::rankings(reread(fake_run_document({"counter"})),
                              reread(on_another_machine(fake_run_document({"counter"}))));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].a,
            (std::vector<std::string>{"rt work_stealing", "boost_fiber", "onetbb", "os_threads"}));
}

}  // namespace
