// A scheduler's local run queue: one owner, many thieves.
//
// A bounded ring of process pointers, after Go's runq (runtime/proc.go): the
// owner pushes at the tail and pops at the head; a thief copies up to half of
// the entries between head and tail and claims them with one CAS on head. If the
// CAS fails (the owner or another thief moved head) the copy is discarded and
// the thief tries again. The owner never overwrites a slot that a thief may be
// copying, because it only writes slots at or past tail, and tail - head stays
// below the capacity.
//
// Who may call what: push_back, pop_front and steal_into (as the destination)
// only by the owning scheduler; steal_into reads the victim from any thread.
//
// Slots are atomics (relaxed) because a thief may read a slot the owner is
// about to reuse; such a read is discarded by the failed CAS, and relaxed
// atomics make it race-free rather than undefined.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>

#include "rt/defaults.hpp"

namespace rt::detail {

struct process;

class local_queue {
 public:
  static constexpr std::uint32_t capacity = defaults::local_queue_capacity;
  static_assert((capacity & (capacity - 1)) == 0, "capacity must be a power of two");

  // Owner only. False when full: the caller moves work to the global queue.
  bool push_back(process* p) noexcept {
    const std::uint32_t t = tail_.load(std::memory_order_relaxed);
    // Acquire pairs with the release CAS of thieves: slots they took are free.
    const std::uint32_t h = head_.load(std::memory_order_acquire);
    if (t - h >= capacity) return false;
    slots_[t & mask].store(p, std::memory_order_relaxed);
    // Release publishes the slot to pop_front/steal_into (their acquire of tail).
    tail_.store(t + 1, std::memory_order_release);
    return true;
  }

  // Owner only. Moves the older half of a full queue into `out` (for the
  // global queue); returns how many, 0 if a thief emptied it meanwhile.
  std::uint32_t take_half(process** out) noexcept {
    for (;;) {
      std::uint32_t h = head_.load(std::memory_order_acquire);
      const std::uint32_t t = tail_.load(std::memory_order_relaxed);
      const std::uint32_t n = (t - h) / 2;
      if (n == 0) return 0;
      for (std::uint32_t i = 0; i < n; ++i) out[i] = slots_[(h + i) & mask].load(std::memory_order_relaxed);
      if (head_.compare_exchange_strong(h, h + n, std::memory_order_acq_rel, std::memory_order_relaxed)) return n;
    }
  }

  // Owner only.
  process* pop_front() noexcept {
    std::uint32_t h = head_.load(std::memory_order_acquire);
    for (;;) {
      const std::uint32_t t = tail_.load(std::memory_order_relaxed);  // only we write it
      if (h == t) return nullptr;
      process* p = slots_[h & mask].load(std::memory_order_relaxed);
      // Release: a thief that later reads head sees our claim; on failure h is
      // reloaded (acquire) and we try the next one.
      if (head_.compare_exchange_weak(h, h + 1, std::memory_order_acq_rel, std::memory_order_acquire)) return p;
    }
  }

  // Called by the owner of *this (which must be empty) to steal about half of
  // `victim`'s entries. Returns one stolen process to run now (the rest are in
  // this queue), or nullptr if there was nothing to take.
  process* steal_into(local_queue& victim) noexcept {
    const std::uint32_t my_tail = tail_.load(std::memory_order_relaxed);
    for (;;) {
      std::uint32_t h = victim.head_.load(std::memory_order_acquire);
      // Acquire pairs with the owner's release of tail: the slots are written.
      const std::uint32_t t = victim.tail_.load(std::memory_order_acquire);
      std::uint32_t n = t - h;
      n -= n / 2;
      if (n == 0) return nullptr;
      if (n > capacity / 2) continue;  // h and t read inconsistently; retry (as Go does)
      for (std::uint32_t i = 0; i < n; ++i) {
        slots_[(my_tail + i) & mask].store(victim.slots_[(h + i) & mask].load(std::memory_order_relaxed),
                                           std::memory_order_relaxed);
      }
      // acq_rel: claims the entries (pairs with the owner's acquire of head).
      if (victim.head_.compare_exchange_strong(h, h + n, std::memory_order_acq_rel,
                                               std::memory_order_relaxed)) {
        const std::uint32_t last = my_tail + n - 1;
        process* run_now = slots_[last & mask].load(std::memory_order_relaxed);
        if (n > 1) tail_.store(last, std::memory_order_release);
        return run_now;
      }
    }
  }

  // Any thread; approximate.
  std::uint32_t size() const noexcept {
    const std::uint32_t h = head_.load(std::memory_order_relaxed);
    const std::uint32_t t = tail_.load(std::memory_order_relaxed);
    return t - h;  // may be stale; never used for correctness
  }
  bool empty() const noexcept { return size() == 0; }

 private:
  static constexpr std::uint32_t mask = capacity - 1;
  // head_ is written by the owner and thieves, tail_ only by the owner: keep
  // them on separate cache lines so thieves' CASes do not slow the owner's pushes.
  alignas(64) std::atomic<std::uint32_t> head_{0};
  alignas(64) std::atomic<std::uint32_t> tail_{0};
  alignas(64) std::array<std::atomic<process*>, capacity> slots_{};
};

}  // namespace rt::detail
