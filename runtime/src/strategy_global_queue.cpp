// global_queue: one shared FIFO for every scheduler (work sharing).
//
// The simplest fair design, and the baseline the others are measured against:
// every runnable process goes to one mutex-protected queue and any idle
// scheduler takes from it. No locality (a woken process runs wherever a
// scheduler is free) and one lock on every scheduling decision.
#include "rt/detail/runtime_core.hpp"
#include "rt/detail/strategy.hpp"
#include "rt/detail/worker.hpp"

namespace rt::detail {

namespace {

class global_queue final : public strategy {
 public:
  using strategy::strategy;

  strategy_kind kind() const noexcept override { return strategy_kind::global_queue; }
  std::uint16_t place(worker*, int) noexcept override { return 0; }

  void schedule(worker*, process* p, wake_reason) noexcept override {
    rt_.global_queue().push(p);
    rt_.notify_any();
  }
  process* next(worker&) noexcept override { return rt_.global_queue().pop(); }
  process* search(worker&) noexcept override { return nullptr; }
  bool has_work(worker&) noexcept override { return rt_.global_queue().size() != 0; }
  bool has_local_work(worker&) noexcept override { return rt_.global_queue().size() != 0; }
};

}  // namespace

std::unique_ptr<strategy> make_global_queue(runtime_core& rt) { return std::make_unique<global_queue>(rt); }

}  // namespace rt::detail
