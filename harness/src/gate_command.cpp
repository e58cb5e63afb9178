#include "gate_command.hpp"

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <ostream>
#include <variant>

#include "atomic_file.hpp"
#include "calibration.hpp"
#include "cli.hpp"
#include "context.hpp"
#include "gate.hpp"
#include "gate_paired_run.hpp"
#include "gate_run.hpp"
#include "harness/clock.hpp"
#include "machine.hpp"
#include "machine_fingerprint.hpp"
#include "plan.hpp"
#include "results_file.hpp"
#include "results_json.hpp"
#include "rt/config.hpp"
#include "subprocess.hpp"
#include "units.hpp"

namespace ab {

namespace {

// The baseline in a machine's directory of references (--baseline DIR).
constexpr const char* reference_gate_file = "gate.json";

// The stand-in path of results measured by this run, in messages.
constexpr const char* this_run = "(this run)";

struct measured {
  nlohmann::ordered_json document;
  results_file file;
  std::size_t failed_runs = 0;
};

// One measuring: the current build's results and, in the paired mode, the
// baseline build's from the same rounds.
struct measured_builds {
  measured current;
  std::optional<measured> baseline;
};

// Why measuring stopped: the message, and the exit status it calls for.
struct measure_failure {
  int status;
  std::string message;
};

int fail_usage(std::ostream& err, const std::string& message) {
  err << "actorbench gate: " << message << "\n";
  return exit_usage;
}

// A fresh directory for the paired runs' files, removed with them.
class scratch_directory {
 public:
  scratch_directory() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "actorbench-gate-XXXXXX").string();
    if (::mkdtemp(pattern.data())) path_ = pattern;
  }
  ~scratch_directory() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  scratch_directory(const scratch_directory&) = delete;
  scratch_directory& operator=(const scratch_directory&) = delete;
  const std::string& path() const { return path_; }  // empty: it could not be made

 private:
  std::string path_;
};

// The results of one build as a document and a result file read back from
// it. build: the context fields its own result files gave (paired mode).
std::variant<measured, measure_failure> to_measured(nlohmann::ordered_json context,
                                                    const suite_plan& plan,
                                                    const gate_measurement& m,
                                                    const nlohmann::json& build) {
  if (!m.calibration_error.empty()) return measure_failure{exit_run_failed, m.calibration_error};
  if (build.is_object()) {
    // A build older than --clock wrote no clock and read steady_clock.
    if (!build.contains("clock")) context["clock"] = "steady_clock";
    for (const auto& [key, value] : build.items()) context[key] = value;
  }
  context["calibration"] = {
      {"what", "a dependent chain of 64-bit multiply-adds on one thread, once per round, "
               "timed in the thread's CPU time"},
      {"steps", calibration_steps},
      {"median_steps_per_second", median_of(m.calibration)},
      {"steps_per_second", m.calibration},
  };
  measured out;
  out.document = results_document(context, plan, m.results, {});
  for (const auto& w : m.results.workloads) {
    for (const auto& cell : w.cells) {
      if (cell.skipped_by && !cell.skipped_by->result.unsupported) ++out.failed_runs;
      for (const auto& r : cell.repetitions) out.failed_runs += r.result.ok ? 0 : 1;
    }
  }
  auto reread = parse_results_file(out.document.dump(), this_run);
  if (auto* e = std::get_if<std::string>(&reread)) {
    return measure_failure{exit_run_failed, *e};  // a bug: our own output
  }
  out.file = std::move(std::get<results_file>(reread));
  return out;
}

// The current build of the paired mode: --current-exe, else this program
// (by /proc/self/exe, which a name found on PATH is not).
std::string current_build(const gate_options& options, const std::string& executable) {
  if (options.current_exe) return *options.current_exe;
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? executable : self.string();
}

// Runs the plan interleaved, in this process or, with --baseline-exe, on
// both builds in subprocesses (gate_paired_run.hpp).
std::variant<measured_builds, measure_failure> measure(const suite_plan& plan,
                                                       const gate_options& options,
                                                       const std::vector<std::string>& args,
                                                       const std::string& executable,
                                                       std::ostream& err) {
  context_inputs ctx;
  try {
    ctx.runtime = describe_runtime(plan.setups.empty() ? backend_setup{} : plan.setups.front());
  } catch (const rt::config_error& e) {
    return measure_failure{exit_run_failed, std::string("bad runtime settings: ") + e.what()};
  }
  // The paired mode's builds choose their own clocks (the baseline build may
  // predate --clock); this one's is for the unpaired mode.
  const auto clock = select_clock(options.clock);
  if (const auto* e = std::get_if<std::string>(&clock)) return measure_failure{exit_usage, *e};
  ctx.clock = std::get<clock_choice>(clock).description;
  record_run_start(ctx, plan, executable, args);
  nlohmann::ordered_json context = make_context(ctx, plan);
  context["suite"]["command"] = "gate";
  std::ostream* progress = options.quiet ? nullptr : &err;

  measured_builds out;
  if (!options.baseline_exe) {
    auto current = to_measured(context, plan, measure_interleaved(plan, progress), nullptr);
    if (auto* f = std::get_if<measure_failure>(&current)) return *f;
    out.current = std::move(std::get<measured>(current));
    return out;
  }

  const paired_builds builds{*options.baseline_exe, current_build(options, executable),
                             options.clock};
  scratch_directory scratch;
  if (scratch.path().empty()) {
    return measure_failure{exit_run_failed, "cannot make a temporary directory for the runs"};
  }
  const paired_measurement m =
      measure_paired(plan, options.params, builds, scratch.path(), progress);
  if (!m.usage_error.empty()) return measure_failure{exit_usage, m.usage_error};
  context["suite"]["paired"] = {{"baseline_executable", builds.baseline},
                                {"current_executable", builds.current}};
  auto current = to_measured(context, plan, m.current, m.current_context);
  if (auto* f = std::get_if<measure_failure>(&current)) return *f;
  auto baseline = to_measured(context, plan, m.baseline, m.baseline_context);
  if (auto* f = std::get_if<measure_failure>(&baseline)) return *f;
  out.current = std::move(std::get<measured>(current));
  out.baseline = std::move(std::get<measured>(baseline));
  out.baseline->file.path = "(the baseline build)";
  return out;
}

// FILE.json -> FILE.baseline.json: where --json puts the baseline build's
// results in the paired mode.
std::string baseline_json_path(const std::string& path) {
  std::filesystem::path p(path);
  const std::string ext = p.has_extension() ? p.extension().string() : ".json";
  return p.replace_extension().string() + ".baseline" + ext;
}

// The plan with only these workloads.
suite_plan restricted(suite_plan plan, const std::vector<std::string>& workloads) {
  std::erase_if(plan.workloads, [&](const planned_workload& w) {
    return std::find(workloads.begin(), workloads.end(), w.info->name) == workloads.end();
  });
  return plan;
}

void print_errors(std::ostream& err, const gate_evaluation& e) {
  for (const auto& line : e.errors) err << "actorbench gate: " << line << "\n";
}

}  // namespace

int gate_command(const gate_options& options, const std::vector<std::string>& args,
                 const catalog& c, std::ostream& out, std::ostream& err,
                 const std::string& executable) {
  // Every input is read before anything runs.
  gate_settings settings;
  settings.alpha = options.alpha;
  settings.threshold_pct = options.threshold_pct;
  settings.normalise = options.normalise;
  settings.paired = options.baseline_exe.has_value();
  settings.metric = options.metric;
  settings.workloads = options.workloads;
  if (options.thresholds) {
    auto t = load_gate_thresholds(*options.thresholds);
    if (auto* e = std::get_if<std::string>(&t)) return fail_usage(err, *e);
    settings.thresholds = std::get<gate_thresholds>(t);
  }
  std::optional<results_file> baseline;
  if (options.baseline) {
    std::string path = *options.baseline;
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
      // A directory of references, one per machine: this machine's.
      const machine_info m = probe_machine();
      const std::string slug = machine_slug(m.cpu_model, m.num_cores);
      path = (std::filesystem::path(path) / slug / reference_gate_file).string();
      if (!std::filesystem::exists(path, ec)) {
        return fail_usage(err, *options.baseline + " has no baseline for this machine (" + slug +
                                   "): record one with actorbench gate --json " + path);
      }
    }
    auto b = load_results_file(path);
    if (auto* e = std::get_if<std::string>(&b)) return fail_usage(err, *e);
    baseline = std::move(std::get<results_file>(b));
  }

  if (options.current) {
    auto loaded = load_results_file(*options.current);
    if (auto* e = std::get_if<std::string>(&loaded)) return fail_usage(err, *e);
    const gate_evaluation e = evaluate_gate(*baseline, std::get<results_file>(loaded), settings);
    print_gate_table(out, e);
    if (!e.errors.empty()) {
      print_errors(err, e);
      return exit_usage;
    }
    const std::size_t regressions = e.count(gate_verdict::regression);
    if (regressions > 0 || e.count(gate_verdict::failed) > 0) {
      out << "gate: FAILED, " << regressions << " regression(s), "
          << e.count(gate_verdict::failed) << " failed benchmark(s)\n";
      return exit_run_failed;
    }
    out << "gate: passed\n";
    return exit_success;
  }

  if (options.baseline_exe) {
    for (const auto& [option, path] :
         {std::pair{"--baseline-exe", *options.baseline_exe},
          std::pair{"--current-exe", options.current_exe.value_or("")}}) {
      if (path.empty()) continue;
      if (const std::string why = why_not_executable(path); !why.empty()) {
        return fail_usage(err, std::string(option) + " " + why);
      }
    }
  }

  auto planned = make_plan(options, c);
  if (auto* e = std::get_if<usage_error>(&planned)) {
    err << e->message << "\n";
    return exit_usage;
  }
  const suite_plan plan = std::get<suite_plan>(planned);
  if (options.json_path) {
    const auto dir = std::filesystem::absolute(*options.json_path).parent_path();
    if (auto e = ensure_writable_directory(dir)) {
      return fail_usage(err, "cannot write --json " + *options.json_path + ": " + *e);
    }
  }
  if (!options.quiet) {
    err << "actorbench gate: " << plan.workloads.size() << " workload(s) x " << plan.setups.size()
        << " backend(s), interleaved, " << plan.warmups << " warm-up(s) + " << plan.repetitions
        << " round(s), size " << to_string(plan.size);
    if (options.baseline_exe) {
      err << ", paired: each round runs every benchmark on " << *options.baseline_exe
          << " (baseline) and " << current_build(options, executable) << " (current)";
    }
    err << "\n";
  }
  auto first = measure(plan, options, args, executable, err);
  if (auto* f = std::get_if<measure_failure>(&first)) {
    err << "actorbench gate: " << f->message << "\n";
    return f->status;
  }
  const measured_builds& now = std::get<measured_builds>(first);
  if (options.json_path) {
    std::vector<std::pair<std::string, const measured*>> files = {
        {*options.json_path, &now.current}};
    if (now.baseline) files.emplace_back(baseline_json_path(*options.json_path), &*now.baseline);
    for (const auto& [path, m] : files) {
      if (auto e =
              write_file_atomically(path, [&](std::ostream& os) { os << m->document.dump(2); })) {
        err << "actorbench gate: " << *e << "\n";
        return exit_run_failed;
      }
      if (!options.quiet) err << "actorbench gate: wrote " << path << "\n";
    }
  }
  if (!baseline && !now.baseline) {
    if (now.current.failed_runs > 0) {
      err << "actorbench gate: " << now.current.failed_runs << " run(s) failed\n";
      return exit_run_failed;
    }
    return exit_success;
  }

  const results_file& first_baseline = now.baseline ? now.baseline->file : *baseline;
  const gate_evaluation e = evaluate_gate(first_baseline, now.current.file, settings);
  print_gate_table(out, e);
  if (!e.errors.empty()) {
    print_errors(err, e);
    return exit_usage;
  }
  if (e.count(gate_verdict::failed) > 0) {
    out << "gate: FAILED, " << e.count(gate_verdict::failed) << " benchmark(s) failed to run\n";
    return exit_run_failed;
  }
  std::vector<std::string> suspects;
  for (const auto& row : e.rows) {
    if (row.verdict == gate_verdict::regression &&
        std::find(suspects.begin(), suspects.end(), row.workload) == suspects.end()) {
      suspects.push_back(row.workload);
    }
  }
  if (suspects.empty()) {
    out << "gate: passed\n";
    return exit_success;
  }

  // A confirming run of the suspects alone, compared afresh (in the paired
  // mode against the baseline build measured again beside it): a regression
  // must show in both runs to fail the gate.
  out << "\nconfirming " << e.count(gate_verdict::regression) << " suspected regression(s) ("
      << join(suspects) << ") with another " << plan.repetitions << " round(s)"
      << (now.baseline ? ", paired" : "") << ":\n";
  if (!options.quiet) err << "actorbench gate: confirming " << join(suspects) << "\n";
  auto second = measure(restricted(plan, suspects), options, args, executable, err);
  if (auto* f = std::get_if<measure_failure>(&second)) {
    err << "actorbench gate: " << f->message << "\n";
    return f->status;
  }
  const measured_builds& again_measured = std::get<measured_builds>(second);
  gate_settings confirm_settings = settings;
  confirm_settings.workloads = suspects;
  const gate_evaluation again =
      evaluate_gate(again_measured.baseline ? again_measured.baseline->file : *baseline,
                    again_measured.current.file, confirm_settings);
  print_gate_table(out, again);
  if (!again.errors.empty()) {
    print_errors(err, again);
    return exit_usage;
  }
  std::vector<std::string> confirmed;
  for (const auto& row : again.rows) {
    const bool was_suspect = std::any_of(e.rows.begin(), e.rows.end(), [&](const gate_row& r) {
      return r.name == row.name && r.verdict == gate_verdict::regression;
    });
    if (was_suspect && (row.verdict == gate_verdict::regression ||
                        row.verdict == gate_verdict::failed)) {
      confirmed.push_back(row.name);
    }
  }
  if (confirmed.empty()) {
    out << "gate: passed (the confirming run did not reproduce the suspected regression(s))\n";
    return exit_success;
  }
  out << "gate: FAILED, " << confirmed.size() << " confirmed regression(s): " << join(confirmed)
      << "\n";
  return exit_run_failed;
}

}  // namespace ab
