#include "plan.hpp"

#include <algorithm>

#include "machine.hpp"

namespace ab {

namespace {

bool has_param(const workload_info& w, const std::string& name) {
  return std::any_of(w.params.begin(), w.params.end(),
                     [&](const param_spec& p) { return p.name == name; });
}

std::vector<std::string> param_names(const workload_info& w) {
  std::vector<std::string> names;
  for (const auto& p : w.params) names.push_back(p.name);
  return names;
}

template <class T>
void append_unique(std::vector<T>& to, const T& item) {
  if (std::find(to.begin(), to.end(), item) == to.end()) to.push_back(item);
}

// The workloads and their parameters, shared by run and sweep.
std::optional<usage_error> plan_workloads(const std::string& cmd, const suite_options& options,
                                          const catalog& c, suite_plan& plan) {
  auto error = [&](std::string message) {
    return usage_error{"actorbench " + cmd + ": " + std::move(message)};
  };
  if (c.workloads.empty()) return error("no workloads were linked into this binary");
  if (c.backends.empty()) return error("no backends were linked into this binary");

  plan.size = options.size;
  plan.repetitions = options.repetitions;
  plan.warmups = options.warmups;
  plan.cpus = static_cast<unsigned>(allowed_cpus());

  const std::vector<std::string> names =
      options.workloads.empty() ? c.workload_names() : options.workloads;
  for (const auto& name : names) {
    const workload_info* w = c.find_workload(name);
    if (!w)
      return error("unknown workload '" + name + "' (valid: " + join(c.workload_names()) + ")");
    planned_workload pw;
    pw.info = w;
    for (const auto& spec : w->params) pw.params.values[spec.name] = default_value(spec, plan.size);
    plan.workloads.push_back(std::move(pw));
  }

  for (const auto& p : options.params) {
    if (!p.workload.empty()) {
      auto it =
          std::find_if(plan.workloads.begin(), plan.workloads.end(),
                       [&](const planned_workload& pw) { return pw.info->name == p.workload; });
      if (it == plan.workloads.end()) {
        return error("--param " + p.workload + "." + p.name +
                     " names a workload that is not selected (selected: " + join(names) + ")");
      }
      if (!has_param(*it->info, p.name)) {
        return error("unknown parameter '" + p.name + "' for " + p.workload +
                     " (valid: " + join(param_names(*it->info)) + ")");
      }
      it->params.values[p.name] = p.value;
      continue;
    }
    bool applied = false;
    std::vector<std::string> valid;
    for (auto& pw : plan.workloads) {
      if (has_param(*pw.info, p.name)) {
        pw.params.values[p.name] = p.value;
        applied = true;
      }
      for (const auto& n : param_names(*pw.info)) append_unique(valid, n);
    }
    if (!applied) {
      return error("unknown parameter '" + p.name + "' for " + join(names) +
                   " (valid: " + (valid.empty() ? std::string("none") : join(valid)) + ")");
    }
  }
  return std::nullopt;
}

}  // namespace

std::vector<std::string> suite_plan::backends() const {
  std::vector<std::string> out;
  for (const auto& s : setups) append_unique(out, s.backend);
  return out;
}

std::vector<std::string> suite_plan::strategies() const {
  std::vector<std::string> out;
  for (const auto& s : setups) {
    if (s.backend == reference_backend) append_unique(out, s.strategy);
  }
  return out;
}

std::vector<unsigned> suite_plan::scheduler_counts() const {
  std::vector<unsigned> out;
  for (const auto& s : setups) append_unique(out, s.schedulers);
  return out;
}

std::string suite_plan::label(const backend_setup& s) const {
  if (!sweep) return s.backend;
  return s.backend + " " + s.strategy + " x" + std::to_string(s.schedulers);
}

std::string suite_plan::file_key(const backend_setup& s) const {
  if (!sweep) return s.backend;
  return s.backend + "." + s.strategy + ".s" + std::to_string(s.schedulers);
}

run_params params_for(const planned_workload& w, const backend_setup& s) {
  run_params p = w.params;
  p.schedulers = s.schedulers;
  p.strategy = s.strategy;
  set_pin_and_idle(p, s.pin_threads, s.idle);
  return p;
}

std::int64_t default_value(const param_spec& spec, size_class size) noexcept {
  switch (size) {
    case size_class::quick:
      return spec.quick;
    case size_class::standard:
      return spec.standard;
    case size_class::large:
      return spec.large;
  }
  return spec.standard;
}

std::variant<suite_plan, usage_error> make_plan(const run_options& options, const catalog& c) {
  suite_plan plan;
  if (auto e = plan_workloads("run", options, c, plan)) return *e;
  plan.describe_backends = c.describe_backends;
  backend_setup setup;
  setup.schedulers = options.schedulers != 0 ? options.schedulers : default_schedulers();
  setup.strategy = options.strategy;
  setup.pin_threads = options.pin_threads;
  setup.idle = options.idle;
  for (const auto& b : options.backends.empty() ? c.backends : options.backends) {
    setup.backend = b;
    plan.setups.push_back(setup);
  }
  return plan;
}

std::variant<suite_plan, usage_error> make_sweep_plan(const sweep_options& options,
                                                      const catalog& c) {
  suite_plan plan;
  plan.sweep = true;
  if (auto e = plan_workloads("sweep", options, c, plan)) return *e;
  if (!c.has_backend(reference_backend)) {
    return usage_error{"actorbench sweep: this binary has no rt backend to sweep (backends: " +
                       join(c.backends) + ")"};
  }
  const std::vector<std::string> strategies =
      options.strategies.empty() ? strategy_names() : options.strategies;
  const std::vector<unsigned> counts =
      options.schedulers.empty() ? default_sweep_schedulers(plan.cpus) : options.schedulers;
  for (const auto& strategy : strategies) {
    for (unsigned n : counts) {
      backend_setup s;
      s.backend = reference_backend;
      s.schedulers = n;
      s.strategy = strategy;
      s.pin_threads = options.pin_threads;
      s.idle = options.idle;
      plan.setups.push_back(std::move(s));
    }
  }
  return plan;
}

}  // namespace ab
