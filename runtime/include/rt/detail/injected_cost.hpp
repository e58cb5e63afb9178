// A test aid for the CI regression gate (ci/README.md), compiled out unless
// the build sets it: with CMake's -DACTORBENCH_INJECT_SEND_COST=N (N > 0),
// every rt::send first spins N steps of a loop (src/injected_cost.cpp), a
// fixed cost per message that makes message-bound workloads measurably
// slower, so that the gate can be shown to catch a known regression. The
// default, 0, defines nothing and the call below is empty. Never set it in a
// build whose figures you keep.
//
// The step count is compiled into that one file only, so trying another N
// rebuilds one file, not everything that sends.
#pragma once

namespace rt::detail {

#if defined(RT_INJECT_SEND_COST)
void injected_send_cost() noexcept;
#else
inline void injected_send_cost() noexcept {}
#endif

}  // namespace rt::detail
