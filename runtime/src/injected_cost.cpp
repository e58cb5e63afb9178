// The injected send cost (rt/detail/injected_cost.hpp); built only when
// ACTORBENCH_INJECT_SEND_COST > 0.
#include "rt/detail/injected_cost.hpp"

namespace rt::detail {

void injected_send_cost() noexcept {
  // A volatile counter: each step is a load and a store the compiler must
  // keep, a few cycles that depend on the core's speed, not on the machine's load.
  volatile unsigned steps = 0;
  while (steps < RT_INJECT_SEND_COST_STEPS) steps = steps + 1;
}

}  // namespace rt::detail
