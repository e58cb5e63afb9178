#include "baselines/caf/system.hpp"

#include <caf/atom.hpp>
#include <caf/config.hpp>
#include <cstdint>

#include "baselines/defaults.hpp"

namespace ab::backends::caf {

config::config(unsigned threads) {
  set("scheduler.policy", ::caf::atom("stealing"));
  set("scheduler.max-threads", static_cast<std::int64_t>(threads));
  set("scheduler.max-throughput",
      static_cast<std::int64_t>(baselines::defaults::messages_per_turn));
}

std::string describe() {
  return "CAF " + std::to_string(CAF_MAJOR_VERSION) + "." + std::to_string(CAF_MINOR_VERSION) +
         "." + std::to_string(CAF_PATCH_VERSION) +
         ", scheduler.policy=stealing, scheduler.max-throughput=" +
         std::to_string(baselines::defaults::messages_per_turn);
}

}  // namespace ab::backends::caf
