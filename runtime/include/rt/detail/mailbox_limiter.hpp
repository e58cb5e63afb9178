// The state behind a process's mailbox limit (rt/mailbox_limit.hpp), allocated
// at spawn only for a process that has one: an unbounded mailbox pays nothing
// but the sender's test of mailbox::limit() (see DESIGN.md).
//
// Counting without a lock
//   arrived    senders add 1 before they push (relaxed RMW): counting first
//              means the receiver can never have consumed a message that is
//              not counted yet, so the difference never runs behind.
//   consumed   the owner adds 1 per message it receives and takes 1 away per
//              signal it turns into a message (an EXIT or DOWN, which no sender
//              counted); relaxed load + store, as only the owner writes it.
//   length     arrived - consumed, read with two relaxed loads: approximate
//              while messages move. Under drop_newest and kill_receiver a
//              sender tests it and then adds, so N senders racing past a
//              full test may go over by N together. Under mute_senders a
//              sender adds, then tests the count its add returned: the RMW
//              orders racing senders, and each goes over by at most the
//              message that mutes it.
//
// Muted senders (mute_senders)
//   A muted process blocks on its own mailbox with a fresh wait number, as a
//   receive would, then lists (pid, wait number) here under `mu`. Whoever
//   releases it (the receiver, once it has drained to the resume level, or
//   its exit) does what a receive timer does: cancel_wait(wait number), which
//   succeeds only if nothing else woke the sender first, so every mute ends
//   with exactly one wake-up. A message or signal to the muted process wakes
//   it early (it then handles its signals: a muted process can still be
//   killed, and a deadlock between two muted processes is broken by any
//   message to either).
//   Lost wake-ups are ruled out by a Dekker handshake on muted_count: the
//   sender's scheduler adds itself (RMW), barrier, then reads the length; the
//   receiver stores `consumed`, barrier, then reads muted_count. One of the
//   two sees the other.
//
// Who touches what: see each field. The block lives as long as the control
// block, so a sender that looked the receiver up may use it (epoch.hpp).
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <utility>
#include <vector>

#include "rt/pid.hpp"

namespace rt::detail {

struct mailbox_limiter {
  // Messages sent and not yet received (approximate, see above).
  std::uint64_t length() const noexcept {
    const std::int64_t n = static_cast<std::int64_t>(arrived.load(std::memory_order_relaxed) -
                                                     consumed.load(std::memory_order_relaxed));
    return n > 0 ? static_cast<std::uint64_t>(n) : 0;
  }
  // Owner only.
  void add_consumed(std::int64_t n) noexcept {
    consumed.store(consumed.load(std::memory_order_relaxed) + static_cast<std::uint64_t>(n),
                   std::memory_order_relaxed);
  }

  // Written by senders: a line of their own, away from the owner's counter.
  alignas(64) std::atomic<std::uint64_t> arrived{0};
  std::atomic<std::uint64_t> dropped{0};  // messages discarded by the policy
  std::atomic<bool> tripped{false};       // kill_receiver: the kill signal is on its way

  // Written by the owner.
  alignas(64) std::atomic<std::uint64_t> consumed{0};

  // mute_senders only.
  std::atomic<std::uint32_t> muted_count{0};  // muted.size(), readable without the lock
  std::mutex mu;
  std::vector<std::pair<pid, std::uint64_t>> muted;  // under mu: (sender, its wait number)
  bool closed = false;                               // under mu: the owner has exited
};

}  // namespace rt::detail
