#include "machine_fingerprint.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <string_view>

namespace ab {

namespace {

constexpr double bytes_per_gib = 1024.0 * 1024.0 * 1024.0;
constexpr std::size_t max_slug_words = 4;

std::string size_text(std::int64_t bytes) {
  if (bytes > 0 && bytes % (1024 * 1024) == 0) return std::to_string(bytes / (1024 * 1024)) + "M";
  if (bytes > 0 && bytes % 1024 == 0) return std::to_string(bytes / 1024) + "K";
  return std::to_string(bytes);
}

std::string last_word(const std::string& s) {
  std::istringstream in{s};
  std::string word, last;
  while (in >> word) last = word;
  return last;
}

std::string lower(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

// Words that name no particular CPU.
bool generic_word(const std::string& w) {
  static const char* const words[] = {"intel",   "amd",       "cpu",  "processor", "core",
                                      "genuine", "authentic", "with", "radeon",    "graphics",
                                      "apu",     "tm",        "r"};
  for (const char* g : words) {
    if (w == g) return true;
  }
  // "2.90ghz", "64-core", "8-core", "12-cores"
  if (w.ends_with("ghz") || w.ends_with("mhz")) return true;
  if (w.ends_with("-core") || w.ends_with("-cores")) return true;
  return false;
}

// A whole number read from a result file that may come from anywhere: a
// non-number, a fraction or a value outside [lo, hi] reads as 0, since a
// float-to-int conversion out of range is undefined behaviour.
std::int64_t bounded_integer(const nlohmann::json& object, const char* key, std::int64_t lo,
                             std::int64_t hi) {
  const auto it = object.find(key);
  if (it == object.end()) return 0;
  if (it->is_number_unsigned()) {
    const auto v = it->get<std::uint64_t>();
    return v <= static_cast<std::uint64_t>(hi) ? static_cast<std::int64_t>(v) : 0;
  }
  if (it->is_number_integer()) {
    const auto v = it->get<std::int64_t>();
    return v >= lo && v <= hi ? v : 0;
  }
  if (it->is_number_float()) {
    const double v = it->get<double>();
    const bool whole = std::isfinite(v) && v == std::floor(v);
    return whole && v >= static_cast<double>(lo) && v <= static_cast<double>(hi)
               ? static_cast<std::int64_t>(v)
               : 0;
  }
  return 0;
}

constexpr std::int64_t max_count = 1 << 24;             // cpus, cores, sharers, cache levels
constexpr std::int64_t max_bytes = std::int64_t{1} << 52;  // memory and cache sizes

}  // namespace

hardware_facts facts_of(const machine_info& m) {
  hardware_facts f;
  f.cpu_model = m.cpu_model;
  f.num_cpus = m.num_cpus;
  f.num_cores = m.num_cores;
  f.cpus_allowed = m.cpus_allowed;
  f.memory_gib = std::llround(static_cast<double>(m.memory_bytes) / bytes_per_gib);
  for (const auto& c : m.caches) {
    if (!f.caches.empty()) f.caches += ", ";
    f.caches.append("L").append(std::to_string(c.level)).append(" ").append(c.type);
    f.caches.append(" ").append(size_text(c.size)).append(" x");
    f.caches.append(std::to_string(c.num_sharing));
  }
  f.arch = last_word(m.kernel);
  return f;
}

hardware_facts facts_of_context(const nlohmann::json& context) {
  machine_info m;
  auto text = [&](const char* key) {
    return context.contains(key) && context[key].is_string() ? context[key].get<std::string>()
                                                             : std::string();
  };
  auto count = [&](const char* key) {
    return static_cast<int>(bounded_integer(context, key, 0, max_count));
  };
  m.cpu_model = text("cpu_model");
  m.num_cpus = count("num_cpus");
  m.num_cores = count("num_cores");
  m.cpus_allowed = count("cpus_allowed");
  m.memory_bytes = bounded_integer(context, "memory_bytes", 0, max_bytes);
  m.kernel = text("kernel");
  if (context.contains("caches") && context["caches"].is_array()) {
    for (const auto& c : context["caches"]) {
      if (!c.is_object()) continue;
      cache_info ci;
      if (c.contains("type") && c["type"].is_string()) ci.type = c["type"].get<std::string>();
      ci.level = static_cast<int>(bounded_integer(c, "level", 0, max_count));
      ci.size = bounded_integer(c, "size", 0, max_bytes);
      ci.num_sharing = static_cast<int>(bounded_integer(c, "num_sharing", 0, max_count));
      m.caches.push_back(std::move(ci));
    }
  }
  return facts_of(m);
}

std::vector<std::pair<std::string, std::string>> describe(const hardware_facts& f) {
  return {
      {"cpu_model", f.cpu_model},
      {"num_cpus", std::to_string(f.num_cpus)},
      {"num_cores", std::to_string(f.num_cores)},
      {"cpus_allowed", std::to_string(f.cpus_allowed)},
      {"memory", std::to_string(f.memory_gib) + " GiB"},
      {"caches", f.caches},
      {"arch", f.arch},
  };
}

std::string fingerprint(const hardware_facts& f) {
  constexpr std::uint64_t fnv_offset = 0xcbf29ce484222325ull;
  constexpr std::uint64_t fnv_prime = 0x100000001b3ull;
  std::uint64_t h = fnv_offset;
  for (const auto& [k, v] : describe(f)) {
    for (const std::string* s : {&k, &v}) {
      for (unsigned char ch : *s) {
        h ^= ch;
        h *= fnv_prime;
      }
      h ^= 0xff;  // a separator (no UTF-8 byte is 0xff), so ("ab", "c") and ("a", "bc") differ
      h *= fnv_prime;
    }
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::string machine_slug(const std::string& cpu_model, int cores) {
  // Drop "(R)", "(TM)" and everything from "@" (the clock speed).
  std::string model = lower(cpu_model.substr(0, cpu_model.find('@')));
  for (const std::string_view mark : {"(r)", "(tm)", "(c)"}) {
    for (std::size_t at; (at = model.find(mark)) != std::string::npos;) {
      model.erase(at, mark.size());
      model.insert(at, 1, ' ');
    }
  }
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    while (!word.empty() && word.back() == '-') word.pop_back();
    if (!word.empty() && !generic_word(word) && words.size() < max_slug_words)
      words.push_back(word);
    word.clear();
  };
  for (char ch : model) {
    if (std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '-') {
      word += ch;
    } else {
      flush();
    }
  }
  flush();
  std::string slug;
  for (auto& w : words) {
    std::replace(w.begin(), w.end(), '.', '-');
    slug += (slug.empty() ? "" : "-") + w;
  }
  if (slug.empty()) slug = "cpu";
  return slug + "-" + std::to_string(std::max(cores, 0)) + "c";
}

}  // namespace ab
