// A scheduler's timers: receive timeouts and send_after, without a thread per
// timer.
//
// Each scheduler keeps a binary min-heap of deadlines, checked between process
// slices and used as the timeout when it parks. Entries are never cancelled:
// a receive timeout whose receive has already been satisfied is recognised when
// it fires (its wait number no longer matches, see mailbox::cancel_wait) and
// dropped, as Go did with its lazily deleted timers. The mutex is taken by the
// owner to add and fire, and by other threads only to add a timer from outside
// the schedulers, so it is uncontended in practice.
//
// Rejected: a timer wheel (better for millions of timers, but needs a tick
// thread or a per-scheduler tick, and coarse resolution); a global timer thread
// (a thread per runtime that every timeout crosses, one more wake-up per timeout).
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <limits>
#include <mutex>
#include <vector>

#include "rt/message.hpp"
#include "rt/pid.hpp"

namespace rt::detail {

// steady_clock now, in nanoseconds.
std::int64_t now_ns() noexcept;

struct timer_entry {
  std::int64_t deadline_ns;  // steady_clock
  pid target;
  std::uint64_t wait_seq;  // receive timeout: the wait it ends
  message* msg;            // send_after: the message to deliver; nullptr for a receive timeout

  friend bool operator>(const timer_entry& a, const timer_entry& b) noexcept {
    return a.deadline_ns > b.deadline_ns;
  }
};

class timer_heap {
 public:
  static constexpr std::int64_t never = std::numeric_limits<std::int64_t>::max();

  ~timer_heap() {
    for (auto& e : heap_)
      if (e.msg != nullptr) destroy(e.msg);
  }

  void add(const timer_entry& e) {
    std::lock_guard lock(mu_);
    heap_.push_back(e);
    std::push_heap(heap_.begin(), heap_.end(), std::greater<>{});
    next_.store(heap_.front().deadline_ns, std::memory_order_relaxed);
  }

  // Earliest deadline, or `never`. Relaxed: a hint for the owner's fast path;
  // the owner re-reads under the lock before acting.
  std::int64_t next_deadline() const noexcept { return next_.load(std::memory_order_relaxed); }

  // Moves every entry due at `now` into `out`.
  void take_due(std::int64_t now, std::vector<timer_entry>& out) {
    std::lock_guard lock(mu_);
    while (!heap_.empty() && heap_.front().deadline_ns <= now) {
      std::pop_heap(heap_.begin(), heap_.end(), std::greater<>{});
      out.push_back(heap_.back());
      heap_.pop_back();
    }
    next_.store(heap_.empty() ? never : heap_.front().deadline_ns, std::memory_order_relaxed);
  }

  std::size_t size() const {
    std::lock_guard lock(mu_);
    return heap_.size();
  }

 private:
  mutable std::mutex mu_;
  std::vector<timer_entry> heap_;
  std::atomic<std::int64_t> next_{never};
};

}  // namespace rt::detail
