// A scheduler: one OS thread that runs processes.
//
// The loop (worker.cpp, worker::run):
//   1. find a process: the strategy's own work for this scheduler (next slot,
//      new spawns, local queue, inbound queue, global queue), else search
//      others (steal);
//   2. prepare it: take its arrivals, handle signals (which may end it), and if
//      it waits in receive, resume it only if a message now matches or its
//      timeout fired, otherwise block it again;
//   3. resume its coroutine until it suspends: yield (budget spent) puts it at
//      the back of a queue, wait blocks it on its mailbox, done ends it;
//   4. pass a quiescent point (epoch.hpp), fire due timers, go to 1.
// With nothing to do it spins for config::spin, then parks until a timer is due
// or another thread hands it work (runtime_core::notify_*).
//
// Fields are grouped by who writes them: the owner thread only, or any thread.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "rt/detail/local_queue.hpp"
#include "rt/detail/parker.hpp"
#include "rt/detail/process.hpp"
#include "rt/detail/spawn_deque.hpp"
#include "rt/detail/timer_heap.hpp"

namespace rt::detail {

class runtime_core;

// The StoreLoad barrier of the idle protocol's Dekker handshakes (see
// runtime_core.hpp): a fence, except under ThreadSanitizer, which does not
// model fences; there, an RMW on the variable the handshake pairs on, which
// orders the same way because the other side also writes it with an RMW.
template <class T>
inline void store_load_barrier(std::atomic<T>& paired) noexcept {
#if defined(__SANITIZE_THREAD__)
  paired.fetch_add(0, std::memory_order_seq_cst);
#else
  (void)paired;
  std::atomic_thread_fence(std::memory_order_seq_cst);
#endif
}

// A FIFO of process pointers under a mutex. Used where many threads push: the
// global queue and each scheduler's inbound queue. `size` is readable without
// the lock as a hint. An array (std::deque), not a list linked through the
// control blocks: moving a million spawned processes through it must not
// touch a million cold control blocks twice.
class locked_queue {
 public:
  void push(process* p) {
    std::lock_guard lock(mu_);
    items_.push_back(p);
    size_.store(static_cast<std::uint32_t>(items_.size()), std::memory_order_release);
  }
  void push_batch(process* const* ps, std::uint32_t n) {
    if (n == 0) return;
    std::lock_guard lock(mu_);
    items_.insert(items_.end(), ps, ps + n);
    size_.store(static_cast<std::uint32_t>(items_.size()), std::memory_order_release);
  }
  process* pop() {
    if (size_.load(std::memory_order_acquire) == 0) return nullptr;  // cheap empty check
    std::lock_guard lock(mu_);
    if (items_.empty()) return nullptr;
    process* p = items_.front();
    items_.pop_front();
    size_.store(static_cast<std::uint32_t>(items_.size()), std::memory_order_release);
    return p;
  }
  // Takes up to `max` processes, oldest first, under one lock.
  std::uint32_t pop_batch(process** out, std::uint32_t max) {
    if (size_.load(std::memory_order_acquire) == 0) return 0;
    std::lock_guard lock(mu_);
    const auto n = static_cast<std::uint32_t>(std::min<std::size_t>(max, items_.size()));
    std::copy_n(items_.begin(), n, out);
    items_.erase(items_.begin(), items_.begin() + n);
    size_.store(static_cast<std::uint32_t>(items_.size()), std::memory_order_release);
    return n;
  }
  std::uint32_t size() const noexcept { return size_.load(std::memory_order_acquire); }

 private:
  std::mutex mu_;
  std::deque<process*> items_;
  std::atomic<std::uint32_t> size_{0};
};

class worker {
 public:
  worker(runtime_core& rt, std::uint16_t index);
  worker(const worker&) = delete;
  worker& operator=(const worker&) = delete;

  void start();
  void join();
  std::uint16_t index() const noexcept { return index_; }
  runtime_core& rt() noexcept { return rt_; }

  // Any thread.
  void wake() { parker_.unpark(); }
  // Owner thread only. Moves what others placed in the inbound queue to the
  // back of the local queue, as far as it has room, so that next() serves both
  // in arrival order. (Taking from inbound only when the local queue is empty
  // would let a process that keeps yielding starve them.)
  void drain_inbound() noexcept {
    if (inbound.size() == 0) return;  // the common case: one load
    // size() may overstate (a thief may have taken some), so `room` is a lower bound.
    const std::uint32_t used = queue.size();
    const std::uint32_t room = used < local_queue::capacity ? local_queue::capacity - used : 0;
    process* batch[local_queue::capacity / 2];
    const std::uint32_t n = inbound.pop_batch(batch, std::min(room, local_queue::capacity / 2));
    for (std::uint32_t i = 0; i < n; ++i) {
      if (!queue.push_back(batch[i])) inbound.push(batch[i]);  // cannot happen (see room); never lose one
    }
  }
  // Owner thread only. Puts p in the next slot; returns the process it
  // displaced (to be queued), or nullptr.
  process* displace_next_slot(process* p) noexcept { return std::exchange(next_slot, p); }
  // Owner thread only.
  void parker_park() { parker_.park(); }
  bool parker_park_until(std::chrono::steady_clock::time_point t) { return parker_.park_until(t); }

  // ---- owner thread only ----
  local_queue queue;
  process* next_slot = nullptr;  // the process just woken by the running one
  std::uint32_t next_streak = 0;
  std::uint32_t spawn_streak = 0;  // spawned processes run in a row while `queue` waited
  std::uint32_t spawn_picks = 0;   // spawned processes taken from `newborn`
  std::uint32_t tick = 0;        // scheduling decisions (the strategy's)
  bool take_newborns = true;     // may search() steal spawned processes: set by each idle spin (worker.cpp)
  std::uint32_t timer_tick = 0;       // slices run with a timer pending (worker.cpp)
  std::int32_t timer_reductions = 0;  // reductions spent since the timers were last checked
  std::vector<pid> free_pids;
  std::vector<std::pair<std::uint64_t, process*>> limbo;  // (retired at epoch, block)
  std::uint64_t rng;                                      // victim selection
  std::uint64_t next_ref = 0;
  std::vector<timer_entry> due;                           // scratch for firing timers

  // ---- any thread ----
  spawn_deque newborn;               // new processes, newest first; thieves take the oldest
  locked_queue inbound;              // processes placed or woken here by others
  timer_heap timers;
  std::atomic<std::uint32_t> sleeping{0};  // 1 while parked or about to park
  std::atomic<std::uint64_t> processes_run{0};
  // Processes spawned and ended by this scheduler (owner-written); their sum
  // over schedulers is the live count, without a shared counter on spawn/exit.
  std::atomic<std::uint64_t> spawned{0};
  std::atomic<std::uint64_t> exited{0};
  std::atomic<std::uint64_t> steals{0};
  std::atomic<std::uint64_t> migrations{0};  // processes moved away by the balancing strategy
  std::atomic<std::uint64_t> parks{0};
  std::atomic<std::uint64_t> parked_ns{0};

 private:
  void run();

  runtime_core& rt_;
  std::uint16_t index_;
  parker parker_;
  std::thread thread_;
  friend class runtime_core;
};

}  // namespace rt::detail
