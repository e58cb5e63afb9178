#include "rt/detail/strategy.hpp"

#include "rt/detail/worker.hpp"

namespace rt::detail {

void strategy::take_inbound(worker& w) noexcept {
  if (w.inbound.size() == 0) return;  // the common case: one load
  // size() may overstate (a thief may have taken some), so `room` is a lower
  // bound on the free slots.
  const std::uint32_t used = w.queue.size();
  std::uint32_t room = used < local_queue::capacity ? local_queue::capacity - used : 0;
  while (room-- > 0) {
    process* p = w.inbound.pop();
    if (p == nullptr) break;
    if (!w.queue.push_back(p)) {  // cannot happen (see room); never lose a process
      w.inbound.push(p);
      break;
    }
  }
}

std::unique_ptr<strategy> make_work_stealing(runtime_core& rt);
std::unique_ptr<strategy> make_global_queue(runtime_core& rt);
std::unique_ptr<strategy> make_static_placement(runtime_core& rt);
std::unique_ptr<strategy> make_balancing(runtime_core& rt);

std::unique_ptr<strategy> make_strategy(strategy_kind k, runtime_core& rt) {
  switch (k) {
    case strategy_kind::work_stealing: return make_work_stealing(rt);
    case strategy_kind::global_queue: return make_global_queue(rt);
    case strategy_kind::static_placement: return make_static_placement(rt);
    case strategy_kind::balancing: return make_balancing(rt);
  }
  return make_work_stealing(rt);
}

}  // namespace rt::detail
