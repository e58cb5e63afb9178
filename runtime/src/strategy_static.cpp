// static_placement: a process stays on the scheduler it was placed on at spawn.
//
// New processes are spread round-robin (or placed by spawn_options::scheduler).
// A process made runnable by its own scheduler goes to that scheduler's next
// slot or queue; one made runnable by anyone else goes to its home scheduler's
// inbound queue, and that scheduler alone is woken. No stealing: an idle
// scheduler sleeps even when another has a backlog. This is the model of
// thread-per-core runtimes (Seastar) and the control for measuring what
// stealing buys.
#include <algorithm>
#include <array>

#include "rt/detail/runtime_core.hpp"
#include "rt/detail/strategy.hpp"
#include "rt/detail/worker.hpp"

namespace rt::detail {

namespace {

class static_placement final : public strategy {
 public:
  using strategy::strategy;

  strategy_kind kind() const noexcept override { return strategy_kind::static_placement; }

  std::uint16_t place(worker*, int hint) noexcept override {
    const auto n = static_cast<unsigned>(rt_.workers().size());
    if (hint >= 0) return static_cast<std::uint16_t>(static_cast<unsigned>(hint) % n);
    return static_cast<std::uint16_t>(next_placement_.fetch_add(1, std::memory_order_relaxed) % n);
  }

  void schedule(worker* w, process* p, wake_reason why) noexcept override {
    worker& home = *rt_.workers()[p->home];
    if (w != &home) {
      home.inbound.push(p);
      rt_.notify(home);
      return;
    }
    if (why == wake_reason::woken) {
      p = w->displace_next_slot(p);
      if (p == nullptr) return;  // nothing displaced: the waker runs on, no wake-up needed
    }
    // A process that yields goes behind everything already runnable here,
    // including what others placed in the inbound queue.
    if (why == wake_reason::yielded) w->drain_inbound();
    if (!w->queue.push_back(p)) w->inbound.push(p);  // full: the inbound queue is unbounded
  }

  process* next(worker& w) noexcept override {
    w.drain_inbound();
    if (w.next_slot != nullptr) {
      if (w.next_streak < defaults::max_next_slot_streak || w.queue.empty()) {
        ++w.next_streak;
        return std::exchange(w.next_slot, nullptr);
      }
      process* p = std::exchange(w.next_slot, nullptr);
      if (!w.queue.push_back(p)) w.inbound.push(p);
    }
    w.next_streak = 0;
    if (process* p = w.queue.pop_front()) return p;
    return w.inbound.pop();
  }

  process* search(worker&) noexcept override { return nullptr; }


  bool has_work(worker& w) noexcept override { return has_local_work(w); }
  bool has_local_work(worker& w) noexcept override {
    return w.next_slot != nullptr || !w.queue.empty() || w.inbound.size() != 0;
  }

 private:
  std::atomic<std::uint32_t> next_placement_{0};
};

}  // namespace

std::unique_ptr<strategy> make_static_placement(runtime_core& rt) {
  return std::make_unique<static_placement>(rt);
}

}  // namespace rt::detail
