// The onetbb system: one task_arena and one task_group per run.
//
// The arena has `threads` slots, one of them for the thread that calls run:
// that thread joins the arena and executes tasks inside task_group::wait(),
// as oneTBB code normally waits (a thread blocked outside the arena would be a
// core wasted). A global_control raises oneTBB's process-wide worker limit
// (hardware threads - 1) for the run's lifetime, in case more threads than
// cores are asked for.
//
// Activations: an actor's task is started with task_group::run, which puts it
// at the hot end of the running thread's own deque (a message's receiver runs
// next on the sender's core, its cache warm) where idle threads steal it. An
// actor that used up its turn (defaults::messages_per_turn) is re-enqueued
// with task_arena::enqueue instead, at the back of the arena's shared FIFO
// queue, so that it does not run again before everyone else.
//
// Quiescence: every activation is a task of the one task_group, so wait()
// returns exactly when no actor runs or has messages. Then every actor has
// stopped, or the workload is stuck (counted below, reported by run).
//
// Counting actors: per-arena-slot counters, written only by the thread that
// occupies the slot, summed after wait() (which synchronises with every task).
// The arena may have more slots than `threads`: when it has enqueued tasks and
// no worker slot (threads = 1), oneTBB lends it one worker anyway ("mandatory
// concurrency"), in a slot of its own. So the counters cover the arena's
// max_concurrency plus a margin, and a thread in any other slot counts in a
// shared overflow pair.
#pragma once

#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/task_arena.h>
#include <oneapi/tbb/task_group.h>

#include <atomic>
#include <cstdint>
#include <memory>

#include "baselines/onetbb/mailbox.hpp"

namespace ab::backends::onetbb {

class system {
 public:
  explicit system(unsigned threads);
  system(const system&) = delete;
  system& operator=(const system&) = delete;

  // Runs f() inside the arena, then waits there for quiescence.
  template <class F>
  void execute_and_wait(F&& f) {
    arena_.execute([&] {
      f();
      group_.wait();
    });
  }

  // Any arena thread.
  void activate(mailbox_base* mb) {
    group_.run([mb] { mb->run(); });
  }
  void requeue(mailbox_base* mb) {
    arena_.enqueue(group_.defer([mb] { mb->run(); }));
  }
  void actor_started() noexcept { bump(&slot::started); }
  void actor_finished() noexcept { bump(&slot::finished); }

  // After execute_and_wait: actors that never stopped.
  std::int64_t live() const noexcept;

 private:
  struct alignas(64) slot {
    std::atomic<std::int64_t> started{0};
    std::atomic<std::int64_t> finished{0};
  };
  void bump(std::atomic<std::int64_t> slot::*which) noexcept {
    const int i = tbb::this_task_arena::current_thread_index();
    if (i < 0 || static_cast<unsigned>(i) >= slot_count_) {
      // Not a slot we know: count it where every thread may.
      (overflow_.*which).fetch_add(1, std::memory_order_relaxed);
      return;
    }
    auto& c = slots_[static_cast<unsigned>(i)].*which;
    // Only the thread in this arena slot writes it: no RMW needed.
    c.store(c.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  }

  unsigned threads_;
  tbb::global_control workers_;
  tbb::task_arena arena_;
  tbb::task_group group_;
  unsigned slot_count_;
  std::unique_ptr<slot[]> slots_;
  slot overflow_;
};

template <class M>
void mailbox<M>::push(M&& m) {
  if (push_node(node<M>::make(std::move(m)))) sys_.activate(this);
}

}  // namespace ab::backends::onetbb
