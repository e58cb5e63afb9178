// Epoch-based reclamation of process control blocks.
//
// The problem: a sender looks a pid up in the process table and pushes onto the
// process's mailbox without taking a lock or a reference count (either would put
// an extra contended atomic on every send). Meanwhile the process may exit. Its
// control block must stay readable until no such sender can still hold it.
//
// Vocabulary
//   participant  a scheduler thread, plus one slot shared (under a mutex) by all
//                threads that are not schedulers.
//   epoch        a global counter. A participant announces the epoch it has seen
//                at a quiescent point: for a scheduler, between two process
//                slices, when it holds no pointer into the table.
//   retire       an exiting process is removed from the table and put in its
//                scheduler's limbo list tagged with the current epoch.
//
// The protocol (Fraser's three-epoch scheme):
//   1. The global epoch moves from e to e+1 only when every active participant
//      has announced e (try_advance).
//   2. A block retired in epoch e is freed once the global epoch reaches e+2:
//      by then every active participant has passed a quiescent point after the
//      block left the table, so none can still hold it.
//   3. An inactive participant (a parked scheduler) holds no pointers and is
//      ignored; when it becomes active it announces the current epoch first.
// Announcements, the table's removal store and loads, and the epoch CAS are all
// seq_cst: the argument above needs one total order among them (a Dekker-style
// store-then-load on both sides). On x86 only the stores cost more.
//
// Rejected: a reference count per process (an RMW on the receiver's cache line
// for every send); hazard pointers (a store and a fence per send).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace rt::detail {

class epoch_domain {
 public:
  explicit epoch_domain(std::size_t participants)
      : slots_(std::make_unique<slot[]>(participants)), count_(participants) {}

  // Participant `i` only. Marks it active at the current epoch.
  void enter(std::size_t i) noexcept {
    std::uint64_t e = global_.load(std::memory_order_seq_cst);
    for (;;) {
      slots_[i].state.store((e << 1) | active_bit, std::memory_order_seq_cst);
      const std::uint64_t again = global_.load(std::memory_order_seq_cst);
      if (again == e) return;  // announced an epoch that is still current
      e = again;
    }
  }
  // Participant `i` only, while active, holding no table pointers.
  void quiescent(std::size_t i) noexcept {
    const std::uint64_t e = global_.load(std::memory_order_seq_cst);
    if (slots_[i].state.load(std::memory_order_relaxed) != ((e << 1) | active_bit)) enter(i);
  }
  // Participant `i` only.
  void leave(std::size_t i) noexcept { slots_[i].state.store(0, std::memory_order_seq_cst); }

  std::uint64_t current() const noexcept { return global_.load(std::memory_order_seq_cst); }

  // Any participant. Advances the epoch if every active participant has seen
  // the current one; returns the epoch in force afterwards.
  std::uint64_t try_advance() noexcept {
    std::uint64_t e = global_.load(std::memory_order_seq_cst);
    for (std::size_t i = 0; i < count_; ++i) {
      const std::uint64_t s = slots_[i].state.load(std::memory_order_seq_cst);
      if ((s & active_bit) != 0 && (s >> 1) != e) return e;
    }
    global_.compare_exchange_strong(e, e + 1, std::memory_order_seq_cst);
    return global_.load(std::memory_order_seq_cst);
  }

  // A block retired at `retired_at` may be freed.
  static bool is_safe(std::uint64_t retired_at, std::uint64_t now) noexcept { return now >= retired_at + 2; }

 private:
  static constexpr std::uint64_t active_bit = 1;
  struct slot {
    alignas(64) std::atomic<std::uint64_t> state{0};  // (epoch << 1) | active; one line each
  };
  alignas(64) std::atomic<std::uint64_t> global_{0};
  std::unique_ptr<slot[]> slots_;
  std::size_t count_;
};

}  // namespace rt::detail
