// Timers: receive timeouts and rt::send_after. A timeout never fires early,
// does fire (bounds here are loose: a loaded machine is slow), many at once
// all fire, and a stale timer of an earlier receive never ends a later one.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include <algorithm>
#include <map>
#include <random>

#include "rt/detail/timer_heap.hpp"
#include "rt/rt.hpp"
#include "test_support.hpp"

using namespace std::chrono_literals;
using rt_test::await;

namespace {

struct tick {
  int n;
};
struct go {};

class timer : public rt_test::on_each_strategy {};
RT_TEST_ON_EACH_STRATEGY(timer);

TEST_P(timer, a_receive_timeout_fires_after_its_delay_and_not_before) {
  std::promise<std::chrono::steady_clock::duration> waited;
  rt::runtime r{cfg()};
  r.spawn([&]() -> rt::proc {
    const auto t0 = std::chrono::steady_clock::now();
    const bool timed_out = co_await rt::receive([](int) { return false; }, rt::after(40ms, [] { return true; }));
    waited.set_value(timed_out ? std::chrono::steady_clock::now() - t0 : std::chrono::steady_clock::duration::min());
  });
  const auto d = await(waited.get_future());
  EXPECT_GE(d, 40ms);
  EXPECT_LT(d, rt_test::patience) << "loose upper bound only";
  r.wait_idle();
}

TEST_P(timer, timeouts_fire_on_a_scheduler_that_never_goes_idle) {
  // Busy processes that only ever yield keep every scheduler running slices;
  // the timers must still be served between slices (worker.cpp, after_slice).
  constexpr int busy_per_scheduler = 4;
  constexpr int timeouts = 50;
  constexpr unsigned schedulers = 2;
  std::atomic<bool> stop{false};
  std::promise<int> fired;
  rt::runtime r{cfg(schedulers)};
  for (unsigned i = 0; i < busy_per_scheduler * schedulers; ++i) {
    r.spawn([&stop]() -> rt::proc {
      while (!stop.load(std::memory_order_relaxed)) co_await rt::yield();
    });
  }
  r.spawn([&]() -> rt::proc {
    int n = 0;
    for (int i = 0; i < timeouts; ++i) {
      if (co_await rt::receive([](int) { return false; }, rt::after(1ms, [] { return true; }))) ++n;
    }
    stop.store(true, std::memory_order_relaxed);
    fired.set_value(n);
  });
  EXPECT_EQ(await(fired.get_future()), timeouts);
  r.wait_idle();
}

TEST_P(timer, a_process_woken_by_messages_that_do_not_match_still_times_out_at_its_deadline) {
  std::promise<bool> timed_out;
  std::promise<void> waiting;
  rt::runtime r{cfg()};
  const rt::pid p = r.spawn([&]() -> rt::proc {
    waiting.set_value();
    timed_out.set_value(co_await rt::receive([](int) { return false; }, rt::after(50ms, [] { return true; })));
  });
  await(waiting.get_future());
  for (int i = 0; i < 20; ++i) r.send(p, std::string("noise"));
  EXPECT_TRUE(await(timed_out.get_future()));
  r.wait_idle();
}

TEST_P(timer, send_after_delivers_the_message_later_than_messages_sent_directly) {
  std::promise<std::vector<int>> order;
  std::promise<std::chrono::steady_clock::duration> delay;
  rt::runtime r{cfg()};
  r.spawn([&]() -> rt::proc {
    const auto t0 = std::chrono::steady_clock::now();
    rt::send_after(30ms, rt::self(), tick{1});
    co_await rt::send(rt::self(), tick{2});
    std::vector<int> seen;
    seen.push_back(co_await rt::receive([](tick t) { return t.n; }));
    seen.push_back(co_await rt::receive([](tick t) { return t.n; }));
    delay.set_value(std::chrono::steady_clock::now() - t0);
    order.set_value(seen);
  });
  EXPECT_EQ(await(order.get_future()), (std::vector<int>{2, 1}));
  EXPECT_GE(await(delay.get_future()), 30ms);
  r.wait_idle();
}

TEST_P(timer, send_after_reaches_another_process) {
  std::promise<int> got;
  rt::runtime r{cfg()};
  const rt::pid receiver = r.spawn([&]() -> rt::proc {
    got.set_value(co_await rt::receive([](tick t) { return t.n; }));
  });
  r.spawn([receiver]() -> rt::proc {
    rt::send_after(10ms, receiver, tick{7});
    co_return;  // the timer outlives its sender
  });
  EXPECT_EQ(await(got.get_future()), 7);
  r.wait_idle();
}

TEST_P(timer, send_after_to_a_process_that_has_ended_is_dropped) {
  std::promise<void> armed;
  rt::runtime r{cfg()};
  const rt::pid gone = r.spawn([]() -> rt::proc { co_return; });
  r.wait_idle();
  r.spawn([&, gone]() -> rt::proc {
    rt::send_after(5ms, gone, std::string(500, 'x'));  // freed when it fires (ASan)
    co_await rt::receive([](int) {}, rt::after(30ms, [] {}));
    armed.set_value();
  });
  await(armed.get_future());
  r.wait_idle();
  EXPECT_EQ(r.process_count(), 0u);
}

TEST_P(timer, many_concurrent_timeouts_all_fire) {
  constexpr int n = 600;
  std::atomic<int> fired{0};
  std::atomic<int> early{0};
  rt::runtime r{cfg()};
  for (int i = 0; i < n; ++i) {
    r.spawn([&](int ms) -> rt::proc {
      const auto t0 = std::chrono::steady_clock::now();
      co_await rt::receive([](go) {}, rt::after(std::chrono::milliseconds(ms), [&] {
        fired.fetch_add(1);
        if (std::chrono::steady_clock::now() - t0 < std::chrono::milliseconds(ms)) early.fetch_add(1);
      }));
    }, 1 + i % 40);
  }
  EXPECT_TRUE(r.wait_idle_for(rt_test::patience));
  EXPECT_EQ(fired.load(), n);
  EXPECT_EQ(early.load(), 0);
}

TEST_P(timer, timeouts_and_messages_mixed_each_end_their_own_receive_once) {
  constexpr int n = 300;
  std::atomic<int> by_message{0};
  std::atomic<int> by_timeout{0};
  std::vector<rt::pid> answered;
  rt::runtime r{cfg()};
  for (int i = 0; i < n; ++i) {
    const bool gets_message = i % 2 == 0;
    // Those that get a message have a long timeout, so which clause runs is
    // decided by the test, not by the machine's speed.
    const auto timeout = gets_message ? std::chrono::milliseconds(rt_test::patience) : std::chrono::milliseconds(1 + i % 20);
    rt::pid p = r.spawn([&](std::chrono::milliseconds t) -> rt::proc {
      co_await rt::receive([&](go) { by_message.fetch_add(1); }, rt::after(t, [&] { by_timeout.fetch_add(1); }));
    }, timeout);
    if (gets_message) answered.push_back(p);
  }
  for (rt::pid p : answered) r.send(p, go{});
  EXPECT_TRUE(r.wait_idle_for(rt_test::patience));
  EXPECT_EQ(by_message.load(), n / 2);
  EXPECT_EQ(by_timeout.load(), n / 2);
}

TEST_P(timer, the_stale_timer_of_an_earlier_receive_does_not_end_a_later_one) {
  std::promise<std::string> got;
  std::promise<bool> first_done;
  rt::runtime r{cfg()};
  const rt::pid p = r.spawn([&]() -> rt::proc {
    // Waits with a timeout, and is answered in time...
    const bool answered = co_await rt::receive([](int) { return true; }, rt::after(150ms, [] { return false; }));
    first_done.set_value(answered);
    // ...then waits with no timeout at all. The first timer is cancelled when
    // the answer comes; should it fire anyway (a cancel that races with the
    // firing finds nothing to remove), it must not wake this receive (it would
    // resume with no match).
    got.set_value(co_await rt::receive([](std::string s) { return s; }));
  });
  ASSERT_TRUE(rt_test::eventually([&] {
    auto i = r.info(p);
    return i && i->status == "waiting";
  }));
  r.send(p, 1);
  ASSERT_TRUE(await(first_done.get_future())) << "the first receive timed out: the test proves nothing";
  std::this_thread::sleep_for(250ms);  // the stale timer fires meanwhile; no event says when
  r.send(p, std::string("late"));
  EXPECT_EQ(await(got.get_future()), "late");
  r.wait_idle();
}

TEST_P(timer, a_timeout_fires_while_every_scheduler_is_idle) {
  std::promise<bool> timed_out;
  rt::runtime r{cfg()};
  // Nothing else runs: the schedulers park, and must wake for the timer.
  r.spawn([&]() -> rt::proc {
    timed_out.set_value(co_await rt::receive([](go) { return false; }, rt::after(100ms, [] { return true; })));
  });
  EXPECT_TRUE(await(timed_out.get_future()));
  r.wait_idle();
}

std::size_t pending_timers(const rt::runtime& r) {
  std::size_t n = 0;
  for (const auto& s : r.schedulers()) n += s.timers;
  return n;
}

TEST_P(timer, a_receive_answered_before_its_timeout_leaves_no_timer_behind) {
  // A timed call answered in time, over and over (gen::call's pattern): each
  // wait arms a one-hour timeout, and each answer must take it out again, or
  // the heap grows with the call rate times the timeout.
  constexpr int rounds = 2000;
  struct ping {
    rt::pid from;
  };
  struct pong {};
  std::promise<int> answered;
  rt::runtime r{cfg()};
  const rt::pid echo = r.spawn([]() -> rt::proc {
    for (;;) co_await rt::receive([](ping p) { rt::send(p.from, pong{}); });
  });
  const rt::pid pinger = r.spawn([&]() -> rt::proc {
    int n = 0;
    for (int i = 0; i < rounds; ++i) {
      rt::send(echo, ping{rt::self()});
      if (co_await rt::receive([](pong) { return true; }, rt::after(1h, [] { return false; }))) ++n;
    }
    answered.set_value(n);
    co_await rt::receive([](go) {});  // stays alive, waiting without a timeout
  });
  EXPECT_EQ(await(answered.get_future()), rounds);
  EXPECT_TRUE(rt_test::eventually([&] {
    auto i = r.info(pinger);
    return i && i->status == "waiting";
  }));
  EXPECT_EQ(pending_timers(r), 0u);
  r.exit(echo, rt::exit_reason::kill());
  r.send(pinger, go{});
  EXPECT_TRUE(r.wait_idle_for(rt_test::patience));
}

TEST_P(timer, a_process_killed_while_waiting_with_a_timeout_leaves_no_timer_behind) {
  rt::runtime r{cfg()};
  const rt::pid p = r.spawn([]() -> rt::proc {
    co_await rt::receive([](go) {}, rt::after(1h, [] {}));
  });
  ASSERT_TRUE(rt_test::eventually([&] {
    auto i = r.info(p);
    return i && i->status == "waiting";
  }));
  EXPECT_EQ(pending_timers(r), 1u);
  r.exit(p, rt::exit_reason::kill());
  EXPECT_TRUE(r.wait_idle_for(rt_test::patience));
  EXPECT_EQ(pending_timers(r), 0u);
}

// The heap itself against a model: random adds, cancels (some twice, some of
// entries that have already fired) and takes, checked entry by entry.
TEST(timer_heap, fires_what_was_not_cancelled_in_deadline_order_and_nothing_twice) {
  std::mt19937_64 rng(42);
  rt::detail::timer_heap h;
  // id (the entry's wait number) -> deadline, cell
  std::map<std::uint64_t, std::pair<std::int64_t, std::uint32_t>> live;
  std::vector<std::pair<std::uint32_t, std::uint64_t>> gone;  // cell, id of entries that fired or were cancelled
  std::uint64_t next_id = 0;
  std::int64_t now = 0;
  std::vector<rt::detail::timer_entry> due;
  for (int step = 0; step < 20000; ++step) {
    const auto dice = rng() % 10;
    if (dice < 5) {
      const std::int64_t deadline = now + static_cast<std::int64_t>(rng() % 1000);
      const std::uint64_t id = next_id++;
      live[id] = {deadline, h.add(rt::detail::timer_entry{deadline, rt::pid{}, id, nullptr})};
    } else if (dice < 8 && !live.empty()) {
      auto it = live.begin();
      std::advance(it, static_cast<long>(rng() % live.size()));
      ASSERT_TRUE(h.cancel(it->second.second, rt::pid{}, it->first)) << "a pending entry must cancel";
      gone.emplace_back(it->second.second, it->first);
      live.erase(it);
    } else if (dice < 9 && !gone.empty()) {
      const auto& [cell, id] = gone[rng() % gone.size()];
      EXPECT_FALSE(h.cancel(cell, rt::pid{}, id)) << "a cancelled or fired entry cancels nothing";
    } else {
      now += static_cast<std::int64_t>(rng() % 200);
      due.clear();
      h.take_due(now, due);
      std::int64_t last = std::numeric_limits<std::int64_t>::min();
      for (const auto& e : due) {
        ASSERT_LE(e.deadline_ns, now);
        ASSERT_GE(e.deadline_ns, last) << "out of deadline order";
        last = e.deadline_ns;
        auto it = live.find(e.wait_seq);
        ASSERT_NE(it, live.end()) << "entry " << e.wait_seq << " fired twice or after its cancel";
        EXPECT_EQ(it->second.first, e.deadline_ns);
        gone.emplace_back(it->second.second, it->first);
        live.erase(it);
      }
      for (const auto& [id, entry] : live) ASSERT_GT(entry.first, now) << "entry " << id << " is due but did not fire";
    }
    ASSERT_EQ(h.size(), live.size());
  }
  std::int64_t earliest = rt::detail::timer_heap::never;
  for (const auto& [id, entry] : live) earliest = std::min(earliest, entry.first);
  EXPECT_EQ(h.next_deadline(), earliest);
}

}  // namespace
