#include "gate.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "gate_fixtures.hpp"
#include "results_file.hpp"

namespace {

using ab::gate_verdict;
using ab::testing::fixture_benchmark;
using ab::testing::fixture_machine;
using ab::testing::gate_fixture;
using ab::testing::noisy;

ab::results_file parse(const nlohmann::ordered_json& doc, const std::string& path) {
  auto r = ab::parse_results_file(doc.dump(), path);
  if (auto* e = std::get_if<std::string>(&r)) ADD_FAILURE() << *e;
  return std::get<ab::results_file>(r);
}

ab::gate_evaluation gate(const std::vector<fixture_benchmark>& baseline,
                         const std::vector<fixture_benchmark>& current,
                         const ab::gate_settings& settings = {}, const fixture_machine& base_m = {},
                         const fixture_machine& cur_m = {}) {
  return ab::evaluate_gate(parse(gate_fixture(baseline, base_m), "base.json"),
                           parse(gate_fixture(current, cur_m), "current.json"), settings);
}

TEST(gate, a_clear_regression_is_a_regression) {
  const auto e = gate({{"ring", noisy(1e6, 0.02, 1)}}, {{"ring", noisy(0.8e6, 0.02, 2)}});
  ASSERT_EQ(e.rows.size(), 1u);
  EXPECT_TRUE(e.errors.empty());
  EXPECT_EQ(e.rows[0].verdict, gate_verdict::regression);
  EXPECT_EQ(e.rows[0].name, "ring/rt/work_stealing/s1");
  EXPECT_NEAR(e.rows[0].ratio, 0.8, 0.03);
  EXPECT_LT(e.rows[0].p, 0.001);
}

TEST(gate, a_clear_improvement_is_an_improvement) {
  const auto e = gate({{"ring", noisy(1e6, 0.02, 1)}}, {{"ring", noisy(1.3e6, 0.02, 2)}});
  ASSERT_EQ(e.rows.size(), 1u);
  EXPECT_EQ(e.rows[0].verdict, gate_verdict::improvement);
  EXPECT_EQ(e.count(gate_verdict::regression), 0u);
}

TEST(gate, pure_noise_is_unchanged) {
  // Wide noise, same median: the U test finds nothing.
  const auto e = gate({{"ring", noisy(1e6, 0.15, 3)}, {"skynet", noisy(5e6, 0.15, 4)}},
                      {{"ring", noisy(1e6, 0.15, 5)}, {"skynet", noisy(5e6, 0.15, 6)}});
  ASSERT_EQ(e.rows.size(), 2u);
  for (const auto& r : e.rows) {
    EXPECT_EQ(r.verdict, gate_verdict::unchanged) << r.name;
    EXPECT_GT(r.p, 0.05) << r.name;
  }
}

TEST(gate, a_significant_change_within_the_threshold_is_unchanged) {
  // Every current repetition is 3% slower: p is tiny, the effect too small.
  std::vector<double> base = noisy(1e6, 0.005, 7), slower;
  for (double v : base) slower.push_back(v * 0.97);
  ab::gate_settings s;
  s.thresholds.fallback = 5;
  const auto e = gate({{"ring", base}}, {{"ring", slower}}, s);
  EXPECT_LT(e.rows[0].p, 0.05);
  EXPECT_EQ(e.rows[0].verdict, gate_verdict::unchanged);
  s.threshold_pct = 2;  // --threshold 2
  EXPECT_EQ(gate({{"ring", base}}, {{"ring", slower}}, s).rows[0].verdict,
            gate_verdict::regression);
}

TEST(gate, the_cpu_metric_sees_through_a_machine_that_made_the_run_wait) {
  // The current run waited for the core half the time: wall-clock throughput
  // halved, CPU throughput the same.
  const fixture_benchmark base{"ring", noisy(1e6, 0.02, 1)};
  const fixture_benchmark loaded{"ring", noisy(0.5e6, 0.02, 2), noisy(1e6, 0.02, 3)};
  EXPECT_EQ(gate({base}, {loaded}).rows[0].verdict, gate_verdict::regression);
  ab::gate_settings s;
  s.metric = ab::gate_metric::cpu;
  const auto e = gate({base}, {loaded}, s);
  EXPECT_EQ(e.rows[0].verdict, gate_verdict::unchanged);
  EXPECT_NEAR(e.rows[0].ratio, 1.0, 0.03);
}

TEST(gate, a_benchmark_missing_from_the_current_results_is_an_error) {
  const auto e =
      gate({{"ring", noisy(1e6, 0.02, 1)}, {"skynet", noisy(5e6, 0.02, 2)}}, {{"ring", noisy(1e6, 0.02, 3)}});
  ASSERT_EQ(e.rows.size(), 2u);
  EXPECT_EQ(e.rows[1].verdict, gate_verdict::missing);
  ASSERT_EQ(e.errors.size(), 1u);
  EXPECT_EQ(e.errors[0], "current.json: has no skynet/rt/work_stealing/s1 (the baseline has it)");
}

TEST(gate, selecting_workloads_gates_only_those) {
  ab::gate_settings s;
  s.workloads = {"ring"};
  const auto e =
      gate({{"ring", noisy(1e6, 0.02, 1)}, {"skynet", noisy(5e6, 0.02, 2)}}, {{"ring", noisy(1e6, 0.02, 3)}}, s);
  EXPECT_TRUE(e.errors.empty());
  ASSERT_EQ(e.rows.size(), 1u);
}

TEST(gate, too_few_repetitions_are_an_error) {
  const auto e = gate({{"ring", {1e6, 1e6, 1e6, 1e6, 1e6}}}, {{"ring", noisy(1e6, 0.02, 3)}});
  ASSERT_EQ(e.errors.size(), 1u);
  EXPECT_EQ(e.errors[0],
            "base.json: ring/rt/work_stealing/s1 has 5 successful repetition(s); the gate needs "
            "at least 9");
}

TEST(gate, a_different_machine_warns_and_normalising_removes_a_uniform_slowdown) {
  fixture_machine fast{"Fast CPU", std::vector<double>(9, 2e9)};
  fixture_machine slow{"Slow CPU", std::vector<double>(9, 1.6e9)};  // 20% slower
  const std::vector<fixture_benchmark> base{{"ring", noisy(1e6, 0.02, 1)}};
  const std::vector<fixture_benchmark> cur{{"ring", noisy(0.8e6, 0.02, 2)}};

  const auto plain = gate(base, cur, {}, fast, slow);
  EXPECT_EQ(plain.rows[0].verdict, gate_verdict::regression);
  ASSERT_EQ(plain.warnings.size(), 1u);
  EXPECT_NE(plain.warnings[0].find("the machines differ"), std::string::npos);
  ASSERT_TRUE(plain.calibration_ratio);
  EXPECT_DOUBLE_EQ(*plain.calibration_ratio, 0.8);

  ab::gate_settings s;
  s.normalise = true;
  const auto normalised = gate(base, cur, s, fast, slow);
  EXPECT_EQ(normalised.rows[0].verdict, gate_verdict::unchanged);
  EXPECT_NEAR(normalised.rows[0].ratio, 1.0, 0.03);
  EXPECT_DOUBLE_EQ(normalised.calibration_factor, 1.25);
}

TEST(gate, normalising_without_a_calibration_is_an_error) {
  ab::gate_settings s;
  s.normalise = true;
  const auto e = gate({{"ring", noisy(1e6, 0.02, 1)}}, {{"ring", noisy(1e6, 0.02, 2)}}, s);
  ASSERT_EQ(e.errors.size(), 1u);
  EXPECT_NE(e.errors[0].find("base.json has no calibration"), std::string::npos) << e.errors[0];
}

TEST(gate, differing_parameters_warn) {
  fixture_benchmark small{"ring", noisy(1e6, 0.02, 1)};
  fixture_benchmark large{"ring", noisy(1e6, 0.02, 2)};
  large.params = "1000";
  const auto e = gate({small}, {large});
  ASSERT_EQ(e.warnings.size(), 1u);
  EXPECT_EQ(e.warnings[0], "ring/rt/work_stealing/s1: parameters differ: baseline n=10; current n=1000");
}

TEST(gate, the_table_shows_medians_ratio_p_and_verdict) {
  const auto e = gate({{"ring", noisy(1e6, 0.02, 1)}}, {{"ring", noisy(0.8e6, 0.02, 2)}});
  std::ostringstream os;
  ab::print_gate_table(os, e);
  const std::string t = os.str();
  for (const char* part : {"benchmark", "baseline/s", "current/s", "ratio", "p", "threshold",
                           "verdict", "ring/rt/work_stealing/s1", "REGRESSION", "5.0%"}) {
    EXPECT_NE(t.find(part), std::string::npos) << part << " in\n" << t;
  }
}

TEST(gate, a_malformed_result_file_does_not_read) {
  auto r = ab::parse_results_file("{\"context\": {\"schema_version\": 1}, \"benchmarks\": [{]}",
                                  "bad.json");
  ASSERT_TRUE(std::holds_alternative<std::string>(r));
  EXPECT_EQ(std::get<std::string>(r).rfind("bad.json: not JSON: ", 0), 0u) << std::get<std::string>(r);
  auto doc = gate_fixture({{"ring", noisy(1e6, 0.02, 1)}});
  doc["benchmarks"][0].erase("items_per_second");
  r = ab::parse_results_file(doc.dump(), "r.json");
  ASSERT_TRUE(std::holds_alternative<std::string>(r));
  EXPECT_NE(std::get<std::string>(r).find("'items_per_second' is missing"), std::string::npos);
}

}  // namespace
