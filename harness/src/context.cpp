#include "context.hpp"

#include <charconv>
#include <ctime>

#include "machine_fingerprint.hpp"

namespace ab {

namespace {

// "4000" -> 4000, "true" -> true, anything else stays a string.
nlohmann::ordered_json typed(const std::string& v) {
  if (v == "true") return true;
  if (v == "false") return false;
  long long n = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec == std::errc{} && end == v.data() + v.size() && !v.empty()) return n;
  return v;
}

}  // namespace

void record_run_start(context_inputs& in, const suite_plan& plan, const std::string& executable,
                      const std::vector<std::string>& args) {
  in.machine = probe_machine();
  in.build = this_build();
  in.executable = executable;
  in.command_line.push_back(executable);
  in.command_line.insert(in.command_line.end(), args.begin(), args.end());
  in.date = iso8601_now();
  if (plan.describe_backends != nullptr && !plan.setups.empty())
    in.backends = plan.describe_backends(plan.backends(), plan.setups.front().schedulers);
}

std::string iso8601_now() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S%z", &local);
  const std::string s = buf;  // ...+0200 -> ...+02:00
  if (s.size() < 5) return s;
  return s.substr(0, s.size() - 2) + ":" + s.substr(s.size() - 2);
}

std::string debug_build_warning(const build_info& b) {
  if (!b.is_debug()) return {};
  std::string why = "build type " + (b.build_type.empty() ? std::string("(none)") : b.build_type);
  if (b.assertions) why += ", assertions on";
  if (!b.sanitizer.empty()) why += ", sanitizer " + b.sanitizer;
  return "DEBUG BUILD (" + why +
         "): these timings do not represent the code; "
         "build with -DCMAKE_BUILD_TYPE=Release";
}

nlohmann::ordered_json make_context(const context_inputs& in, const suite_plan& plan) {
  using json = nlohmann::ordered_json;
  const machine_info& m = in.machine;
  const build_info& b = in.build;
  json c;
  // Google Benchmark's fields, in its order.
  c["date"] = in.date;
  c["host_name"] = m.host_name;
  c["executable"] = in.executable;
  c["num_cpus"] = m.num_cpus;
  c["mhz_per_cpu"] = static_cast<long long>(m.mhz_per_cpu + 0.5);
  c["cpu_scaling_enabled"] = m.cpu_scaling_enabled;
  json caches = json::array();
  for (const auto& cache : m.caches) {
    caches.push_back({{"type", cache.type},
                      {"level", cache.level},
                      {"size", cache.size},
                      {"num_sharing", cache.num_sharing}});
  }
  c["caches"] = caches;
  c["load_avg"] = m.load_avg;
  c["library_build_type"] = b.is_debug() ? "debug" : "release";
  // Ours.
  c["schema_version"] = results_schema_version;
  if (const std::string w = debug_build_warning(b); !w.empty()) c["warning"] = w;
  c["actorbench_version"] = b.version;
  const hardware_facts facts = facts_of(m);
  c["machine_slug"] = machine_slug(m.cpu_model, m.num_cores);
  c["machine_fingerprint"] = fingerprint(facts);
  c["cpu_model"] = m.cpu_model;
  c["num_cores"] = m.num_cores;
  c["cpus_allowed"] = m.cpus_allowed;
  c["memory_bytes"] = m.memory_bytes;
  c["kernel"] = m.kernel;
  c["os"] = m.os;
  c["compiler"] = b.compiler;
  c["build_type"] = b.build_type;
  c["cxx_flags"] = b.cxx_flags;
  c["assertions"] = b.assertions;
  c["sanitizer"] = b.sanitizer;
  c["git_commit"] = b.git_commit;
  c["git_dirty"] = b.git_dirty;
  c["command_line"] = in.command_line;
  json suite;
  suite["command"] = plan.sweep ? "sweep" : "run";
  suite["size"] = std::string(to_string(plan.size));
  suite["repetitions"] = plan.repetitions;
  suite["warmups"] = plan.warmups;
  const backend_setup first = plan.setups.empty() ? backend_setup{} : plan.setups.front();
  if (plan.sweep) {
    suite["strategies"] = plan.strategies();
    suite["scheduler_counts"] = plan.scheduler_counts();
  } else {
    suite["schedulers"] = first.schedulers;
    suite["strategy"] = first.strategy;
  }
  suite["pin_threads"] = first.pin_threads;
  suite["idle"] = first.idle;
  json workloads = json::array();
  for (const auto& w : plan.workloads) workloads.push_back(w.info->name);
  suite["workloads"] = workloads;
  suite["backends"] = plan.backends();
  c["suite"] = suite;
  json runtime;
  runtime["describe"] = in.runtime.description;
  for (const auto& [k, v] : in.runtime.fields) runtime[k] = typed(v);
  c["runtime"] = runtime;
  if (!in.backends.empty()) {
    json backends = json::object();
    for (const auto& [name, settings] : in.backends) backends[name] = settings;
    c["backend_settings"] = backends;
  }
  if (!in.clock.empty()) c["clock"] = in.clock;
  c["hgrm_unit"] = hgrm_unit;
  return c;
}

}  // namespace ab
