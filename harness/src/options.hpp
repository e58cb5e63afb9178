// The command line of actorbench: its grammar and defaults. The help texts
// are in usage.hpp.
//
// Parsing checks everything that can be checked without running anything:
// command and option names, value syntax and ranges, workload, backend,
// strategy and idle-policy names. Parameter names are checked against the
// selected workloads by make_plan (plan.hpp); result files given to report
// and compare are read by results_file.hpp. Every failure is one line naming
// what is wrong and the valid choices (usage_error), which the CLI prints
// before exiting with status 2.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "catalog.hpp"
#include "gate_thresholds.hpp"
#include "runtime_choices.hpp"

namespace ab {

// Defaults, named (and printed by --help).
inline constexpr int default_repetitions = 5;
inline constexpr int max_repetitions = 1000;
inline constexpr int default_warmups = 1;
inline constexpr int max_warmups = 100;
// A sweep runs every workload strategies x scheduler counts times, so it
// defaults to fewer repetitions and the quick sizes: all four strategies over
// 1, 2 and 4 schedulers on 2 cores take seconds at --size quick (about six
// minutes at --size default, which measures for longer and is the size to
// quote).
inline constexpr int default_sweep_repetitions = 3;
inline constexpr size_class default_sweep_size = size_class::quick;

enum class command { help, list, run, sweep, report, compare, gate };

// --param NAME=VALUE (workload empty: every selected workload that has NAME)
// or --param WORKLOAD.NAME=VALUE.
struct param_override {
  std::string workload;
  std::string name;
  std::int64_t value = 0;
};

// What `run` and `sweep` share.
struct suite_options {
  std::vector<std::string> workloads;  // in the order given, no duplicates; empty: all
  std::vector<param_override> params;  // in the order given; a later one wins
  size_class size = size_class::standard;
  int repetitions = default_repetitions;
  int warmups = default_warmups;
  bool pin_threads = default_pin_threads();  // rt's
  std::string idle = default_idle_name();    // rt's idle policy
  std::string clock = "auto";                // the timestamp clock: auto, tsc, steady
  std::optional<std::string> json_path;
  std::optional<std::string> hgrm_dir;
  bool quiet = false;
};

struct run_options : suite_options {
  std::vector<std::string> backends;  // in the order given, no duplicates; empty: all
  unsigned schedulers = 0;            // 0 until parsed: default_schedulers()
  std::string strategy = default_strategy_name();
};

// The rt backend only, every strategy at every scheduler count.
struct sweep_options : suite_options {
  sweep_options() {
    size = default_sweep_size;
    repetitions = default_sweep_repetitions;
  }
  std::vector<std::string> strategies;  // in the order given, no duplicates; empty: all
  std::vector<unsigned> schedulers;  // ascending, no duplicates; empty: default_sweep_schedulers()
};

struct report_options {
  std::vector<std::string> inputs;    // result files, in the order given
  std::optional<std::string> output;  // -o; none: beside the first input, as STEM.html
  std::optional<std::string> svg_dir;  // --svg-dir: also each chart as DIR/<workload>-<kind>.svg
};

struct compare_options {
  std::string baseline;   // A
  std::string candidate;  // B
};

// `actorbench gate` (gate.hpp): run's settings for measuring, defaulting to
// rt, --size quick and min_gate_repetitions repetitions, plus the comparison's.
struct gate_options : run_options {
  gate_options() {
    size = size_class::quick;
    repetitions = min_gate_repetitions;
  }
  std::optional<std::string> baseline;    // --baseline
  // --baseline-exe: the paired mode (gate_paired_run.hpp), a baseline build
  // run beside the current one; --current-exe: the current build (default:
  // this executable).
  std::optional<std::string> baseline_exe;
  std::optional<std::string> current_exe;
  std::optional<std::string> current;     // --current: compare this file, run nothing
  std::optional<std::string> thresholds;  // --thresholds FILE (gate_thresholds.hpp)
  std::optional<double> threshold_pct;    // --threshold: one threshold for every benchmark
  double alpha = default_gate_alpha;
  bool normalise = false;
  gate_metric metric = gate_metric::wall;
};

struct cli_options {
  command cmd = command::help;
  bool help = false;  // `run --help`, `help run`...: print that command's usage
  run_options run;
  sweep_options sweep;
  report_options report;
  compare_options compare;
  gate_options gate;
};

struct usage_error {
  std::string message;  // one line, no trailing newline, starting "actorbench"
};

// The scheduler count used when --schedulers is not given: the hardware threads.
unsigned default_schedulers() noexcept;

// A sweep's scheduler counts when --schedulers is not given: the powers of two
// up to twice the CPUs this process may run on, and those two counts
// themselves (1,2,4 for 2 CPUs; 1,2,4,6,8,12 for 6).
std::vector<unsigned> default_sweep_schedulers(unsigned cpus);

// args excludes the program name.
std::variant<cli_options, usage_error> parse_command_line(const std::vector<std::string>& args,
                                                          const catalog& c);

// An integer with an optional decimal suffix k, M or G (case-insensitive);
// nullopt when malformed or out of range.
std::optional<std::int64_t> parse_integer(std::string_view text) noexcept;

// The command names, as the usage and error messages list them.
std::vector<std::string> command_names();

}  // namespace ab
