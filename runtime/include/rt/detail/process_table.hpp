// The process table: pid -> control block, without locks on lookup.
//
// Slots live in segments of defaults::process_table_segment entries, allocated
// on first use and never moved, so a lookup is two loads. A slot is reused with
// its serial incremented, so a stale pid finds either nothing or a process with
// another serial, and is treated as dead. Control blocks themselves are kept
// alive for stale readers by epoch reclamation (epoch.hpp); that is why the
// removal store and lookups are seq_cst.
//
// Free pids are cached per scheduler (worker.hpp) and balanced through the
// table's mutex-protected depot; fresh slots come from an atomic counter.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "rt/defaults.hpp"
#include "rt/detail/process.hpp"
#include "rt/pid.hpp"

namespace rt::detail {

class process_table {
 public:
  static constexpr std::size_t segment_size = defaults::process_table_segment;

  explicit process_table(std::size_t max_processes)
      : max_segments_((max_processes + segment_size - 1) / segment_size),
        segments_(std::make_unique<std::atomic<segment*>[]>(max_segments_)) {}

  ~process_table() {
    for (std::size_t i = 0; i < max_segments_; ++i) delete segments_[i].load(std::memory_order_relaxed);
  }
  process_table(const process_table&) = delete;
  process_table& operator=(const process_table&) = delete;

  // Any thread inside an epoch-protected section.
  process* lookup(pid p) const noexcept {
    if (p.is_null()) return nullptr;
    const std::size_t seg = p.slot() / segment_size;
    if (seg >= max_segments_) return nullptr;
    segment* s = segments_[seg].load(std::memory_order_acquire);
    if (s == nullptr) return nullptr;
    process* proc = s->slots[p.slot() % segment_size].load(std::memory_order_seq_cst);
    return (proc != nullptr && proc->self == p) ? proc : nullptr;
  }

  // A never-used slot, serial 1. Throws std::length_error when the table is full.
  pid fresh_pid() {
    const std::uint32_t slot = next_fresh_.fetch_add(1, std::memory_order_relaxed);
    if (slot / segment_size >= max_segments_) {
      next_fresh_.fetch_sub(1, std::memory_order_relaxed);
      throw std::length_error("rt: process table full (config::max_processes)");
    }
    ensure_segment(slot / segment_size);
    return pid{slot, 1};
  }

  void publish(pid p, process* proc) noexcept {
    slot_ref(p).store(proc, std::memory_order_release);  // pairs with acquire/seq_cst in lookup
  }
  void remove(pid p) noexcept { slot_ref(p).store(nullptr, std::memory_order_seq_cst); }

  // The pid a slot gets when it is reused.
  static pid successor(pid p) noexcept {
    std::uint32_t serial = p.serial() + 1;
    if (serial == 0) serial = 1;  // 0 is reserved for the null pid
    return pid{p.slot(), serial};
  }

  // The depot of reusable pids, shared by schedulers.
  void give_back(const pid* ps, std::size_t n) {
    std::lock_guard lock(depot_mu_);
    depot_.insert(depot_.end(), ps, ps + n);
  }
  std::size_t take(std::vector<pid>& out, std::size_t n) {
    std::lock_guard lock(depot_mu_);
    n = std::min(n, depot_.size());
    out.insert(out.end(), depot_.end() - static_cast<std::ptrdiff_t>(n), depot_.end());
    depot_.resize(depot_.size() - n);
    return n;
  }

  // Slots ever handed out; every live pid's slot is below this.
  std::uint32_t high_water() const noexcept { return next_fresh_.load(std::memory_order_acquire); }
  // Any thread inside an epoch-protected section; nullptr for an empty slot.
  process* at_slot(std::uint32_t slot) const noexcept {
    segment* s = segments_[slot / segment_size].load(std::memory_order_acquire);
    return s == nullptr ? nullptr : s->slots[slot % segment_size].load(std::memory_order_seq_cst);
  }

 private:
  struct segment {
    std::atomic<process*> slots[segment_size] = {};
  };

  std::atomic<process*>& slot_ref(pid p) noexcept {
    return segments_[p.slot() / segment_size].load(std::memory_order_acquire)->slots[p.slot() % segment_size];
  }
  void ensure_segment(std::size_t seg) {
    if (segments_[seg].load(std::memory_order_acquire) != nullptr) return;
    auto fresh = std::make_unique<segment>();
    segment* expected = nullptr;
    // Release publishes the zeroed slots; a loser frees its copy.
    if (segments_[seg].compare_exchange_strong(expected, fresh.get(), std::memory_order_acq_rel)) fresh.release();
  }

  std::size_t max_segments_;
  std::unique_ptr<std::atomic<segment*>[]> segments_;
  alignas(64) std::atomic<std::uint32_t> next_fresh_{0};
  alignas(64) std::mutex depot_mu_;
  std::vector<pid> depot_;
};

}  // namespace rt::detail
