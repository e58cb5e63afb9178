#include "runtime_choices.hpp"

#include "rt/config.hpp"

namespace ab {

std::vector<std::string> strategy_names() {
  std::vector<std::string> names;
  for (const auto s : rt::all_strategies) names.emplace_back(rt::to_string(s));
  return names;
}

std::vector<std::string> idle_policy_names() {
  std::vector<std::string> names;
  for (const auto p : rt::all_idle_policies) names.emplace_back(rt::to_string(p));
  return names;
}

bool is_strategy(std::string_view name) noexcept {
  return rt::parse_strategy(name).has_value();
}

bool is_idle_policy(std::string_view name) noexcept {
  return rt::parse_idle_policy(name).has_value();
}

std::string default_strategy_name() {
  return std::string(rt::to_string(rt::config{}.strategy));
}

std::string default_idle_name() {
  return std::string(rt::to_string(rt::config{}.idle));
}

bool default_pin_threads() noexcept {
  return rt::config{}.pin_threads;
}

std::string_view pin_name(bool pin) noexcept {
  return pin ? pin_on : pin_off;
}

}  // namespace ab
