#include "cli.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "build_info.hpp"
#include "cli_runner.hpp"
#include "fake_workloads.hpp"
#include "result_fixtures.hpp"
#include "test_directory.hpp"

namespace {

using outcome = ab::testing::cli_outcome;
using ab::testing::run_cli;

std::string read(const std::filesystem::path& p) {
  std::ifstream in{p};
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

std::size_t lines(const std::string& s) {
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

TEST(cli, list_prints_every_workload_with_its_parameter_defaults_and_every_backend) {
  const auto r = run_cli({"list"});
  EXPECT_EQ(r.status, ab::exit_success);
  EXPECT_TRUE(contains(r.out, "counter  counts items at a backend-specific speed")) << r.out;
  EXPECT_TRUE(contains(r.out, "items   1000    10000  100000  items to count")) << r.out;
  EXPECT_TRUE(contains(r.out, "backends: rt, os_threads, boost_fiber, onetbb\n")) << r.out;
  EXPECT_TRUE(contains(
      r.out, "  unavailable: absent (its library was not found when this binary was built)\n"))
      << r.out;
  EXPECT_TRUE(r.err.empty());
}

TEST(cli, running_an_unavailable_backend_is_a_one_line_usage_error_that_says_why) {
  const auto r = run_cli({"run", "--backend", "rt,absent", "--size", "quick"});
  EXPECT_EQ(r.status, ab::exit_usage);
  EXPECT_EQ(r.err,
            "actorbench run: backend 'absent' is unavailable: its library was not found when "
            "this binary was built\n");
  EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST(cli, a_run_records_the_settings_of_the_backends_that_have_them_in_the_context) {
  ab::testing::test_directory dir;
  const auto json_path = dir.path() / "out.json";
  const auto r =
      run_cli({"run", "--workload", "counter", "--backend", "rt,boost_fiber", "--size", "quick",
               "--repetitions", "1", "--schedulers", "3", "--quiet", "--json", json_path.string()});
  ASSERT_EQ(r.status, ab::exit_success) << r.err;
  const auto doc = nlohmann::json::parse(read(json_path));
  EXPECT_EQ(doc["context"]["backend_settings"], (nlohmann::json{{"boost_fiber", "fibers x3"}}));
}

TEST(cli, help_goes_to_stdout_and_succeeds) {
  for (const auto& args : std::vector<std::vector<std::string>>{{"--help"},
                                                                {"run", "--help"},
                                                                {"list", "-h"},
                                                                {"sweep", "--help"},
                                                                {"report", "--help"},
                                                                {"compare", "-h"},
                                                                {"help", "sweep"},
                                                                {"report", "-h", "x.json"}}) {
    const auto r = run_cli(args);
    EXPECT_EQ(r.status, ab::exit_success);
    EXPECT_TRUE(contains(r.out, "usage: actorbench")) << r.out;
    if (args.size() > 1 && args[0] != "help") {
      EXPECT_TRUE(contains(r.out, "usage: actorbench " + args[0])) << r.out;
    }
    EXPECT_TRUE(r.err.empty()) << r.err;
  }
}

TEST(cli, a_run_prints_tables_on_stdout_progress_on_stderr_and_writes_json_and_hgrm_files) {
  ab::testing::test_directory dir;
  const auto json_path = dir.path() / "runs" / "2024-01-01-host.json";
  const auto r = run_cli({"run", "--workload", "counter,latency", "--backend", "rt,boost_fiber",
                          "--size", "quick", "--repetitions", "2", "--json", json_path.string()});
  EXPECT_EQ(r.status, ab::exit_success) << r.err;
  EXPECT_TRUE(contains(r.out, "counter (items=1000, width=1)")) << r.out;
  EXPECT_TRUE(contains(r.out, "latency (messages=1000, rate=0)")) << r.out;
  EXPECT_TRUE(contains(r.err, "[4/4] latency on boost_fiber rep 2/2 ... ")) << r.err;
  EXPECT_FALSE(contains(r.out, "[1/4]"));
  EXPECT_EQ(dir.files(), (std::vector<std::string>{"runs/2024-01-01-host.json",
                                                   "runs/2024-01-01-host.latency.boost_fiber.hgrm",
                                                   "runs/2024-01-01-host.latency.rt.hgrm"}));
  const auto doc = nlohmann::json::parse(read(json_path));
  EXPECT_EQ(doc["context"]["suite"]["backends"], (nlohmann::json{"rt", "boost_fiber"}));
  EXPECT_EQ(doc["benchmarks"].size(), 2u * 2u * (2u + 4u));
  const std::string hgrm = read(dir.path() / "runs" / "2024-01-01-host.latency.rt.hgrm");
  EXPECT_EQ(hgrm.rfind("       Value     Percentile TotalCount 1/(1-Percentile)", 0), 0u) << hgrm;
  EXPECT_TRUE(contains(hgrm, "#[Max     = "));
}

TEST(cli, hgrm_files_go_into_the_hgrm_dir_when_given) {
  ab::testing::test_directory dir;
  const auto r =
      run_cli({"run", "--workload", "latency", "--backend", "rt", "--size", "quick",
               "--repetitions", "1", "--quiet", "--hgrm-dir", (dir.path() / "h").string()});
  EXPECT_EQ(r.status, ab::exit_success) << r.err;
  EXPECT_EQ(dir.files(), (std::vector<std::string>{"h/latency.rt.hgrm"}));
  EXPECT_TRUE(r.err.empty() || ab::this_build().is_debug()) << r.err;  // --quiet
}

TEST(cli, the_json_names_its_hgrm_files_relative_to_its_own_directory) {
  ab::testing::test_directory dir;
  const auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());
  const auto r = run_cli({"run", "--workload", "latency", "--backend", "rt", "--repetitions", "1",
                          "--quiet", "--json", "out.json"});
  std::filesystem::current_path(cwd);
  EXPECT_EQ(r.status, ab::exit_success) << r.err;
  const auto doc = nlohmann::json::parse(read(dir.path() / "out.json"));
  bool found = false;
  for (const auto& e : doc["benchmarks"]) {
    if (e.contains("hgrm_file")) {
      EXPECT_EQ(e["hgrm_file"], "out.latency.rt.hgrm");
      found = true;
    }
  }
  EXPECT_TRUE(found);
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "out.latency.rt.hgrm"));
}

TEST(cli, a_failed_run_is_reported_the_suite_goes_on_and_the_status_is_1) {
  ab::testing::test_directory dir;
  const auto json_path = dir.path() / "r.json";
  const auto r = run_cli({"run", "--workload", "picky,counter", "--size", "quick", "--repetitions",
                          "1", "--json", json_path.string()});
  EXPECT_EQ(r.status, ab::exit_run_failed);
  EXPECT_TRUE(contains(r.out, "counter (items=1000")) << r.out;  // ran after picky's failures
  EXPECT_TRUE(contains(r.err, "2 run(s) failed")) << r.err;
  const auto doc = nlohmann::json::parse(read(json_path));
  EXPECT_FALSE(doc["benchmarks"].empty());
}

// Bad input: status 2, one line on stderr naming the choices, nothing on
// stdout, no file written.
TEST(cli, bad_input_exits_2_with_one_line_and_writes_no_file) {
  ab::testing::test_directory dir;
  const std::string json = (dir.path() / "r.json").string();
  const std::vector<std::vector<std::string>> cases = {
      {"run", "--workload", "nope", "--json", json},
      {"run", "--backend", "erlang", "--json", json},
      {"run", "--param", "nope=1", "--json", json},
      {"run", "--param", "items=many", "--json", json},
      {"run", "--size", "huge", "--json", json},
      {"run", "--json", json, "--repetitions", "0"},
      {"run", "--json", json, "--bogus"},
      {"sweep", "--json", json, "--strategy", "fifo"},
      {"sweep", "--json", json, "--schedulers", "0"},
      {"sweep", "--json", json, "--param", "nope=1"},
      {"frobnicate"},
      {},
  };
  for (const auto& args : cases) {
    const auto r = run_cli(args);
    EXPECT_EQ(r.status, ab::exit_usage) << r.err;
    EXPECT_EQ(lines(r.err), 1u) << r.err;
    EXPECT_TRUE(contains(r.err, "valid") || contains(r.err, "expected")) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
  EXPECT_TRUE(dir.files().empty());
}

TEST(cli, an_unwritable_json_destination_is_refused_before_anything_runs) {
  ab::testing::test_directory dir;
  std::ofstream{dir.path() / "file"} << "x";
  const auto r = run_cli({"run", "--json", (dir.path() / "file" / "r.json").string()});
  EXPECT_EQ(r.status, ab::exit_usage);
  EXPECT_EQ(lines(r.err), 1u) << r.err;
  EXPECT_TRUE(contains(r.err, "cannot write --json")) << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST(cli, a_json_destination_that_is_not_a_regular_file_is_refused_before_anything_runs) {
  const auto r = run_cli({"run", "--workload", "counter", "--json", "/dev/null"});
  EXPECT_EQ(r.status, ab::exit_usage);
  EXPECT_EQ(lines(r.err), 1u) << r.err;
  EXPECT_TRUE(contains(r.err, "cannot write --json /dev/null: it exists and is not a regular file")) << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST(cli, a_debug_build_says_so_loudly) {
  const auto r =
      run_cli({"run", "--workload", "counter", "--backend", "rt", "--repetitions", "1", "--quiet"});
  EXPECT_EQ(contains(r.err, "WARNING: DEBUG BUILD"), ab::this_build().is_debug()) << r.err;
  EXPECT_EQ(contains(r.out, "WARNING: DEBUG BUILD"), ab::this_build().is_debug()) << r.out;
}

TEST(cli, a_sweep_prints_a_matrix_per_workload_and_writes_one_file) {
  ab::testing::test_directory dir;
  const auto json_path = dir.path() / "sweep.json";
  const auto r =
      run_cli({"sweep", "--workload", "counter,latency", "--strategy", "work_stealing,static",
               "--schedulers", "1,2", "--repetitions", "2", "--json", json_path.string()});
  EXPECT_EQ(r.status, ab::exit_success) << r.err;
  EXPECT_TRUE(contains(r.out, "  strategy            1       2\n")) << r.out;
  EXPECT_TRUE(contains(r.out, "  fastest at 1: work_stealing; at 2: work_stealing\n")) << r.out;
  EXPECT_TRUE(contains(r.err, "2 workload(s) x 2 strategies x 2 scheduler count(s) (1,2; "))
      << r.err;
  EXPECT_TRUE(contains(r.err, "[8/8] latency on rt static x2 rep 2/2 ... ")) << r.err;
  EXPECT_EQ(dir.files(), (std::vector<std::string>{"sweep.json"}));  // no .hgrm files
  const auto doc = nlohmann::json::parse(read(json_path));
  EXPECT_EQ(doc["context"]["suite"]["command"], "sweep");
  EXPECT_EQ(doc["benchmarks"].size(), 2u * 4u * (2u + 4u));
}

TEST(cli, a_sweep_writes_latency_distributions_only_into_an_hgrm_dir) {
  ab::testing::test_directory dir;
  const auto r =
      run_cli({"sweep", "--workload", "latency", "--strategy", "static", "--schedulers", "1,2",
               "--repetitions", "1", "--quiet", "--json", (dir.path() / "s.json").string(),
               "--hgrm-dir", (dir.path() / "h").string()});
  EXPECT_EQ(r.status, ab::exit_success) << r.err;
  EXPECT_EQ(dir.files(), (std::vector<std::string>{"h/latency.rt.static.s1.hgrm",
                                                   "h/latency.rt.static.s2.hgrm", "s.json"}));
}

TEST(cli, report_writes_one_html_file_beside_the_results_or_where_told) {
  ab::testing::test_directory dir;
  const auto a = dir.path() / "a.json";
  const auto b = dir.path() / "b.json";
  std::ofstream{a} << ab::testing::fake_sweep_document({"counter"}, {1, 2}).dump(2);
  std::ofstream{b} << ab::testing::fake_run_document({"counter"}).dump(2);
  auto r = run_cli({"report", a.string()});
  EXPECT_EQ(r.status, ab::exit_success) << r.err;
  EXPECT_EQ(r.err, "actorbench report: wrote " + (dir.path() / "a.html").string() + "\n");
  EXPECT_TRUE(r.out.empty());
  const auto out = dir.path() / "out" / "both.html";
  r = run_cli({"report", a.string(), b.string(), "-o", out.string()});
  EXPECT_EQ(r.status, ab::exit_success) << r.err;
  EXPECT_EQ(dir.files(), (std::vector<std::string>{"a.html", "a.json", "b.json", "out/both.html"}));
  const std::string html = read(out);
  EXPECT_TRUE(contains(html, "<b>B</b>: <code>" + b.string() + "</code>"));
}

TEST(cli, compare_prints_both_files_side_by_side) {
  ab::testing::test_directory dir;
  const auto a = dir.path() / "a.json";
  std::ofstream{a} << ab::testing::fake_run_document({"counter"}).dump();
  const auto r = run_cli({"compare", a.string(), a.string()});
  EXPECT_EQ(r.status, ab::exit_success) << r.err;
  EXPECT_TRUE(contains(r.out, "Geometric mean of B/A over 4 pair(s): 1.00x")) << r.out;
  EXPECT_TRUE(r.err.empty()) << r.err;
}

// A bad result file: status 2, one line naming the file, nothing written.
TEST(cli, report_and_compare_refuse_bad_files_with_one_line_and_write_nothing) {
  ab::testing::test_directory dir;
  const auto good = dir.path() / "good.json";
  const auto bad = dir.path() / "bad.json";
  const auto gbench = dir.path() / "gbench.json";
  std::ofstream{good} << ab::testing::fake_run_document({"counter"}).dump();
  std::ofstream{bad} << "{\"context\": {";
  std::ofstream{gbench} << R"({"context": {"date": "x"}, "benchmarks": []})";
  const auto empty = dir.path() / "empty.json";
  const auto binary = dir.path() / "binary.json";
  const auto truncated = dir.path() / "truncated.json";
  const auto array = dir.path() / "array.json";
  std::ofstream{empty};
  std::ofstream{binary} << std::string("\x7f\x00\x01ELF", 6);
  const std::string whole = ab::testing::fake_run_document({"counter"}).dump();
  std::ofstream{truncated} << whole.substr(0, whole.size() / 2);
  std::ofstream{array} << "[1, 2]";
  const std::string html = (dir.path() / "r.html").string();
  const std::string missing = (dir.path() / "missing.json").string();
  struct bad_case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<bad_case> cases = {
      {{"report", good.string(), bad.string(), "-o", html},
       "actorbench report: " + bad.string() + ": not JSON: parse error at line 1"},
      {{"report", good.string(), missing, "-o", html},
       "actorbench report: " + missing + ": cannot read: No such file or directory"},
      {{"report", gbench.string(), "-o", html},
       "actorbench report: " + gbench.string() + ": not an actorbench result file"},
      {{"report", good.string(), "-o", (good / "r.html").string()},
       "actorbench report: cannot write -o " + (good / "r.html").string()},
      {{"report", good.string(), "-o", good.string()},
       "actorbench report: -o " + good.string() + " would overwrite the result file"},
      {{"report", good.string(), "-o", dir.path().string()},
       "actorbench report: -o " + dir.path().string() + " is a directory, not a file"},
      {{"compare", good.string(), bad.string()},
       "actorbench compare: " + bad.string() + ": not JSON"},
      {{"compare", missing, good.string()}, "actorbench compare: " + missing + ": cannot read"},
      {{"report", empty.string(), "-o", html}, "actorbench report: " + empty.string() + ": empty file"},
      {{"compare", good.string(), empty.string()}, "actorbench compare: " + empty.string() + ": empty file"},
      {{"report", binary.string(), "-o", html}, "actorbench report: " + binary.string() + ": not JSON"},
      {{"report", truncated.string(), "-o", html},
       "actorbench report: " + truncated.string() + ": not JSON: parse error"},
      {{"compare", truncated.string(), good.string()},
       "actorbench compare: " + truncated.string() + ": not JSON: parse error"},
      {{"compare", good.string(), array.string()},
       "actorbench compare: " + array.string() + ": not a JSON object"},
      {{"report", good.string(), "-o", "/dev/null"},
       "actorbench report: cannot write -o /dev/null: it exists and is not a regular file"},
  };
  for (const auto& c : cases) {
    const auto r = run_cli(c.args);
    EXPECT_EQ(r.status, ab::exit_usage) << r.err;
    EXPECT_EQ(lines(r.err), 1u) << r.err;
    EXPECT_EQ(r.err.rfind(c.message, 0), 0u) << r.err << " does not start with " << c.message;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
  EXPECT_EQ(dir.files(), (std::vector<std::string>{"array.json", "bad.json", "binary.json", "empty.json",
                                                   "gbench.json", "good.json", "truncated.json"}));
}

// The real binary (main.cpp linked with the fakes): exit status and streams.
TEST(cli, the_binary_exits_2_on_bad_input_with_one_line_on_stderr) {
  ab::testing::test_directory dir;
  const auto err = dir.path() / "stderr";
  const auto out = dir.path() / "stdout";
  const std::string json = (dir.path() / "r.json").string();
  const std::string command = std::string("'") + AB_FAKE_CLI + "' run --workload nope --json '" +
                              json + "' >'" + out.string() + "' 2>'" + err.string() + "'";
  const int raw = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(raw));
  EXPECT_EQ(WEXITSTATUS(raw), 2);
  EXPECT_EQ(read(err),
            "actorbench run: unknown workload 'nope' (valid: counter, latency, picky, flaky)\n");
  EXPECT_EQ(read(out), "");
  EXPECT_FALSE(std::filesystem::exists(json));
}

TEST(cli, the_binary_runs_the_suite_and_exits_0) {
  ab::testing::test_directory dir;
  const std::string json = (dir.path() / "r.json").string();
  const std::string command =
      std::string("'") + AB_FAKE_CLI +
      "' run --workload counter,latency --size quick --repetitions 2 --json '" + json +
      "' >/dev/null 2>&1";
  const int raw = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(raw));
  EXPECT_EQ(WEXITSTATUS(raw), 0);
  const auto doc = nlohmann::json::parse(read(json));
  EXPECT_EQ(doc["context"]["executable"].get<std::string>(), AB_FAKE_CLI);
}

}  // namespace

namespace {

TEST(cli, stress_has_its_own_help_and_answers_bad_input_with_one_line_and_status_2) {
  for (const auto& args : std::vector<std::vector<std::string>>{{"stress", "--help"}, {"help", "stress"}}) {
    const auto r = run_cli(args);
    EXPECT_EQ(r.status, ab::exit_success);
    EXPECT_TRUE(contains(r.out, "usage: actorbench stress")) << r.out;
    EXPECT_TRUE(contains(r.out, "crash_storm")) << r.out;
  }
  const auto bad = run_cli({"stress", "--duration", "soon"});
  EXPECT_EQ(bad.status, ab::exit_usage);
  EXPECT_EQ(bad.err,
            "actorbench stress: --duration must be a positive time such as 10, 10s, 500ms or 2m, not 'soon'\n");
  EXPECT_TRUE(bad.out.empty());
}

TEST(cli, stress_runs_a_scenario_and_prints_its_seed) {
  const auto r = run_cli({"stress", "--scenario", "cascade", "--size", "quick", "--seed", "5", "--schedulers", "2"});
  EXPECT_EQ(r.status, ab::exit_success) << r.out;
  EXPECT_TRUE(contains(r.out, "stress: seed 5")) << r.out;
  EXPECT_TRUE(contains(r.out, "== cascade")) << r.out;
  EXPECT_TRUE(contains(r.out, "no violations")) << r.out;
}

}  // namespace
