#include "gate_command.hpp"

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
#include "gate_run.hpp"
#include "machine.hpp"
#include "machine_fingerprint.hpp"
#include "plan.hpp"
#include "results_file.hpp"
#include "results_json.hpp"
#include "rt/config.hpp"
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

int fail_usage(std::ostream& err, const std::string& message) {
  err << "actorbench gate: " << message << "\n";
  return exit_usage;
}

// Runs the plan interleaved and reads the document back as a result file.
std::variant<measured, std::string> measure(const suite_plan& plan, const gate_options& options,
                                            const std::vector<std::string>& args,
                                            const std::string& executable, std::ostream& err) {
  context_inputs ctx;
  try {
    ctx.runtime = describe_runtime(plan.setups.empty() ? backend_setup{} : plan.setups.front());
  } catch (const rt::config_error& e) {
    return std::string("bad runtime settings: ") + e.what();
  }
  record_run_start(ctx, plan, executable, args);
  nlohmann::ordered_json context = make_context(ctx, plan);
  context["suite"]["command"] = "gate";

  const gate_measurement m = measure_interleaved(plan, options.quiet ? nullptr : &err);
  if (!m.calibration_error.empty()) return m.calibration_error;
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
  if (auto* e = std::get_if<std::string>(&reread)) return *e;  // a bug: our own output
  out.file = std::move(std::get<results_file>(reread));
  return out;
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
        << " round(s), size " << to_string(plan.size) << "\n";
  }
  auto first = measure(plan, options, args, executable, err);
  if (auto* e = std::get_if<std::string>(&first)) {
    err << "actorbench gate: " << *e << "\n";
    return exit_run_failed;
  }
  const measured& now = std::get<measured>(first);
  if (options.json_path) {
    if (auto e = write_file_atomically(*options.json_path,
                                       [&](std::ostream& os) { os << now.document.dump(2); })) {
      err << "actorbench gate: " << *e << "\n";
      return exit_run_failed;
    }
    if (!options.quiet) err << "actorbench gate: wrote " << *options.json_path << "\n";
  }
  if (!baseline) {
    if (now.failed_runs > 0) {
      err << "actorbench gate: " << now.failed_runs << " run(s) failed\n";
      return exit_run_failed;
    }
    return exit_success;
  }

  const gate_evaluation e = evaluate_gate(*baseline, now.file, settings);
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

  // A confirming run of the suspects alone, compared afresh: a regression must
  // show in both runs to fail the gate.
  out << "\nconfirming " << e.count(gate_verdict::regression) << " suspected regression(s) ("
      << join(suspects) << ") with another " << plan.repetitions << " round(s):\n";
  if (!options.quiet) err << "actorbench gate: confirming " << join(suspects) << "\n";
  auto second = measure(restricted(plan, suspects), options, args, executable, err);
  if (auto* err_text = std::get_if<std::string>(&second)) {
    err << "actorbench gate: " << *err_text << "\n";
    return exit_run_failed;
  }
  gate_settings confirm_settings = settings;
  confirm_settings.workloads = suspects;
  const gate_evaluation again = evaluate_gate(*baseline, std::get<measured>(second).file,
                                              confirm_settings);
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
