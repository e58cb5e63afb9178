// Parking an idle scheduler thread, and waking it.
//
// A token protocol: unpark() leaves a token; park() consumes a token or sleeps
// until one arrives or the deadline passes. A token left before park() makes it
// return at once, so a wake-up that races with going to sleep is never lost.
// The mutex and condition variable are only touched when a scheduler is really
// idle; the hot paths check atomics first (see worker.hpp).
//
// Rejected: C++20 std::atomic::wait, which has no timeout and so cannot sleep
// until the next timer; a raw futex, which is Linux-only and invisible to
// ThreadSanitizer.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace rt::detail {

class parker {
 public:
  // Owner thread only. Returns when unparked (true) or at `deadline` (false).
  bool park_until(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(mu_);
    const bool unparked = cv_.wait_until(lock, deadline, [this] { return token_; });
    token_ = false;
    return unparked;
  }
  void park() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return token_; });
    token_ = false;
  }
  // Any thread.
  void unpark() {
    {
      std::lock_guard lock(mu_);
      token_ = true;
    }
    cv_.notify_one();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool token_ = false;
};

}  // namespace rt::detail
