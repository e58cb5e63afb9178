// The help texts: `actorbench --help` and each command's --help (also
// `actorbench help CMD`). They print the defaults from options.hpp and the
// runtime's strategy and idle-policy names, so they cannot go stale.
#pragma once

#include <string>

#include "options.hpp"

namespace ab {

std::string usage_text();
std::string usage_text(command cmd);  // that command's; usage_text() for command::help

std::string run_usage_text();
std::string sweep_usage_text();
std::string report_usage_text();
std::string compare_usage_text();
std::string list_usage_text();
std::string gate_usage_text();

}  // namespace ab
