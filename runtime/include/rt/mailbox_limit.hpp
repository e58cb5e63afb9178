// Optional per-process mailbox limits (spawn_options::mailbox).
//
// The default is unbounded, as on the BEAM: a process that cannot keep up
// grows its mailbox until the machine runs out of memory. A limit bounds the
// number of messages waiting in one mailbox (sent and not yet received) and
// says what happens to the message that would go over it:
//
//   drop_newest    the message is discarded and counted
//                  (process_info::messages_dropped); a send from outside any
//                  process returns false.
//   kill_receiver  the receiver is killed with reason mailbox_limit, which it
//                  cannot trap; its links and monitors hear of it as usual.
//                  The message that went over, and those that follow until
//                  the receiver is gone, are dropped and counted.
//   mute_senders   backpressure, after Pony: the message is delivered (nothing
//                  is lost) and a sending *process* is suspended at its
//                  `co_await rt::send(...)` until the receiver has drained its
//                  mailbox to the low watermark (mailbox_resume_level) or has
//                  exited. A send from outside any process cannot be suspended:
//                  it is delivered anyway.
//
// The count is approximate by design: senders check the length, then add to
// it, without a lock, so concurrent senders may together go over the limit by
// at most one message each (see DESIGN.md, "Mailbox limits").
#pragma once

#include <cstddef>
#include <cstdint>

namespace rt {

enum class overflow_policy : std::uint8_t { drop_newest, kill_receiver, mute_senders };

struct mailbox_limit {
  std::size_t max_messages = 0;  // 0 = unbounded
  overflow_policy policy = overflow_policy::drop_newest;
};

// A muted sender resumes once the receiver's mailbox holds at most this many
// messages: half the limit, so that a receiver that drains steadily wakes its
// senders in batches rather than once per message.
constexpr std::size_t mailbox_resume_level(std::size_t max_messages) noexcept { return max_messages / 2; }

}  // namespace rt
