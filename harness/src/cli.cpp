#include "cli.hpp"

#include <algorithm>
#include <filesystem>
#include <ostream>
#include <variant>

#include "atomic_file.hpp"
#include "build_info.hpp"
#include "comparison.hpp"
#include "context.hpp"
#include "gate_command.hpp"
#include "harness/clock.hpp"
#include "html_report.hpp"
#include "machine.hpp"
#include "options.hpp"
#include "output_files.hpp"
#include "plan.hpp"
#include "report_table.hpp"
#include "results_file.hpp"
#include "results_json.hpp"
#include "rt/config.hpp"
#include "rt_stress/stress.hpp"
#include "runtime_settings.hpp"
#include "suite.hpp"
#include "summary.hpp"
#include "sweep_table.hpp"
#include "units.hpp"
#include "usage.hpp"

namespace ab {

namespace {

int usage_failure(std::ostream& err, const usage_error& e) {
  err << e.message << "\n";
  return exit_usage;
}

std::size_t count_failed_runs(const suite_results& results) {
  std::size_t failed = 0;
  for (const auto& w : results.workloads) {
    for (const auto& cell : w.cells) {
      if (cell.skipped_by && !cell.skipped_by->result.unsupported) ++failed;
      for (const auto& m : cell.repetitions) failed += m.result.ok ? 0 : 1;
    }
  }
  return failed;
}

// run and sweep: runs the plan, prints a table per workload, writes the files.
int run_plan(const std::string& cmd, const suite_plan& plan, const suite_options& options,
             const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
             const std::string& executable) {
  auto outputs = plan_outputs(options, cmd, /*hgrm_beside_json=*/!plan.sweep);
  if (auto* e = std::get_if<usage_error>(&outputs)) return usage_failure(err, *e);
  const output_plan& files = std::get<output_plan>(outputs);

  context_inputs ctx;
  try {
    ctx.runtime = describe_runtime(plan.setups.empty() ? backend_setup{} : plan.setups.front());
  } catch (const rt::config_error& e) {
    return usage_failure(err,
                         usage_error{"actorbench " + cmd + ": bad runtime settings: " + e.what()});
  }
  const auto clock = select_clock(options.clock);
  if (const auto* e = std::get_if<std::string>(&clock)) {
    return usage_failure(err, usage_error{"actorbench " + cmd + ": " + *e});
  }
  ctx.clock = std::get<clock_choice>(clock).description;
  record_run_start(ctx, plan, executable, args);
  const nlohmann::ordered_json context = make_context(ctx, plan);

  const std::string warning = debug_build_warning(ctx.build);
  if (!warning.empty()) {
    err << "actorbench: WARNING: " << warning << "\n";
    out << "WARNING: " << warning << "\n\n";
  }
  if (!options.quiet) {
    err << "actorbench: " << plan.workloads.size() << " workload(s) x ";
    if (plan.sweep) {
      const auto counts = plan.scheduler_counts();
      std::string list;
      for (unsigned n : counts) {
        if (!list.empty()) list += ',';
        list += std::to_string(n);
      }
      err << plan.strategies().size() << " strateg" << (plan.strategies().size() == 1 ? "y" : "ies")
          << " x " << counts.size() << " scheduler count(s) (" << list << "; " << plan.cpus
          << " CPUs)";
    } else {
      err << plan.setups.size() << " backend(s)";
    }
    err << ", " << plan.warmups << " warm-up(s) + " << plan.repetitions
        << " repetition(s) each, size " << to_string(plan.size);
    if (!plan.sweep && !plan.setups.empty()) {
      err << ", " << plan.setups.front().schedulers << " scheduler(s)";
    }
    err << "; timestamps from " << ctx.clock << "\n";
  }

  const suite_results results =
      run_suite(plan, options.quiet ? nullptr : &err, [&](const workload_results& w) {
        if (plan.sweep) {
          print_sweep_table(out, *w.workload, summarize(w), plan);
        } else {
          print_table(out, *w.workload, summarize(w), plan);
        }
      });

  int status = exit_success;
  if (files.json || files.hgrm_dir) {
    const hgrm_paths hgrm = hgrm_files_for(files, plan, results);
    const auto document = results_document(context, plan, results, hgrm);
    if (auto e = write_outputs(files, plan, results, document)) {
      err << "actorbench: " << *e << "\n";
      status = exit_run_failed;
    } else if (!options.quiet) {
      err << "actorbench: wrote";
      if (files.json) err << " " << files.json->string();
      if (!hgrm.empty()) err << (files.json ? " and " : " ") << hgrm.size() << " .hgrm file(s)";
      err << "\n";
    }
  }
  const std::size_t failed = count_failed_runs(results);
  if (failed > 0) {
    err << "actorbench: " << failed << " run(s) failed (see the tables)\n";
    status = exit_run_failed;
  }
  if (!options.quiet) err << "actorbench: done in " << format_seconds(results.wall_seconds) << "\n";
  if (!warning.empty()) err << "actorbench: WARNING: " << warning << "\n";
  return status;
}

int run_command(const cli_options& options, const std::vector<std::string>& args, const catalog& c,
                std::ostream& out, std::ostream& err, const std::string& executable) {
  auto planned = make_plan(options.run, c);
  if (auto* e = std::get_if<usage_error>(&planned)) return usage_failure(err, *e);
  return run_plan("run", std::get<suite_plan>(planned), options.run, args, out, err, executable);
}

int sweep_command(const cli_options& options, const std::vector<std::string>& args,
                  const catalog& c, std::ostream& out, std::ostream& err,
                  const std::string& executable) {
  auto planned = make_sweep_plan(options.sweep, c);
  if (auto* e = std::get_if<usage_error>(&planned)) return usage_failure(err, *e);
  return run_plan("sweep", std::get<suite_plan>(planned), options.sweep, args, out, err,
                  executable);
}

// Reads every file; the first bad one is a usage error.
std::variant<std::vector<results_file>, usage_error> load_all(
    const std::string& cmd, const std::vector<std::string>& paths) {
  std::vector<results_file> files;
  for (const auto& p : paths) {
    auto loaded = load_results_file(p);
    if (auto* e = std::get_if<std::string>(&loaded)) {
      return usage_error{"actorbench " + cmd + ": " + *e};
    }
    files.push_back(std::move(std::get<results_file>(loaded)));
  }
  return files;
}

int report_command(const report_options& options, std::ostream& err) {
  namespace fs = std::filesystem;
  // The inputs first: a bad one leaves no trace, not even -o's directory.
  auto loaded = load_all("report", options.inputs);
  if (auto* e = std::get_if<usage_error>(&loaded)) return usage_failure(err, *e);
  const fs::path output = options.output
                              ? fs::path(*options.output)
                              : fs::path(options.inputs.front()).replace_extension(".html");
  for (const auto& in : options.inputs) {
    std::error_code ec;
    if (fs::equivalent(in, output, ec)) {
      return usage_failure(err, usage_error{"actorbench report: -o " + output.string() +
                                            " would overwrite the result file " + in});
    }
  }
  if (output.filename().empty() || fs::is_directory(output)) {
    return usage_failure(err, usage_error{"actorbench report: -o " + output.string() +
                                          " is a directory, not a file"});
  }
  if (auto e = ensure_writable_directory(output.parent_path())) {
    return usage_failure(
        err, usage_error{"actorbench report: cannot write -o " + output.string() + ": " + *e});
  }
  if (auto e = check_replaceable(output)) {
    return usage_failure(
        err, usage_error{"actorbench report: cannot write -o " + output.string() + ": " + *e});
  }
  if (options.svg_dir) {
    if (auto e = ensure_writable_directory(*options.svg_dir)) {
      return usage_failure(err, usage_error{"actorbench report: cannot write --svg-dir " +
                                            *options.svg_dir + ": " + *e});
    }
  }
  const auto& files = std::get<std::vector<results_file>>(loaded);
  const std::string html = render_report(files);
  if (auto e = write_file_atomically(output, [&](std::ostream& os) { os << html; })) {
    err << "actorbench report: " << *e << "\n";
    return exit_run_failed;
  }
  err << "actorbench report: wrote " << output.string() << "\n";
  if (options.svg_dir) {
    const auto charts = render_charts(files);
    for (const auto& chart : charts) {
      const fs::path path = fs::path(*options.svg_dir) / (chart.name + ".svg");
      if (auto e = write_file_atomically(path, [&](std::ostream& os) { os << chart.svg; })) {
        err << "actorbench report: " << *e << "\n";
        return exit_run_failed;
      }
    }
    err << "actorbench report: wrote " << charts.size() << " chart(s) to " << *options.svg_dir
        << "\n";
  }
  return exit_success;
}

int compare_command(const compare_options& options, std::ostream& out, std::ostream& err) {
  auto loaded = load_all("compare", {options.baseline, options.candidate});
  if (auto* e = std::get_if<usage_error>(&loaded)) return usage_failure(err, *e);
  const auto& files = std::get<std::vector<results_file>>(loaded);
  print_comparison(out, files[0], files[1]);
  return exit_success;
}

}  // namespace

void print_catalog(std::ostream& out, const catalog& c) {
  out << "workloads (parameter defaults at --size quick / default / large):\n";
  if (c.workloads.empty()) out << "  (none: this binary was linked without workloads)\n";
  for (const auto& w : c.workloads) {
    out << "\n  " << w.name << "  " << w.description << "\n";
    std::size_t name_width = 0;
    std::size_t value_width[3] = {5, 7, 5};  // "quick", "default", "large"
    for (const auto& p : w.params) {
      name_width = std::max(name_width, p.name.size());
      value_width[0] = std::max(value_width[0], std::to_string(p.quick).size());
      value_width[1] = std::max(value_width[1], std::to_string(p.standard).size());
      value_width[2] = std::max(value_width[2], std::to_string(p.large).size());
    }
    auto right = [](const std::string& s, std::size_t width) {
      return std::string(width > s.size() ? width - s.size() : 0, ' ') + s;
    };
    for (const auto& p : w.params) {
      out << "    " << p.name << std::string(name_width - p.name.size(), ' ') << "  "
          << right(std::to_string(p.quick), value_width[0]) << "  "
          << right(std::to_string(p.standard), value_width[1]) << "  "
          << right(std::to_string(p.large), value_width[2]) << "  " << p.description << "\n";
    }
  }
  out << "\nbackends: " << (c.backends.empty() ? std::string("(none)") : join(c.backends)) << "\n";
  for (const auto& u : c.unavailable) {
    out << "  unavailable: " << u.name << " (" << u.reason << ")\n";
  }
  out << "rt strategies: " << join(strategy_names()) << "\n";
}

int actorbench_main(const std::vector<std::string>& args, const catalog& c, std::ostream& out,
                    std::ostream& err, const std::string& executable) {
  // stress has a grammar of its own, the stress library's (rt_stress_lib).
  if (!args.empty() && args[0] == "stress") {
    return stress::main("actorbench stress", {args.begin() + 1, args.end()}, out, err);
  }
  if (args.size() == 2 && args[0] == "help" && args[1] == "stress") {
    out << stress::usage_text("actorbench stress");
    return exit_success;
  }
  auto parsed = parse_command_line(args, c);
  if (auto* e = std::get_if<usage_error>(&parsed)) return usage_failure(err, *e);
  const cli_options& options = std::get<cli_options>(parsed);
  if (options.cmd == command::help || options.help) {
    out << usage_text(options.cmd);
    return exit_success;
  }
  switch (options.cmd) {
    case command::help:
      return exit_success;
    case command::list:
      print_catalog(out, c);
      return exit_success;
    case command::run:
      return run_command(options, args, c, out, err, executable);
    case command::sweep:
      return sweep_command(options, args, c, out, err, executable);
    case command::report:
      return report_command(options.report, err);
    case command::compare:
      return compare_command(options.compare, out, err);
    case command::gate:
      return gate_command(options.gate, args, c, out, err, executable);
  }
  return exit_usage;
}

}  // namespace ab
