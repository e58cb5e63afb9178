// Memory accounting for leak checks (runtime::live_bytes): what processes,
// their heaps and their messages hold shows up while they live and is gone
// once they have all exited, however they ended.
#include <gtest/gtest.h>

#include <future>
#include <memory_resource>
#include <vector>

#include "rt/rt.hpp"
#include "test_support.hpp"

using rt_test::await;

namespace {

struct stop {};
struct payload {
  int n;
};

class live_bytes : public rt_test::on_each_strategy {};
RT_TEST_ON_EACH_STRATEGY(live_bytes);

TEST_P(live_bytes, processes_heaps_and_messages_count_while_alive_and_not_after_they_exit) {
  constexpr int processes = 200;
  constexpr int queued = 20;
  std::promise<void> all_ready;
  std::atomic<int> ready{0};
  rt::runtime r{cfg()};
  const std::size_t before = r.live_bytes();
  std::vector<rt::pid> pids;
  for (int i = 0; i < processes; ++i) {
    pids.push_back(r.spawn([&]() -> rt::proc {
      std::pmr::vector<int> on_heap{rt::heap()};
      on_heap.resize(1000);
      if (ready.fetch_add(1) + 1 == processes) all_ready.set_value();
      co_await rt::receive([](stop) {});  // the payloads stay queued behind it
    }));
  }
  await(all_ready.get_future());
  for (rt::pid p : pids) {
    for (int i = 0; i < queued; ++i) r.send(p, payload{i});
  }
  const std::size_t during = r.live_bytes();
  // At least the heaps and the message nodes (sizes are a lower bound).
  EXPECT_GE(during, before + processes * (1000 * sizeof(int) + queued * sizeof(payload)));
  for (std::size_t i = 0; i < pids.size(); ++i) {
    if (i % 3 == 0) {
      r.send(pids[i], stop{});
    } else if (i % 3 == 1) {
      r.exit(pids[i], rt::exit_reason::kill());
    } else {
      r.exit(pids[i], rt::exit_reason::other("crash"));
    }
  }
  r.wait_idle();
  EXPECT_EQ(r.process_count(), 0u);
  EXPECT_EQ(r.live_bytes(), before);
}

TEST_P(live_bytes, linked_trees_that_crash_leave_nothing_behind) {
  rt::runtime r{cfg()};
  const std::size_t before = r.live_bytes();
  for (int round = 0; round < 20; ++round) {
    r.spawn([]() -> rt::proc {
      for (int i = 0; i < 10; ++i) {
        rt::spawn_link([]() -> rt::proc {
          (void)rt::monitor(rt::spawn([]() -> rt::proc { co_await rt::receive([](stop) {}); }));
          co_await rt::receive([](stop) {});
        });
      }
      co_await rt::send(rt::self(), payload{1});
      throw std::runtime_error("crash");  // takes the linked children with it
    });
  }
  // Settled once every process left waits in receive: the monitored
  // grandchildren live on, and nothing runnable is left to spawn more.
  // (Waiting for the runtime to go idle would wait out `patience` each time.)
  EXPECT_TRUE(rt_test::eventually([&] {
    for (rt::pid p : r.processes()) {
      const auto i = r.info(p);
      if (i && i->status != "waiting") return false;
    }
    return true;
  }));
  for (rt::pid p : r.processes()) r.exit(p, rt::exit_reason::kill());
  ASSERT_TRUE(r.wait_idle_for(rt_test::patience));
  EXPECT_EQ(r.live_bytes(), before);
}

}  // namespace
