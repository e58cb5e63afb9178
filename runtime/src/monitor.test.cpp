// Monitors: a one-way watch. The watcher gets exactly one rt::down_msg per
// monitor, carrying the reason, and is never killed by what it watches; after
// demonitor it gets none; a monitor of a process that does not exist gives a
// DOWN with reason noproc at once.
#include <gtest/gtest.h>

#include <algorithm>
#include <future>
#include <stdexcept>
#include <string>
#include <vector>

#include "rt/rt.hpp"
#include "test_support.hpp"

using namespace std::chrono_literals;
using rt_test::await;

namespace {

struct go {};

// How long a watcher waits to be sure a second DOWN is not coming. A DOWN
// that should not exist would be sent with the first one, so this is ample;
// the wait only makes a wrong runtime fail, it never makes a right one fail.
constexpr auto settle_time = 100ms;

class monitors : public rt_test::on_each_strategy {};
RT_TEST_ON_EACH_STRATEGY(monitors);

TEST_P(monitors, a_monitor_gets_exactly_one_down_with_the_reason_and_the_pid) {
  std::promise<std::vector<rt::down_msg>> downs;
  std::promise<rt::pid> target_pid;
  rt::runtime r{cfg()};
  r.spawn([&]() -> rt::proc {
    const rt::pid target = rt::spawn([]() -> rt::proc {
      co_await rt::receive([](go) {});
      rt::exit_self(rt::exit_reason::other("bye"));
    });
    target_pid.set_value(target);
    const rt::ref ref = rt::monitor(target);
    co_await rt::send(target, go{});
    std::vector<rt::down_msg> seen;
    seen.push_back(co_await rt::receive([](rt::down_msg d) { return d; }));
    if (!(seen.back().monitor == ref)) throw std::logic_error("DOWN with the wrong ref");
    for (;;) {
      const bool more = co_await rt::receive([&](rt::down_msg d) { seen.push_back(d); return true; },
                                             rt::after(settle_time, [] { return false; }));
      if (!more) break;
    }
    downs.set_value(seen);
  });
  const std::vector<rt::down_msg> seen = await(downs.get_future());
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].who, await(target_pid.get_future()));
  EXPECT_EQ(seen[0].reason, rt::exit_reason::other("bye"));
  r.wait_idle();
}

TEST_P(monitors, a_watcher_outlives_the_crash_of_what_it_monitors) {
  std::promise<rt::exit_reason> why;
  rt::runtime r{cfg()};
  auto watcher = rt_test::spawn_watched(r, [&]() -> rt::proc {
    auto [child, ref] = rt::spawn_monitor([]() -> rt::proc {
      co_await rt::yield();
      throw std::runtime_error("child crashed");
    });
    (void)child;
    (void)ref;
    why.set_value(co_await rt::receive([](rt::down_msg d) { return d.reason; }));
    rt::exit_self(rt::exit_reason::other("watcher done"));
  });
  EXPECT_EQ(await(why.get_future()), rt::exit_reason::error("child crashed"));
  EXPECT_EQ(await(std::move(watcher)).reason, rt::exit_reason::other("watcher done"));
  r.wait_idle();
}

TEST_P(monitors, each_of_two_monitors_on_one_process_gets_its_own_down) {
  std::promise<std::vector<std::uint64_t>> refs_seen;
  std::promise<std::vector<std::uint64_t>> refs_made;
  rt::runtime r{cfg()};
  r.spawn([&]() -> rt::proc {
    const rt::pid target = rt::spawn([]() -> rt::proc { co_await rt::receive([](go) {}); });
    const rt::ref a = rt::monitor(target);
    const rt::ref b = rt::monitor(target);
    refs_made.set_value({a.id, b.id});
    co_await rt::send(target, go{});
    std::vector<std::uint64_t> seen;
    for (int i = 0; i < 2; ++i) seen.push_back(co_await rt::receive([](rt::down_msg d) { return d.monitor.id; }));
    const bool third = co_await rt::receive([](rt::down_msg) { return true; }, rt::after(settle_time, [] { return false; }));
    if (third) seen.push_back(0);
    refs_seen.set_value(seen);
  });
  std::vector<std::uint64_t> made = await(refs_made.get_future());
  std::vector<std::uint64_t> seen = await(refs_seen.get_future());
  EXPECT_NE(made[0], made[1]);
  std::sort(made.begin(), made.end());
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, made);
  r.wait_idle();
}

TEST_P(monitors, after_demonitor_no_down_arrives_for_that_monitor) {
  std::promise<std::vector<std::uint64_t>> result;
  rt::runtime r{cfg()};
  r.spawn([&]() -> rt::proc {
    const rt::pid target = rt::spawn([]() -> rt::proc {
      co_await rt::receive([](go) {});
      throw std::runtime_error("target crashed");
    });
    const rt::ref dropped = rt::monitor(target);
    const rt::ref kept = rt::monitor(target);
    rt::demonitor(dropped);
    co_await rt::send(target, go{});
    std::vector<std::uint64_t> seen;
    seen.push_back(co_await rt::receive([](rt::down_msg d) { return d.monitor.id; }));
    for (;;) {
      const bool more = co_await rt::receive([&](rt::down_msg d) { seen.push_back(d.monitor.id); return true; },
                                             rt::after(settle_time, [] { return false; }));
      if (!more) break;
    }
    seen.push_back(kept.id);  // what the test expects the only DOWN to carry
    result.set_value(seen);
  });
  const std::vector<std::uint64_t> seen = await(result.get_future());
  ASSERT_EQ(seen.size(), 2u) << "a DOWN arrived for the removed monitor";
  EXPECT_EQ(seen[0], seen[1]);
  r.wait_idle();
}

TEST_P(monitors, demonitor_removes_a_down_that_is_already_in_the_mailbox) {
  std::promise<rt::pid> watcher_pid;
  std::promise<std::string> result;
  rt::runtime r{cfg()};
  rt::pid watcher = r.spawn([&]() -> rt::proc {
    auto [target, ref] = rt::spawn_monitor([]() -> rt::proc { co_await rt::receive([](go) {}); });
    co_await rt::send(target, go{});
    watcher_pid.set_value(rt::self());
    // Blocked here, the DOWN arrives, matches nothing and stays queued.
    co_await rt::receive([](go) {});
    rt::demonitor(ref);
    result.set_value(co_await rt::receive([](rt::down_msg) { return std::string("DOWN after demonitor"); },
                                          rt::any([] { return std::string("some other message"); }),
                                          rt::after(0ms, [] { return std::string("empty"); })));
  });
  EXPECT_EQ(await(watcher_pid.get_future()), watcher);
  ASSERT_TRUE(rt_test::eventually([&] {
    auto i = r.info(watcher);
    return i && i->mailbox_length == 1;
  }));
  r.send(watcher, go{});
  EXPECT_EQ(await(result.get_future()), "empty");
  r.wait_idle();
}

TEST_P(monitors, monitoring_a_dead_pid_gives_a_down_with_reason_noproc) {
  std::promise<rt::down_msg> got;
  std::promise<rt::ref> made;
  rt::runtime r{cfg()};
  const rt::pid dead = r.spawn([]() -> rt::proc { co_return; });
  r.wait_idle();
  r.spawn([&, dead]() -> rt::proc {
    made.set_value(rt::monitor(dead));
    got.set_value(co_await rt::receive([](rt::down_msg d) { return d; }));
  });
  const rt::down_msg d = await(got.get_future());
  EXPECT_EQ(d.monitor, await(made.get_future()));
  EXPECT_EQ(d.who, dead);
  EXPECT_EQ(d.reason, rt::exit_reason::noproc());
  r.wait_idle();
}

TEST_P(monitors, spawn_monitor_watches_the_child_from_before_its_first_instruction) {
  std::promise<rt::down_msg> got;
  std::promise<std::pair<rt::pid, rt::ref>> spawned;
  rt::runtime r{cfg()};
  r.spawn([&]() -> rt::proc {
    auto child = rt::spawn_monitor([]() -> rt::proc { rt::exit_self(rt::exit_reason::other("at once")); co_return; });
    spawned.set_value(child);
    got.set_value(co_await rt::receive([](rt::down_msg d) { return d; }));
  });
  const auto [child, ref] = await(spawned.get_future());
  const rt::down_msg d = await(got.get_future());
  EXPECT_EQ(d.who, child);
  EXPECT_EQ(d.monitor, ref);
  EXPECT_EQ(d.reason, rt::exit_reason::other("at once")) << "not noproc: the monitor predates the exit";
  r.wait_idle();
}

TEST_P(monitors, a_killed_process_reaches_its_monitors_as_killed) {
  std::promise<rt::pid> target_pid;
  rt::runtime r{cfg()};
  auto down = rt_test::spawn_watched(r, [&]() -> rt::proc {
    target_pid.set_value(rt::self());
    co_await rt::receive([](go) {});
  });
  r.exit(await(target_pid.get_future()), rt::exit_reason::kill());
  EXPECT_EQ(await(std::move(down)).reason, rt::exit_reason::killed());
  r.wait_idle();
}

TEST_P(monitors, demonitor_of_an_unknown_ref_does_nothing) {
  std::promise<bool> done;
  rt::runtime r{cfg()};
  r.spawn([&]() -> rt::proc {
    rt::demonitor(rt::ref{12345});
    rt::demonitor(rt::make_ref());
    co_await rt::yield();
    done.set_value(true);
  });
  EXPECT_TRUE(await(done.get_future()));
  r.wait_idle();
}

}  // namespace
