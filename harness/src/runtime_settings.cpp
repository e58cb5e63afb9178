#include "runtime_settings.hpp"

#include <sstream>

#include "rt/runtime.hpp"

namespace ab {

runtime_settings describe_runtime(const backend_setup& setup) {
  rt::config cfg;
  cfg.schedulers = setup.schedulers;
  const auto kind = rt::parse_strategy(setup.strategy);
  if (!kind) throw rt::config_error("unknown strategy '" + setup.strategy + "'");
  cfg.strategy = *kind;
  const auto idle = rt::parse_idle_policy(setup.idle);
  if (!idle) throw rt::config_error("unknown idle policy '" + setup.idle + "'");
  cfg.idle = *idle;
  cfg.pin_threads = setup.pin_threads;
  rt::runtime probe{cfg};
  runtime_settings s;
  s.description = probe.describe();
  s.fields = split_settings(s.description);
  return s;
}

std::vector<std::pair<std::string, std::string>> split_settings(const std::string& description) {
  std::vector<std::pair<std::string, std::string>> fields;
  std::istringstream in{description};
  std::string item;
  while (in >> item) {
    const auto eq = item.find('=');
    if (eq == std::string::npos) {
      fields.emplace_back(item, "");
    } else {
      fields.emplace_back(item.substr(0, eq), item.substr(eq + 1));
    }
  }
  return fields;
}

}  // namespace ab
