#include "results_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "context.hpp"

namespace ab {

namespace {

using json = nlohmann::json;

// Throwing inside the reader keeps each check one line; load_results_file
// turns it into the error value it returns.
struct bad_file {
  std::string message;
};

const json* field(const json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

std::string entry_name(const json& e, std::size_t index) {
  std::string where = "benchmarks[" + std::to_string(index) + "]";
  if (const json* n = field(e, "name"); n && n->is_string())
    where += " (" + n->get<std::string>() + ")";
  return where;
}

std::string text_field(const json& e, const char* key, const std::string& where) {
  const json* f = field(e, key);
  if (!f || !f->is_string()) throw bad_file{where + ": '" + key + "' is missing or not a string"};
  return f->get<std::string>();
}

double number_field(const json& e, const char* key, const std::string& where) {
  const json* f = field(e, key);
  if (!f || !f->is_number()) throw bad_file{where + ": '" + key + "' is missing or not a number"};
  return f->get<double>();
}

std::optional<double> optional_number(const json& e, const char* key) {
  const json* f = field(e, key);
  if (!f || !f->is_number()) return std::nullopt;
  return f->get<double>();
}

bool flag(const json& e, const char* key) {
  const json* f = field(e, key);
  return f && f->is_boolean() && f->get<bool>();
}

std::string params_text(const json& e) {
  const json* p = field(e, "params");
  if (!p || !p->is_object()) return {};
  std::string out;
  for (const auto& [k, v] : p->items()) out += (out.empty() ? "" : ", ") + k + "=" + v.dump();
  return out;  // nlohmann::json keeps object keys sorted: name order
}

std::optional<latency_figures> latency_of(const json& e, const std::string& where) {
  const json* l = field(e, "latency_ns");
  if (!l) return std::nullopt;
  if (!l->is_object()) throw bad_file{where + ": 'latency_ns' is not an object"};
  latency_figures f;
  f.p50 = number_field(*l, "p50", where + ": latency_ns");
  f.p90 = number_field(*l, "p90", where + ": latency_ns");
  f.p99 = number_field(*l, "p99", where + ": latency_ns");
  f.p999 = number_field(*l, "p999", where + ": latency_ns");
  f.max = number_field(*l, "max", where + ": latency_ns");
  if (const json* curve = field(e, "latency_percentiles_ns")) {
    if (!curve->is_array()) throw bad_file{where + ": 'latency_percentiles_ns' is not an array"};
    for (const auto& point : *curve) {
      if (!point.is_array() || point.size() != 2 || !point[0].is_number() ||
          !point[1].is_number()) {
        throw bad_file{where +
                       ": 'latency_percentiles_ns' holds something other than "
                       "[percentile, ns] pairs"};
      }
      const double p = point[0].get<double>();
      if (!(p >= 0 && p < 100)) {
        throw bad_file{where + ": 'latency_percentiles_ns' has percentile " + point[0].dump() +
                       " (expected 0 <= p < 100)"};
      }
      f.curve.emplace_back(p, point[1].get<double>());
    }
  } else {
    f.curve = {{50, f.p50}, {90, f.p90}, {99, f.p99}, {99.9, f.p999}};
  }
  return f;
}

results_file read(const json& doc, const std::string& path) {
  results_file r;
  r.path = path;
  if (!doc.is_object()) throw bad_file{"not a JSON object"};
  const json* context = field(doc, "context");
  if (!context || !context->is_object()) {
    throw bad_file{"not an actorbench result file (no 'context' object)"};
  }
  const json* version = field(*context, "schema_version");
  if (!version || !version->is_number_integer()) {
    throw bad_file{
        "not an actorbench result file (no context.schema_version; a Google Benchmark "
        "file?)"};
  }
  // Non-negative integers parse as unsigned; read each kind at its own width
  // so that no huge value wraps into range.
  const bool too_new = version->is_number_unsigned()
                           ? version->get<std::uint64_t>() > static_cast<std::uint64_t>(results_schema_version)
                           : version->get<std::int64_t>() > results_schema_version;
  if (too_new) {
    throw bad_file{"schema_version " + version->dump() + " is newer than this actorbench reads (" +
                   std::to_string(results_schema_version) + ")"};
  }
  const json* benchmarks = field(doc, "benchmarks");
  if (!benchmarks || !benchmarks->is_array()) throw bad_file{"no 'benchmarks' array"};
  r.context = *context;
  if (const json* suite = field(*context, "suite")) {
    if (const json* c = field(*suite, "command"); c && c->is_string())
      r.command = c->get<std::string>();
  }
  r.hardware = facts_of_context(*context);
  r.fingerprint = fingerprint(r.hardware);
  r.slug = machine_slug(r.hardware.cpu_model, r.hardware.num_cores);
  const int cpus_allowed = r.hardware.cpus_allowed;
  if (const json* cal = field(*context, "calibration")) {
    const json* samples = field(*cal, "steps_per_second");
    if (!samples || !samples->is_array()) {
      throw bad_file{"context.calibration: 'steps_per_second' is missing or not an array"};
    }
    for (const auto& v : *samples) {
      if (!v.is_number() || !(v.get<double>() > 0)) {
        throw bad_file{"context.calibration: 'steps_per_second' holds " + v.dump() +
                       " (expected positive numbers)"};
      }
      r.calibration.push_back(v.get<double>());
    }
  }

  std::map<std::string, std::size_t> index;  // run_name -> position in r.cells
  struct tally {
    std::size_t ok = 0, failed = 0, unsupported = 0;
    bool median = false;
  };
  std::vector<tally> tallies;
  for (std::size_t i = 0; i < benchmarks->size(); ++i) {
    const json& e = (*benchmarks)[i];
    const std::string where = entry_name(e, i);
    if (!e.is_object()) throw bad_file{where + ": not an object"};
    const std::string name = text_field(e, "name", where);
    const json* rn = field(e, "run_name");
    const std::string run_name = rn && rn->is_string() ? rn->get<std::string>() : name;
    const std::string run_type = text_field(e, "run_type", where);
    if (run_type != "iteration" && run_type != "aggregate") {
      throw bad_file{where + ": run_type '" + run_type + "' (expected iteration or aggregate)"};
    }
    // Every entry names its cell; the first one of a run_name creates it.
    const std::string workload = text_field(e, "workload", where);
    const std::string backend = text_field(e, "backend", where);
    const double schedulers = number_field(e, "schedulers", where);
    if (schedulers < 0 || schedulers > 1e6) {
      throw bad_file{where + ": 'schedulers' is " + field(e, "schedulers")->dump()};
    }
    auto [it, fresh] = index.emplace(run_name, r.cells.size());
    if (fresh) {
      result_cell c;
      c.run_name = run_name;
      c.workload = workload;
      c.backend = backend;
      if (const json* s = field(e, "strategy"); s && s->is_string())
        c.strategy = s->get<std::string>();
      c.schedulers = static_cast<unsigned>(schedulers);
      if (const json* o = field(e, "oversubscribed"); o && o->is_boolean()) {
        c.oversubscribed = o->get<bool>();
      } else {
        c.oversubscribed = cpus_allowed > 0 && c.schedulers > static_cast<unsigned>(cpus_allowed);
      }
      c.params = params_text(e);
      r.cells.push_back(std::move(c));
      tallies.emplace_back();
    } else if (r.cells[it->second].workload != workload || r.cells[it->second].backend != backend) {
      throw bad_file{where + ": run_name '" + run_name + "' is also " +
                     r.cells[it->second].workload + " on " + r.cells[it->second].backend};
    }
    result_cell& c = r.cells[it->second];
    tally& t = tallies[it->second];
    if (const json* u = field(e, "items_unit"); u && u->is_string())
      c.items_unit = u->get<std::string>();
    if (run_type == "iteration") {
      if (flag(e, "unsupported")) {
        ++t.unsupported;
        if (const json* why = field(e, "unsupported_reason"); why && why->is_string())
          c.message = why->get<std::string>();
      } else if (flag(e, "error_occurred")) {
        ++t.failed;
        if (c.message.empty()) {
          const json* m = field(e, "error_message");
          c.message = m && m->is_string() ? m->get<std::string>() : "failed";
        }
      } else {
        ++t.ok;
        c.repetitions.push_back(number_field(e, "items_per_second", where));
        if (const auto cpu_ns = optional_number(e, "cpu_time"); cpu_ns && *cpu_ns > 0)
          c.cpu_repetitions.push_back(1e9 / *cpu_ns);
      }
      continue;
    }
    const std::string aggregate = text_field(e, "aggregate_name", where);
    if (aggregate == "median") {
      t.median = true;
      c.median = number_field(e, "items_per_second", where);
      c.min = optional_number(e, "min_items_per_second").value_or(c.median);
      c.max = optional_number(e, "max_items_per_second").value_or(c.median);
      c.latency = latency_of(e, where);
    } else if (aggregate == "cv") {
      c.cv = optional_number(e, "items_per_second");
    }
  }
  for (std::size_t i = 0; i < r.cells.size(); ++i) {
    result_cell& c = r.cells[i];
    const tally& t = tallies[i];
    if (t.median) {
      c.outcome = t.failed > 0 ? cell_outcome::partial : cell_outcome::ok;
    } else if (t.unsupported > 0) {
      c.outcome = cell_outcome::unsupported;
    } else {
      c.outcome = cell_outcome::failed;
      if (c.message.empty()) c.message = "no successful repetition";
    }
  }
  return r;
}

}  // namespace

std::vector<std::string> results_file::workloads() const {
  std::vector<std::string> out;
  for (const auto& c : cells) {
    bool seen = false;
    for (const auto& w : out) seen = seen || w == c.workload;
    if (!seen) out.push_back(c.workload);
  }
  return out;
}

std::string results_file::context_text(const std::string& key) const {
  const json* f = field(context, key.c_str());
  if (!f || f->is_null()) return {};
  return f->is_string() ? f->get<std::string>() : f->dump();
}

namespace {

// Errors are one line: names and values quoted from the file may hold control
// characters (a newline in a benchmark name, say), so those are escaped.
std::string one_line(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (const char ch : s) {
    const auto byte = static_cast<unsigned char>(ch);
    if (ch == '\n') {
      out += "\\n";
    } else if (byte < 0x20 || byte == 0x7f) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", byte);
      out += escaped;
    } else {
      out += ch;
    }
  }
  return out;
}

}  // namespace

std::variant<results_file, std::string> parse_results_file(const std::string& text,
                                                           const std::string& path) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return path + ": empty file (expected the JSON of actorbench run or sweep)";
  }
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::exception& e) {
    // A syntax error (parse_error) or a number too large for a double
    // (out_of_range). e.what(): "[json.exception.parse_error.101] parse error
    // at line 1, column 2: ..."
    std::string what = e.what();
    if (const auto at = what.find("] "); at != std::string::npos) what = what.substr(at + 2);
    return one_line(path + ": not JSON: " + what);
  }
  try {
    return read(doc, path);
  } catch (const bad_file& e) {
    return one_line(path + ": " + e.message);
  } catch (const json::exception& e) {
    return one_line(path + ": unexpected content: " + e.what());
  }
}

std::variant<results_file, std::string> load_results_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return path + ": is a directory, not a result file";
  std::ifstream in{path, std::ios::binary};
  if (!in) return path + ": cannot read: " + std::strerror(errno);
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return path + ": cannot read: " + std::strerror(errno);
  return parse_results_file(text.str(), path);
}

}  // namespace ab
