// How processes end, and that an end is contained: a body that returns or
// throws, exit_self, and exit/2 (rt::exit inside a process, runtime::exit from
// outside) with normal, user, and the untrappable `kill` reasons. A crash
// touches no other process's state or mailbox (the seeds: "a crash of one
// process does not affect other processes").
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "rt/rt.hpp"
#include "test_support.hpp"

using namespace std::chrono_literals;
using rt_test::await;
using rt_test::spawn_watched;

namespace {

struct go {};
struct add {
  int n;
};
struct get {
  rt::pid from;
};
struct note {
  int n;
};
struct drain {
  rt::pid from;
};

// Counts its own destruction: put one in a process frame to see the frame go.
struct destruction_counter {
  std::atomic<int>* n;
  ~destruction_counter() { n->fetch_add(1); }
};

class process_exit : public rt_test::on_each_strategy {};
RT_TEST_ON_EACH_STRATEGY(process_exit);

TEST_P(process_exit, a_body_that_returns_ends_with_reason_normal) {
  rt::runtime r{cfg()};
  auto down = spawn_watched(r, []() -> rt::proc { co_return; });
  EXPECT_EQ(await(std::move(down)).reason, rt::exit_reason::normal());
  r.wait_idle();
}

TEST_P(process_exit, an_exception_escaping_a_body_ends_only_that_process_with_an_error_carrying_its_what) {
  rt::runtime r{cfg()};
  auto down = spawn_watched(r, []() -> rt::proc {
    co_await rt::yield();
    throw std::runtime_error("boom");
  });
  const rt::exit_reason reason = await(std::move(down)).reason;
  EXPECT_EQ(reason.what(), rt::exit_reason::kind::error);
  EXPECT_EQ(reason.text(), "boom");
  EXPECT_EQ(reason, rt::exit_reason::error("boom"));
  r.wait_idle();
}

TEST_P(process_exit, an_exception_thrown_by_a_receive_handler_ends_the_process_with_an_error) {
  rt::runtime r{cfg()};
  std::promise<rt::pid> started;
  auto down = spawn_watched(r, [&started]() -> rt::proc {
    started.set_value(rt::self());
    co_await rt::receive([](int) { throw std::logic_error("bad message"); });
  });
  r.send(await(started.get_future()), 1);
  EXPECT_EQ(await(std::move(down)).reason, rt::exit_reason::error("bad message"));
  r.wait_idle();
}

TEST_P(process_exit, exit_self_ends_the_process_with_the_given_reason_and_runs_its_destructors) {
  std::atomic<int> destroyed{0};
  rt::runtime r{cfg()};
  auto down = spawn_watched(r, [&destroyed]() -> rt::proc {
    destruction_counter guard{&destroyed};
    co_await rt::yield();
    rt::exit_self(rt::exit_reason::other("done here"));
  });
  const rt::exit_reason reason = await(std::move(down)).reason;
  EXPECT_EQ(reason, rt::exit_reason::other("done here"));
  EXPECT_EQ(reason.to_string(), "done here");
  EXPECT_EQ(destroyed.load(), 1);
  r.wait_idle();
}

TEST_P(process_exit, a_crash_leaves_other_processes_state_and_mailboxes_intact) {
  std::promise<int> total;
  std::promise<std::vector<int>> notes;
  rt::runtime r{cfg()};
  // The sibling keeps a running total and leaves `note`s queued until asked.
  rt::pid sibling = r.spawn([&]() -> rt::proc {
    int sum = 0;
    for (;;) {
      const bool more = co_await rt::receive(
          [&](add a) { sum += a.n; return true; },
          [&](get g) { (void)rt::send(g.from, sum); return true; },
          [](drain) { return false; });
      if (!more) break;
    }
    std::vector<int> seen;
    for (int i = 0; i < 3; ++i) seen.push_back(co_await rt::receive([](note n) { return n.n; }));
    notes.set_value(seen);
  });
  r.send(sibling, add{5});
  for (int i = 1; i <= 3; ++i) r.send(sibling, note{i});
  r.send(sibling, add{6});
  ASSERT_TRUE(rt_test::eventually([&] { return r.info(sibling)->mailbox_length == 3; }));

  auto crashed = spawn_watched(r, []() -> rt::proc {
    std::vector<int> v(100, 1);
    co_await rt::yield();
    throw std::runtime_error("crash");
  });
  EXPECT_EQ(await(std::move(crashed)).reason, rt::exit_reason::error("crash"));

  EXPECT_EQ(r.info(sibling)->mailbox_length, 3u);
  r.spawn([&, sibling]() -> rt::proc {
    co_await rt::send(sibling, get{rt::self()});
    total.set_value(co_await rt::receive([](int n) { return n; }));
  });
  EXPECT_EQ(await(total.get_future()), 11);
  r.send(sibling, drain{});
  EXPECT_EQ(await(notes.get_future()), (std::vector<int>{1, 2, 3}));
  r.wait_idle();
}

TEST_P(process_exit, exit_from_outside_ends_a_process_with_the_given_reason) {
  std::atomic<int> destroyed{0};
  std::promise<rt::pid> started;
  rt::runtime r{cfg()};
  auto down = spawn_watched(r, [&]() -> rt::proc {
    destruction_counter guard{&destroyed};
    started.set_value(rt::self());
    co_await rt::receive([](go) {});
  });
  const rt::pid target = await(started.get_future());
  r.exit(target, rt::exit_reason::other("stop"));
  const rt::down_msg d = await(std::move(down));
  EXPECT_EQ(d.who, target);
  EXPECT_EQ(d.reason, rt::exit_reason::other("stop"));
  EXPECT_EQ(destroyed.load(), 1);
  r.wait_idle();
}

// receive matches in the private queue without reading the arrivals; a signal
// behind a backlog must still take effect at the next preemption point, not
// once the backlog is drained.
TEST_P(process_exit, a_kill_stops_a_process_that_is_working_through_a_backlog_of_matching_messages) {
  constexpr int backlog = 100'000;
  std::atomic<int> consumed{0};
  std::promise<rt::pid> started;
  rt::runtime r{cfg()};
  auto down = spawn_watched(r, [&]() -> rt::proc {
    started.set_value(rt::self());
    co_await rt::receive([](go) {});  // takes the whole backlog into the private queue
    for (;;) {
      co_await rt::receive([](int) {});
      consumed.fetch_add(1, std::memory_order_relaxed);
      // About 5 us a message: draining all of it would take half a second.
      const auto until = std::chrono::steady_clock::now() + 5us;
      while (std::chrono::steady_clock::now() < until) {
      }
    }
  });
  const rt::pid target = await(started.get_future());
  for (int i = 0; i < backlog; ++i) r.send(target, i);
  r.send(target, go{});
  while (consumed.load(std::memory_order_relaxed) == 0) std::this_thread::yield();
  r.exit(target, rt::exit_reason::kill());
  EXPECT_EQ(await(std::move(down)).reason, rt::exit_reason::killed());
  EXPECT_LT(consumed.load(), backlog);
  r.wait_idle();
}

TEST_P(process_exit, exit_with_reason_normal_is_ignored_by_a_process_that_does_not_trap_exits) {
  std::promise<rt::pid> started;
  std::promise<int> answered;
  rt::runtime r{cfg()};
  auto down = spawn_watched(r, [&]() -> rt::proc {
    started.set_value(rt::self());
    answered.set_value(co_await rt::receive([](int n) { return n; }));
  });
  const rt::pid target = await(started.get_future());
  r.exit(target, rt::exit_reason::normal());
  r.send(target, 3);  // behind the exit signal in the mailbox
  EXPECT_EQ(await(answered.get_future()), 3);
  EXPECT_EQ(await(std::move(down)).reason, rt::exit_reason::normal());
  r.wait_idle();
}

TEST_P(process_exit, exit_from_a_process_ends_another_with_the_given_reason) {
  std::promise<rt::exit_reason> why;
  rt::runtime r{cfg()};
  r.spawn([&]() -> rt::proc {
    auto [target, ref] = rt::spawn_monitor([]() -> rt::proc { co_await rt::receive([](go) {}); });
    (void)ref;
    rt::exit(target, rt::exit_reason::shutdown());
    co_await rt::receive([&](rt::down_msg d) { why.set_value(d.reason); });
  });
  EXPECT_EQ(await(why.get_future()), rt::exit_reason::shutdown());
  r.wait_idle();
}

TEST_P(process_exit, an_exit_signal_reaches_a_trapping_process_as_an_exit_msg) {
  std::promise<rt::exit_msg> got;
  std::promise<rt::pid> trapper_pid;
  rt::runtime r{cfg()};
  rt::pid trapper = r.spawn(rt::spawn_options{.trap_exit = true}, [&]() -> rt::proc {
    trapper_pid.set_value(rt::self());
    got.set_value(co_await rt::receive([](rt::exit_msg m) { return m; }));
  });
  EXPECT_EQ(await(trapper_pid.get_future()), trapper);
  rt::pid sender = r.spawn([trapper]() -> rt::proc {
    rt::exit(trapper, rt::exit_reason::other("please stop"));
    co_return;
  });
  const rt::exit_msg m = await(got.get_future());
  EXPECT_EQ(m.from, sender);
  EXPECT_EQ(m.reason, rt::exit_reason::other("please stop"));
  r.wait_idle();
}

TEST_P(process_exit, exit_with_reason_kill_cannot_be_trapped_and_the_process_ends_killed) {
  std::promise<rt::pid> started;
  rt::runtime r{cfg()};
  auto down = spawn_watched(r, [&]() -> rt::proc {
    rt::trap_exit(true);
    started.set_value(rt::self());
    for (;;) co_await rt::receive([](rt::exit_msg) {});  // would swallow any trappable exit
  });
  const rt::pid target = await(started.get_future());
  r.exit(target, rt::exit_reason::other("trapped"));
  r.exit(target, rt::exit_reason::kill());
  EXPECT_EQ(await(std::move(down)).reason, rt::exit_reason::killed());
  r.wait_idle();
}

TEST_P(process_exit, a_busy_process_is_killed_at_its_next_preemption_point) {
  std::promise<rt::pid> started;
  rt::runtime r{cfg()};
  auto down = spawn_watched(r, [&]() -> rt::proc {
    started.set_value(rt::self());
    for (;;) co_await rt::reduce();
  });
  r.exit(await(started.get_future()), rt::exit_reason::kill());
  EXPECT_EQ(await(std::move(down)).reason, rt::exit_reason::killed());
  r.wait_idle();
}

TEST_P(process_exit, a_process_that_exits_itself_with_reason_normal_ends) {
  rt::runtime r{cfg()};
  auto down = spawn_watched(r, []() -> rt::proc {
    rt::exit(rt::self(), rt::exit_reason::normal());
    co_await rt::receive([](go) {});  // the signal ends it here
  });
  EXPECT_EQ(await(std::move(down)).reason, rt::exit_reason::normal());
  r.wait_idle();
}

TEST_P(process_exit, a_process_killed_before_it_ever_ran_still_ends_cleanly) {
  std::atomic<int> ran{0};
  rt::runtime r{cfg()};
  for (int i = 0; i < 200; ++i) {
    rt::pid p = r.spawn([&ran]() -> rt::proc {
      ran.fetch_add(1);
      co_await rt::receive([](go) {});
    });
    r.exit(p, rt::exit_reason::kill());
  }
  EXPECT_TRUE(r.wait_idle_for(rt_test::patience));
  EXPECT_EQ(r.process_count(), 0u);
}

}  // namespace
