#include "usage.hpp"

#include "machine.hpp"

namespace ab {

namespace {

std::string pin_and_idle_help() {
  // Appended piece by piece: GCC 12 warns (-Wrestrict, a false positive) on
  // "literal" + std::string chains here.
  std::string s = "  --pin on|off           pin rt's scheduler i to CPU i (default: ";
  s.append(pin_name(default_pin_threads())).append(")\n");
  s.append("  --idle P               what an idle rt scheduler does (default: ");
  s.append(default_idle_name()).append("):\n                         ");
  s.append(join(idle_policy_names())).append("\n");
  if (!run_params_carry_pin_and_idle) {
    s.append(
        "                         (this build's workloads cannot pass --pin or --idle\n"
        "                         to rt: only the defaults are accepted)\n");
  }
  return s;
}

std::string clock_help() {
  return "  --clock auto|tsc|steady\n"
         "                         the clock the workloads read (default: auto, the\n"
         "                         TSC where it is invariant and agrees across the\n"
         "                         CPUs, else steady_clock; the results record which)\n";
}

}  // namespace

std::string usage_text() {
  return R"(usage: actorbench <command> [options]

Benchmarks the actor runtime (rt) against baselines on OS threads, Boost.Fiber
and oneTBB, with the same workloads on every backend, and compares rt's
scheduling strategies.

commands:
  list          the workloads, their parameters with the default for each
                --size, and the backends
  run           runs workloads on backends; prints a table per workload
  sweep         runs workloads on rt for every strategy at every scheduler
                count; prints a matrix per workload
  report        turns result files into one self-contained HTML report
                with charts
  compare       puts two result files side by side (B/A per workload,
                backend and strategy), across machines too
  gate          fails (exit status 1) on a confirmed performance regression
                against a baseline result file: a CI regression gate
  stress        drives rt through crashes, overload and scale, checking
                invariants (exit status 1 on a violation)
  help [CMD]    this text, or CMD's (also: actorbench CMD --help)

exit status: 0 every run succeeded (or its backend does not support the
workload), 1 a run failed or a file could not be written, 2 bad command line
or bad input file (nothing is run and no file is written).
)";
}

std::string usage_text(command cmd) {
  switch (cmd) {
    case command::help:
      return usage_text();
    case command::list:
      return list_usage_text();
    case command::run:
      return run_usage_text();
    case command::sweep:
      return sweep_usage_text();
    case command::report:
      return report_usage_text();
    case command::compare:
      return compare_usage_text();
    case command::gate:
      return gate_usage_text();
  }
  return usage_text();
}

std::string run_usage_text() {
  return std::string(R"(usage: actorbench run [options]

Runs each selected workload on each selected backend: warm-up runs first, then
the repetitions, interleaved across backends (repetition r starts with the
r-th backend). A table per workload goes to stdout as soon as it is done,
progress to stderr.

options (--opt VALUE or --opt=VALUE):
  --workload W[,W...]    workloads to run, in this order (default: all)
  --backend B[,B...]     backends to run them on (default: all)
  --param NAME=VALUE     set a parameter of every selected workload that has it
  --param W.NAME=VALUE   ... or of workload W only. VALUE: an integer, with an
                         optional suffix k, M or G (10^3, 10^6, 10^9)
  --size quick|default|large
                         which defaults the parameters take (default: default)
  --repetitions N        measured runs of each workload on each backend
                         (default: )") +
         std::to_string(default_repetitions) + R"(; compare.py's U test wants 9 or more)
  --warmups N            unmeasured runs before them (default: )" +
         std::to_string(default_warmups) + R"()
  --schedulers N         threads or schedulers a backend may use (default: the
                         hardware threads, )" +
         std::to_string(default_schedulers()) + R"( here)
  --strategy S           rt's scheduling strategy: )" +
         join(strategy_names()) + R"(
                         (default: )" +
         default_strategy_name() + R"()
)" + pin_and_idle_help() + clock_help() +
         R"(  --json FILE            write the results as Google Benchmark JSON (schema:
                         results/README.md), and beside it, for every workload
                         and backend with latencies, FILE-STEM.W.B.hgrm
  --hgrm-dir DIR         write the .hgrm files into DIR instead, as W.B.hgrm
  --quiet                no progress on stderr
  -h, --help             this text

The default suite (what ci/bench.sh runs):
  actorbench run --size default --json results/runs/DATE-HOST.json
)";
}

std::string sweep_usage_text() {
  std::string counts;
  for (unsigned n : default_sweep_schedulers(static_cast<unsigned>(allowed_cpus()))) {
    if (!counts.empty()) counts += ',';
    counts += std::to_string(n);
  }
  return std::string(R"(usage: actorbench sweep [options]

Runs each selected workload on rt with every selected strategy at every
scheduler count: warm-ups first, then the repetitions, interleaved across the
strategy x scheduler-count settings. A matrix per workload (median throughput
by strategy and scheduler count) goes to stdout, progress to stderr. More
schedulers than the CPUs this process may run on is allowed and marked
"oversubscribed" in the table and the results.

options (--opt VALUE or --opt=VALUE):
  --strategy all|S[,S...]
                         strategies to sweep (default: all):
                         )") +
         join(strategy_names()) + R"(
  --schedulers N[,N...]  scheduler counts (default: powers of two up to twice
                         the CPUs available, and the CPU count: )" +
         counts + R"( here)
  --workload W[,W...]    workloads to run, in this order (default: all)
  --param NAME=VALUE     set a parameter, as for run (also W.NAME=VALUE)
  --size quick|default|large
                         which defaults the parameters take (default: )" +
         std::string(to_string(default_sweep_size)) + R"(;
                         --size default measures longer: about six minutes
                         on 2 cores for everything, the figures to quote)
  --repetitions N        measured runs of each setting (default: )" +
         std::to_string(default_sweep_repetitions) + R"()
  --warmups N            unmeasured runs before them (default: )" +
         std::to_string(default_warmups) + R"()
)" + pin_and_idle_help() + clock_help() +
         R"(  --json FILE            write all results into this one file (schema:
                         results/README.md) with the machine's fingerprint
  --hgrm-dir DIR         also write the latency distributions there, as
                         W.rt.STRATEGY.sN.hgrm
  --quiet                no progress on stderr
  -h, --help             this text

example:
  actorbench sweep --strategy all --schedulers 1,2,4 --json sweep.json
  actorbench report sweep.json -o sweep.html
)";
}

std::string report_usage_text() {
  return R"(usage: actorbench report RESULTS.json... [-o FILE] [--svg-dir DIR]

Writes one self-contained HTML file (no network needed to view it) from result
files of run or sweep: per workload, throughput per backend and strategy
(log scale where values span decades), the latency percentile distribution
(HdrHistogram-style, out to 99.99%), throughput against scheduler count (one
line per strategy), the tables behind the charts, and each machine's
fingerprint.

options:
  -o, --output FILE      where to write it (default: beside the first result
                         file, as its name with .html)
      --svg-dir DIR      also write each chart as a standalone SVG file,
                         DIR/<workload>-<kind>.svg (kind: throughput,
                         scaling, latency), for a README or a slide
  -h, --help             this text

A bad result file is an error (status 2) and nothing is written.
)";
}

std::string compare_usage_text() {
  return R"(usage: actorbench compare A.json B.json

Puts two result files side by side: for each workload, backend, strategy and
scheduler count in both, the median throughputs and the ratio B/A (above 1: B
is faster), marked "~" where the ranges over the repetitions overlap. When the
files come from different machines (their hardware fingerprints differ) it
says how, and compares the ranking of the strategies (and backends) on each
machine.

options:
  -h, --help             this text
)";
}

std::string list_usage_text() {
  return R"(usage: actorbench list

Prints every workload with its parameters and their defaults at --size quick,
default and large, then the backends.
)";
}

std::string gate_usage_text() {
  return std::string(R"(usage: actorbench gate --baseline FILE [--current FILE] [options]
       actorbench gate --baseline-exe PATH [--current-exe PATH] [options]
       actorbench gate --json FILE [options]     (records a baseline)

Compares each benchmark (a workload on a backend at a scheduler count) of a
baseline result file with the current results: the one given by --current,
or else the suite run now. Prints a table of every benchmark: baseline and
current median throughput, their ratio, the Mann-Whitney U test's two-sided
p-value, the threshold and the verdict.

A benchmark regresses when the U test tells the repetitions apart (p below
--alpha) and its median throughput fell by more than its threshold;
improves when it rose by more than that. Running the suite itself, the gate
measures every suspected regression again, and fails only when the
confirming run shows it too. Result files need at least )" +
                     std::to_string(min_gate_repetitions) + R"( repetitions.

The suite runs interleaved: each round runs the calibration (a fixed
single-threaded arithmetic loop) and then every benchmark once; rounds
rotate the order. The gate warns when the baseline's machine fingerprint
differs; --normalise scales the current figures by the ratio of the two
calibrations, so that a uniformly slower machine does not read as a
regression.

Paired (--baseline-exe): the baseline is another build of actorbench, run
beside the current one in the same rounds: each round runs every benchmark
on both builds, in alternating order, each run a subprocess
(PATH run ... --repetitions 1 --json FILE), so that a machine that became
slower since a baseline was recorded slows both alike. The confirming run
is paired too. --warmups N: unmeasured runs before each measured one, in
the same subprocess.

comparison options:
  --baseline FILE        the reference results (written by gate --json); a
                         directory: its <machine>/gate.json for this machine
                         (e.g. results/reference -> results/reference/xeon-2c)
  --current FILE         compare this result file instead of running
  --baseline-exe PATH    the paired mode: the baseline build's actorbench
  --current-exe PATH     the current build's (default: this program)
  --thresholds FILE      per-benchmark thresholds (ci/gate_thresholds.txt:
                         'default PCT', 'WORKLOAD PCT', 'WORKLOAD/BACKEND/sN PCT';
                         paired, 'paired:default PCT' and so on come first)
  --threshold PCT        one threshold for every benchmark, overriding the file
                         (default without either: )" +
                     std::to_string(static_cast<int>(default_gate_threshold_pct)) + R"(%)
  --alpha A              significance level of the U test (default 0.05)
  --normalise            scale the current figures by the calibrations' ratio
  --metric wall|cpu      compare items per wall-clock second (default) or per
                         second of the process's CPU time (steadier on a
                         machine shared with other work; one scheduler)
  --json FILE            also write the results of this run (with the
                         calibration); without --baseline, only that; paired,
                         the baseline build's too, as STEM.baseline.json

measuring options (as for run):
  --workload W[,W...]    workloads to gate (default: all; with --current, those
                         of the baseline)
  --backend B[,B...]     backends (default: rt)
  --param NAME=VALUE     --size quick|default|large (default: quick)
  --repetitions N        rounds (default and least: )" +
                     std::to_string(min_gate_repetitions) + R"()
  --warmups N            --schedulers N   --strategy S   --pin on|off   --idle P
  --clock auto|tsc|steady
  --quiet                no progress on stderr

exit status: 0 no confirmed regression, 1 a confirmed regression or a
benchmark that failed to run, 2 bad command line or input file (unreadable,
lacking a benchmark of the baseline, too few repetitions).
)");
}

}  // namespace ab
