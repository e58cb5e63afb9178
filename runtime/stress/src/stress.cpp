// The stress command: options, the scenario list, running and printing.
#include <charconv>
#include <map>
#include <chrono>
#include <ostream>
#include <random>
#include <sstream>

#include "scenario.hpp"

namespace stress {

namespace {

struct scenario_entry {
  const char* name;
  void (*run)(const options&, report&, std::ostream&);
  const char* what;
};

const std::vector<scenario_entry>& scenarios() {
  static const std::vector<scenario_entry> all = {
      {"mix", run_mix, "randomised operations with invariant checks (--duration)"},
      {"crash_storm", run_crash_storm, "supervised workers under load, 10% crashed each second (--duration)"},
      {"cascade", run_cascade, "a tree of linked processes killed at the root"},
      {"overload", run_overload, "floods with and without a mailbox limit"},
      {"scale", run_scale, "many live processes, a message flood, a spawn storm"},
      {"fairness", run_fairness, "a ping probe's latency among CPU-bound processes"},
  };
  return all;
}

std::string join_names() {
  std::string s;
  for (const auto& e : scenarios()) s += (s.empty() ? "" : ", ") + std::string(e.name);
  return s;
}

std::optional<std::uint64_t> parse_u64(std::string_view s) {
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

// "10" (seconds), "10s", "500ms", "2m".
std::optional<std::chrono::milliseconds> parse_duration(std::string_view s) {
  std::uint64_t scale = 1000;
  if (s.size() > 2 && s.substr(s.size() - 2) == "ms") {
    scale = 1;
    s.remove_suffix(2);
  } else if (!s.empty() && s.back() == 's') {
    s.remove_suffix(1);
  } else if (!s.empty() && s.back() == 'm') {
    scale = 60'000;
    s.remove_suffix(1);
  }
  const auto v = parse_u64(s);
  constexpr std::uint64_t max_ms = 24ULL * 3600 * 1000;
  if (!v || *v == 0 || *v > max_ms / scale) return std::nullopt;
  return std::chrono::milliseconds(*v * scale);
}

}  // namespace

const std::vector<std::string>& scenario_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto& e : scenarios()) v.emplace_back(e.name);
    return v;
  }();
  return names;
}

std::variant<options, usage_error> parse_options(const std::vector<std::string>& args) {
  options o;
  bool seeded = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string key = args[i];
    std::optional<std::string> value;
    if (key == "-h" || key == "--help") {
      o.help = true;
      continue;
    }
    if (key.rfind("--", 0) != 0) return usage_error{"unexpected argument '" + key + "' (options start with --)"};
    if (const auto eq = key.find('='); eq != std::string::npos) {
      value = key.substr(eq + 1);
      key = key.substr(0, eq);
    }
    const bool known = key == "--seed" || key == "--duration" || key == "--scenario" || key == "--size" ||
                       key == "--schedulers" || key == "--plant-drop-one-in";
    if (!known) return usage_error{"unknown option " + key + " (see --help)"};
    if (!value) {
      if (i + 1 >= args.size()) return usage_error{key + " needs a value"};
      value = args[++i];
    }
    const std::string& v = *value;
    if (key == "--seed") {
      const auto s = parse_u64(v);
      if (!s) return usage_error{"--seed must be a non-negative integer, not '" + v + "'"};
      o.seed = *s;
      seeded = true;
    } else if (key == "--duration") {
      const auto d = parse_duration(v);
      if (!d) return usage_error{"--duration must be a positive time such as 10, 10s, 500ms or 2m, not '" + v + "'"};
      o.duration = *d;
    } else if (key == "--scenario") {
      std::stringstream ss(v);
      std::string name;
      o.scenarios.clear();
      while (std::getline(ss, name, ',')) {
        bool found = false;
        for (const auto& n : scenario_names()) found = found || n == name;
        if (!found) return usage_error{"unknown scenario '" + name + "' (scenarios: " + join_names() + ")"};
        bool dup = false;
        for (const auto& n : o.scenarios) dup = dup || n == name;
        if (!dup) o.scenarios.push_back(name);
      }
      if (o.scenarios.empty()) return usage_error{"--scenario needs at least one name (scenarios: " + join_names() + ")"};
    } else if (key == "--size") {
      if (v == "quick") {
        o.size = size_class::quick;
      } else if (v == "default") {
        o.size = size_class::standard;
      } else if (v == "large") {
        o.size = size_class::large;
      } else {
        return usage_error{"--size must be quick, default or large, not '" + v + "'"};
      }
    } else if (key == "--schedulers") {
      const auto n = parse_u64(v);
      constexpr std::uint64_t max_schedulers = 1024;
      if (!n || *n == 0 || *n > max_schedulers) {
        return usage_error{"--schedulers must be an integer from 1 to " + std::to_string(max_schedulers) + ", not '" + v + "'"};
      }
      o.schedulers = static_cast<unsigned>(*n);
    } else if (key == "--plant-drop-one-in") {
      const auto n = parse_u64(v);
      if (!n || *n == 0 || *n > UINT32_MAX) return usage_error{"--plant-drop-one-in must be a positive integer, not '" + v + "'"};
      o.drop_one_in = static_cast<std::uint32_t>(*n);
    }
  }
  if (!seeded) o.seed = std::random_device{}();
  return o;
}

std::string usage_text(const std::string& command) {
  std::ostringstream os;
  os << "usage: " << command << R"( [options]

Drives the actor runtime through crashes, overload and scale, and checks that
it keeps working and loses nothing it promised to deliver. Prints the seed,
what each scenario did and measured, and every invariant violation found.

options (--opt VALUE or --opt=VALUE):
  --scenario S[,S...]    scenarios to run, in this order (default: all)
  --seed N               the random seed (default: from the system; printed,
                         so a run can be repeated)
  --duration T           how long the timed scenarios (mix, crash_storm) run:
                         10, 10s, 500ms or 2m (default: 10s)
  --size quick|default|large
                         the sizes of cascade, overload, scale and fairness
                         (default: default; large needs about 20 GiB)
  --schedulers N         the runtime's schedulers (default: one per CPU)
  --plant-drop-one-in N  test only: plant a bug in the runtime that silently
                         drops one message in N (the checks must catch it)
  -h, --help             this text

scenarios:
)";
  for (const auto& e : scenarios()) {
    os << "  " << e.name << std::string(14 - std::string(e.name).size(), ' ') << e.what << "\n";
  }
  os << R"(
exit status: 0 no violation, 1 an invariant was violated, 2 bad command line.
)";
  return os.str();
}

int run(const options& o, std::ostream& out, std::ostream& err) {
  std::vector<std::string> names = o.scenarios.empty() ? scenario_names() : o.scenarios;
  out << "stress: seed " << o.seed << ", duration " << o.duration.count() << " ms, size "
      << (o.size == size_class::quick ? "quick" : o.size == size_class::large ? "large" : "default");
  if (o.drop_one_in != 0) out << ", PLANTED BUG: the runtime drops one message in " << o.drop_one_in;
  out << "\n";
  std::size_t violations = 0;
  for (const auto& name : names) {
    const scenario_entry* e = nullptr;
    for (const auto& s : scenarios()) {
      if (s.name == name) e = &s;
    }
    report rep(name);
    const auto t0 = std::chrono::steady_clock::now();
    e->run(o, rep, err);
    const double secs = seconds_since(t0);
    const auto vs = rep.violations();
    out << "\n== " << name << " (" << fmt_seconds(secs) << "): " << (vs.empty() ? "ok" : "VIOLATIONS") << "\n";
    for (const auto& [k, v] : rep.figures()) out << "  " << k << ": " << v << "\n";
    // The first few of each kind (the text before the first ':'), then the counts.
    constexpr std::size_t max_printed_per_kind = 10;
    std::map<std::string, std::size_t> kinds;
    for (const auto& v : vs) {
      const std::string kind = v.substr(0, v.find(':'));
      if (++kinds[kind] <= max_printed_per_kind) out << "  VIOLATION: " << v << "\n";
    }
    for (const auto& [kind, n] : kinds) {
      if (n > max_printed_per_kind) out << "  ... " << n << " violations of " << kind << " in all\n";
    }
    violations += vs.size();
    err << "stress: " << name << " done in " << fmt_seconds(secs) << (vs.empty() ? "" : " with violations") << "\n";
  }
  out << "\nstress: " << (violations == 0 ? "no violations" : std::to_string(violations) + " violation(s)")
      << " (seed " << o.seed << ")\n";
  if (violations != 0) {
    out << "stress: to repeat the run: --seed " << o.seed << " --duration " << o.duration.count() << "ms --scenario ";
    for (std::size_t i = 0; i < names.size(); ++i) out << (i ? "," : "") << names[i];
    out << "\n";
  }
  return violations == 0 ? exit_ok : exit_violation;
}

int main(const std::string& command, const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  auto parsed = parse_options(args);
  if (auto* e = std::get_if<usage_error>(&parsed)) {
    err << command << ": " << e->message << "\n";
    return exit_usage;
  }
  const options& o = std::get<options>(parsed);
  if (o.help) {
    out << usage_text(command);
    return exit_ok;
  }
  return run(o, out, err);
}

}  // namespace stress
