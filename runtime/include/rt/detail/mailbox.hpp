// The arrival side of a process's mailbox: many senders, one receiver.
//
// Vocabulary
//   arrivals   an intrusive LIFO stack of message nodes that senders push onto
//              with one compare-and-swap: lock-free, one atomic word.
//   private    the receiver's FIFO queue (in detail::process), which it fills by
//   queue      taking the whole arrival stack at once and reversing it. Selective
//              receive scans only the private queue, so unmatched messages stay
//              there in arrival order.
//
// The head word is also the process's sleep flag. It holds one of
//   0                no arrivals, receiver not waiting;
//   a node address   arrivals (nodes are 8-byte aligned, low bits 0);
//   (seq << 2) | 1   BLOCKED: the receiver is suspended in receive number `seq`;
//   2                CLOSED: the process has exited; pushes fail.
// A sender whose CAS replaces BLOCKED is the one and only party that must make
// the process runnable again (push returns woke_owner). A receive timer instead
// CASes BLOCKED(seq) back to 0, and wins only if no sender got there first and
// the process still waits in that same receive (the seq guards against a timer
// of an earlier receive). So every wait ends with exactly one wake-up.
//
// The receiver does not detach the stack to read it (see take_arrivals), so a
// wait costs one atomic RMW on the receiver's side (try_block), and a message
// one on the sender's (push).
//
// Rejected: Vyukov's intrusive MPSC queue (one exchange per push, FIFO) has a
// window where a preempted producer hides later messages from the consumer, and
// it cannot carry the sleep flag in the same word, so a wake-up needs a second
// atomic. CAF's LIFO inbox is the model for this design.
#pragma once

#include <atomic>
#include <cstdint>

#include "rt/mailbox_limit.hpp"
#include "rt/message.hpp"

namespace rt::detail {

class mailbox {
 public:
  enum class push_result : std::uint8_t { queued, woke_owner, closed };

  // A chain of nodes, oldest first, with what the receiver's accounting needs
  // (gathered while the chain is reversed, so its nodes are read once).
  struct batch {
    message* first = nullptr;
    message* last = nullptr;
    std::uint32_t count = 0;
    bool has_signal = false;
    std::int64_t bytes = 0;  // sum of the nodes' sizes
  };

  // Any thread. The node belongs to the receiver once this returns queued or
  // woke_owner; on closed it still belongs to the caller.
  push_result push(message* m) noexcept {
    std::uintptr_t old = head_.load(std::memory_order_relaxed);
    for (;;) {
      if (old == closed_word) return push_result::closed;
      const bool blocked = (old & blocked_bit) != 0;
      m->next = blocked ? nullptr : reinterpret_cast<message*>(old);
      // Release publishes the node to the receiver (pairs with the acquire in
      // take_arrivals). Acquire on success pairs with the release in try_block:
      // the waker that takes BLOCKED away hands the process to a scheduler and
      // must see everything its last run wrote.
      if (head_.compare_exchange_weak(old, reinterpret_cast<std::uintptr_t>(m),
                                      std::memory_order_acq_rel, std::memory_order_relaxed)) {
        return blocked ? push_result::woke_owner : push_result::queued;
      }
    }
  }

  // Receiver only. The arrivals since the last call, oldest first.
  //
  // The stack is not detached (that would be a second atomic RMW per wait):
  // the receiver remembers the newest node it has taken (top_) and next time
  // walks from the head down to it. Senders only ever link new nodes above the
  // head, so nodes at and below top_ are the receiver's to relink into its
  // private queue. top_ itself is not freed while it may still be the head (a
  // recycled address there would end a later walk early); retire() defers it.
  batch take_arrivals() noexcept {
    // Acquire pairs with the release of every push whose node we take.
    const std::uintptr_t h = head_.load(std::memory_order_acquire);
    if (h == 0 || h == reinterpret_cast<std::uintptr_t>(top_)) return {};
    auto* newest = reinterpret_cast<message*>(h);
    batch b = reverse_until(newest, top_);
    release_top();
    top_ = newest;
    return b;
  }

  // Receiver only: whether take_arrivals would return something.
  bool has_arrivals() const noexcept {
    const std::uintptr_t h = head_.load(std::memory_order_relaxed);
    return h != 0 && h != reinterpret_cast<std::uintptr_t>(top_);
  }

  // Receiver only: frees a node it took, or defers that if it is top_.
  void retire(message* m) noexcept {
    if (m == top_) {
      top_retired_ = true;
    } else {
      destroy(m);
    }
  }

  // Receiver only (run by its scheduler once the coroutine has suspended).
  // Marks the process as waiting in receive `seq`; false if messages arrived
  // since the last take_arrivals, in which case the receiver must take them
  // and look again.
  bool try_block(std::uint64_t seq) noexcept {
    // Once the CAS succeeds a sender may wake the process and another
    // scheduler may run it at once, so every write to the receiver's state
    // happens before the CAS (and is undone if it fails).
    message* const old_top = top_;
    const bool old_top_retired = top_retired_;
    top_ = nullptr;
    top_retired_ = false;
    std::uintptr_t expected = reinterpret_cast<std::uintptr_t>(old_top);
    // Release: the next runner, on whatever thread, sees this run's writes
    // (pairs with the acquire of the waker's CAS in push or cancel_wait).
    if (!head_.compare_exchange_strong(expected, blocked_word(seq), std::memory_order_release,
                                       std::memory_order_relaxed)) {
      top_ = old_top;
      top_retired_ = old_top_retired;
      return false;
    }
    // The old top is unreachable now (the head is BLOCKED) and was ours alone.
    if (old_top_retired) destroy(old_top);
    return true;
  }

  // Any thread (a timer). Ends the wait of receive `seq` if the process is
  // still in it and no message has woken it; true if the caller must now make
  // the process runnable.
  bool cancel_wait(std::uint64_t seq) noexcept {
    std::uintptr_t expected = blocked_word(seq);
    return head_.compare_exchange_strong(expected, 0, std::memory_order_acquire,
                                         std::memory_order_relaxed);
  }

  // Receiver only, once, at exit. Further pushes fail; returns the arrivals
  // that were not taken, oldest first.
  batch close() noexcept {
    // seq_cst: registry.cpp pairs this with a seq_cst load of the process's
    // name right after, against a concurrent register (a Dekker handshake).
    const std::uintptr_t h = head_.exchange(closed_word, std::memory_order_seq_cst);
    batch b;
    if (h != closed_word && (h & blocked_bit) == 0 && h != reinterpret_cast<std::uintptr_t>(top_)) {
      b = reverse_until(reinterpret_cast<message*>(h), top_);
    }
    release_top();
    top_ = nullptr;
    return b;
  }

  // Any thread. seq_cst: see close().
  bool is_closed() const noexcept { return head_.load(std::memory_order_seq_cst) == closed_word; }

  // The bound on the messages waiting (0: unbounded, the default) and what
  // happens to one that would go over it (mailbox_limit.hpp). Set once, at
  // spawn, before the process is published; read by every sender.
  std::uint32_t limit() const noexcept { return limit_; }
  overflow_policy policy() const noexcept { return policy_; }
  void set_limit(std::uint32_t limit, overflow_policy policy) noexcept {
    limit_ = limit;
    policy_ = policy;
  }

 private:
  static constexpr std::uintptr_t blocked_bit = 1;
  static constexpr std::uintptr_t closed_word = 2;
  static constexpr std::uintptr_t blocked_word(std::uint64_t seq) noexcept {
    return static_cast<std::uintptr_t>(seq << 2) | blocked_bit;
  }
  // Reverses the chain from `m` down to `stop` (exclusive).
  static batch reverse_until(message* m, message* stop) noexcept {
    batch b;
    b.last = m;
    while (m != stop) {
      message* next = m->next;
      m->next = b.first;
      b.first = m;
      b.has_signal |= m->tag->is_signal;
      b.bytes += m->tag->node_size;
      m = next;
      ++b.count;
    }
    return b;
  }
  void release_top() noexcept {
    if (top_retired_) destroy(top_);
    top_retired_ = false;
  }

  // Layout: a sender reads the owner's pid (just before the mailbox in the
  // control block, process.hpp), CASes the head and tests the limit, so the
  // limit comes right after the head: the three lie in the block's first 20
  // bytes, on one cache line since blocks are 32-byte aligned
  // (runtime_core::block_alignment). Behind top_ and top_retired_, 32
  // bytes in, the limit shared the head's line in one block in two, and
  // otherwise sat on the line the owner writes with every message it takes.
  // The receiver's flag fills the padding.
  std::atomic<std::uintptr_t> head_{0};
  std::uint32_t limit_ = 0;
  overflow_policy policy_ = overflow_policy::drop_newest;
  // Receiver only: whether top_ has been consumed (its free is deferred), and
  // the newest node taken while it may still be the head.
  bool top_retired_ = false;
  message* top_ = nullptr;
};

}  // namespace rt::detail
