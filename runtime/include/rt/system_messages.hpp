// Messages the runtime itself delivers to processes.
#pragma once

#include <cstdint>
#include <functional>

#include "rt/exit_reason.hpp"
#include "rt/pid.hpp"

namespace rt {

// Names one monitor (or one gen_server call).
struct ref {
  std::uint64_t id = 0;
  friend constexpr bool operator==(const ref&, const ref&) noexcept = default;
};

// Received by a process that traps exits, when a linked process ends or when
// someone calls exit(self, reason) with a reason other than kill.
struct exit_msg {
  pid from;
  exit_reason reason;
};

// Received once per monitor, when the monitored process ends (or at once, with
// reason noproc, if it did not exist).
struct down_msg {
  ref monitor;
  pid who;
  exit_reason reason;
};

}  // namespace rt

template <>
struct std::hash<rt::ref> {
  std::size_t operator()(const rt::ref& r) const noexcept { return std::hash<std::uint64_t>{}(r.id); }
};
