// Helpers shared by the runtime's tests (*.test.cpp beside this file).
//
// Rules the tests follow, so that they pass on a loaded 2-core machine under
// ThreadSanitizer and still fail when the runtime is wrong:
//   - Synchronise on events (a promise, a message, a DOWN), never on sleeps.
//     Where the only observable is a counter (introspection), poll it with
//     `eventually`, which gives up after `patience`.
//   - Waits are generous (`patience`); a test that waits that long has failed,
//     so `await` turns a hang into a failure instead of a stuck binary.
//   - Nothing asserts on speed. The only bounds on time are lower bounds that
//     are correctness (a timeout does not fire early) and loose upper bounds.
//   - State a process refers to (promises, counters) is declared before the
//     runtime, so the runtime (and every process) is gone before that state is.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>

#include "rt/rt.hpp"

namespace rt_test {

using namespace std::chrono_literals;

// How long a test waits for something that should happen "soon".
inline constexpr std::chrono::seconds patience{20};

inline rt::config config_for(rt::strategy_kind k, unsigned schedulers = 2) {
  rt::config c;
  c.schedulers = schedulers;
  c.strategy = k;
  return c;
}

// The value of `f`, or a test failure (an exception) after `patience`.
template <class T>
T await(std::future<T> f) {
  if (f.wait_for(patience) != std::future_status::ready) {
    throw std::runtime_error("rt_test: timed out waiting for the runtime");
  }
  return f.get();
}

// Polls `pred` until it holds; false after `patience`.
inline bool eventually(const std::function<bool()>& pred) {
  const auto deadline = std::chrono::steady_clock::now() + patience;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

// Spawns `body` as the child of a helper process that monitors it (with
// spawn_monitor, so the monitor exists before the child runs). The future
// resolves to the child's DOWN message when it ends.
template <class Body>
std::future<rt::down_msg> spawn_watched(rt::runtime& r, Body body) {
  auto done = std::make_shared<std::promise<rt::down_msg>>();
  auto fut = done->get_future();
  r.spawn([done, body = std::move(body)]() mutable -> rt::proc {
    (void)rt::spawn_monitor(std::move(body));
    co_await rt::receive([&](rt::down_msg d) { done->set_value(std::move(d)); });
  });
  return fut;
}

// Runtimes with each scheduling strategy, for the behavioural tests that must
// hold whatever the strategy (two schedulers each, to keep them cheap).
class on_each_strategy : public ::testing::TestWithParam<rt::strategy_kind> {
 protected:
  rt::config cfg(unsigned schedulers = 2) const { return config_for(GetParam(), schedulers); }
};

inline std::string strategy_name(const ::testing::TestParamInfo<rt::strategy_kind>& i) {
  return std::string(rt::to_string(i.param));
}

}  // namespace rt_test

#define RT_TEST_ON_EACH_STRATEGY(suite)                                                              \
  INSTANTIATE_TEST_SUITE_P(, suite,                                                                  \
                           ::testing::ValuesIn(rt::all_strategies),                                  \
                           ::rt_test::strategy_name)
