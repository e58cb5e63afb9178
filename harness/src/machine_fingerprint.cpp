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
  auto integer = [&](const char* key) -> std::int64_t {
    return context.contains(key) && context[key].is_number() ? context[key].get<std::int64_t>() : 0;
  };
  m.cpu_model = text("cpu_model");
  m.num_cpus = static_cast<int>(integer("num_cpus"));
  m.num_cores = static_cast<int>(integer("num_cores"));
  m.cpus_allowed = static_cast<int>(integer("cpus_allowed"));
  m.memory_bytes = integer("memory_bytes");
  m.kernel = text("kernel");
  if (context.contains("caches") && context["caches"].is_array()) {
    for (const auto& c : context["caches"]) {
      if (!c.is_object()) continue;
      cache_info ci;
      if (c.contains("type") && c["type"].is_string()) ci.type = c["type"].get<std::string>();
      if (c.contains("level") && c["level"].is_number()) ci.level = c["level"].get<int>();
      if (c.contains("size") && c["size"].is_number()) ci.size = c["size"].get<std::int64_t>();
      if (c.contains("num_sharing") && c["num_sharing"].is_number())
        ci.num_sharing = c["num_sharing"].get<int>();
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
