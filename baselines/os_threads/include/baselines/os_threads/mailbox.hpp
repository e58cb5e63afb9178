// An os_threads actor's mailbox: a deque under a mutex, and a condition
// variable the owning thread sleeps on.
//
// Protocol
//   push (any thread): lock; append; if the owner is waiting, notify; unlock.
//   take (owner only): lock; while empty { waiting = true; wait }; waiting =
//   false; swap the whole deque out; unlock. The owner then handles the batch
//   without the lock, so a sender contends with it once per batch, not once
//   per message, and a sleeping owner is woken once per batch.
//
// Why notify under the lock: an actor's thread frees the mailbox as soon as it
// has handled the message that stops it. A sender that notified after
// unlocking could touch the condition variable after that. Under the lock the
// owner cannot return from wait, let alone free anything, before the sender
// has unlocked, and after the unlock the sender touches nothing. It costs
// little: the woken thread takes microseconds to run, the unlock nanoseconds.
//
// Rejected: a lock-free queue with a futex. It would be faster, and it is what
// the runtime does; a thread-per-process server written the ordinary way uses a
// mutex and a condition variable, which is what this baseline measures.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <utility>

#include "workloads/backend.hpp"  // now_ns

namespace ab::backends::os_threads {

template <class M>
class mailbox {
 public:
  // Any thread.
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
      if (cv_.wait_until(lock, deadline) == std::cv_status::timeout && queue_.empty()) {
        waiting_ = false;
        return false;
      }
    }
    waiting_ = false;
    out.swap(queue_);
    return true;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<M> queue_;   // guarded by mu_
  bool waiting_ = false;  // guarded by mu_: the owner is in cv_.wait
};

}  // namespace ab::backends::os_threads
