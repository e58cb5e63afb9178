#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "rt/rt.hpp"
#include "test_support.hpp"

namespace {

struct stop {};

// One scheduler is held by a process that never reaches a yield point, so
// it never runs anything else and never steals; the other gets a long queue
// of busy processes. Only migration (into the held scheduler's inbound queue)
// can move some of them. The holder runs before the others are spawned, so
// they can only go to the other scheduler. (A holder that yields, as this
// test had, can be stolen by the other scheduler while it is still idle,
// and an idle scheduler then takes half of the busy queue in one theft and
// leaves nothing to migrate: a few runs in a hundred.)
std::uint64_t migrations_with(rt::strategy_kind k) {
  std::atomic<bool> done{false};
  std::atomic<bool> holding{false};
  rt::runtime r{rt_test::config_for(k, 2)};
  r.spawn([&]() -> rt::proc {
    holding.store(true);
    while (!done.load()) std::this_thread::yield();
    co_return;
  });
  if (!rt_test::eventually([&] { return holding.load(); })) return 0;  // the test then fails
  auto busy = [&done]() -> rt::proc {
    while (!done.load(std::memory_order_relaxed)) co_await rt::reduce(100);
  };
  r.spawn([&]() -> rt::proc {
    for (int i = 0; i < 64; ++i) rt::spawn(busy);  // placed on the spawner's scheduler
    co_await rt::receive([](stop) {});
  });
  std::uint64_t moved = 0;
  rt_test::eventually([&] {
    moved = 0;
    for (const auto& s : r.schedulers()) moved += s.migrations;
    return moved > 0;
  });
  done = true;
  r.shutdown();
  return moved;
}

TEST(balancing, moves_processes_from_a_long_run_queue_to_a_busy_scheduler_with_a_short_one) {
  EXPECT_GT(migrations_with(rt::strategy_kind::balancing), 0u);
}

TEST(balancing, work_stealing_alone_never_migrates) {
  rt::runtime r{rt_test::config_for(rt::strategy_kind::work_stealing, 2)};
  r.spawn([]() -> rt::proc {
    for (int i = 0; i < 64; ++i) rt::spawn([]() -> rt::proc { co_await rt::reduce(); });
    co_return;
  });
  r.wait_idle();
  for (const auto& s : r.schedulers()) EXPECT_EQ(s.migrations, 0u);
}

}  // namespace
