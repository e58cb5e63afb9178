// A test aid for the CI regression gate (ci/README.md), compiled out unless
// the build sets it: with CMake's -DACTORBENCH_INJECT_SEND_COST=N (N > 0),
// every rt::send first spins N steps of a loop, a fixed cost per message
// that makes message-bound workloads measurably slower, so that the gate can
// be shown to catch a known regression. The default, 0, defines nothing and
// this function is empty. Never set it in a build whose figures you keep.
#pragma once

namespace rt::detail {

inline void injected_send_cost() noexcept {
#if defined(RT_INJECT_SEND_COST) && RT_INJECT_SEND_COST > 0
  // A volatile counter: each step is a load and a store the compiler must
  // keep, a few cycles that do not depend on the machine's load.
  volatile unsigned steps = 0;
  while (steps < RT_INJECT_SEND_COST) steps = steps + 1;
#endif
}

}  // namespace rt::detail
