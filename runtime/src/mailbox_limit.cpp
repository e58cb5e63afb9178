// Mailbox limits: the slow send path of a limited mailbox and the muting of
// senders. The protocol is described in mailbox_limiter.hpp; the policies in
// mailbox_limit.hpp.
#include <utility>
#include <vector>

#include "rt/detail/runtime_core.hpp"
#include "rt/detail/signals.hpp"

namespace rt::detail {

namespace {

using muted_list = std::vector<std::pair<pid, std::uint64_t>>;

void drop(mailbox_limiter& l, message* m) noexcept {
  l.dropped.fetch_add(1, std::memory_order_relaxed);
  destroy(m);
}

// Under l.mu: empties the list of muted senders into `out`.
void take_muted(mailbox_limiter& l, muted_list& out) {
  out.swap(l.muted);
  l.muted_count.store(0, std::memory_order_relaxed);
}

}  // namespace

bool runtime_core::push_limited(worker* w, process* p, message* m, process* sender) {
  mailbox_limiter& l = *p->limiter;
  const bool mute_policy = p->mbox.policy() == overflow_policy::mute_senders;
  if (!mute_policy && l.length() >= p->mbox.limit()) {
    switch (p->mbox.policy()) {
      case overflow_policy::drop_newest:
        drop(l, m);
        return false;
      case overflow_policy::kill_receiver:
        // One kill signal per receiver: the senders that follow only drop.
        if (!l.tripped.exchange(true, std::memory_order_relaxed)) {
          const pid from = sender != nullptr ? sender->self : pid{};
          send_signal(w, p->self, make_signal<exit_signal>(from, exit_reason::mailbox_limit(), false),
                      [](message* s) { destroy(s); });
        }
        drop(l, m);
        return false;
      case overflow_policy::mute_senders:
        break;  // below
    }
  }
  // Counted before the push, so `consumed` never overtakes `arrived`.
  const std::uint64_t arrived_before = l.arrived.fetch_add(1, std::memory_order_relaxed);
  // mute_senders decides on the count this send's own add returned, not on a
  // test before it: senders that race are ordered by the RMW, so only the
  // sends that really take the mailbox over the limit mute their senders, and
  // each sender goes over by at most the one message that mutes it. (A test
  // before the add let racing senders all pass below the limit, and each then
  // went over again with the send that muted it.) Delivered all the same; the
  // sending process suspends at its co_await (budget spent) and its scheduler
  // mutes it (worker.cpp). A process sending to itself is never muted: it
  // alone can drain.
  if (mute_policy && sender != nullptr && sender != p &&
      static_cast<std::int64_t>(arrived_before - l.consumed.load(std::memory_order_relaxed)) >=
          static_cast<std::int64_t>(p->mbox.limit())) {
    sender->ext().mute_target = p->self;
    sender->reductions_left = 0;
  }
  switch (p->mbox.push(m)) {
    case mailbox::push_result::queued: return true;
    case mailbox::push_result::woke_owner: wake(w, p); return true;
    case mailbox::push_result::closed: destroy(m); return false;
  }
  return false;
}

void runtime_core::limited_message_consumed(worker* w, process* p) noexcept {
  mailbox_limiter& l = *p->limiter;
  l.add_consumed(1);
  if (p->mbox.policy() != overflow_policy::mute_senders) return;
  // Dekker with mute(): store `consumed`, barrier, read muted_count.
  store_load_barrier(l.muted_count);
  if (l.muted_count.load(std::memory_order_relaxed) == 0) return;
  if (l.length() > mailbox_resume_level(p->mbox.limit())) return;
  muted_list wake;
  {
    std::lock_guard lock(l.mu);
    take_muted(l, wake);
  }
  for (const auto& [s, seq] : wake) unmute(w, s, seq);
}

bool runtime_core::mute(worker* w, process* s) {
  const pid target = std::exchange(s->extras->mute_target, pid{});
  process* r = table_.lookup(target);
  if (r == nullptr) return false;
  mailbox_limiter& l = *r->limiter;
  const std::uint64_t resume_level = mailbox_resume_level(r->mbox.limit());
  if (l.length() <= resume_level) return false;
  const pid self = s->self;
  const std::uint64_t seq = ++s->wait_seq;
  s->status.store(process_status::waiting, std::memory_order_relaxed);
  if (!s->mbox.try_block(seq)) {
    // Something arrived for s: it handles that first, and is not muted.
    s->status.store(process_status::running, std::memory_order_relaxed);
    return false;
  }
  // s is blocked now, and any message may wake it and have it run elsewhere:
  // from here on only `self` and `seq` are used, never s.
  muted_list wake;
  {
    std::lock_guard lock(l.mu);
    if (l.closed) {
      wake.emplace_back(self, seq);
    } else {
      l.muted.emplace_back(self, seq);
      // Dekker with limited_message_consumed: announce, barrier, read length.
      l.muted_count.fetch_add(1, std::memory_order_seq_cst);
      store_load_barrier(l.muted_count);
      if (l.length() <= resume_level) take_muted(l, wake);
    }
  }
  for (const auto& [p, q] : wake) unmute(w, p, q);
  return true;
}

void runtime_core::release_muted(worker* w, process* p) noexcept {
  if (p->limiter == nullptr || p->mbox.policy() != overflow_policy::mute_senders) return;
  mailbox_limiter& l = *p->limiter;
  muted_list wake;
  {
    std::lock_guard lock(l.mu);
    l.closed = true;
    take_muted(l, wake);
  }
  for (const auto& [s, seq] : wake) unmute(w, s, seq);
}

void runtime_core::unmute(worker* w, pid s, std::uint64_t seq) noexcept {
  // As a receive timer does: only if s still waits in that same mute.
  process* sp = table_.lookup(s);
  if (sp != nullptr && sp->mbox.cancel_wait(seq)) wake(w, sp);
}

}  // namespace rt::detail
