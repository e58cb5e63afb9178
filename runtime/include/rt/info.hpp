// Introspection: what the runtime can tell about itself while it runs. All of
// it is read from counters that the owners keep anyway (relaxed atomics), so it
// is cheap enough to leave on.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "rt/pid.hpp"

namespace rt {

struct process_info {
  pid id;
  std::string_view status;            // "runnable", "running", "waiting" or "exiting"
  // Messages taken in and not yet received; with a mailbox limit, every
  // message sent and not yet received (the count the limit applies to).
  std::uint32_t mailbox_length = 0;
  std::uint32_t mailbox_limit = 0;      // spawn_options::mailbox.max_messages; 0 = unbounded
  std::uint64_t messages_dropped = 0;   // discarded by the mailbox limit's policy
  std::uint32_t mailbox_bytes = 0;
  std::size_t heap_bytes = 0;
  std::uint64_t reductions = 0;
  std::optional<std::string> registered_name;
};

struct scheduler_info {
  unsigned index = 0;
  std::uint64_t processes_run = 0;  // process slices run
  std::uint64_t steals = 0;         // successful steals
  std::uint64_t migrations = 0;     // processes migrated away (balancing strategy)
  std::uint64_t parks = 0;          // times it went to sleep
  std::uint64_t parked_ns = 0;      // time spent asleep
  std::uint32_t queue_length = 0;   // approximate, now
  std::size_t timers = 0;           // pending now: receive timeouts and send_after
};

}  // namespace rt
