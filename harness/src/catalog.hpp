// What the harness can run: the workloads and backends it was linked with.
// The CLI gets them as a value (ab::all_workloads() in the real binary, fakes
// in the tests), never from a global.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "workloads/workload.hpp"

namespace ab {

struct catalog {
  const std::vector<workload_info>& workloads;
  const std::vector<std::string>& backends;  // available here
  std::vector<unavailable_backend> unavailable{};
  backend_describer describe_backends = nullptr;  // null: no backend has settings to record

  const workload_info* find_workload(std::string_view name) const noexcept;
  bool has_backend(std::string_view name) const noexcept;
  // Why `name` cannot run here, or null when it is not an unavailable backend.
  const std::string* unavailable_reason(std::string_view name) const noexcept;
  std::vector<std::string> workload_names() const;
};

// "a, b, c" (for error messages naming the valid choices).
std::string join(const std::vector<std::string>& items, std::string_view separator = ", ");

// "quick", "default", "large".
std::string_view to_string(size_class s) noexcept;

}  // namespace ab
