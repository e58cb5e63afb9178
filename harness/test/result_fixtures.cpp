#include "result_fixtures.hpp"

#include <stdexcept>
#include <variant>

#include "context.hpp"
#include "fake_workloads.hpp"
#include "plan.hpp"
#include "results_json.hpp"
#include "suite.hpp"

namespace ab::testing {

namespace {

nlohmann::ordered_json document_of(const suite_plan& plan) {
  const auto results = run_suite(plan, nullptr);
  context_inputs in;
  in.machine = probe_machine();
  in.machine.cpus_allowed = static_cast<int>(plan.cpus);
  in.build = this_build();
  in.runtime = describe_runtime(plan.setups.front());
  in.executable = "actorbench";
  in.command_line = {"actorbench", plan.sweep ? "sweep" : "run"};
  in.date = "2025-05-01T12:00:00+00:00";
  return results_document(make_context(in, plan), plan, results, {});
}

}  // namespace

nlohmann::ordered_json fake_run_document(const std::vector<std::string>& workloads,
                                         unsigned schedulers) {
  reset_fakes();
  run_options o;
  o.workloads = workloads;
  o.size = size_class::quick;
  o.repetitions = 3;
  o.schedulers = schedulers;
  auto planned = make_plan(o, fake_catalog());
  if (auto* e = std::get_if<usage_error>(&planned)) throw std::runtime_error(e->message);
  return document_of(std::get<suite_plan>(planned));
}

nlohmann::ordered_json fake_sweep_document(const std::vector<std::string>& workloads,
                                           const std::vector<unsigned>& schedulers, unsigned cpus) {
  reset_fakes();
  sweep_options o;
  o.workloads = workloads;
  o.schedulers = schedulers;
  o.repetitions = 2;
  o.warmups = 0;
  auto planned = make_sweep_plan(o, fake_catalog());
  if (auto* e = std::get_if<usage_error>(&planned)) throw std::runtime_error(e->message);
  auto plan = std::get<suite_plan>(planned);
  plan.cpus = cpus;
  return document_of(plan);
}

results_file reread(const nlohmann::ordered_json& document, const std::string& path) {
  auto r = parse_results_file(document.dump(), path);
  if (auto* e = std::get_if<std::string>(&r)) throw std::runtime_error(*e);
  return std::get<results_file>(std::move(r));
}

}  // namespace ab::testing
