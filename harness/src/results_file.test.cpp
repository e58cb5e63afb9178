#include "results_file.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "result_fixtures.hpp"
#include "test_directory.hpp"

namespace {

using ab::testing::fake_run_document;
using ab::testing::fake_sweep_document;
using ab::testing::reread;

const ab::result_cell* find(const ab::results_file& f, const std::string& workload,
                            const std::string& backend, const std::string& strategy = "",
                            unsigned schedulers = 0) {
  for (const auto& c : f.cells) {
    if (c.workload == workload && c.backend == backend &&
        (strategy.empty() || c.strategy == strategy) &&
        (schedulers == 0 || c.schedulers == schedulers))
      return &c;
  }
  return nullptr;
}

std::string error_of(const std::string& text) {
  auto r = ab::parse_results_file(text, "r.json");
  if (!std::holds_alternative<std::string>(r)) {
    ADD_FAILURE() << "read without an error: " << text.substr(0, 200);
    return {};
  }
  return std::get<std::string>(r);
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST(results_file, a_run_reads_back_one_cell_per_workload_and_backend_with_its_outcome) {
  const auto f = reread(fake_run_document({"counter", "picky", "flaky"}));
  EXPECT_EQ(f.command, "run");
  EXPECT_EQ(f.workloads(), (std::vector<std::string>{"counter", "picky", "flaky"}));
  EXPECT_EQ(f.cells.size(), 3u * 4u);
  const auto* rt = find(f, "counter", "rt");
  ASSERT_TRUE(rt);
  EXPECT_EQ(rt->outcome, ab::cell_outcome::ok);
  EXPECT_EQ(rt->strategy, "work_stealing");
  EXPECT_EQ(rt->schedulers, 2u);
  EXPECT_EQ(rt->items_unit, "hops");
  EXPECT_EQ(rt->params, "items=1000, width=1");
  EXPECT_DOUBLE_EQ(rt->median, 1e8);  // 10 ns per item
  EXPECT_DOUBLE_EQ(rt->min, 1e8);
  ASSERT_TRUE(rt->cv);
  EXPECT_NEAR(*rt->cv, 0, 1e-9);
  EXPECT_EQ(find(f, "counter", "os_threads")->strategy, "");
  EXPECT_EQ(find(f, "picky", "os_threads")->outcome, ab::cell_outcome::unsupported);
  EXPECT_EQ(find(f, "picky", "os_threads")->message, "needs selective receive");
  EXPECT_EQ(find(f, "picky", "boost_fiber")->outcome, ab::cell_outcome::failed);
  EXPECT_TRUE(contains(find(f, "picky", "boost_fiber")->message, "3 messages lost"));
  EXPECT_EQ(find(f, "flaky", "rt")->outcome, ab::cell_outcome::partial);
  EXPECT_FALSE(f.fingerprint.empty());
  EXPECT_FALSE(f.slug.empty());
}

TEST(results_file, a_sweep_reads_back_every_strategy_and_scheduler_count) {
  const auto f = reread(fake_sweep_document({"counter"}, {1, 2, 4}, 2));
  EXPECT_EQ(f.command, "sweep");
  EXPECT_EQ(f.cells.size(), 4u * 3u);
  const auto* over = find(f, "counter", "rt", "global_queue", 4);
  ASSERT_TRUE(over);
  EXPECT_TRUE(over->oversubscribed);
  EXPECT_FALSE(find(f, "counter", "rt", "global_queue", 2)->oversubscribed);
  EXPECT_DOUBLE_EQ(find(f, "counter", "rt", "work_stealing", 2)->median, 1e8);
  EXPECT_DOUBLE_EQ(find(f, "counter", "rt", "global_queue", 2)->median, 5e7);
  EXPECT_DOUBLE_EQ(find(f, "counter", "rt", "work_stealing", 1)->median, 5e7);
}

TEST(results_file, latencies_come_with_their_percentile_curve) {
  auto doc = fake_sweep_document({"latency"}, {2});
  const auto f = reread(doc);
  const auto* c = find(f, "latency", "rt", "work_stealing", 2);
  ASSERT_TRUE(c && c->latency);
  EXPECT_EQ(c->latency->curve.size(), 17u);
  EXPECT_EQ(c->latency->curve.back().first, 99.99);
  EXPECT_LE(c->latency->p50, c->latency->p99);
  // A file from before the curve existed: p50 .. p99.9 make the curve.
  for (auto& e : doc["benchmarks"]) e.erase("latency_percentiles_ns");
  const auto old = reread(doc);
  const auto* o = find(old, "latency", "rt", "work_stealing", 2);
  ASSERT_TRUE(o && o->latency);
  EXPECT_EQ(o->latency->curve.size(), 4u);
  EXPECT_EQ(o->latency->curve.front().first, 50);
}

TEST(results_file, an_entry_without_oversubscribed_is_judged_by_the_cpus_allowed) {
  auto doc = fake_sweep_document({"counter"}, {1, 4}, 2);
  for (auto& e : doc["benchmarks"]) e.erase("oversubscribed");
  const auto f = reread(doc);
  EXPECT_TRUE(find(f, "counter", "rt", "static", 4)->oversubscribed);
  EXPECT_FALSE(find(f, "counter", "rt", "static", 1)->oversubscribed);
}

TEST(results_file, bad_files_are_one_line_naming_the_file_and_what_is_wrong) {
  EXPECT_TRUE(contains(error_of("{\"context\": "), "r.json: not JSON: parse error at line 1"));
  // Found by the fuzzer: a number no double holds made the parser throw out_of_range.
  EXPECT_TRUE(contains(error_of("{\"context\": {\"num_cpus\": 1e999}}"), "r.json: not JSON: number overflow"));
  EXPECT_TRUE(contains(error_of("[]"), "r.json: not a JSON object"));
  EXPECT_TRUE(contains(error_of("{}"), "r.json: not an actorbench result file (no 'context'"));
  EXPECT_TRUE(contains(error_of(R"({"context": {"date": "x"}, "benchmarks": []})"),
                       "no context.schema_version; a Google Benchmark file?"));
  EXPECT_TRUE(contains(error_of(R"({"context": {"schema_version": 99}, "benchmarks": []})"),
                       "schema_version 99 is newer than this actorbench reads (1)"));
  EXPECT_TRUE(contains(error_of(R"({"context": {"schema_version": 1}})"), "no 'benchmarks' array"));
  EXPECT_TRUE(contains(error_of(R"({"context": {"schema_version": 18446744073709551615}})"),
                       "schema_version 18446744073709551615 is newer"));

  auto doc = fake_run_document({"counter"});
  doc["benchmarks"][2].erase("workload");
  const std::string missing = error_of(doc.dump());
  EXPECT_TRUE(contains(missing,
                       "r.json: benchmarks[2] (counter/backend:rt/items:1000/width:1): "
                       "'workload' is missing or not a string"))
      << missing;

  auto median = fake_run_document({"counter"});
  for (auto& e : median["benchmarks"]) {
    if (e.value("aggregate_name", "") == "median") e["items_per_second"] = "fast";
  }
  EXPECT_TRUE(contains(error_of(median.dump()), "'items_per_second' is missing or not a number"));

  auto curve = fake_sweep_document({"latency"}, {1});
  for (auto& e : curve["benchmarks"]) {
    if (e.contains("latency_percentiles_ns")) e["latency_percentiles_ns"][0] = {100, 5};
  }
  EXPECT_TRUE(contains(error_of(curve.dump()), "has percentile 100 (expected 0 <= p < 100)"));

  // Found by the fuzzer: a newline in a benchmark name broke the one-line error.
  auto newline = fake_run_document({"counter"});
  newline["benchmarks"][2]["name"] = "counter/\nitems:1000";
  newline["benchmarks"][2].erase("workload");
  EXPECT_TRUE(contains(error_of(newline.dump()), "benchmarks[2] (counter/\\nitems:1000)"));

  for (const auto& e : {error_of("{\"context\": "), error_of("{}"), error_of(newline.dump())})
    EXPECT_EQ(e.find('\n'), std::string::npos) << e;
}

TEST(results_file, a_missing_file_or_a_directory_is_an_error_naming_it) {
  ab::testing::test_directory dir;
  const std::string missing = (dir.path() / "nope.json").string();
  auto r = ab::load_results_file(missing);
  ASSERT_TRUE(std::holds_alternative<std::string>(r));
  EXPECT_EQ(std::get<std::string>(r), missing + ": cannot read: No such file or directory");
  auto d = ab::load_results_file(dir.path().string());
  ASSERT_TRUE(std::holds_alternative<std::string>(d));
  EXPECT_TRUE(contains(std::get<std::string>(d), "is a directory"));
  const auto good = dir.path() / "good.json";
  std::ofstream{good} << fake_run_document({"counter"}).dump();
  EXPECT_TRUE(std::holds_alternative<ab::results_file>(ab::load_results_file(good.string())));
}

}  // namespace
