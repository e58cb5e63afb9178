// A boost_fiber actor's mailbox: a deque under a fiber mutex, and a fiber
// condition variable the owning fiber waits on.
//
// Boost.Fiber's mutex and condition_variable suspend the fiber, not the
// thread, and work across threads: a notify from a fiber on another thread
// puts the waiter on its own scheduler's remote-ready queue. The protocol is
// os_threads/mailbox.hpp's, for the same reasons: the owner swaps the whole
// deque out per wake-up; the sender notifies under the lock, because the owner
// frees the mailbox as soon as it has handled the message that stops it.
//
// Rejected: boost::fibers::buffered_channel. It is bounded (a full channel
// blocks the sender, which can deadlock two actors that send to each other
// and is not actor semantics) and a flooded mailbox is what mailbox_flood
// measures. unbounded_channel no longer exists.
#pragma once

#include <boost/fiber/condition_variable.hpp>
#include <boost/fiber/mutex.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <utility>

#include "workloads/backend.hpp"  // now_ns

namespace ab::backends::boost_fiber {

template <class M>
class mailbox {
 public:
  // Any fiber, any thread.
  void push(M&& m) {
    std::lock_guard lock(mu_);
    queue_.push_back(std::move(m));
    if (waiting_) cv_.notify_one();
  }

  // Owner only. Waits for at least one message and moves them all into `out`
  // (which must be empty), oldest first.
  void take_all(std::deque<M>& out) {
    std::unique_lock lock(mu_);
    while (queue_.empty()) {
      waiting_ = true;
      cv_.wait(lock);
    }
    waiting_ = false;
    out.swap(queue_);
  }

  // Owner only. As take_all, but gives up at `deadline` (now_ns() time);
  // false if nothing arrived by then. now_ns() may read the TSC rather than
  // steady_clock (harness/clock.hpp), so the deadline becomes a steady_clock
  // time point as a delay from now, not as an absolute value.
  bool take_all_until(std::deque<M>& out, std::int64_t deadline_ns) {
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::nanoseconds(deadline_ns - now_ns());
    std::unique_lock lock(mu_);
    while (queue_.empty()) {
      waiting_ = true;
      if (cv_.wait_until(lock, deadline) == boost::fibers::cv_status::timeout && queue_.empty()) {
        waiting_ = false;
        return false;
      }
    }
    waiting_ = false;
    out.swap(queue_);
    return true;
  }

  // Owner only: whether anything is queued (a hint, taken under the lock).
  bool empty() {
    std::lock_guard lock(mu_);
    return queue_.empty();
  }

 private:
  boost::fibers::mutex mu_;
  boost::fibers::condition_variable cv_;
  std::deque<M> queue_;   // guarded by mu_
  bool waiting_ = false;  // guarded by mu_: the owner is in cv_.wait
};

}  // namespace ab::backends::boost_fiber
