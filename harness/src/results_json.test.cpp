#include "results_json.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "context.hpp"
#include "fake_workloads.hpp"

namespace {

using json = nlohmann::json;

// Runs the fakes (all four, on all backends, 3 repetitions) and returns the
// result document as text, then parsed back by a JSON parser.
json run_and_reload(const std::vector<std::string>& workloads, int repetitions = 3) {
  ab::testing::reset_fakes();
  const auto c = ab::testing::fake_catalog();
  ab::run_options o;
  o.workloads = workloads;
  o.repetitions = repetitions;
  o.size = ab::size_class::quick;
  o.schedulers = 2;
  auto planned = ab::make_plan(o, c);
  const auto& plan = std::get<ab::suite_plan>(planned);
  const auto results = ab::run_suite(plan, nullptr);
  ab::context_inputs in;
  in.machine = ab::probe_machine();
  in.build = ab::this_build();
  in.runtime = ab::describe_runtime(plan.setups.front());
  in.executable = "actorbench";
  in.command_line = {"actorbench", "run"};
  in.date = ab::iso8601_now();
  in.clock = "steady_clock";
  ab::hgrm_paths hgrm;
  hgrm[{"latency", "rt"}] = "r.latency.rt.hgrm";
  const std::string text =
      ab::results_document(ab::make_context(in, plan), plan, results, hgrm).dump(2);
  return json::parse(text);  // throws, failing the test, if it is not JSON
}

std::vector<json> entries_named(const json& doc, const std::string& run_name) {
  std::vector<json> out;
  for (const auto& e : doc["benchmarks"]) {
    if (e["run_name"] == run_name) out.push_back(e);
  }
  return out;
}

TEST(results_json, the_context_carries_google_benchmarks_fields_and_ours) {
  const json doc = run_and_reload({"counter"});
  ASSERT_TRUE(doc.contains("context"));
  ASSERT_TRUE(doc.contains("benchmarks"));
  const json& c = doc["context"];
  for (const char* key : {"date",
                          "host_name",
                          "executable",
                          "num_cpus",
                          "mhz_per_cpu",
                          "cpu_scaling_enabled",
                          "caches",
                          "load_avg",
                          "library_build_type",
                          "schema_version",
                          "cpu_model",
                          "num_cores",
                          "cpus_allowed",
                          "memory_bytes",
                          "kernel",
                          "os",
                          "compiler",
                          "build_type",
                          "cxx_flags",
                          "assertions",
                          "git_commit",
                          "git_dirty",
                          "command_line",
                          "suite",
                          "runtime",
                          "clock",
                          "hgrm_unit"}) {
    EXPECT_TRUE(c.contains(key)) << key;
  }
  EXPECT_EQ(c["clock"], "steady_clock");
  EXPECT_EQ(c["schema_version"], ab::results_schema_version);
  EXPECT_GT(c["num_cpus"].get<int>(), 0);
  EXPECT_TRUE(c["library_build_type"] == "release" || c["library_build_type"] == "debug");
  EXPECT_EQ(c.contains("warning"), c["library_build_type"] == "debug");
  for (const auto& cache : c["caches"]) {
    for (const char* key : {"type", "level", "size", "num_sharing"})
      EXPECT_TRUE(cache.contains(key));
  }
  EXPECT_EQ(c["suite"]["size"], "quick");
  EXPECT_EQ(c["suite"]["repetitions"], 3);
  EXPECT_EQ(c["suite"]["command"], "run");
  EXPECT_EQ(c["suite"]["schedulers"], 2);
  EXPECT_EQ(c["suite"]["strategy"], "work_stealing");
  EXPECT_EQ(c["suite"]["pin_threads"], false);
  EXPECT_EQ(c["suite"]["idle"], "spin_then_park");
  EXPECT_TRUE(c["suite"].contains("wall_seconds"));
  EXPECT_EQ(c["runtime"]["schedulers"], 2);
  EXPECT_EQ(c["runtime"]["strategy"], "work_stealing");
  EXPECT_TRUE(c["runtime"]["reductions"].is_number());
  EXPECT_TRUE(c["runtime"]["describe"].is_string());
}

TEST(results_json, each_repetition_is_an_iteration_entry_followed_by_the_aggregates) {
  const json doc = run_and_reload({"counter"});
  const auto entries = entries_named(doc, "counter/backend:rt/items:1000/width:1");
  ASSERT_EQ(entries.size(), 3u + 4u);
  for (int i = 0; i < 3; ++i) {
    const json& e = entries[static_cast<std::size_t>(i)];
    EXPECT_EQ(e["name"], "counter/backend:rt/items:1000/width:1");
    EXPECT_EQ(e["run_type"], "iteration");
    EXPECT_EQ(e["repetitions"], 3);
    EXPECT_EQ(e["repetition_index"], i);
    EXPECT_EQ(e["threads"], 2);
    EXPECT_EQ(e["iterations"], 1000);
    EXPECT_DOUBLE_EQ(e["real_time"].get<double>(), 10.0);  // 10 ns per item
    EXPECT_TRUE(e["cpu_time"].is_number());
    EXPECT_EQ(e["time_unit"], "ns");
    EXPECT_DOUBLE_EQ(e["items_per_second"].get<double>(), 1e8);
    EXPECT_EQ(e["workload"], "counter");
    EXPECT_EQ(e["backend"], "rt");
    EXPECT_EQ(e["params"], (json{{"items", 1000}, {"width", 1}}));
    EXPECT_EQ(e["items_unit"], "hops");
    EXPECT_FALSE(e.contains("latency_ns"));
    EXPECT_FALSE(e.contains("error"));
  }
  std::vector<std::string> aggregates;
  for (std::size_t i = 3; i < entries.size(); ++i) {
    const json& e = entries[i];
    EXPECT_EQ(e["run_type"], "aggregate");
    EXPECT_EQ(e["name"],
              "counter/backend:rt/items:1000/width:1_" + e["aggregate_name"].get<std::string>());
    EXPECT_FALSE(e.contains("repetition_index"));
    EXPECT_EQ(e["iterations"], 3);
    aggregates.push_back(e["aggregate_name"]);
  }
  EXPECT_EQ(aggregates, (std::vector<std::string>{"mean", "median", "stddev", "cv"}));
  EXPECT_EQ(entries[6]["aggregate_unit"], "percentage");
  EXPECT_DOUBLE_EQ(entries[4]["ratio_to_rt"].get<double>(), 1.0);
}

TEST(results_json, measured_latencies_and_memory_are_carried) {
  const json doc = run_and_reload({"latency"});
  const auto entries = entries_named(doc, "latency/backend:rt/messages:1000/rate:0");
  ASSERT_EQ(entries.size(), 7u);
  for (const json& e : entries) {
    if (e["run_type"] == "aggregate" && e["aggregate_name"] != "median") continue;
    ASSERT_TRUE(e.contains("latency_ns")) << e.dump();
    const json& l = e["latency_ns"];
    for (const char* key : {"p50", "p90", "p99", "p999", "max"})
      EXPECT_TRUE(l[key].is_number_integer()) << key;
    EXPECT_LE(l["p50"].get<long>(), l["p90"].get<long>());
    EXPECT_LE(l["p90"].get<long>(), l["p99"].get<long>());
    EXPECT_LE(l["p99"].get<long>(), l["p999"].get<long>());
    EXPECT_LE(l["p999"].get<long>(), l["max"].get<long>());
    EXPECT_DOUBLE_EQ(e["bytes_per_process"].get<double>(), 312.5);
    EXPECT_EQ(e["peak_rss_bytes"], 64 << 20);
    EXPECT_DOUBLE_EQ(e["extra"]["drain_rate"].get<double>(), 1234.5);
  }
  const json& median = entries[4];
  EXPECT_EQ(median["latency_ns"]["count"], 3 * 1000);  // the repetitions merged
  EXPECT_EQ(median["hgrm_file"], "r.latency.rt.hgrm");
  const auto other = entries_named(doc, "latency/backend:os_threads/messages:1000/rate:0");
  EXPECT_NEAR(other[4]["ratio_to_rt"].get<double>(), 0.1, 1e-12);
  const json& per_round = other[4]["ratio_to_rt_per_round"];
  EXPECT_EQ(per_round["rounds"], 3);
  for (const char* key : {"median", "min", "max"})
    EXPECT_NEAR(per_round[key].get<double>(), 0.1, 1e-12) << key;
  EXPECT_FALSE(median.contains("ratio_to_rt_per_round"));  // rt against itself
}

TEST(results_json, unsupported_and_failed_runs_are_entries_with_their_reason) {
  const json doc = run_and_reload({"picky", "flaky"});
  const auto unsupported = entries_named(doc, "picky/backend:os_threads/n:10");
  ASSERT_EQ(unsupported.size(), 1u);
  EXPECT_EQ(unsupported[0]["unsupported"], true);
  EXPECT_EQ(unsupported[0]["error_occurred"], false);
  EXPECT_EQ(unsupported[0]["unsupported_reason"], "needs selective receive");
  EXPECT_FALSE(unsupported[0].contains("error"));

  const auto failed = entries_named(doc, "picky/backend:boost_fiber/n:10");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0]["error_occurred"], true);
  EXPECT_EQ(failed[0]["error"], "warm-up failed: verification failed: 3 messages lost");
  EXPECT_EQ(failed[0]["time_unit"], "ns");  // compare.py partitions on it

  const auto thrown = entries_named(doc, "picky/backend:onetbb/n:10");
  EXPECT_NE(thrown[0]["error"].get<std::string>().find("task arena exploded"), std::string::npos);

  // flaky on rt: the warm-up (call 0) succeeds, then repetitions alternate.
  const auto flaky = entries_named(doc, "flaky/backend:rt");
  std::set<std::string> errors;
  int failed_repetitions = 0;
  for (const json& e : flaky) {
    if (e["run_type"] == "iteration" && e.value("error_occurred", false)) {
      ++failed_repetitions;
      errors.insert(e["error"].get<std::string>());
      EXPECT_EQ(e["error_message"], e["error"]);
    }
  }
  EXPECT_GE(failed_repetitions, 1);
  EXPECT_EQ(errors, (std::set<std::string>{"lost a message"}));
}

TEST(results_json, names_list_the_backend_then_the_parameters_in_name_order) {
  const ab::workload_info w{"ring", "", {}, nullptr};
  ab::planned_workload pw{&w, {{{"n", 1000}, {"hops", 5}}}};
  ab::backend_setup s;
  s.backend = "rt";
  s.schedulers = 4;
  s.strategy = "static";
  EXPECT_EQ(ab::benchmark_name(pw, s, false), "ring/backend:rt/hops:5/n:1000");
  EXPECT_EQ(ab::benchmark_name(pw, s, true),
            "ring/backend:rt/strategy:static/hops:5/n:1000/threads:4");
}

TEST(results_json, the_latency_curve_is_evenly_spaced_on_the_percentile_axis_out_to_99_99) {
  const auto p = ab::latency_curve_percentiles();
  ASSERT_EQ(p.size(), 17u);
  EXPECT_EQ(p.front(), 0.0);
  EXPECT_EQ(p[4], 90.0);
  EXPECT_EQ(p[8], 99.0);
  EXPECT_EQ(p[12], 99.9);
  EXPECT_EQ(p.back(), 99.99);
  EXPECT_TRUE(std::is_sorted(p.begin(), p.end()));
}

// A sweep of the fakes: rt only, strategies x scheduler counts.
json sweep_and_reload(std::vector<unsigned> schedulers, unsigned cpus) {
  ab::testing::reset_fakes();
  const auto c = ab::testing::fake_catalog();
  ab::sweep_options o;
  o.workloads = {"latency"};
  o.strategies = {"work_stealing", "static"};
  o.schedulers = std::move(schedulers);
  o.repetitions = 2;
  o.warmups = 0;
  auto plan = std::get<ab::suite_plan>(ab::make_sweep_plan(o, c));
  plan.cpus = cpus;
  const auto results = ab::run_suite(plan, nullptr);
  ab::context_inputs in;
  in.machine = ab::probe_machine();
  in.build = ab::this_build();
  in.runtime = ab::describe_runtime(plan.setups.front());
  in.date = ab::iso8601_now();
  return json::parse(ab::results_document(ab::make_context(in, plan), plan, results, {}).dump());
}

TEST(results_json, a_sweep_names_each_setting_and_marks_oversubscribed_ones) {
  const json doc = sweep_and_reload({1, 4}, 2);
  const json& suite = doc["context"]["suite"];
  EXPECT_EQ(suite["command"], "sweep");
  EXPECT_EQ(suite["strategies"], (json{"work_stealing", "static"}));
  EXPECT_EQ(suite["scheduler_counts"], (json{1, 4}));
  EXPECT_EQ(suite["pin_threads"], false);
  EXPECT_EQ(suite["idle"], "spin_then_park");
  EXPECT_FALSE(suite.contains("schedulers"));
  EXPECT_TRUE(doc["context"]["machine_fingerprint"].is_string());
  EXPECT_TRUE(doc["context"]["machine_slug"].is_string());
  std::set<std::string> names;
  for (const auto& e : doc["benchmarks"]) {
    names.insert(e["run_name"].get<std::string>());
    EXPECT_EQ(e["oversubscribed"], e["schedulers"].get<int>() > 2) << e.dump();
    EXPECT_EQ(e["threads"], e["schedulers"]);
    EXPECT_EQ(e["pin_threads"], false);
    EXPECT_EQ(e["idle"], "spin_then_park");
    EXPECT_FALSE(e.contains("ratio_to_rt"));  // no one rt to compare with
    EXPECT_FALSE(e.contains("ratio_to_rt_per_round"));
  }
  EXPECT_EQ(names, (std::set<std::string>{
                       "latency/backend:rt/strategy:work_stealing/messages:1000/rate:0/threads:1",
                       "latency/backend:rt/strategy:work_stealing/messages:1000/rate:0/threads:4",
                       "latency/backend:rt/strategy:static/messages:1000/rate:0/threads:1",
                       "latency/backend:rt/strategy:static/messages:1000/rate:0/threads:4"}));
}

TEST(results_json, the_median_carries_the_latency_curve) {
  const json doc = sweep_and_reload({1}, 2);
  int medians = 0;
  for (const auto& e : doc["benchmarks"]) {
    if (e.value("aggregate_name", "") != "median") {
      EXPECT_FALSE(e.contains("latency_percentiles_ns"));
      continue;
    }
    ++medians;
    const json& curve = e["latency_percentiles_ns"];
    ASSERT_EQ(curve.size(), ab::latency_curve_percentiles().size());
    double previous = 0;
    for (const auto& point : curve) {
      ASSERT_EQ(point.size(), 2u);
      EXPECT_GE(point[1].get<double>(), previous);
      previous = point[1].get<double>();
    }
    EXPECT_EQ(curve[0][1], e["latency_ns"]["min"]);
    EXPECT_LE(curve.back()[1].get<double>(), e["latency_ns"]["max"].get<double>());
  }
  EXPECT_EQ(medians, 2);
}

}  // namespace
