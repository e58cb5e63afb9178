// Introspection: process_count, processes(), info(pid) and schedulers().
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <memory_resource>
#include <string>
#include <thread>
#include <vector>

#include "rt/rt.hpp"
#include "test_support.hpp"

using namespace std::chrono_literals;
using rt_test::await;
using rt_test::eventually;

namespace {

struct go {};

rt::config small(unsigned schedulers = 2) { return rt_test::config_for(rt::strategy_kind::work_stealing, schedulers); }

rt::proc wait_for_go() { co_await rt::receive([](go) {}); }

TEST(info, process_count_and_processes_list_exactly_the_live_processes) {
  rt::runtime r{small()};
  EXPECT_EQ(r.process_count(), 0u);
  EXPECT_TRUE(r.processes().empty());
  std::vector<rt::pid> live;
  for (int i = 0; i < 5; ++i) live.push_back(r.spawn(wait_for_go));
  const rt::pid gone = r.spawn([]() -> rt::proc { co_return; });
  EXPECT_TRUE(eventually([&] { return r.process_count() == 5 && r.processes().size() == 5; }));
  std::vector<rt::pid> listed = r.processes();
  std::sort(listed.begin(), listed.end());
  std::sort(live.begin(), live.end());
  EXPECT_EQ(listed, live);
  EXPECT_EQ(std::find(listed.begin(), listed.end(), gone), listed.end());
  for (rt::pid p : live) r.send(p, go{});
  r.wait_idle();
  EXPECT_EQ(r.process_count(), 0u);
  EXPECT_TRUE(r.processes().empty());
}

TEST(info, info_describes_a_waiting_process_and_its_mailbox) {
  rt::runtime r{small()};
  const rt::pid p = r.spawn(wait_for_go);
  ASSERT_EQ(r.register_name("described", p), rt::registry_status::ok);
  r.send(p, 1);
  r.send(p, std::string("two"));
  r.send(p, 3.0);
  ASSERT_TRUE(eventually([&] {
    auto i = r.info(p);
    return i && i->mailbox_length == 3 && i->status == "waiting";
  }));
  const auto i = *r.info(p);
  EXPECT_EQ(i.id, p);
  EXPECT_EQ(i.status, "waiting");
  EXPECT_EQ(i.mailbox_length, 3u);
  EXPECT_GT(i.mailbox_bytes, 0u);
  EXPECT_EQ(i.registered_name, "described");
  EXPECT_EQ(i.heap_bytes, 0u);
  r.send(p, go{});
  r.wait_idle();
  EXPECT_FALSE(r.info(p)) << "no info for a process that has ended";
}

TEST(info, a_running_process_sees_itself_running_and_a_queued_one_is_runnable) {
  std::promise<std::string> own_status;
  std::atomic<bool> release{false};
  std::promise<void> holding;
  rt::runtime r{small(1)};
  // Holds the only scheduler until released, so a process spawned meanwhile
  // waits in a run queue.
  r.spawn([&]() -> rt::proc {
    own_status.set_value(std::string(r.info(rt::self())->status));
    holding.set_value();
    const auto deadline = std::chrono::steady_clock::now() + rt_test::patience;
    while (!release.load() && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
    co_return;
  });
  EXPECT_EQ(await(own_status.get_future()), "running");
  await(holding.get_future());
  const rt::pid queued = r.spawn(wait_for_go);
  auto i = r.info(queued);
  ASSERT_TRUE(i);
  EXPECT_EQ(i->status, "runnable");
  release.store(true);
  ASSERT_TRUE(eventually([&] { return r.info(queued)->status == "waiting"; }));
  r.send(queued, go{});
  r.wait_idle();
}

TEST(info, reductions_count_the_work_a_process_has_done) {
  std::promise<void> worked;
  rt::runtime r{small()};
  const rt::pid idle = r.spawn(wait_for_go);
  const rt::pid busy = r.spawn([&]() -> rt::proc {
    for (int i = 0; i < 10'000; ++i) co_await rt::reduce();
    worked.set_value();
    co_await rt::receive([](go) {});
  });
  await(worked.get_future());
  ASSERT_TRUE(eventually([&] { return r.info(busy)->status == "waiting"; }));
  EXPECT_GE(r.info(busy)->reductions, 10'000u);
  EXPECT_LT(r.info(idle)->reductions, 100u);
  r.send(busy, go{});
  r.send(idle, go{});
  r.wait_idle();
}

TEST(info, scheduler_stats_count_slices_run) {
  rt::runtime r{small(2)};
  for (int i = 0; i < 100; ++i) r.spawn([]() -> rt::proc { co_return; });
  r.wait_idle();
  ASSERT_TRUE(eventually([&] {
    std::uint64_t run = 0;
    for (const auto& s : r.schedulers()) run += s.processes_run;
    return run >= 100;
  }));
  const auto stats = r.schedulers();
  ASSERT_EQ(stats.size(), 2u);
  EXPECT_EQ(stats[0].index, 0u);
  EXPECT_EQ(stats[1].index, 1u);
}

TEST(info, introspection_from_another_thread_while_processes_come_and_go_is_safe) {
  std::atomic<bool> stop{false};
  rt::runtime r{small(2)};
  const rt::pid spawner = r.spawn([&]() -> rt::proc {
    while (!stop.load()) {
      (void)rt::spawn([]() -> rt::proc {
        std::pmr::vector<int> v{rt::heap()};
        v.resize(100);
        co_await rt::yield();
      });
      co_await rt::yield();
    }
  });
  const auto until = std::chrono::steady_clock::now() + 200ms;
  std::size_t seen = 0;
  while (std::chrono::steady_clock::now() < until) {
    for (rt::pid p : r.processes()) {
      if (auto i = r.info(p)) seen += i->status.size() > 0;
    }
    (void)r.process_count();
    (void)r.schedulers();
  }
  stop.store(true);
  EXPECT_GT(seen, 0u);
  EXPECT_TRUE(r.wait_idle_for(rt_test::patience));
  EXPECT_FALSE(r.info(spawner));
}

}  // namespace
