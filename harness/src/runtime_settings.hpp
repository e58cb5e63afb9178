// The settings the rt backend runs with, as rt::runtime::describe() reports
// them for a backend setup's schedulers, strategy, pinning and idle policy
// (every other field at its rt::config default, as the rt backend leaves it). Recorded in the
// results' context so that a result says which runtime configuration produced it.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "plan.hpp"

namespace ab {

struct runtime_settings {
  std::string description;  // describe(): "schedulers=2 strategy=work_stealing ..."
  std::vector<std::pair<std::string, std::string>> fields;  // the same, split
};

// Starts and stops an rt::runtime with this configuration to ask it. Throws
// rt::config_error for a configuration the runtime rejects.
runtime_settings describe_runtime(const backend_setup& s);

// "a=1 b=x" -> {{a, 1}, {b, x}}
std::vector<std::pair<std::string, std::string>> split_settings(const std::string& description);

}  // namespace ab
