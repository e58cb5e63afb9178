// A scheduler's timers: receive timeouts and send_after, without a thread per
// timer.
//
// Each scheduler keeps a binary min-heap of deadlines, checked between process
// slices and used as the timeout when it parks. A receive timeout is cancelled
// when its receive ends some other way (a message matched, the process died):
// add() returns the entry's cell, and cancel() removes the entry from wherever
// it sits in the heap. The cells are an index that holds each entry's position
// in the heap; a sift updates the cells of the entries it moves. A cell is
// reused once its entry leaves, so cancel() also names the entry by its
// process and wait number, which no other entry shares (pids are never
// reused, and a process numbers its waits): a cell kept past its entry (the
// timer fired, or the cell went to another timer) cancels nothing. Cancelling
// matters at scale: a gen::call with a 5 s timeout left its entry behind until
// the deadline, so a million calls a second kept five million dead entries,
// hundreds of megabytes, and the vector's doubling stalled the scheduler that
// grew it for tens of milliseconds. (Go, whose lazily deleted timers were the
// model before, also removes deleted timers once they are a quarter of a heap.)
//
// A timer that fires anyway is still safe: a receive timeout whose receive has
// already been satisfied is recognised when it fires (its wait number no
// longer matches, see mailbox::cancel_wait) and dropped. That covers the race
// between a cancel and a firing that has already taken the entry out.
//
// The mutex is taken by the owner to add and fire, by the scheduler that runs
// a process when it cancels that process's timeout, and by other threads to
// add a timer from outside the schedulers. The canceller is the owner when
// the process was woken where it waited, and another scheduler when the
// message came from there: a reply from a server on the other scheduler
// wakes the caller into that scheduler's next slot, so a gen::call across
// schedulers takes the caller's scheduler's mutex from the server's. How much
// that contention costs has not been measured.
//
// Rejected: a timer wheel (better for millions of timers, but needs a tick
// thread or a per-scheduler tick, and coarse resolution); a global timer thread
// (a thread per runtime that every timeout crosses, one more wake-up per timeout).
#pragma once

#include <atomic>
#include <cstdint>
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
  std::uint32_t cell = 0;  // set by timer_heap::add: its cell in the heap's index
};

class timer_heap {
 public:
  static constexpr std::int64_t never = std::numeric_limits<std::int64_t>::max();
  // Names no cell: cell 0 is never handed out, so that a zeroed field means
  // "no timer armed" (receive_wait::timer_cell).
  static constexpr std::uint32_t no_cell = 0;

  timer_heap() { cells_.emplace_back(); }

  ~timer_heap() {
    for (auto& e : heap_)
      if (e.msg != nullptr) destroy(e.msg);
  }

  // Returns the entry's cell, for cancel().
  std::uint32_t add(timer_entry e) {
    std::lock_guard lock(mu_);
    const std::uint32_t c = take_cell();
    e.cell = c;
    heap_.push_back(e);
    sift_up(heap_.size() - 1);
    publish_next();
    return c;
  }

  // Removes the receive timeout of `target`'s wait `wait_seq` that add() put
  // in `cell`, if it is still pending; true if it was.
  bool cancel(std::uint32_t cell, pid target, std::uint64_t wait_seq) {
    std::lock_guard lock(mu_);
    if (cell == no_cell || cell >= cells_.size()) return false;
    const std::size_t at = cells_[cell].pos;
    if (at >= heap_.size()) return false;
    const timer_entry& e = heap_[at];
    if (e.cell != cell || e.target != target || e.wait_seq != wait_seq || e.msg != nullptr) return false;
    remove_at(at);
    publish_next();
    return true;
  }

  // Earliest deadline, or `never`. Relaxed: a hint for the owner's fast path;
  // the owner re-reads under the lock before acting.
  std::int64_t next_deadline() const noexcept { return next_.load(std::memory_order_relaxed); }

  // Moves every entry due at `now` into `out`.
  void take_due(std::int64_t now, std::vector<timer_entry>& out) {
    std::lock_guard lock(mu_);
    while (!heap_.empty() && heap_.front().deadline_ns <= now) {
      out.push_back(heap_.front());
      remove_at(0);
    }
    publish_next();
  }

  std::size_t size() const {
    std::lock_guard lock(mu_);
    return heap_.size();
  }

 private:
  struct cell {
    std::uint32_t pos = 0;        // the entry's index in heap_, while in use
    std::uint32_t next_free = 0;  // free list link, while free
  };

  static std::size_t parent(std::size_t i) noexcept { return (i - 1) / 2; }

  void place(std::size_t i, const timer_entry& e) noexcept {
    heap_[i] = e;
    cells_[e.cell].pos = static_cast<std::uint32_t>(i);
  }
  // Takes out the entry at `at` (frees its cell) and mends the heap: the last
  // entry fills the hole and moves up or down from there.
  void remove_at(std::size_t at) noexcept {
    release_cell(heap_[at].cell);
    const timer_entry last = heap_.back();
    heap_.pop_back();
    if (at == heap_.size()) return;  // it was the last entry
    place(at, last);
    if (at > 0 && heap_[parent(at)].deadline_ns > last.deadline_ns) {
      sift_up(at);
    } else {
      sift_down(at);
    }
  }
  void sift_up(std::size_t i) noexcept {
    const timer_entry e = heap_[i];
    while (i > 0 && heap_[parent(i)].deadline_ns > e.deadline_ns) {
      place(i, heap_[parent(i)]);
      i = parent(i);
    }
    place(i, e);
  }
  void sift_down(std::size_t i) noexcept {
    const timer_entry e = heap_[i];
    const std::size_t n = heap_.size();
    for (;;) {
      std::size_t child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && heap_[child + 1].deadline_ns < heap_[child].deadline_ns) ++child;
      if (heap_[child].deadline_ns >= e.deadline_ns) break;
      place(i, heap_[child]);
      i = child;
    }
    place(i, e);
  }

  std::uint32_t take_cell() {
    if (free_ != no_cell) {
      const std::uint32_t c = free_;
      free_ = cells_[c].next_free;
      return c;
    }
    cells_.emplace_back();
    return static_cast<std::uint32_t>(cells_.size() - 1);
  }
  void release_cell(std::uint32_t c) noexcept {
    cells_[c].next_free = free_;
    free_ = c;
  }
  void publish_next() noexcept {
    next_.store(heap_.empty() ? never : heap_.front().deadline_ns, std::memory_order_relaxed);
  }

  mutable std::mutex mu_;
  std::vector<timer_entry> heap_;
  std::vector<cell> cells_;       // index: where each entry sits in heap_
  std::uint32_t free_ = no_cell;  // head of the free cells
  std::atomic<std::int64_t> next_{never};
};

}  // namespace rt::detail
