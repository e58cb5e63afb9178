#include "gate_thresholds.hpp"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ab {

namespace {

constexpr double max_threshold_pct = 1000;

}  // namespace

double gate_thresholds::for_benchmark(const std::string& workload, const std::string& backend,
                                      unsigned schedulers, bool paired) const {
  const std::string keys[] = {workload + "/" + backend + "/s" + std::to_string(schedulers),
                              workload + "/" + backend, workload};
  if (paired) {
    for (const std::string& key : keys) {
      if (const auto it = entries.find(paired_prefix + key); it != entries.end()) return it->second;
    }
    if (const auto it = entries.find(std::string(paired_prefix) + "default"); it != entries.end()) {
      return it->second;
    }
  }
  for (const std::string& key : keys) {
    if (const auto it = entries.find(key); it != entries.end()) return it->second;
  }
  return fallback;
}

std::optional<double> parse_threshold_pct(const std::string& text) {
  if (text.empty()) return std::nullopt;
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (used != text.size() || !std::isfinite(v) || v < 0 || v >= max_threshold_pct)
    return std::nullopt;
  return v;
}

std::variant<gate_thresholds, std::string> parse_gate_thresholds(const std::string& text,
                                                                 const std::string& path) {
  gate_thresholds t;
  std::istringstream in{text};
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (const auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    std::istringstream fields{line};
    std::string key, value, extra;
    if (!(fields >> key)) continue;  // blank or comment
    const std::string where = path + ":" + std::to_string(number) + ": ";
    if (!(fields >> value) || (fields >> extra)) {
      return where + "expected 'BENCHMARK PERCENT' (e.g. 'ring 8'), got '" + line + "'";
    }
    const auto pct = parse_threshold_pct(value);
    if (!pct) {
      return where + "malformed threshold '" + value + "' for " + key +
             " (expected a percentage from 0 to 1000)";
    }
    if (key == "default") {
      t.fallback = *pct;
    } else if (!t.entries.emplace(key, *pct).second) {
      return where + key + " is given twice";
    }
  }
  return t;
}

std::variant<gate_thresholds, std::string> load_gate_thresholds(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return path + ": is a directory, not a file";
  std::ifstream in{path};
  if (!in) return path + ": cannot read: " + std::strerror(errno);
  std::ostringstream text;
  text << in.rdbuf();
  return parse_gate_thresholds(text.str(), path);
}

}  // namespace ab
