// A machine's identity in result files (context.machine_slug and
// context.machine_fingerprint): a short slug for people and paths
// ("xeon-2c", as results/reference/<slug>/ is named) and a fingerprint of its
// hardware, which `compare` uses to tell whether two results come from the
// same kind of machine.
//
// The fingerprint covers what decides how schedulers behave: CPU model,
// logical CPUs, physical cores, CPUs this process may use, caches, memory
// (whole GiB) and architecture. It leaves out the host name (two identical
// cloud instances are the same machine for this purpose), the clock reading
// (it drifts), and the kernel, OS and compiler, which compare reports
// separately as software differences.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "machine.hpp"

namespace ab {

struct hardware_facts {
  std::string cpu_model;
  int num_cpus = 0;
  int num_cores = 0;
  int cpus_allowed = 0;
  std::int64_t memory_gib = 0;  // rounded to the nearest GiB
  std::string caches;           // "L1 Data 48K x1, L1 Instruction 32K x1, L2 Unified 2M x1"
  std::string arch;             // "x86_64": the last word of the kernel's description
};

hardware_facts facts_of(const machine_info& m);
// From a result file's context (its cpu_model, num_cpus, ... fields); fields
// that are missing stay at their zero value.
hardware_facts facts_of_context(const nlohmann::json& context);

// (name, value as text) of every fact, in a fixed order, for "the machines
// differ in ..." messages.
std::vector<std::pair<std::string, std::string>> describe(const hardware_facts& f);

// 16 lowercase hex digits: FNV-1a (64 bits) of describe(f).
std::string fingerprint(const hardware_facts& f);

// "xeon-2c" from "Intel(R) Xeon(R) Processor" and 2 cores: the CPU model's
// distinctive words, lowercase, without vendor marks, brand names that every
// model shares, clock speeds and core counts, then the physical cores.
std::string machine_slug(const std::string& cpu_model, int cores);

}  // namespace ab
