#include <gtest/gtest.h>

#include <atomic>

#include "rt/rt.hpp"
#include "test_support.hpp"

namespace {

struct stop {};

// Scheduler 1 runs one process that never runs out of budget work, so it is
// never idle and never steals; scheduler 0 has a long queue of busy processes.
// Only migration can move some of them to scheduler 1.
std::uint64_t migrations_with(rt::strategy_kind k) {
  rt::runtime r{rt_test::config_for(k, 2)};
  std::atomic<bool> done{false};
  auto busy = [&done]() -> rt::proc {
    while (!done.load(std::memory_order_relaxed)) co_await rt::reduce(100);
  };
  r.spawn(rt::spawn_options{.scheduler = 1}, busy);
  r.spawn(rt::spawn_options{.scheduler = 0}, [&]() -> rt::proc {
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
