// actorbench gate's exit statuses, in-process over the fake workloads and
// through the binary: 0 no regression, 1 a confirmed regression, 2 bad input.
#include "gate_command.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "cli.hpp"
#include "cli_runner.hpp"
#include "fake_workloads.hpp"
#include "gate_fixtures.hpp"
#include "test_directory.hpp"

namespace {

using ab::testing::gate_fixture;
using ab::testing::noisy;

using outcome = ab::testing::cli_outcome;
using ab::testing::run_cli;

std::string write(const std::filesystem::path& p, const std::string& text) {
  std::ofstream{p} << text;
  return p.string();
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

class gate_cli : public ::testing::Test {
 protected:
  ab::testing::test_directory dir;
  std::string baseline = write(dir.path() / "base.json",
                               gate_fixture({{"ring", noisy(1e6, 0.02, 1)}}).dump());
};

TEST_F(gate_cli, unchanged_results_pass_with_status_0) {
  const auto current =
      write(dir.path() / "cur.json", gate_fixture({{"ring", noisy(1e6, 0.02, 2)}}).dump());
  const auto r = run_cli({"gate", "--baseline", baseline, "--current", current});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "unchanged")) << r.out;
  EXPECT_TRUE(contains(r.out, "gate: passed")) << r.out;
}

TEST_F(gate_cli, a_regression_fails_with_status_1) {
  const auto current =
      write(dir.path() / "cur.json", gate_fixture({{"ring", noisy(0.8e6, 0.02, 2)}}).dump());
  const auto r = run_cli({"gate", "--baseline", baseline, "--current", current});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "REGRESSION")) << r.out;
  // A threshold above the effect lets it pass.
  EXPECT_EQ(run_cli({"gate", "--baseline", baseline, "--current", current, "--threshold", "30"})
                .status,
            0);
}

TEST_F(gate_cli, an_improvement_passes) {
  const auto current =
      write(dir.path() / "cur.json", gate_fixture({{"ring", noisy(1.3e6, 0.02, 2)}}).dump());
  const auto r = run_cli({"gate", "--baseline", baseline, "--current", current});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "improvement")) << r.out;
}

TEST_F(gate_cli, bad_input_fails_with_status_2_and_one_line) {
  const auto missing =
      write(dir.path() / "other.json", gate_fixture({{"skynet", noisy(1e6, 0.02, 2)}}).dump());
  auto r = run_cli({"gate", "--baseline", baseline, "--current", missing});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "actorbench gate: " + missing +
                       ": has no ring/rt/work_stealing/s1 (the baseline has it)\n");

  const auto malformed = write(dir.path() / "bad.json", "{\"context\": ");
  r = run_cli({"gate", "--baseline", baseline, "--current", malformed});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(contains(r.err, "actorbench gate: " + malformed + ": not JSON: ")) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);

  const auto thresholds = write(dir.path() / "t.txt", "ring x\n");
  r = run_cli({"gate", "--baseline", baseline, "--current", baseline, "--thresholds", thresholds});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "actorbench gate: " + thresholds +
                       ":1: malformed threshold 'x' for ring (expected a percentage from 0 to "
                       "1000)\n");

  for (const auto& [args, message] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"gate"}, "actorbench gate: missing --baseline FILE (or --json FILE alone, to record a baseline)\n"},
           {{"gate", "--current", baseline}, "actorbench gate: --current needs --baseline\n"},
           {{"gate", "--baseline", baseline, "--alpha", "2"},
            "actorbench gate: malformed --alpha '2' (expected a significance level between 0 and 1, e.g. 0.05)\n"},
           {{"gate", "--baseline", baseline, "--repetitions", "5"},
            "actorbench gate: --repetitions 5 is too few for the U test (expected at least 9)\n"},
       }) {
    r = run_cli(args);
    EXPECT_EQ(r.status, 2) << message;
    EXPECT_EQ(r.err, message);
  }
}

TEST_F(gate_cli, running_the_suite_records_a_baseline_and_passes_against_it) {
  const std::string recorded = (dir.path() / "recorded.json").string();
  auto r = run_cli({"gate", "--workload", "counter", "--json", recorded, "--quiet"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto doc = nlohmann::json::parse(std::ifstream{recorded});
  EXPECT_EQ(doc["context"]["suite"]["command"], "gate");
  EXPECT_EQ(doc["context"]["calibration"]["steps_per_second"].size(), 9u);

  // The fakes are deterministic: the same figures again, unchanged.
  r = run_cli({"gate", "--workload", "counter", "--baseline", recorded, "--quiet"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "counter/rt/work_stealing/s")) << r.out;
  EXPECT_TRUE(contains(r.out, "gate: passed")) << r.out;
  EXPECT_FALSE(contains(r.out, "confirming")) << r.out;
}

TEST_F(gate_cli, a_regression_found_by_running_is_confirmed_before_it_fails) {
  const std::string recorded = (dir.path() / "recorded.json").string();
  ASSERT_EQ(run_cli({"gate", "--workload", "counter", "--json", recorded, "--quiet"}).status, 0);
  // A baseline twice as fast as this build.
  auto doc = nlohmann::json::parse(std::ifstream{recorded});
  for (auto& e : doc["benchmarks"]) e["items_per_second"] = e["items_per_second"].get<double>() * 2;
  const auto faster = write(dir.path() / "faster.json", doc.dump());
  const auto r = run_cli({"gate", "--workload", "counter", "--baseline", faster, "--quiet"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "confirming 1 suspected regression(s) (counter)")) << r.out;
  EXPECT_TRUE(contains(r.out, "gate: FAILED, 1 confirmed regression(s)")) << r.out;
}

TEST(gate_binary, exits_with_the_gate_status) {
  ab::testing::test_directory dir;
  const auto base = write(dir.path() / "base.json", gate_fixture({{"ring", noisy(1e6, 0.02, 1)}}).dump());
  const auto slow = write(dir.path() / "slow.json", gate_fixture({{"ring", noisy(0.8e6, 0.02, 2)}}).dump());
  auto status = [&](const std::string& args) {
    const int raw = std::system(("'" + std::string(AB_FAKE_CLI) + "' gate " + args + " >/dev/null 2>&1").c_str());
    EXPECT_TRUE(WIFEXITED(raw));
    return WEXITSTATUS(raw);
  };
  EXPECT_EQ(status("--baseline '" + base + "' --current '" + base + "'"), 0);
  EXPECT_EQ(status("--baseline '" + base + "' --current '" + slow + "'"), 1);
  EXPECT_EQ(status("--baseline '" + base + "' --current '" + (dir.path() / "none.json").string() + "'"), 2);
}

}  // namespace
