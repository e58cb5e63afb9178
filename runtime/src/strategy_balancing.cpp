// balancing: the BEAM's approach, on top of work stealing.
//
// Every defaults::balance_interval slices a scheduler compares the length of
// its run queue with the others'. If it is longer than the shortest by more
// than defaults::balance_threshold, it migrates half the difference to that
// scheduler's inbound queue and wakes it. (The BEAM's check_balance samples
// run-queue lengths over a period, computes migration paths, and schedulers
// then emigrate processes along them; this is the same idea with one sample.)
// An idle scheduler still steals, as in work_stealing.
//
// Compared with work_stealing alone: work spreads before a scheduler runs
// dry, so a scheduler holding a long queue of short processes shares it
// early; the cost is a periodic scan of every queue length and moving
// processes away from warm caches.
#include <algorithm>
#include <array>

#include "strategy_work_stealing.hpp"

namespace rt::detail {

namespace {

class balancing final : public work_stealing {
 public:
  using work_stealing::work_stealing;

  strategy_kind kind() const noexcept override { return strategy_kind::balancing; }

  process* next(worker& w) noexcept override {
    if ((w.tick + 1) % defaults::balance_interval == 0) balance(w);
    return work_stealing::next(w);
  }

 private:
  void balance(worker& w) noexcept {
    const std::uint32_t mine = w.queue.size();
    if (mine <= defaults::balance_threshold) return;
    worker* target = nullptr;
    std::uint32_t least = mine;
    for (auto& other : rt_.workers()) {
      if (other.get() == &w) continue;
      const std::uint32_t load = other->queue.size() + other->inbound.size();
      if (load < least) {
        least = load;
        target = other.get();
      }
    }
    if (target == nullptr || mine <= least + defaults::balance_threshold) return;
    std::array<process*, local_queue::capacity / 2> batch;
    const std::uint32_t k = std::min<std::uint32_t>((mine - least) / 2, batch.size());
    std::uint32_t n = 0;
    while (n < k) {
      process* p = w.queue.pop_front();
      if (p == nullptr) break;
      batch[n++] = p;
    }
    if (n == 0) return;
    target->inbound.push_batch(batch.data(), n);
    w.migrations.store(w.migrations.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
    rt_.notify(*target);
  }
};

}  // namespace

std::unique_ptr<strategy> make_balancing(runtime_core& rt) { return std::make_unique<balancing>(rt); }

}  // namespace rt::detail
