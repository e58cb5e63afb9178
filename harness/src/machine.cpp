#include "machine.hpp"

#include <sched.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <utility>

namespace ab {

namespace {

const std::string cpu_dir = "/sys/devices/system/cpu/";

// The first line of a file, without its newline; empty if unreadable.
std::string first_line(const std::string& path) {
  std::ifstream in{path};
  std::string line;
  std::getline(in, line);
  return line;
}

// The value of the first "key : value" line of /proc/cpuinfo with this key.
std::string cpuinfo_field(const std::string& key) {
  std::ifstream in{"/proc/cpuinfo"};
  std::string line;
  while (std::getline(in, line)) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string k = line.substr(0, colon);
    while (!k.empty() && (k.back() == ' ' || k.back() == '\t')) k.pop_back();
    if (k != key) continue;
    std::string v = line.substr(colon + 1);
    while (!v.empty() && v.front() == ' ') v.erase(v.begin());
    return v;
  }
  return {};
}

std::vector<cache_info> read_caches() {
  std::vector<cache_info> caches;
  for (int i = 0;; ++i) {
    const std::string dir = cpu_dir + "cpu0/cache/index" + std::to_string(i) + "/";
    const std::string type = first_line(dir + "type");
    if (type.empty()) break;
    cache_info c;
    c.type = type;
    c.level = std::atoi(first_line(dir + "level").c_str());
    c.size = parse_cache_size(first_line(dir + "size"));
    c.num_sharing = count_cpu_list(first_line(dir + "shared_cpu_list"));
    caches.push_back(std::move(c));
  }
  return caches;
}

int count_cores(int num_cpus) {
  std::set<std::pair<std::string, std::string>> cores;
  for (int cpu = 0; cpu < num_cpus; ++cpu) {
    const std::string dir = cpu_dir + "cpu" + std::to_string(cpu) + "/topology/";
    const std::string core = first_line(dir + "core_id");
    if (core.empty()) continue;
    cores.emplace(first_line(dir + "physical_package_id"), core);
  }
  return static_cast<int>(cores.size());
}

double read_mhz() {
  const std::string max_khz = first_line(cpu_dir + "cpu0/cpufreq/cpuinfo_max_freq");
  if (!max_khz.empty()) return std::atof(max_khz.c_str()) / 1000.0;
  const std::string mhz = cpuinfo_field("cpu MHz");
  if (!mhz.empty()) return std::atof(mhz.c_str());
  return 0;
}

std::string read_os() {
  std::ifstream in{"/etc/os-release"};
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("PRETTY_NAME=", 0) != 0) continue;
    std::string v = line.substr(12);
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    return v;
  }
  return {};
}

}  // namespace

std::int64_t parse_cache_size(const std::string& text) noexcept {
  if (text.empty()) return 0;
  char* end = nullptr;
  const long long n = std::strtoll(text.c_str(), &end, 10);
  if (end == text.c_str() || n < 0) return 0;
  const std::string suffix{end};
  if (suffix.empty()) return n;
  if (suffix == "K") return n * 1024;
  if (suffix == "M") return n * 1024 * 1024;
  if (suffix == "G") return n * 1024 * 1024 * 1024;
  return 0;
}

int count_cpu_list(const std::string& text) noexcept {
  int count = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    char* end = nullptr;
    const long first = std::strtol(text.c_str() + i, &end, 10);
    if (end == text.c_str() + i) return 0;
    i = static_cast<std::size_t>(end - text.c_str());
    long last = first;
    if (i < text.size() && text[i] == '-') {
      ++i;
      last = std::strtol(text.c_str() + i, &end, 10);
      if (end == text.c_str() + i || last < first) return 0;
      i = static_cast<std::size_t>(end - text.c_str());
    }
    count += static_cast<int>(last - first + 1);
    if (i < text.size()) {
      if (text[i] != ',') return 0;
      ++i;
    }
  }
  return count;
}

int allowed_cpus() noexcept {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) return CPU_COUNT(&set);
  const long online = sysconf(_SC_NPROCESSORS_ONLN);
  return online > 0 ? static_cast<int>(online) : 1;
}

machine_info probe_machine() {
  machine_info m;
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) == 0) m.host_name = host;
  m.cpu_model = cpuinfo_field("model name");
  if (m.cpu_model.empty()) m.cpu_model = cpuinfo_field("Model");  // some ARM kernels
  m.num_cpus = static_cast<int>(sysconf(_SC_NPROCESSORS_ONLN));
  m.num_cores = count_cores(m.num_cpus);
  if (m.num_cores == 0) m.num_cores = m.num_cpus;
  m.cpus_allowed = allowed_cpus();
  m.mhz_per_cpu = read_mhz();
  const std::string governor = first_line(cpu_dir + "cpu0/cpufreq/scaling_governor");
  m.cpu_scaling_enabled = !governor.empty() && governor != "performance";
  m.caches = read_caches();
  double load[3];
  const int n = getloadavg(load, 3);
  for (int i = 0; i < n; ++i) m.load_avg.push_back(load[i]);
  m.memory_bytes = static_cast<std::int64_t>(sysconf(_SC_PHYS_PAGES)) *
                   static_cast<std::int64_t>(sysconf(_SC_PAGESIZE));
  utsname u{};
  if (uname(&u) == 0) {
    m.kernel = std::string(u.sysname) + " " + u.release + " " + u.version + " " + u.machine;
  }
  m.os = read_os();
  return m;
}

}  // namespace ab
