// The machine a run happens on, as Google Benchmark's context describes it
// (num_cpus, mhz_per_cpu, cpu_scaling_enabled, caches, load_avg) plus what it
// leaves out (CPU model, physical cores, CPUs this process may use, memory,
// kernel, OS). Read from /proc and /sys on Linux; fields that cannot be read
// are left at their zero value, never guessed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ab {

struct cache_info {
  std::string type;  // "Data", "Instruction" or "Unified"
  int level = 0;
  std::int64_t size = 0;  // bytes
  int num_sharing = 0;    // logical CPUs sharing one instance
};

struct machine_info {
  std::string host_name;
  std::string cpu_model;
  int num_cpus = 0;      // logical CPUs online
  int num_cores = 0;     // physical cores
  int cpus_allowed = 0;  // logical CPUs this process may run on (affinity)
  double mhz_per_cpu = 0;
  bool cpu_scaling_enabled = false;  // a frequency governor other than "performance"
  std::vector<cache_info> caches;    // of CPU 0
  std::vector<double> load_avg;      // 1, 5, 15 minutes
  std::int64_t memory_bytes = 0;
  std::string kernel;  // "Linux 6.1.0-18-amd64 #1 SMP ... x86_64"
  std::string os;      // PRETTY_NAME of /etc/os-release
};

machine_info probe_machine();

// The logical CPUs this process may run on (its affinity mask), at least 1:
// more schedulers than this are oversubscribed.
int allowed_cpus() noexcept;

// "32K" -> 32768, "2048K" -> 2097152, "1M" -> 1048576; 0 when malformed.
std::int64_t parse_cache_size(const std::string& text) noexcept;
// "0-3,8,10-11" -> 7; 0 when malformed.
int count_cpu_list(const std::string& text) noexcept;

}  // namespace ab
