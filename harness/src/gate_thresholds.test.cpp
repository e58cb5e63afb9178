#include "gate_thresholds.hpp"

#include <gtest/gtest.h>

namespace {

TEST(gate_thresholds, the_most_specific_entry_wins) {
  auto t = ab::parse_gate_thresholds(
      "# thresholds\n\ndefault 4\nring 8   # a workload\nring/rt 9\nring/rt/s2 10\n", "t.txt");
  ASSERT_TRUE(std::holds_alternative<ab::gate_thresholds>(t)) << std::get<std::string>(t);
  const auto& g = std::get<ab::gate_thresholds>(t);
  EXPECT_DOUBLE_EQ(g.for_benchmark("ring", "rt", 2), 10);
  EXPECT_DOUBLE_EQ(g.for_benchmark("ring", "rt", 1), 9);
  EXPECT_DOUBLE_EQ(g.for_benchmark("ring", "os_threads", 1), 8);
  EXPECT_DOUBLE_EQ(g.for_benchmark("skynet", "rt", 1), 4);
}

TEST(gate_thresholds, the_paired_mode_takes_its_own_entries_first) {
  auto t = ab::parse_gate_thresholds(
      "default 10\nring 12\nspawn_storm 15\npaired:default 5\npaired:ring/rt 4\n", "t.txt");
  ASSERT_TRUE(std::holds_alternative<ab::gate_thresholds>(t)) << std::get<std::string>(t);
  const auto& g = std::get<ab::gate_thresholds>(t);
  EXPECT_DOUBLE_EQ(g.for_benchmark("ring", "rt", 1, true), 4);
  EXPECT_DOUBLE_EQ(g.for_benchmark("ring", "onetbb", 1, true), 5);
  EXPECT_DOUBLE_EQ(g.for_benchmark("spawn_storm", "rt", 1, true), 5);
  EXPECT_DOUBLE_EQ(g.for_benchmark("skynet", "rt", 1, true), 5);
  // Unpaired, the paired: entries do not count.
  EXPECT_DOUBLE_EQ(g.for_benchmark("ring", "rt", 1), 12);
  EXPECT_DOUBLE_EQ(g.for_benchmark("skynet", "rt", 1), 10);
  // Without paired: entries the paired mode uses the others.
  auto plain = ab::parse_gate_thresholds("default 10\nring 12\n", "t.txt");
  EXPECT_DOUBLE_EQ(std::get<ab::gate_thresholds>(plain).for_benchmark("ring", "rt", 1, true), 12);
}

TEST(gate_thresholds, without_a_default_line_the_built_in_default_applies) {
  auto t = ab::parse_gate_thresholds("ring 8\n", "t.txt");
  EXPECT_DOUBLE_EQ(std::get<ab::gate_thresholds>(t).for_benchmark("skynet", "rt", 1),
                   ab::default_gate_threshold_pct);
}

TEST(gate_thresholds, a_bad_line_is_an_error_naming_the_file_and_line) {
  auto t = ab::parse_gate_thresholds("default 5\nring eight\n", "t.txt");
  ASSERT_TRUE(std::holds_alternative<std::string>(t));
  EXPECT_EQ(std::get<std::string>(t),
            "t.txt:2: malformed threshold 'eight' for ring (expected a percentage from 0 to 1000)");
  t = ab::parse_gate_thresholds("ring 5 6\n", "t.txt");
  EXPECT_EQ(std::get<std::string>(t),
            "t.txt:1: expected 'BENCHMARK PERCENT' (e.g. 'ring 8'), got 'ring 5 6'");
  t = ab::parse_gate_thresholds("ring 5\nring 6\n", "t.txt");
  EXPECT_EQ(std::get<std::string>(t), "t.txt:2: ring is given twice");
  EXPECT_FALSE(ab::parse_threshold_pct("-1"));
  EXPECT_FALSE(ab::parse_threshold_pct("nan"));
  EXPECT_FALSE(ab::parse_threshold_pct("5%"));
}

}  // namespace
