#include "options.hpp"

#include <algorithm>
#include <charconv>
#include <functional>
#include <limits>
#include <span>
#include <thread>

#include "gate_thresholds.hpp"
#include "harness/clock.hpp"
#include "plan.hpp"
#include "rt/config.hpp"

namespace ab {

namespace {

struct option_spec {
  std::string_view name;
  bool takes_value;
};

constexpr option_spec run_option_specs[] = {
    {"--workload", true},    {"--backend", true}, {"--param", true},      {"--size", true},
    {"--repetitions", true}, {"--warmups", true}, {"--schedulers", true}, {"--strategy", true},
    {"--pin", true},         {"--idle", true},    {"--json", true},       {"--hgrm-dir", true},
    {"--clock", true},       {"--quiet", false},  {"--help", false},
};

constexpr option_spec sweep_option_specs[] = {
    {"--workload", true}, {"--param", true},      {"--size", true},     {"--repetitions", true},
    {"--warmups", true},  {"--schedulers", true}, {"--strategy", true}, {"--pin", true},
    {"--idle", true},     {"--json", true},       {"--hgrm-dir", true}, {"--clock", true},
    {"--quiet", false},   {"--help", false},
};

constexpr option_spec report_option_specs[] = {
    {"-o", true}, {"--output", true}, {"--svg-dir", true}, {"--help", false}};
constexpr option_spec compare_option_specs[] = {{"--help", false}};
constexpr option_spec list_option_specs[] = {{"--help", false}};
constexpr option_spec gate_option_specs[] = {
    {"--baseline", true},   {"--baseline-exe", true}, {"--current-exe", true},
    {"--current", true},    {"--threshold", true},    {"--thresholds", true},
    {"--alpha", true},      {"--normalise", false},   {"--metric", true},
    {"--workload", true},   {"--backend", true},      {"--param", true},
    {"--size", true},       {"--repetitions", true},  {"--warmups", true},
    {"--schedulers", true}, {"--strategy", true},     {"--pin", true},
    {"--idle", true},       {"--json", true},         {"--clock", true},
    {"--quiet", false},     {"--help", false},
};

// "actorbench run: unknown backend 'x' (valid: ...)"; "actorbench: ..." for no command.
usage_error error(std::string_view cmd, std::string message) {
  return usage_error{"actorbench" + (cmd.empty() ? std::string() : " " + std::string(cmd)) + ": " +
                     std::move(message)};
}

std::string quoted(std::string_view s) {
  std::string q;
  q.reserve(s.size() + 2);
  q.append(1, '\'').append(s).append(1, '\'');
  return q;
}

// "a,b,,c" -> {a, b, c}
// "a,b" -> {a, b}; "" and "," -> {} (the caller says a value is needed).
// Empty items among others ("a,,b", "a,") are kept, so that the caller refuses
// them by name rather than reading past a typo.
std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> items;
  bool any = false;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    items.emplace_back(text.substr(start, comma - start));
    any = any || comma > start;
    start = comma + 1;
  }
  if (!any) items.clear();
  return items;
}

void append_unique(std::vector<std::string>& to, const std::string& item) {
  if (std::find(to.begin(), to.end(), item) == to.end()) to.push_back(item);
}

std::optional<int> parse_count(std::string_view text, int low, int high) {
  const auto v = parse_integer(text);
  if (!v || *v < low || *v > high) return std::nullopt;
  return static_cast<int>(*v);
}

std::string option_names(std::span<const option_spec> specs) {
  std::vector<std::string> names;
  for (const auto& o : specs) names.emplace_back(o.name);
  return join(names);
}

using apply_fn =
    std::function<std::optional<usage_error>(std::string_view name, std::string_view value)>;
using positional_fn = std::function<std::optional<usage_error>(std::string_view arg)>;

// Walks args[1..]: an option of `specs` (--opt VALUE, --opt=VALUE, -h for
// --help) goes to apply, anything not starting with '-' to positional (an
// error where positional is empty).
std::optional<usage_error> scan(std::string_view cmd, std::span<const option_spec> specs,
                                const std::vector<std::string>& args, const apply_fn& apply,
                                const positional_fn& positional = {}) {
  for (std::size_t i = 1; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (arg == "-h") arg = "--help";
    std::string_view name = arg;
    std::optional<std::string_view> inline_value;
    if (const std::size_t eq = arg.find('=');
        arg.starts_with("--") && eq != std::string_view::npos) {
      name = arg.substr(0, eq);
      inline_value = arg.substr(eq + 1);
    }
    const auto spec = std::find_if(specs.begin(), specs.end(),
                                   [&](const option_spec& o) { return o.name == name; });
    if (spec == specs.end()) {
      if (!arg.starts_with("-") || arg == "-") {
        if (positional) {
          if (auto e = positional(arg)) return e;
          continue;
        }
        return error(
            cmd, "unexpected argument " + quoted(arg) + " (valid: " + option_names(specs) + ")");
      }
      if (cmd == "sweep" && name == "--backend") {
        return error(cmd, "unknown option '--backend' (a sweep runs rt only; valid: " +
                              option_names(specs) + ")");
      }
      return error(cmd, "unknown option " + quoted(name) + " (valid: " + option_names(specs) + ")");
    }
    std::string_view value;
    if (spec->takes_value) {
      if (inline_value) {
        value = *inline_value;
      } else if (i + 1 < args.size()) {
        value = args[++i];
      } else {
        return error(cmd, std::string(name) + " needs a value");
      }
    } else if (inline_value) {
      return error(cmd, std::string(name) + " takes no value");
    }
    if (auto e = apply(name, value)) return e;
  }
  return std::nullopt;
}

// One scheduler count, as the runtime accepts it.
std::variant<unsigned, usage_error> parse_scheduler_count(std::string_view cmd,
                                                          std::string_view text) {
  const auto n = parse_integer(text);
  if (!n || *n < 1 || *n > std::numeric_limits<std::int32_t>::max()) {
    return error(cmd, "malformed --schedulers " + quoted(text) + " (expected a positive integer)");
  }
  rt::config cfg;
  cfg.schedulers = static_cast<unsigned>(*n);
  try {
    cfg.validate();
  } catch (const rt::config_error& e) {
    return error(cmd, "bad --schedulers " + quoted(text) + " (" + e.what() + ")");
  }
  return cfg.schedulers;
}

std::optional<usage_error> check_strategy(std::string_view cmd, std::string_view s) {
  if (is_strategy(s)) return std::nullopt;
  return error(cmd, "unknown strategy " + quoted(s) + " (valid: " +
                        std::string(cmd == "sweep" ? "all, " : "") + join(strategy_names()) + ")");
}

// The options run and sweep share; name is one of them.
std::optional<usage_error> apply_suite_option(std::string_view cmd, std::string_view name,
                                              std::string_view value, const catalog& c,
                                              suite_options& r, bool& help) {
  if (name == "--workload") {
    const auto items = split_list(value);
    if (items.empty())
      return error(cmd, "--workload needs a name (valid: " + join(c.workload_names()) + ")");
    for (const auto& w : items) {
      if (!c.find_workload(w)) {
        return error(
            cmd, "unknown workload " + quoted(w) + " (valid: " + join(c.workload_names()) + ")");
      }
      append_unique(r.workloads, w);
    }
  } else if (name == "--param") {
    const std::size_t eq = value.find('=');
    const std::string_view key = value.substr(0, eq);
    if (eq == std::string_view::npos || key.empty()) {
      return error(cmd, "malformed --param " + quoted(value) +
                            " (expected NAME=VALUE or WORKLOAD.NAME=VALUE)");
    }
    const std::string_view text = value.substr(eq + 1);
    const auto v = parse_integer(text);
    if (!v || *v < 0) {
      return error(cmd, "malformed value " + quoted(text) + " for --param " + std::string(key) +
                            " (expected a non-negative integer, optionally with a suffix k, M "
                            "or G)");
    }
    param_override p;
    const std::size_t dot = key.find('.');
    if (dot != std::string_view::npos) {
      p.workload = std::string(key.substr(0, dot));
      p.name = std::string(key.substr(dot + 1));
      if (!c.find_workload(p.workload)) {
        return error(cmd, "unknown workload " + quoted(p.workload) + " in --param " +
                              std::string(key) + " (valid: " + join(c.workload_names()) + ")");
      }
    } else {
      p.name = std::string(key);
    }
    p.value = *v;
    r.params.push_back(std::move(p));
  } else if (name == "--size") {
    if (value == "quick") {
      r.size = size_class::quick;
    } else if (value == "default") {
      r.size = size_class::standard;
    } else if (value == "large") {
      r.size = size_class::large;
    } else {
      return error(cmd, "unknown size " + quoted(value) + " (valid: quick, default, large)");
    }
  } else if (name == "--repetitions") {
    const auto n = parse_count(value, 1, max_repetitions);
    if (!n) {
      return error(cmd, "malformed --repetitions " + quoted(value) +
                            " (expected an integer from 1 to " + std::to_string(max_repetitions) +
                            ")");
    }
    r.repetitions = *n;
  } else if (name == "--warmups") {
    const auto n = parse_count(value, 0, max_warmups);
    if (!n) {
      return error(cmd, "malformed --warmups " + quoted(value) +
                            " (expected an integer from 0 to " + std::to_string(max_warmups) + ")");
    }
    r.warmups = *n;
  } else if (name == "--pin") {
    if (value != pin_on && value != pin_off) {
      return error(cmd, "malformed --pin " + quoted(value) + " (valid: on, off)");
    }
    const bool pin = value == pin_on;
    if (!run_params_carry_pin_and_idle && pin != default_pin_threads()) {
      return error(cmd, "--pin " + std::string(value) +
                            " cannot reach rt in this build: the workloads' run_params has no "
                            "pin_threads (valid here: " +
                            std::string(pin_name(default_pin_threads())) + ")");
    }
    r.pin_threads = pin;
  } else if (name == "--idle") {
    if (!is_idle_policy(value)) {
      return error(cmd, "unknown idle policy " + quoted(value) +
                            " (valid: " + join(idle_policy_names()) + ")");
    }
    if (!run_params_carry_pin_and_idle && value != default_idle_name()) {
      return error(cmd, "--idle " + std::string(value) +
                            " cannot reach rt in this build: the workloads' run_params has no "
                            "idle (valid here: " +
                            default_idle_name() + ")");
    }
    r.idle = std::string(value);
  } else if (name == "--clock") {
    if (!is_clock_choice(value)) {
      return error(cmd, "unknown clock " + quoted(value) + " (valid: " +
                            std::string(clock_choices) + ")");
    }
    r.clock = std::string(value);
  } else if (name == "--json") {
    if (value.empty()) return error(cmd, "--json needs a file name");
    r.json_path = std::string(value);
  } else if (name == "--hgrm-dir") {
    if (value.empty()) return error(cmd, "--hgrm-dir needs a directory name");
    r.hgrm_dir = std::string(value);
  } else if (name == "--quiet") {
    r.quiet = true;
  } else if (name == "--help") {
    help = true;
  }
  return std::nullopt;
}

// --backend B[,B...]: appends the backends named, checked against the catalog.
std::optional<usage_error> add_backends(std::string_view cmd, std::string_view value,
                                        const catalog& c, std::vector<std::string>& backends) {
  const auto items = split_list(value);
  if (items.empty()) return error(cmd, "--backend needs a name (valid: " + join(c.backends) + ")");
  for (const auto& b : items) {
    if (const std::string* why = c.unavailable_reason(b)) {
      return error(cmd, "backend " + quoted(b) + " is unavailable: " + *why);
    }
    if (!c.has_backend(b)) {
      return error(cmd, "unknown backend " + quoted(b) + " (valid: " + join(c.backends) + ")");
    }
    append_unique(backends, b);
  }
  return std::nullopt;
}

std::variant<cli_options, usage_error> parse_run(const std::vector<std::string>& args,
                                                 const catalog& c) {
  cli_options out;
  out.cmd = command::run;
  run_options& r = out.run;
  auto apply = [&](std::string_view name, std::string_view value) -> std::optional<usage_error> {
    if (name == "--backend") return add_backends("run", value, c, r.backends);
    if (name == "--schedulers") {
      auto n = parse_scheduler_count("run", value);
      if (auto* e = std::get_if<usage_error>(&n)) return *e;
      r.schedulers = std::get<unsigned>(n);
      return std::nullopt;
    }
    if (name == "--strategy") {
      if (auto e = check_strategy("run", value)) return e;
      r.strategy = std::string(value);
      return std::nullopt;
    }
    return apply_suite_option("run", name, value, c, r, out.help);
  };
  if (auto e = scan("run", run_option_specs, args, apply)) return *e;
  if (r.schedulers == 0) r.schedulers = default_schedulers();
  return out;
}

std::variant<cli_options, usage_error> parse_sweep(const std::vector<std::string>& args,
                                                   const catalog& c) {
  cli_options out;
  out.cmd = command::sweep;
  sweep_options& s = out.sweep;
  auto apply = [&](std::string_view name, std::string_view value) -> std::optional<usage_error> {
    if (name == "--schedulers") {
      const auto items = split_list(value);
      if (items.empty()) {
        return error("sweep", "--schedulers needs counts (expected N[,N...], e.g. 1,2,4)");
      }
      for (const auto& item : items) {
        auto n = parse_scheduler_count("sweep", item);
        if (auto* e = std::get_if<usage_error>(&n)) return *e;
        s.schedulers.push_back(std::get<unsigned>(n));
      }
      std::sort(s.schedulers.begin(), s.schedulers.end());
      s.schedulers.erase(std::unique(s.schedulers.begin(), s.schedulers.end()), s.schedulers.end());
      return std::nullopt;
    }
    if (name == "--strategy") {
      const auto items = split_list(value);
      if (items.empty()) {
        return error("sweep",
                     "--strategy needs a name (valid: all, " + join(strategy_names()) + ")");
      }
      for (const auto& item : items) {
        if (item == "all") {
          for (const auto& n : strategy_names()) append_unique(s.strategies, n);
          continue;
        }
        if (auto e = check_strategy("sweep", item)) return e;
        append_unique(s.strategies, item);
      }
      return std::nullopt;
    }
    return apply_suite_option("sweep", name, value, c, s, out.help);
  };
  if (auto e = scan("sweep", sweep_option_specs, args, apply)) return *e;
  return out;
}

std::variant<cli_options, usage_error> parse_report(const std::vector<std::string>& args) {
  cli_options out;
  out.cmd = command::report;
  report_options& r = out.report;
  auto apply = [&](std::string_view name, std::string_view value) -> std::optional<usage_error> {
    if (name == "--help") {
      out.help = true;
    } else if (name == "--svg-dir") {
      if (value.empty()) return error("report", "--svg-dir needs a directory name");
      r.svg_dir = std::string(value);
    } else {
      if (value.empty()) return error("report", std::string(name) + " needs a file name");
      r.output = std::string(value);
    }
    return std::nullopt;
  };
  auto positional = [&](std::string_view arg) -> std::optional<usage_error> {
    r.inputs.emplace_back(arg);
    return std::nullopt;
  };
  if (auto e = scan("report", report_option_specs, args, apply, positional)) return *e;
  if (!out.help && r.inputs.empty()) {
    return error("report",
                 "no result files given (expected: actorbench report RESULTS.json... [-o FILE])");
  }
  return out;
}

std::variant<cli_options, usage_error> parse_compare(const std::vector<std::string>& args) {
  cli_options out;
  out.cmd = command::compare;
  std::vector<std::string> files;
  auto apply = [&](std::string_view, std::string_view) -> std::optional<usage_error> {
    out.help = true;
    return std::nullopt;
  };
  auto positional = [&](std::string_view arg) -> std::optional<usage_error> {
    files.emplace_back(arg);
    return std::nullopt;
  };
  if (auto e = scan("compare", compare_option_specs, args, apply, positional)) return *e;
  if (out.help) return out;
  if (files.size() != 2) {
    return error("compare", "expected two result files, A.json B.json (got " +
                                std::to_string(files.size()) + ")");
  }
  out.compare.baseline = files[0];
  out.compare.candidate = files[1];
  return out;
}

std::variant<cli_options, usage_error> parse_gate(const std::vector<std::string>& args,
                                                  const catalog& c) {
  cli_options out;
  out.cmd = command::gate;
  gate_options& g = out.gate;
  auto apply = [&](std::string_view name, std::string_view value) -> std::optional<usage_error> {
    if (name == "--baseline" || name == "--current" || name == "--thresholds") {
      if (value.empty()) return error("gate", std::string(name) + " needs a file name");
      (name == "--baseline" ? g.baseline : name == "--current" ? g.current : g.thresholds) =
          std::string(value);
    } else if (name == "--baseline-exe" || name == "--current-exe") {
      if (value.empty()) return error("gate", std::string(name) + " needs a program");
      (name == "--baseline-exe" ? g.baseline_exe : g.current_exe) = std::string(value);
    } else if (name == "--threshold") {
      const auto pct = parse_threshold_pct(std::string(value));
      if (!pct) {
        return error("gate", "malformed --threshold " + quoted(value) +
                                 " (expected a percentage from 0 to 1000, e.g. 5)");
      }
      g.threshold_pct = *pct;
    } else if (name == "--alpha") {
      const auto a = parse_threshold_pct(std::string(value));
      if (!a || !(*a > 0 && *a < 1)) {
        return error("gate", "malformed --alpha " + quoted(value) +
                                 " (expected a significance level between 0 and 1, e.g. 0.05)");
      }
      g.alpha = *a;
    } else if (name == "--normalise") {
      g.normalise = true;
    } else if (name == "--metric") {
      if (value != "wall" && value != "cpu") {
        return error("gate", "unknown --metric " + quoted(value) + " (valid: wall, cpu)");
      }
      g.metric = value == "cpu" ? gate_metric::cpu : gate_metric::wall;
    } else if (name == "--backend") {
      return add_backends("gate", value, c, g.backends);
    } else if (name == "--schedulers") {
      auto n = parse_scheduler_count("gate", value);
      if (auto* e = std::get_if<usage_error>(&n)) return *e;
      g.schedulers = std::get<unsigned>(n);
    } else if (name == "--strategy") {
      if (auto e = check_strategy("gate", value)) return e;
      g.strategy = std::string(value);
    } else {
      return apply_suite_option("gate", name, value, c, g, out.help);
    }
    return std::nullopt;
  };
  if (auto e = scan("gate", gate_option_specs, args, apply)) return *e;
  if (out.help) return out;
  if (g.schedulers == 0) g.schedulers = default_schedulers();
  if (g.backends.empty()) g.backends.emplace_back(reference_backend);
  if (g.repetitions < min_gate_repetitions) {
    return error("gate", "--repetitions " + std::to_string(g.repetitions) +
                             " is too few for the U test (expected at least " +
                             std::to_string(min_gate_repetitions) + ")");
  }
  if (g.baseline_exe && g.baseline) {
    return error("gate",
                 "--baseline-exe runs a baseline build, --baseline reads a baseline "
                 "file: give one of them");
  }
  if (g.baseline_exe && g.current) {
    return error("gate",
                 "--current compares result files, --baseline-exe runs both builds: "
                 "give one of them");
  }
  if (g.current_exe && !g.baseline_exe) return error("gate", "--current-exe needs --baseline-exe");
  if (g.baseline_exe && g.normalise) {
    return error("gate",
                 "--normalise has nothing to scale with --baseline-exe (both builds "
                 "run in the same rounds on this machine)");
  }
  if (g.current && !g.baseline) return error("gate", "--current needs --baseline");
  if (g.current && g.json_path) {
    return error("gate", "--json writes what the gate runs, and --current runs nothing");
  }
  if (!g.baseline && !g.baseline_exe && !g.json_path) {
    return error("gate",
                 "missing --baseline FILE or --baseline-exe PATH (or --json FILE alone, to "
                 "record a baseline)");
  }
  return out;
}

std::optional<command> command_named(std::string_view name) {
  if (name == "list") return command::list;
  if (name == "run") return command::run;
  if (name == "sweep") return command::sweep;
  if (name == "report") return command::report;
  if (name == "compare") return command::compare;
  if (name == "gate") return command::gate;
  return std::nullopt;
}

}  // namespace

std::vector<std::string> command_names() {
  return {"list", "run", "sweep", "report", "compare", "gate", "stress", "help"};
}

unsigned default_schedulers() noexcept {
  return std::max(1u, std::thread::hardware_concurrency());
}

std::vector<unsigned> default_sweep_schedulers(unsigned cpus) {
  cpus = std::max(1u, cpus);
  std::vector<unsigned> counts;
  for (unsigned n = 1; n <= 2 * cpus; n *= 2) counts.push_back(n);
  counts.push_back(cpus);
  counts.push_back(2 * cpus);
  std::sort(counts.begin(), counts.end());
  counts.erase(std::unique(counts.begin(), counts.end()), counts.end());
  return counts;
}

std::optional<std::int64_t> parse_integer(std::string_view text) noexcept {
  if (text.empty()) return std::nullopt;
  std::int64_t multiplier = 1;
  switch (text.back()) {
    case 'k':
    case 'K':
      multiplier = 1'000;
      break;
    case 'm':
    case 'M':
      multiplier = 1'000'000;
      break;
    case 'g':
    case 'G':
      multiplier = 1'000'000'000;
      break;
    default:
      break;
  }
  if (multiplier != 1) text.remove_suffix(1);
  if (text.empty()) return std::nullopt;
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  if (v > std::numeric_limits<std::int64_t>::max() / multiplier ||
      v < std::numeric_limits<std::int64_t>::min() / multiplier) {
    return std::nullopt;
  }
  return v * multiplier;
}

std::variant<cli_options, usage_error> parse_command_line(const std::vector<std::string>& args,
                                                          const catalog& c) {
  const std::string commands = join(command_names());
  if (args.empty()) {
    return error("", "missing command (valid: " + commands + "; actorbench --help explains them)");
  }
  const std::string& cmd = args[0];
  if (cmd == "help" || cmd == "--help" || cmd == "-h") {
    if (args.size() > 2)
      return error("help", "expected at most one command (valid: " + commands + ")");
    if (args.size() == 2) {
      const auto named = command_named(args[1]);
      if (!named) {
        return error("help", "unknown command " + quoted(args[1]) + " (valid: " + commands + ")");
      }
      cli_options out;
      out.cmd = *named;
      out.help = true;
      return out;
    }
    return cli_options{};
  }
  if (cmd == "list") {
    cli_options out;
    out.cmd = command::list;
    auto apply = [&](std::string_view, std::string_view) -> std::optional<usage_error> {
      out.help = true;
      return std::nullopt;
    };
    if (auto e = scan("list", list_option_specs, args, apply)) return *e;
    return out;
  }
  if (cmd == "run") return parse_run(args, c);
  if (cmd == "sweep") return parse_sweep(args, c);
  if (cmd == "report") return parse_report(args);
  if (cmd == "compare") return parse_compare(args);
  if (cmd == "gate") return parse_gate(args, c);
  return error("", "unknown command " + quoted(cmd) + " (valid: " + commands + ")");
}

}  // namespace ab
