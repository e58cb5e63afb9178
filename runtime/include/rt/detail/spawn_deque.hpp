// A scheduler's deque of newly spawned processes: the owner works LIFO at the
// bottom, thieves take the oldest at the top.
//
// Why a second queue. The run queue (local_queue.hpp) is FIFO, which is what
// fairness wants for processes that yield or are woken. For processes that
// have just been spawned FIFO is the worst order: a spawn tree (skynet: every
// node spawns ten children, then waits for them) unfolds breadth first, so
// nearly every process of the tree is alive, and cold in memory, at once.
// Running the newest spawn first unfolds it depth first, as Cilk and oneTBB
// run tasks: only the current path and its siblings are alive, and a child
// runs while its freshly written frame is still in cache. Thieves take from
// the other end, where the oldest spawns are: in a tree, the biggest
// subtrees, so a steal moves a large piece of work and happens rarely.
// Fairness is the caller's: the work_stealing strategy takes from its FIFO
// queue at least every defaults::max_spawn_streak slices while it has
// something there (strategy_work_stealing.hpp).
//
// The algorithm is the Chase-Lev deque ("Dynamic Circular Work-Stealing
// Deque", SPAA 2005) with a fixed-size ring, in the C11 formulation of Lê,
// Pop, Cohen and Zappa Nardelli ("Correct and Efficient Work-Stealing for
// Weak Memory Models", PPoPP 2013). A full deque refuses the push and the
// caller queues the process elsewhere; the ring never grows, so no buffer is
// ever freed under a thief.
//
// Memory ordering. The paper's two seq_cst fences (in take, between the store
// of bottom and the load of top; in steal, between the loads of top and
// bottom) are written here as seq_cst operations on bottom and top instead:
// the single total order of seq_cst operations gives the same store-load
// ordering, it costs the same on x86 (the seq_cst store is an xchg, like the
// fence's mfence; the loads are plain moves), and ThreadSanitizer, which does
// not model fences, understands it.
//   push   top load (acquire, only when the last value read says full), slot
//          store (relaxed), then bottom store (release): a thief whose
//          load of bottom (seq_cst, so acquire) sees the new bottom sees the
//          slot and everything the owner wrote to the process before pushing.
//   take   bottom store (seq_cst), then top load (seq_cst): either the thief
//          sees the lowered bottom, or we see its raised top. The last element
//          is raced for with a CAS on top, as thieves do.
//   steal  top load (seq_cst), bottom load (seq_cst), slot load, CAS on top
//          (seq_cst): the CAS claims the slot; a failed CAS discards the read.
// Slots are atomics (relaxed): a thief may read a slot that the owner is
// about to reuse; the failed CAS discards that read, and a relaxed atomic
// makes it race-free rather than undefined.
//
// Who may call what: push and take only by the owning scheduler; steal and
// size by any thread.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>

#include "rt/defaults.hpp"

namespace rt::detail {

struct process;

class spawn_deque {
 public:
  static constexpr std::int64_t capacity = defaults::spawn_deque_capacity;
  static_assert((capacity & (capacity - 1)) == 0, "capacity must be a power of two");

  // Owner only. False when full.
  bool push(process* p) noexcept {
    const std::int64_t b = bottom_.load(std::memory_order_relaxed);  // only we write it
    // top only grows, so the value last read bounds it from below: while that
    // leaves room, the slot is free and top_, which thieves keep writing, is
    // not read at all (a cache-line round trip per spawn in a spawn burst that
    // a thief is working through). Acquire pairs with the thieves' CAS on top:
    // the slots they took are free.
    if (b - top_seen_ >= capacity) {
      top_seen_ = top_.load(std::memory_order_acquire);
      if (b - top_seen_ >= capacity) return false;
    }
    slots_[static_cast<std::size_t>(b & mask)].store(p, std::memory_order_relaxed);
    bottom_.store(b + 1, std::memory_order_release);  // publishes the slot (see above)
    return true;
  }

  // Owner only. The newest process, or nullptr.
  process* take() noexcept {
    const std::int64_t b = bottom_.load(std::memory_order_relaxed) - 1;
    // A cheap look first: an empty deque (the common case outside spawn
    // bursts) costs no seq_cst store. A stale top can only overstate what is
    // left, never hide an entry from the owner.
    if (top_.load(std::memory_order_relaxed) > b) return nullptr;
    bottom_.store(b, std::memory_order_seq_cst);  // the paper's fence: see the header
    std::int64_t t = top_.load(std::memory_order_seq_cst);
    if (t > b) {  // a thief took the last one meanwhile
      bottom_.store(b + 1, std::memory_order_relaxed);
      return nullptr;
    }
    process* p = slots_[static_cast<std::size_t>(b & mask)].load(std::memory_order_relaxed);
    if (t == b) {
      // The last entry: race the thieves for it.
      if (!top_.compare_exchange_strong(t, t + 1, std::memory_order_seq_cst, std::memory_order_relaxed)) p = nullptr;
      bottom_.store(b + 1, std::memory_order_relaxed);
    }
    return p;
  }

  // Any thread. The oldest process, or nullptr when empty or when the entry
  // was taken by someone else meanwhile (the caller looks elsewhere).
  process* steal() noexcept {
    std::int64_t t = top_.load(std::memory_order_seq_cst);
    const std::int64_t b = bottom_.load(std::memory_order_seq_cst);
    if (t >= b) return nullptr;
    process* p = slots_[static_cast<std::size_t>(t & mask)].load(std::memory_order_relaxed);
    if (!top_.compare_exchange_strong(t, t + 1, std::memory_order_seq_cst, std::memory_order_relaxed)) return nullptr;
    return p;
  }

  // Any thread; approximate (may be stale, never used for correctness).
  std::uint32_t size() const noexcept {
    const std::int64_t n = bottom_.load(std::memory_order_relaxed) - top_.load(std::memory_order_relaxed);
    return n > 0 ? static_cast<std::uint32_t>(n) : 0;
  }
  bool empty() const noexcept { return size() == 0; }

 private:
  static constexpr std::int64_t mask = capacity - 1;
  // top_ is written by thieves (and by the owner for the last entry), bottom_
  // by the owner only: separate cache lines, so steals do not slow pushes.
  alignas(64) std::atomic<std::int64_t> top_{0};
  alignas(64) std::atomic<std::int64_t> bottom_{0};
  std::int64_t top_seen_ = 0;  // owner only: top_ as last read by push
  alignas(64) std::array<std::atomic<process*>, static_cast<std::size_t>(capacity)> slots_{};
};

}  // namespace rt::detail
