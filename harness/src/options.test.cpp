#include "options.hpp"

#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

#include "fake_workloads.hpp"
#include "usage.hpp"

namespace {

std::variant<ab::cli_options, ab::usage_error> parse(std::vector<std::string> args) {
  return ab::parse_command_line(args, ab::testing::fake_catalog());
}

ab::cli_options parsed(std::vector<std::string> args) {
  auto r = parse(std::move(args));
  if (auto* e = std::get_if<ab::usage_error>(&r)) ADD_FAILURE() << e->message;
  return std::holds_alternative<ab::cli_options>(r) ? std::get<ab::cli_options>(r)
                                                    : ab::cli_options{};
}

std::string error_of(std::vector<std::string> args) {
  auto r = parse(std::move(args));
  if (!std::holds_alternative<ab::usage_error>(r)) {
    ADD_FAILURE() << "parsed without an error";
    return {};
  }
  return std::get<ab::usage_error>(r).message;
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST(options, run_without_options_takes_the_defaults) {
  const auto o = parsed({"run"});
  EXPECT_EQ(o.cmd, ab::command::run);
  EXPECT_FALSE(o.help);
  EXPECT_TRUE(o.run.workloads.empty());
  EXPECT_TRUE(o.run.backends.empty());
  EXPECT_EQ(o.run.size, ab::size_class::standard);
  EXPECT_EQ(o.run.repetitions, ab::default_repetitions);
  EXPECT_EQ(o.run.warmups, ab::default_warmups);
  EXPECT_EQ(o.run.schedulers, ab::default_schedulers());
  EXPECT_EQ(o.run.strategy, "work_stealing");
  EXPECT_EQ(o.run.clock, "auto");
  EXPECT_FALSE(o.run.json_path);
  EXPECT_FALSE(o.run.quiet);
}

TEST(options, every_run_option_is_read_in_both_spellings) {
  const auto o = parsed({"run",
                         "--workload",
                         "latency,counter",
                         "--workload=latency",
                         "--backend=rt",
                         "--backend",
                         "onetbb",
                         "--param",
                         "items=5k",
                         "--param=latency.rate=2M",
                         "--size",
                         "quick",
                         "--repetitions=9",
                         "--warmups",
                         "0",
                         "--schedulers=3",
                         "--strategy",
                         "global_queue",
                         "--json",
                         "out/r.json",
                         "--hgrm-dir=h",
                         "--clock=steady",
                         "--quiet"});
  EXPECT_EQ(o.run.workloads, (std::vector<std::string>{"latency", "counter"}));
  EXPECT_EQ(o.run.backends, (std::vector<std::string>{"rt", "onetbb"}));
  ASSERT_EQ(o.run.params.size(), 2u);
  EXPECT_EQ(o.run.params[0].workload, "");
  EXPECT_EQ(o.run.params[0].name, "items");
  EXPECT_EQ(o.run.params[0].value, 5000);
  EXPECT_EQ(o.run.params[1].workload, "latency");
  EXPECT_EQ(o.run.params[1].name, "rate");
  EXPECT_EQ(o.run.params[1].value, 2'000'000);
  EXPECT_EQ(o.run.size, ab::size_class::quick);
  EXPECT_EQ(o.run.repetitions, 9);
  EXPECT_EQ(o.run.warmups, 0);
  EXPECT_EQ(o.run.schedulers, 3u);
  EXPECT_EQ(o.run.strategy, "global_queue");
  EXPECT_EQ(o.run.json_path, "out/r.json");
  EXPECT_EQ(o.run.hgrm_dir, "h");
  EXPECT_EQ(o.run.clock, "steady");
  EXPECT_TRUE(o.run.quiet);
}

TEST(options, a_sweep_takes_lists_of_strategies_and_scheduler_counts) {
  const auto o = parsed({"sweep", "--strategy", "static,work_stealing,static", "--schedulers",
                         "4,1,2,4", "--workload", "counter", "--pin=off", "--idle",
                         "spin_then_park", "--json", "s.json"});
  EXPECT_EQ(o.cmd, ab::command::sweep);
  EXPECT_EQ(o.sweep.strategies, (std::vector<std::string>{"static", "work_stealing"}));
  EXPECT_EQ(o.sweep.schedulers, (std::vector<unsigned>{1, 2, 4}));
  EXPECT_EQ(o.sweep.workloads, (std::vector<std::string>{"counter"}));
  EXPECT_FALSE(o.sweep.pin_threads);
  EXPECT_EQ(o.sweep.json_path, "s.json");
  EXPECT_EQ(parsed({"sweep", "--strategy", "all"}).sweep.strategies, ab::strategy_names());
}

TEST(options, a_sweep_defaults_to_every_strategy_few_repetitions_and_the_quick_sizes) {
  const auto o = parsed({"sweep"});
  EXPECT_TRUE(o.sweep.strategies.empty());  // all
  EXPECT_TRUE(o.sweep.schedulers.empty());  // default_sweep_schedulers
  EXPECT_EQ(o.sweep.repetitions, ab::default_sweep_repetitions);
  EXPECT_EQ(o.sweep.size, ab::default_sweep_size);
  EXPECT_EQ(o.sweep.idle, "spin_then_park");
}

TEST(options, the_default_scheduler_counts_go_to_twice_the_cpus) {
  EXPECT_EQ(ab::default_sweep_schedulers(1), (std::vector<unsigned>{1, 2}));
  EXPECT_EQ(ab::default_sweep_schedulers(2), (std::vector<unsigned>{1, 2, 4}));
  EXPECT_EQ(ab::default_sweep_schedulers(6), (std::vector<unsigned>{1, 2, 4, 6, 8, 12}));
  EXPECT_EQ(ab::default_sweep_schedulers(8), (std::vector<unsigned>{1, 2, 4, 8, 16}));
}

TEST(options, pinning_and_the_idle_policy_are_accepted_where_they_can_reach_rt) {
  const auto defaults = parsed({"run", "--pin", "off", "--idle", "spin_then_park"});
  EXPECT_FALSE(defaults.run.pin_threads);
  if (ab::run_params_carry_pin_and_idle) {
    const auto o = parsed({"run", "--pin", "on", "--idle", "park"});
    EXPECT_TRUE(o.run.pin_threads);
    EXPECT_EQ(o.run.idle, "park");
  } else {
    EXPECT_TRUE(contains(error_of({"run", "--pin", "on"}), "cannot reach rt in this build"));
    EXPECT_TRUE(contains(error_of({"sweep", "--idle", "park"}), "cannot reach rt in this build"));
  }
}

TEST(options, report_takes_files_and_an_output_and_compare_takes_two_files) {
  const auto r = parsed({"report", "a.json", "b.json", "-o", "r.html"});
  EXPECT_EQ(r.cmd, ab::command::report);
  EXPECT_EQ(r.report.inputs, (std::vector<std::string>{"a.json", "b.json"}));
  EXPECT_EQ(r.report.output, "r.html");
  EXPECT_EQ(parsed({"report", "--output=x.html", "a.json"}).report.output, "x.html");
  EXPECT_FALSE(parsed({"report", "a.json"}).report.output);
  EXPECT_FALSE(parsed({"report", "a.json"}).report.svg_dir);
  EXPECT_EQ(parsed({"report", "a.json", "--svg-dir", "charts"}).report.svg_dir, "charts");
  const auto c = parsed({"compare", "a.json", "b.json"});
  EXPECT_EQ(c.cmd, ab::command::compare);
  EXPECT_EQ(c.compare.baseline, "a.json");
  EXPECT_EQ(c.compare.candidate, "b.json");
}

TEST(options, help_is_asked_for_in_several_ways) {
  for (const char* cmd : {"sweep", "report", "compare"}) {
    EXPECT_TRUE(parsed({cmd, "--help"}).help) << cmd;
    EXPECT_TRUE(parsed({"help", cmd}).help) << cmd;
  }
  EXPECT_EQ(parsed({"--help"}).cmd, ab::command::help);
  EXPECT_EQ(parsed({"-h"}).cmd, ab::command::help);
  EXPECT_EQ(parsed({"help"}).cmd, ab::command::help);
  EXPECT_TRUE(parsed({"run", "--help"}).help);
  EXPECT_TRUE(parsed({"run", "-h"}).help);
  EXPECT_TRUE(parsed({"help", "run"}).help);
  EXPECT_TRUE(parsed({"list", "--help"}).help);
  EXPECT_EQ(parsed({"list"}).cmd, ab::command::list);
}

TEST(options, integers_take_decimal_suffixes_and_reject_anything_else) {
  EXPECT_EQ(ab::parse_integer("42"), 42);
  EXPECT_EQ(ab::parse_integer("10k"), 10'000);
  EXPECT_EQ(ab::parse_integer("3M"), 3'000'000);
  EXPECT_EQ(ab::parse_integer("2g"), 2'000'000'000);
  EXPECT_EQ(ab::parse_integer("-7"), -7);
  for (const char* bad :
       {"", "k", "1.5", "12x", "0x10", " 1", "1 ", "99999999999999999999", "9999999999999999k"}) {
    EXPECT_FALSE(ab::parse_integer(bad)) << bad;
  }
}

// Every bad input: one line, starting "actorbench", naming the valid choices.
struct bad_input {
  std::vector<std::string> args;
  std::vector<std::string> mentions;
};

TEST(options, bad_input_is_one_line_naming_the_valid_choices) {
  const std::vector<bad_input> cases = {
      {{}, {"missing command", "list, run, sweep, report, compare, gate, stress, help"}},
      {{"bench"}, {"unknown command 'bench'", "list, run, sweep, report, compare, gate, stress, help"}},
      {{"run", "--workload", "rnig"},
       {"unknown workload 'rnig'", "counter, latency, picky, flaky"}},
      {{"run", "--workload="}, {"--workload needs a name", "counter"}},
      {{"run", "--backend", "rt,erlang"},
       {"unknown backend 'erlang'", "rt, os_threads, boost_fiber, onetbb"}},
      {{"run", "--param", "items"}, {"malformed --param 'items'", "NAME=VALUE"}},
      {{"run", "--param", "=5"}, {"malformed --param '=5'"}},
      {{"run", "--param", "items=lots"}, {"malformed value 'lots' for --param items", "integer"}},
      {{"run", "--param", "items=-1"}, {"malformed value '-1'"}},
      {{"run", "--param", "nope.items=1"}, {"unknown workload 'nope'", "counter"}},
      {{"run", "--size", "huge"}, {"unknown size 'huge'", "quick, default, large"}},
      {{"run", "--repetitions", "0"}, {"malformed --repetitions '0'", "1 to 1000"}},
      {{"run", "--repetitions", "five"}, {"malformed --repetitions 'five'"}},
      {{"run", "--warmups", "-1"}, {"malformed --warmups '-1'", "0 to 100"}},
      {{"run", "--schedulers", "0"}, {"malformed --schedulers '0'"}},
      {{"run", "--schedulers", "100000"}, {"bad --schedulers '100000'", "at most"}},
      {{"run", "--strategy", "fifo"}, {"unknown strategy 'fifo'", "work_stealing"}},
      {{"run", "--json"}, {"--json needs a value"}},
      {{"run", "--quiet=yes"}, {"--quiet takes no value"}},
      {{"run", "--frobnicate"}, {"unknown option '--frobnicate'", "--workload", "--json"}},
      {{"run", "ring"}, {"unexpected argument 'ring'"}},
      {{"list", "--all"}, {"unknown option '--all'", "--help"}},
      {{"list", "all"}, {"unexpected argument 'all'", "--help"}},
      {{"help", "bench"}, {"unknown command 'bench'", "list, run"}},
      {{"run", "--pin", "maybe"}, {"malformed --pin 'maybe'", "on, off"}},
      {{"run", "--idle", "spin"}, {"unknown idle policy 'spin'", "spin_then_park, park"}},
      {{"run", "--clock", "hpet"}, {"unknown clock 'hpet'", "auto, tsc, steady"}},
      {{"sweep", "--clock="}, {"unknown clock ''", "auto, tsc, steady"}},
      {{"sweep", "--strategy", "all,fifo"},
       {"actorbench sweep: unknown strategy 'fifo'", "all, work_stealing"}},
      {{"sweep", "--strategy="}, {"--strategy needs a name", "all"}},
      {{"sweep", "--schedulers", "1,two"}, {"malformed --schedulers 'two'", "positive integer"}},
      {{"sweep", "--schedulers", "1,0"}, {"malformed --schedulers '0'"}},
      {{"sweep", "--schedulers", ","}, {"--schedulers needs counts", "1,2,4"}},
      {{"sweep", "--schedulers", "1,,2"}, {"malformed --schedulers ''"}},
      {{"run", "--workload", "counter,"}, {"unknown workload ''", "counter"}},
      {{"sweep", "--strategy", "static,"}, {"unknown strategy ''", "all"}},
      {{"sweep", "--schedulers", "5000"}, {"bad --schedulers '5000'", "at most"}},
      {{"sweep", "--backend", "rt"}, {"unknown option '--backend'", "rt only"}},
      {{"sweep", "--workload", "nope"}, {"actorbench sweep: unknown workload 'nope'", "counter"}},
      {{"sweep", "--repetitions", "0"}, {"actorbench sweep: malformed --repetitions '0'"}},
      {{"report"}, {"actorbench report: no result files given", "RESULTS.json"}},
      {{"report", "a.json", "-o"}, {"actorbench report: -o needs a value"}},
      {{"report", "a.json", "--output="}, {"--output needs a file name"}},
      {{"report", "a.json", "--svg-dir="}, {"--svg-dir needs a directory name"}},
      {{"report", "a.json", "--title", "x"}, {"unknown option '--title'", "-o, --output"}},
      {{"compare", "a.json"}, {"actorbench compare: expected two result files", "got 1"}},
      {{"compare", "a.json", "b.json", "c.json"}, {"got 3"}},
      {{"compare", "a.json", "b.json", "--json"}, {"unknown option '--json'"}},
  };
  for (const auto& c : cases) {
    const std::string message = error_of(c.args);
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    EXPECT_EQ(message.rfind("actorbench", 0), 0u) << message;
    for (const auto& m : c.mentions) EXPECT_TRUE(contains(message, m)) << message << " lacks " << m;
  }
}

TEST(options, the_usage_texts_name_every_option_and_the_ci_command) {
  const std::string run = ab::run_usage_text();
  for (const char* o : {"--workload", "--backend", "--param", "--size", "--repetitions",
                        "--warmups", "--schedulers", "--strategy", "--pin", "--idle", "--json",
                        "--hgrm-dir", "--clock", "--quiet", "--help"}) {
    EXPECT_TRUE(contains(run, o)) << o;
  }
  const std::string sweep = ab::sweep_usage_text();
  for (const char* o : {"--workload", "--param", "--size", "--repetitions", "--warmups",
                        "--schedulers", "--strategy", "--pin", "--idle", "--json", "--hgrm-dir",
                        "--clock", "--quiet", "--help", "oversubscribed"}) {
    EXPECT_TRUE(contains(sweep, o)) << o;
  }
  for (const auto& s : ab::strategy_names()) {
    EXPECT_TRUE(contains(run, s)) << s;
    EXPECT_TRUE(contains(sweep, s)) << s;
  }
  EXPECT_TRUE(contains(ab::report_usage_text(), "-o, --output FILE"));
  EXPECT_TRUE(contains(ab::compare_usage_text(), "A.json B.json"));
  for (const auto& cmd : ab::command_names())
    EXPECT_TRUE(contains(ab::usage_text(), "  " + cmd + " ")) << cmd;
  EXPECT_TRUE(contains(run, "actorbench run --size default --json results/runs/"));
  EXPECT_TRUE(contains(ab::usage_text(), "list"));
  EXPECT_TRUE(contains(ab::usage_text(), "exit status"));
}

}  // namespace
