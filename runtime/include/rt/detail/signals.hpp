// Signals: runtime-internal messages between processes.
//
// Links, monitors and exits travel through the same mailbox as messages, so
// that between any two processes messages and signals arrive in the order they
// were sent, as on the BEAM. A signal is handled by the receiver's scheduler
// when it takes arrivals (worker.cpp, handle_signal); receive never sees one.
#pragma once

#include <cstdint>

#include "rt/exit_reason.hpp"
#include "rt/message.hpp"
#include "rt/pid.hpp"

namespace rt::detail {

struct link_signal {
  pid from;
};
struct unlink_signal {
  pid from;
};
struct monitor_signal {
  pid from;
  std::uint64_t ref;
};
struct demonitor_signal {
  pid from;
  std::uint64_t ref;
};
// An exit signal: from a linked process that ended (linked = true), or from
// exit(pid, reason).
struct exit_signal {
  pid from;
  exit_reason reason;
  bool linked;
};
// Sent to the watcher when a monitored process ends; becomes a down_msg if the
// monitor is still active when it arrives.
struct down_signal {
  pid from;
  std::uint64_t ref;
  exit_reason reason;
};

template <class T>
struct signal_tag_of {
  static constexpr type_tag value{&tag_of<T>::destroy, sizeof(typed_message<T>), true, &tag_of<T>::name};
};
template <class T>
inline constexpr const type_tag* signal_tag_v = &signal_tag_of<T>::value;

template <class T, class... A>
message* make_signal(A&&... a) {
  message* m = make_message<T>(std::forward<A>(a)...);
  m->tag = signal_tag_v<T>;
  return m;
}

}  // namespace rt::detail
