#include "gate_paired_run.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <ostream>

#include "calibration.hpp"
#include "catalog.hpp"
#include "runtime_choices.hpp"
#include "subprocess.hpp"
#include "units.hpp"

namespace ab {

namespace {

// The last non-empty line of a run's output, for messages.
std::string last_line(const std::string& path) {
  std::ifstream in(path);
  std::string line, last;
  while (std::getline(in, line)) {
    if (!line.empty()) last = line;
  }
  return last.empty() ? "(no output)" : last;
}

measured_run failed_run(std::string why) {
  measured_run m;
  m.result.error = std::move(why);
  return m;
}

// The one repetition of a `run --repetitions 1 --json` file, as run_once
// would have returned it.
measured_run read_run(const nlohmann::json& doc) {
  const auto* entries = doc.contains("benchmarks") ? &doc["benchmarks"] : nullptr;
  if (!entries || !entries->is_array()) return failed_run("its result file has no benchmarks");
  for (const auto& e : *entries) {
    if (e.value("run_type", "") != "iteration") continue;
    measured_run m;
    run_result& r = m.result;
    if (e.value("unsupported", false)) {
      r.unsupported = true;
      r.error = e.value("unsupported_reason", "");
      return m;
    }
    if (e.value("error_occurred", false)) {
      r.error = e.value("error_message", "failed");
      return m;
    }
    const double iterations = e.value("iterations", 0.0);
    r.ok = true;
    r.items = e.value("items", 0.0);
    r.seconds = e.value("seconds", 0.0);
    r.items_unit = e.value("items_unit", "items");
    m.cpu_seconds = e.value("cpu_time", 0.0) * iterations * 1e-9;
    if (!(r.seconds > 0) || !(r.items >= 0)) return failed_run("its result file has no time");
    return m;
  }
  return failed_run("its result file has no repetition");
}

// The context fields that describe the build rather than the machine or the
// suite, and the clock it read: taken from the build's own result file.
constexpr const char* build_fields[] = {
    "executable", "actorbench_version", "library_build_type", "compiler",   "build_type",
    "cxx_flags",  "assertions",         "sanitizer",          "git_commit", "git_dirty",
    "warning",    "clock",
};

}  // namespace

std::vector<std::string> paired_run_command(const std::string& executable,
                                            const planned_workload& w, const backend_setup& s,
                                            const suite_plan& plan,
                                            const std::vector<param_override>& overrides,
                                            const std::string& json_path,
                                            const std::string& clock) {
  std::vector<std::string> argv = {
      executable,   "run",      "--workload",   w.info->name,
      "--backend",  s.backend,  "--schedulers", std::to_string(s.schedulers),
      "--strategy", s.strategy, "--pin",        std::string(pin_name(s.pin_threads)),
      "--idle",     s.idle,     "--size",       std::string(to_string(plan.size))};
  for (const auto& p : overrides) {
    if (!p.workload.empty() && p.workload != w.info->name) continue;
    if (!w.params.values.contains(p.name)) continue;
    argv.push_back("--param");
    argv.push_back(w.info->name + "." + p.name + "=" + std::to_string(p.value));
  }
  if (clock != "auto") {
    argv.emplace_back("--clock");
    argv.push_back(clock);
  }
  for (const char* a : {"--repetitions", "1", "--warmups"}) argv.emplace_back(a);
  argv.push_back(std::to_string(plan.warmups));
  for (const char* a : {"--json", json_path.c_str(), "--quiet"}) argv.emplace_back(a);
  return argv;
}

paired_measurement measure_paired(const suite_plan& plan,
                                  const std::vector<param_override>& overrides,
                                  const paired_builds& builds, const std::string& scratch,
                                  std::ostream* progress) {
  namespace fs = std::filesystem;
  const auto start = std::chrono::steady_clock::now();
  paired_measurement out;
  struct benchmark_ref {
    std::size_t workload, setup;
  };
  std::vector<benchmark_ref> order;
  for (std::size_t wi = 0; wi < plan.workloads.size(); ++wi) {
    workload_results w;
    w.workload = &plan.workloads[wi];
    for (std::size_t si = 0; si < plan.setups.size(); ++si) {
      w.cells.push_back(cell_results{plan.setups[si], std::nullopt, {}});
      order.push_back({wi, si});
    }
    out.baseline.results.workloads.push_back(w);
    out.current.results.workloads.push_back(std::move(w));
  }
  const std::string json_path = (fs::path(scratch) / "run.json").string();
  const std::string log_path = (fs::path(scratch) / "run.log").string();

  // One run of benchmark b by one build, recorded in that build's cell.
  auto run_on = [&](const benchmark_ref& b, bool baseline, const std::string& round) {
    gate_measurement& side = baseline ? out.baseline : out.current;
    cell_results& cell = side.results.workloads[b.workload].cells[b.setup];
    if (cell.skipped_by) return;
    const planned_workload& w = plan.workloads[b.workload];
    const std::string& exe = baseline ? builds.baseline : builds.current;
    const char* which = baseline ? "baseline" : "current";
    if (progress) {
      *progress << "[" << round << "] " << w.info->name << " on " << plan.label(cell.setup) << ", "
                << which << " ... " << std::flush;
    }
    std::error_code ec;
    fs::remove(json_path, ec);
    const auto argv =
        paired_run_command(exe, w, cell.setup, plan, overrides, json_path, builds.clock);
    const program_outcome p = run_program(argv, log_path);
    measured_run m;
    if (!p.started) {
      out.usage_error = "the " + std::string(which) + " build: " + p.error;
    } else if (p.exit_status == 2) {
      out.usage_error = "the " + std::string(which) + " build refused the run (" + exe + " " +
                        argv[1] + " --workload " + w.info->name + " ...): " + last_line(log_path);
    } else if (p.signal != 0) {
      m = failed_run(exe + " was killed by signal " + std::to_string(p.signal));
    } else {
      nlohmann::json doc = nlohmann::json::value_t::discarded;
      if (fs::exists(json_path, ec)) {
        std::ifstream in(json_path);
        doc = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
      }
      if (doc.is_discarded()) {
        m = failed_run(exe + " exited " + std::to_string(p.exit_status) +
                       " without a result file: " + last_line(log_path));
      } else {
        m = read_run(doc);
        nlohmann::json& context = baseline ? out.baseline_context : out.current_context;
        if (context.is_null() && doc.contains("context") && doc["context"].is_object()) {
          context = nlohmann::json::object();
          for (const char* f : build_fields) {
            if (doc["context"].contains(f)) context[f] = doc["context"][f];
          }
        }
      }
    }
    if (progress) {
      const run_result& r = m.result;
      if (!out.usage_error.empty()) {
        *progress << "refused" << std::endl;
      } else if (r.unsupported) {
        *progress << "unsupported" << std::endl;
      } else if (!r.ok) {
        *progress << "FAILED: " << r.error << std::endl;
      } else {
        *progress << format_seconds(r.seconds) << ", "
                  << format_rate(r.items / r.seconds, r.items_unit.empty() ? "items" : r.items_unit)
                  << std::endl;
      }
    }
    if (!out.usage_error.empty()) return;
    if (m.result.unsupported) {
      cell.skipped_by = std::move(m);
      cell.repetitions.clear();
    } else {
      cell.repetitions.push_back(std::move(m));
    }
  };

  const std::size_t n = order.size();
  std::size_t pair = 0;
  for (int r = 0; r < plan.repetitions && out.usage_error.empty(); ++r) {
    const std::string round =
        "round " + std::to_string(r + 1) + "/" + std::to_string(plan.repetitions);
    const calibration_sample cal = measure_calibration();
    for (gate_measurement* side : {&out.baseline, &out.current}) {
      if (!cal.error.empty()) {
        side->calibration_error = cal.error;
      } else {
        side->calibration.push_back(cal.steps_per_second);
      }
    }
    for (std::size_t k = 0; k < n && out.usage_error.empty(); ++k, ++pair) {
      const benchmark_ref& b = order[(static_cast<std::size_t>(r) + k) % n];
      const bool baseline_first = pair % 2 == 0;
      run_on(b, baseline_first, round);
      if (out.usage_error.empty()) run_on(b, !baseline_first, round);
    }
  }
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  out.baseline.results.wall_seconds = wall;
  out.current.results.wall_seconds = wall;
  return out;
}

}  // namespace ab
