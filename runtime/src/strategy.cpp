#include "rt/detail/strategy.hpp"

namespace rt::detail {

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
