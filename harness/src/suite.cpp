#include "suite.hpp"

#include <time.h>

#include <chrono>
#include <cmath>
#include <exception>
#include <ostream>

#include "units.hpp"

namespace ab {

namespace {

double process_cpu_seconds() noexcept {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

run_result failed(std::string message) {
  run_result r;
  r.error = std::move(message);
  return r;
}

run_result normalise(run_result r) {
  if (r.unsupported) {
    r.ok = false;
    return r;
  }
  if (!r.ok) {
    if (r.error.empty()) r.error = "the run failed without saying why";
    return r;
  }
  if (!r.error.empty()) return failed("the run reported ok and an error: " + r.error);
  if (!(r.seconds > 0) || !std::isfinite(r.seconds)) {
    return failed("the run reported a non-positive time (" + std::to_string(r.seconds) + " s)");
  }
  if (!(r.items >= 0) || !std::isfinite(r.items)) return failed("the run reported no item count");
  return r;
}

std::string outcome(const measured_run& m) {
  const run_result& r = m.result;
  if (r.unsupported) return "unsupported" + (r.error.empty() ? "" : ": " + r.error);
  if (!r.ok) return "FAILED: " + r.error;
  return format_seconds(r.seconds) + ", " +
         format_rate(r.items / r.seconds, r.items_unit.empty() ? "items" : r.items_unit);
}

class progress_printer {
 public:
  progress_printer(std::ostream* os, std::size_t pairs) : os_(os), pairs_(pairs) {}

  // "[3/32] ring on boost_fiber rep 2/5 ... ", before the run.
  void start(std::size_t pair, const std::string& workload, const std::string& backend,
             const std::string& what) {
    if (!os_) return;
    *os_ << "[" << pair + 1 << "/" << pairs_ << "] " << workload << " on " << backend << " " << what
         << " ... " << std::flush;
  }
  void finish(const measured_run& m) {
    if (!os_) return;
    *os_ << outcome(m) << std::endl;
  }

 private:
  std::ostream* os_;
  std::size_t pairs_;
};

}  // namespace

measured_run run_once(const planned_workload& w, const backend_setup& s) {
  measured_run m;
  const run_params params = params_for(w, s);
  const double cpu_start = process_cpu_seconds();
  try {
    m.result = normalise(w.info->run(s.backend, params));
  } catch (const std::exception& e) {
    m.result = failed(std::string("exception: ") + e.what());
  } catch (...) {
    m.result = failed("exception of an unknown type");
  }
  m.cpu_seconds = process_cpu_seconds() - cpu_start;
  return m;
}

suite_results run_suite(const suite_plan& plan, std::ostream* progress,
                        const std::function<void(const workload_results&)>& on_workload_done) {
  const auto start = std::chrono::steady_clock::now();
  const std::size_t setup_count = plan.setups.size();
  progress_printer printer{progress, plan.workloads.size() * setup_count};
  suite_results out;
  for (std::size_t wi = 0; wi < plan.workloads.size(); ++wi) {
    const planned_workload& w = plan.workloads[wi];
    workload_results results;
    results.workload = &w;
    for (const auto& s : plan.setups) results.cells.push_back(cell_results{s, std::nullopt, {}});

    for (std::size_t bi = 0; bi < setup_count; ++bi) {
      cell_results& cell = results.cells[bi];
      for (int k = 0; k < plan.warmups && !cell.skipped_by; ++k) {
        printer.start(wi * setup_count + bi, w.info->name, plan.label(cell.setup),
                      plan.warmups == 1 ? std::string("warm-up")
                                        : "warm-up " + std::to_string(k + 1) + "/" +
                                              std::to_string(plan.warmups));
        measured_run m = run_once(w, cell.setup);
        printer.finish(m);
        if (!m.result.ok) cell.skipped_by = std::move(m);
      }
    }
    for (int r = 0; r < plan.repetitions; ++r) {
      for (std::size_t k = 0; k < setup_count; ++k) {
        const std::size_t bi = (static_cast<std::size_t>(r) + k) % setup_count;
        cell_results& cell = results.cells[bi];
        if (cell.skipped_by) continue;
        printer.start(wi * setup_count + bi, w.info->name, plan.label(cell.setup),
                      "rep " + std::to_string(r + 1) + "/" + std::to_string(plan.repetitions));
        measured_run m = run_once(w, cell.setup);
        printer.finish(m);
        if (m.result.unsupported) {
          cell.skipped_by = std::move(m);
          cell.repetitions.clear();
        } else {
          cell.repetitions.push_back(std::move(m));
        }
      }
    }
    if (on_workload_done) on_workload_done(results);
    out.workloads.push_back(std::move(results));
  }
  out.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace ab
