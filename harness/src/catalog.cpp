#include "catalog.hpp"

namespace ab {

const workload_info* catalog::find_workload(std::string_view name) const noexcept {
  for (const auto& w : workloads) {
    if (w.name == name) return &w;
  }
  return nullptr;
}

bool catalog::has_backend(std::string_view name) const noexcept {
  for (const auto& b : backends) {
    if (b == name) return true;
  }
  return false;
}

const std::string* catalog::unavailable_reason(std::string_view name) const noexcept {
  for (const auto& u : unavailable) {
    if (u.name == name) return &u.reason;
  }
  return nullptr;
}

std::vector<std::string> catalog::workload_names() const {
  std::vector<std::string> names;
  names.reserve(workloads.size());
  for (const auto& w : workloads) names.push_back(w.name);
  return names;
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

std::string_view to_string(size_class s) noexcept {
  switch (s) {
    case size_class::quick:
      return "quick";
    case size_class::standard:
      return "default";
    case size_class::large:
      return "large";
  }
  return "?";
}

}  // namespace ab
