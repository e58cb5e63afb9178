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
           {{"gate"}, "actorbench gate: missing --baseline FILE or --baseline-exe PATH (or --json FILE alone, to record a baseline)\n"},
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

// The paired mode: a baseline build run beside the current one.
class paired_gate : public ::testing::Test {
 protected:
  ab::testing::test_directory dir;
  const std::string fake = AB_FAKE_CLI;

  // An executable shell script.
  std::string script(const std::string& name, const std::string& body) {
    const auto path = write(dir.path() / name, "#!/bin/sh\n" + body + "\n");
    std::filesystem::permissions(path, std::filesystem::perms::owner_all);
    return path;
  }
};

TEST_F(paired_gate, bad_input_fails_with_status_2_and_one_line) {
  const auto not_executable = write(dir.path() / "actorbench", "");
  const auto missing = (dir.path() / "none").string();
  const auto base = write(dir.path() / "base.json",
                          gate_fixture({{"counter", noisy(1e6, 0.02, 1)}}).dump());
  for (const auto& [args, message] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"gate", "--baseline-exe", missing},
            "actorbench gate: --baseline-exe " + missing + ": No such file or directory\n"},
           {{"gate", "--baseline-exe", not_executable},
            "actorbench gate: --baseline-exe " + not_executable + " is not executable\n"},
           {{"gate", "--baseline-exe", dir.path().string()},
            "actorbench gate: --baseline-exe " + dir.path().string() + " is not a file\n"},
           {{"gate", "--baseline-exe", fake, "--current-exe", missing},
            "actorbench gate: --current-exe " + missing + ": No such file or directory\n"},
           {{"gate", "--baseline-exe", ""}, "actorbench gate: --baseline-exe needs a program\n"},
           {{"gate", "--baseline-exe", fake, "--baseline", base},
            "actorbench gate: --baseline-exe runs a baseline build, --baseline reads a baseline "
            "file: give one of them\n"},
           {{"gate", "--baseline-exe", fake, "--current", base},
            "actorbench gate: --current compares result files, --baseline-exe runs both builds: "
            "give one of them\n"},
           {{"gate", "--current-exe", fake, "--baseline", base},
            "actorbench gate: --current-exe needs --baseline-exe\n"},
           {{"gate", "--baseline-exe", fake, "--normalise"},
            "actorbench gate: --normalise has nothing to scale with --baseline-exe (both builds "
            "run in the same rounds on this machine)\n"},
       }) {
    const auto r = run_cli(args);
    EXPECT_EQ(r.status, 2) << message;
    EXPECT_EQ(r.err, message);
    EXPECT_EQ(r.out, "");
  }
}

TEST_F(paired_gate, a_baseline_build_that_refuses_the_run_is_bad_input) {
  const auto old_build =
      script("old-actorbench", "echo \"actorbench run: unknown workload 'counter'\"; exit 2");
  const auto r = run_cli({"gate", "--workload", "counter", "--baseline-exe", old_build,
                          "--current-exe", fake, "--quiet"});
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_EQ(r.err, "actorbench gate: the baseline build refused the run (" + old_build +
                       " run --workload counter ...): actorbench run: unknown workload "
                       "'counter'\n");
}

TEST_F(paired_gate, the_same_build_against_itself_passes) {
  const std::string json = (dir.path() / "paired.json").string();
  const auto r = run_cli({"gate", "--workload", "counter", "--baseline-exe", fake, "--current-exe",
                          fake, "--json", json, "--quiet"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  for (const char* part : {"baseline/s", "current/s", "counter/rt/work_stealing/s", "1.000",
                           "unchanged", "gate: passed"}) {
    EXPECT_TRUE(contains(r.out, part)) << part << " in\n" << r.out;
  }
  EXPECT_FALSE(contains(r.out, "confirming")) << r.out;
  // Both builds' results, 9 repetitions each, as result files.
  for (const auto& path : {json, (dir.path() / "paired.baseline.json").string()}) {
    const auto doc = nlohmann::json::parse(std::ifstream{path});
    EXPECT_EQ(doc["context"]["suite"]["command"], "gate") << path;
    EXPECT_EQ(doc["context"]["suite"]["paired"]["baseline_executable"], fake) << path;
    EXPECT_EQ(doc["context"]["calibration"]["steps_per_second"].size(), 9u) << path;
    std::size_t iterations = 0;
    for (const auto& e : doc["benchmarks"]) iterations += e["run_type"] == "iteration";
    EXPECT_EQ(iterations, 9u) << path;
  }
}

TEST_F(paired_gate, a_slower_current_build_is_confirmed_before_it_fails) {
  const auto slower = script("slower-actorbench", "AB_FAKE_SLOWER=1.25 exec '" + fake + "' \"$@\"");
  auto r = run_cli({"gate", "--workload", "counter", "--baseline-exe", fake, "--current-exe",
                    slower, "--quiet"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "REGRESSION")) << r.out;
  EXPECT_TRUE(contains(r.out, "confirming 1 suspected regression(s) (counter) with another 9 "
                              "round(s), paired"))
      << r.out;
  EXPECT_TRUE(contains(r.out, "gate: FAILED, 1 confirmed regression(s)")) << r.out;

  // The other way round it is an improvement.
  r = run_cli({"gate", "--workload", "counter", "--baseline-exe", slower, "--current-exe", fake,
               "--quiet"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "improvement")) << r.out;
}

TEST_F(paired_gate, the_binary_runs_itself_as_the_current_build_by_default) {
  const int raw = std::system(("'" + fake + "' gate --workload counter --baseline-exe '" + fake +
                               "' --quiet >/dev/null 2>&1")
                                  .c_str());
  ASSERT_TRUE(WIFEXITED(raw));
  EXPECT_EQ(WEXITSTATUS(raw), 0);
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
