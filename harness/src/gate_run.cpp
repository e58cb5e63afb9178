#include "gate_run.hpp"

#include <chrono>
#include <ostream>

#include "calibration.hpp"
#include "units.hpp"

namespace ab {

namespace {

void report(std::ostream* progress, const measured_run& m) {
  if (!progress) return;
  const run_result& r = m.result;
  if (r.unsupported) {
    *progress << "unsupported" << std::endl;
  } else if (!r.ok) {
    *progress << "FAILED: " << r.error << std::endl;
  } else {
    *progress << format_seconds(r.seconds) << ", "
              << format_rate(r.items / r.seconds, r.items_unit.empty() ? "items" : r.items_unit)
              << std::endl;
  }
}

}  // namespace

gate_measurement measure_interleaved(const suite_plan& plan, std::ostream* progress) {
  const auto start = std::chrono::steady_clock::now();
  gate_measurement out;
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
    out.results.workloads.push_back(std::move(w));
  }
  auto cell_of = [&](const benchmark_ref& b) -> cell_results& {
    return out.results.workloads[b.workload].cells[b.setup];
  };
  auto announce = [&](const benchmark_ref& b, const std::string& what) {
    if (progress) {
      *progress << "[" << what << "] " << plan.workloads[b.workload].info->name << " on "
                << plan.label(plan.setups[b.setup]) << " ... " << std::flush;
    }
  };

  for (const auto& b : order) {
    cell_results& cell = cell_of(b);
    for (int k = 0; k < plan.warmups && !cell.skipped_by; ++k) {
      announce(b, "warm-up");
      measured_run m = run_once(plan.workloads[b.workload], cell.setup);
      report(progress, m);
      if (!m.result.ok) cell.skipped_by = std::move(m);
    }
  }
  const std::size_t n = order.size();
  for (int r = 0; r < plan.repetitions; ++r) {
    const std::string round =
        "round " + std::to_string(r + 1) + "/" + std::to_string(plan.repetitions);
    const calibration_sample cal = measure_calibration();
    if (!cal.error.empty()) {
      out.calibration_error = cal.error;
    } else {
      out.calibration.push_back(cal.steps_per_second);
    }
    for (std::size_t k = 0; k < n; ++k) {
      const benchmark_ref& b = order[(static_cast<std::size_t>(r) + k) % n];
      cell_results& cell = cell_of(b);
      if (cell.skipped_by) continue;
      announce(b, round);
      measured_run m = run_once(plan.workloads[b.workload], cell.setup);
      report(progress, m);
      if (m.result.unsupported) {
        cell.skipped_by = std::move(m);
        cell.repetitions.clear();
      } else {
        cell.repetitions.push_back(std::move(m));
      }
    }
  }
  out.results.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace ab
