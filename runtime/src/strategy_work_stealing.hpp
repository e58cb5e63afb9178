// work_stealing (the default): per-scheduler queues, stealing when idle.
//
// A runnable process goes to the queue of the scheduler that made it runnable:
// its cache is warm there. A process woken by the running one goes to the
// scheduler's "next" slot instead (Go's runnext, Tokio's LIFO slot), so a
// request/reply pair stays on one core; the slot is not stealable, and placing
// a process there wakes nobody, because the running process is about to block
// or yield. defaults::max_next_slot_streak bounds how long two processes can
// ping-pong ahead of the queue. A new process goes to the scheduler's spawn
// deque (spawn_deque.hpp), which runs the newest first so that a spawn tree
// unfolds depth first; defaults::max_spawn_streak and
// defaults::oldest_spawn_interval keep that from starving the FIFO queue or an
// old spawn. An idle scheduler takes half of a random victim's queue
// (local_queue.hpp), else, after defaults::newborn_steal_patience of looking,
// its oldest spawn and up to half the rest of its deque. A full local queue
// spills half to the global queue, which also takes work from threads that
// are not schedulers; every defaults::global_queue_check_interval slices a
// share of it joins the local queue (take_global).
//
// A class in a header because `balancing` (strategy_balancing.cpp) extends it.
#pragma once

#include <algorithm>
#include <array>
#include <utility>

#include "rt/detail/runtime_core.hpp"
#include "rt/detail/strategy.hpp"
#include "rt/detail/worker.hpp"

namespace rt::detail {

class work_stealing : public strategy {
 public:
  explicit work_stealing(runtime_core& rt) noexcept : strategy(rt) { next_slot_wakes_ = true; }

  strategy_kind kind() const noexcept override { return strategy_kind::work_stealing; }

  std::uint16_t place(worker* w, int hint) noexcept override {
    const auto n = static_cast<unsigned>(rt_.workers().size());
    if (hint >= 0) return static_cast<std::uint16_t>(static_cast<unsigned>(hint) % n);
    if (w != nullptr) return w->index();
    return static_cast<std::uint16_t>(next_placement_.fetch_add(1, std::memory_order_relaxed) % n);
  }

  void schedule(worker* w, process* p, wake_reason why) noexcept override {
    // A process woken by the running one takes the next slot. The runtime
    // applies this rule itself (runtime_core::wake, since next_slot_wakes_ is
    // set) and calls here only with what the slot displaced; the woken case
    // stays so that schedule() keeps the interface's meaning for any caller.
    if (why >= wake_reason::woken && w != nullptr) {  // woken or displaced (strategy.hpp)
      if (why == wake_reason::woken) p = w->displace_next_slot(p);
      if (p != nullptr) enqueue(*w, p);  // none displaced: the waker runs on, no wake-up needed
      return;
    }
    schedule_other(w, p, why);
  }

  // Small enough to inline into the scheduler loop (worker.cpp), which calls
  // it directly: the next slot is a ring's every hop and a request/reply
  // pair's every turn. The queues are next_queued().
  process* next(worker& w) noexcept override {
    if (++w.tick % defaults::global_queue_check_interval == 0) [[unlikely]] {
      if (process* p = take_global(w, /*behind_local=*/true)) return p;
    }
    w.drain_inbound();
    if (w.next_slot != nullptr) {
      // The streak bound is there so the pair cannot starve queued work; with
      // nothing queued, keep going (and keep the pair on this core).
      if (w.next_streak < defaults::max_next_slot_streak ||
          (w.queue.empty() && w.newborn.empty() && w.inbound.size() == 0)) {
        ++w.next_streak;
        return std::exchange(w.next_slot, nullptr);
      }
      push_local(w, std::exchange(w.next_slot, nullptr));
    }
    return next_queued(w);
  }

  process* search(worker& w) noexcept override {
    auto& all = rt_.workers();
    const std::size_t n = all.size();
    // xorshift64: a random first victim, so thieves do not all pick the same one.
    w.rng ^= w.rng << 13;
    w.rng ^= w.rng >> 7;
    w.rng ^= w.rng << 17;
    const std::size_t start = static_cast<std::size_t>(w.rng % n);
    for (std::size_t i = 0; i < n; ++i) {
      worker& victim = *all[(start + i) % n];
      if (&victim == &w) continue;
      // Half the FIFO queue first, then, once this scheduler has spun for
      // defaults::newborn_steal_patience, the oldest spawn (in a spawn tree
      // the biggest subtree, spawn_deque.hpp). A spawn was written by its
      // spawner a moment ago and is about to run there: taking it moves its
      // lines here, and its memory's lines back when the spawner reuses them.
      // Spawns first had spawn_storm's children, which do nothing but exit,
      // run mostly on the thief, at a third of the one-scheduler rate; the
      // queue first instead moves the spawner, which waits there between its
      // slices, and its next children start where they are written.
      process* p = w.queue.steal_into(victim.queue);
      if (p == nullptr && w.take_newborns) {
        p = victim.newborn.steal();
        if (p != nullptr) steal_more_newborns(w, victim);
      }
      if (p != nullptr) {
        w.steals.store(w.steals.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
        return p;
      }
      if (process* q = victim.inbound.pop()) return q;
    }
    return take_global(w);
  }

  bool has_local_work(worker& w) noexcept override {
    return w.next_slot != nullptr || !w.queue.empty() || !w.newborn.empty() || w.inbound.size() != 0 ||
           rt_.global_queue().size() != 0;
  }
  bool has_work(worker& w) noexcept override {
    if (has_local_work(w)) return true;
    for (auto& other : rt_.workers()) {
      if (!other->queue.empty() || !other->newborn.empty() || other->inbound.size() != 0) return true;
    }
    return false;
  }

 protected:
  // After one theft from victim's spawn deque, up to half of what is left
  // there, into w's own (where w's thieves may take them in turn). Go and
  // Tokio steal half a run queue for the same reason: a spawn burst on one
  // scheduler, taken one process per theft, costs each process a round trip
  // of the victim's cache lines and the thief a change of spinning state,
  // and the victim's pushes and the thief's steals then slow each other
  // down. One by one through steal(): a Chase-Lev deque has no safe
  // multi-entry steal, but repeated steals keep the lines on the thief's side.
  void steal_more_newborns(worker& w, worker& victim) noexcept {
    std::uint32_t n = std::min(victim.newborn.size() / 2, defaults::max_newborns_per_steal);
    for (; n > 0; --n) {
      process* q = victim.newborn.steal();
      if (q == nullptr) return;
      if (!w.newborn.push(q)) enqueue(w, q);  // not while w searches (its deque is empty), but safe
    }
  }

  // schedule() for every other case: spawns, yields, wake-ups from outside.
  [[gnu::noinline]] void schedule_other(worker* w, process* p, wake_reason why) noexcept {
    if (why == wake_reason::spawned && (w == nullptr || p->home != w->index())) {
      // Placed elsewhere (a spawn hint, or a spawn from outside).
      worker& home = *rt_.workers()[p->home];
      home.inbound.push(p);
      rt_.notify(home);
      rt_.notify_any();
      return;
    }
    if (w == nullptr) {
      rt_.global_queue().push(p);
      rt_.notify_any();
      return;
    }
    if (why == wake_reason::spawned) {
      // Newest first (spawn_deque.hpp). A full deque: the FIFO queue below.
      const bool was_empty = w->newborn.empty();
      if (w->newborn.push(p)) {
        if (was_empty) rt_.notify_any();  // as for the queue below: a thief may take it
        return;
      }
    }
    // A process that yields goes behind everything already runnable here,
    // including what others placed in the inbound queue.
    if (why == wake_reason::yielded) w->drain_inbound();
    enqueue(*w, p);
  }

  // At the back of w's queue.
  [[gnu::noinline]] void enqueue(worker& w, process* p) noexcept {
    // Wake an idle scheduler only when the queue turns non-empty: whoever was
    // woken then is still looking, and a scheduler that parks after that
    // sees the queue non-empty when it looks once more (runtime_core.hpp).
    const bool was_empty = w.queue.empty();
    if (push_local(w, p) || was_empty) rt_.notify_any();
  }

  // next() after the next slot. Kept out of line: the loop inlines next(),
  // and this part would only bloat it.
  [[gnu::noinline]] process* next_queued(worker& w) noexcept {
    w.next_streak = 0;
    // New processes newest first (spawn_deque.hpp), within two bounds: the
    // FIFO queue gets its turn after max_spawn_streak of them in a row, and
    // every oldest_spawn_interval-th is the oldest instead, so that a spawn
    // buried under an endless chain of newer ones still runs.
    if (!w.newborn.empty() && (w.spawn_streak < defaults::max_spawn_streak || w.queue.empty())) {
      process* p = ++w.spawn_picks % defaults::oldest_spawn_interval == 0 ? w.newborn.steal() : nullptr;
      if (p == nullptr) p = w.newborn.take();  // (a steal also fails when a thief won the race)
      if (p != nullptr) {
        ++w.spawn_streak;
        return p;
      }
    }
    w.spawn_streak = 0;
    if (process* p = w.queue.pop_front()) return p;
    if (process* p = w.newborn.take()) return p;
    return take_global(w);
  }

  // Takes a fair share of the global queue into w's local queue under one
  // lock (Go's globrunqget): one process to run now, the rest queued.
  // behind_local, for the periodic look that keeps local work from starving
  // the global queue: the whole share goes behind what w has queued, and w's
  // oldest runs. Processes that reach w through the global queue (wake-ups
  // from outside, a spilled queue) so keep their order; running the share's
  // first at once put it ahead of older ones, and in a ring that a thread
  // outside stops, one exit in 61 came out of order, which over generations
  // of spawns scattered the blocks that the next ring was allocated from.
  // The price: the share waits behind up to a full local queue (bounded: the
  // queue is FIFO, and the next slot's and the spawn deque's streaks are
  // capped). With the local queue full there is no room behind it, so one
  // process from the global queue runs at once, or a queue that yielding
  // processes keep full would starve the global one for good.
  process* take_global(worker& w, bool behind_local = false) noexcept {
    locked_queue& g = rt_.global_queue();
    const std::uint32_t waiting = g.size();
    if (waiting == 0) return nullptr;
    const std::uint32_t share = waiting / static_cast<std::uint32_t>(rt_.workers().size()) + 1;
    const std::uint32_t room = local_queue::capacity - w.queue.size();
    std::array<process*, local_queue::capacity / 2> batch;
    const std::uint32_t n =
        g.pop_batch(batch.data(), std::max(1u, std::min({share, room, local_queue::capacity / 2})));
    if (n == 0) return nullptr;
    const bool run_first = !behind_local || w.queue.empty() || n > room;
    for (std::uint32_t i = run_first ? 1 : 0; i < n; ++i) w.queue.push_back(batch[i]);  // fits: n <= room, or n == 1 and none is pushed
    return run_first ? batch[0] : w.queue.pop_front();
  }

  // Returns true if it spilled to the global queue (which then needs a wake-up).
  bool push_local(worker& w, process* p) noexcept {
    if (w.queue.push_back(p)) return false;
    // Full: move the older half and p to the global queue (Go's runqputslow).
    std::array<process*, local_queue::capacity / 2 + 1> batch;
    const std::uint32_t n = w.queue.take_half(batch.data());
    batch[n] = p;
    rt_.global_queue().push_batch(batch.data(), n + 1);
    return true;
  }

  std::atomic<std::uint32_t> next_placement_{0};
};

// The work_stealing that make_strategy builds. Final, so that the scheduler
// loop, which knows it by this type (worker.cpp), calls its hooks directly
// and inlines them; `balancing` derives from work_stealing instead.
class default_work_stealing final : public work_stealing {
 public:
  using work_stealing::work_stealing;
};

}  // namespace rt::detail
