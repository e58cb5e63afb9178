// Schedulers: how many run, the three strategies, preemption by reductions (a
// busy process cannot starve its neighbours on one scheduler), parking when
// idle and waking for new work, and work stealing. Assertions are on order
// and counts, never on speed.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <algorithm>
#include <future>
#include <numeric>
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
struct ping {
  rt::pid from;
};
struct pong {};

std::uint64_t total(const std::vector<rt::scheduler_info>& s, std::uint64_t rt::scheduler_info::*field) {
  std::uint64_t n = 0;
  for (const auto& i : s) n += i.*field;
  return n;
}

TEST(scheduler, strategies_and_idle_policies_have_names_that_parse_back) {
  for (auto k : rt::all_strategies) {
    EXPECT_EQ(rt::parse_strategy(rt::to_string(k)), k);
  }
  EXPECT_EQ(rt::parse_strategy("no such strategy"), std::nullopt);
  for (auto p : rt::all_idle_policies) {
    EXPECT_EQ(rt::parse_idle_policy(rt::to_string(p)), p);
  }
  EXPECT_EQ(rt::parse_idle_policy("no such policy"), std::nullopt);
}

class scheduler_each : public rt_test::on_each_strategy {};
RT_TEST_ON_EACH_STRATEGY(scheduler_each);

TEST_P(scheduler_each, the_runtime_runs_the_configured_number_of_schedulers_with_the_chosen_strategy) {
  rt::runtime r{cfg(3)};
  EXPECT_EQ(r.scheduler_count(), 3u);
  EXPECT_EQ(r.settings().strategy, GetParam());
  const auto stats = r.schedulers();
  ASSERT_EQ(stats.size(), 3u);
  for (unsigned i = 0; i < 3; ++i) EXPECT_EQ(stats[i].index, i);
  const std::string d = r.describe();
  EXPECT_NE(d.find("schedulers=3"), std::string::npos) << d;
  EXPECT_NE(d.find("strategy=" + std::string(rt::to_string(GetParam()))), std::string::npos) << d;
}

// Holds its scheduler until `n` processes (this one included) are running at
// the same time, or until `patience` is up; counts itself in `saw_all` if
// they were. N processes doing this all finish counted only if there really
// are N schedulers and each of them found one.
void rendezvous(std::atomic<int>& arrived, std::atomic<int>& saw_all, int n) {
  arrived.fetch_add(1);
  const auto deadline = std::chrono::steady_clock::now() + rt_test::patience;
  while (arrived.load() < n && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  if (arrived.load() >= n) saw_all.fetch_add(1);
}

TEST_P(scheduler_each, with_n_schedulers_n_processes_run_at_the_same_time) {
  constexpr int n = 3;
  std::atomic<int> arrived{0};
  std::atomic<int> saw_all{0};
  rt::runtime r{cfg(n)};
  for (int i = 0; i < n; ++i) {
    r.spawn([&]() -> rt::proc {
      rendezvous(arrived, saw_all, n);
      co_return;
    });
  }
  EXPECT_TRUE(r.wait_idle_for(2 * rt_test::patience));
  EXPECT_EQ(saw_all.load(), n);
}

// Work that one process creates must reach every scheduler: if a wake-up were
// lost, some of these would never run at the same time as the others.
TEST_P(scheduler_each, processes_spawned_by_one_process_spread_to_every_scheduler) {
  constexpr int n = 3;
  std::atomic<int> arrived{0};
  std::atomic<int> saw_all{0};
  rt::runtime r{cfg(n)};
  r.spawn([&]() -> rt::proc {
    for (int i = 0; i < n; ++i) {
      (void)rt::spawn([&]() -> rt::proc {
        rendezvous(arrived, saw_all, n);
        co_return;
      });
    }
    co_return;
  });
  EXPECT_TRUE(r.wait_idle_for(2 * rt_test::patience));
  EXPECT_EQ(saw_all.load(), n);
}

TEST_P(scheduler_each, processes_woken_by_one_sender_spread_to_every_scheduler) {
  constexpr int n = 3;
  std::atomic<int> arrived{0};
  std::atomic<int> saw_all{0};
  std::atomic<int> blocked{0};
  rt::runtime r{cfg(n)};
  std::vector<rt::pid> sleepers;
  for (int i = 0; i < n; ++i) {
    sleepers.push_back(r.spawn([&]() -> rt::proc {
      blocked.fetch_add(1);
      co_await rt::receive([](go) {});
      rendezvous(arrived, saw_all, n);
    }));
  }
  ASSERT_TRUE(eventually([&] {
    if (blocked.load() < n) return false;
    for (rt::pid p : sleepers) {
      if (r.info(p)->status != "waiting") return false;
    }
    return true;
  }));
  r.spawn([&]() -> rt::proc {
    for (rt::pid p : sleepers) co_await rt::send(p, go{});
  });
  EXPECT_TRUE(r.wait_idle_for(2 * rt_test::patience));
  EXPECT_EQ(saw_all.load(), n);
}

// One scheduler. A busy process loops on co_await rt::reduce(); a pinger
// plays ping-pong with a probe. The busy process starts first and tells the
// pinger to begin, so without preemption by reductions the pinger could not
// run until the busy loop ended. The pinger must finish every round while the
// busy loop is still far from done.
TEST_P(scheduler_each, a_busy_process_does_not_starve_others_on_its_scheduler) {
  constexpr int rounds = 200;
  constexpr long busy_iterations = 1'000'000;  // each costs 100 reductions
  std::atomic<long> busy_progress{0};
  std::promise<long> progress_when_pings_done;
  std::promise<int> pongs;
  rt::runtime r{cfg(1)};
  const rt::pid probe = r.spawn([]() -> rt::proc {
    for (;;) {
      const rt::pid from = co_await rt::receive([](ping p) { return p.from; });
      co_await rt::send(from, pong{});
    }
  });
  const rt::pid pinger = r.spawn([&, probe]() -> rt::proc {
    co_await rt::receive([](go) {});
    int n = 0;
    for (int i = 0; i < rounds; ++i) {
      co_await rt::send(probe, ping{rt::self()});
      co_await rt::receive([&](pong) { ++n; });
    }
    progress_when_pings_done.set_value(busy_progress.load());
    pongs.set_value(n);
    rt::exit(probe, rt::exit_reason::kill());
  });
  r.spawn([&, pinger]() -> rt::proc {
    co_await rt::send(pinger, go{});
    for (long i = 1; i <= busy_iterations; ++i) {
      co_await rt::reduce(100);
      busy_progress.store(i, std::memory_order_relaxed);
    }
  });
  EXPECT_EQ(await(pongs.get_future()), rounds);
  const long progress = await(progress_when_pings_done.get_future());
  EXPECT_LT(progress, busy_iterations / 10) << "the pings waited for the busy loop";
  EXPECT_TRUE(r.wait_idle_for(2 * rt_test::patience));
  EXPECT_EQ(busy_progress.load(), busy_iterations);
}

// One scheduler, kept busy by a process that never blocks (it only passes
// preemption points) until the test says stop. Work that reaches that
// scheduler from other threads (a message from outside, a process spawned
// from outside) must still run while the busy process is going.
TEST_P(scheduler_each, a_busy_process_does_not_starve_work_that_arrives_from_other_threads) {
  std::atomic<bool> stop{false};
  std::atomic<int> answered{0};
  std::promise<void> busy_started;
  std::promise<bool> spawned_ran_while_busy;
  rt::runtime r{cfg(1)};
  const rt::pid probe = r.spawn([&]() -> rt::proc {
    for (;;) co_await rt::receive([&](int) { answered.fetch_add(1); });
  });
  r.spawn([&]() -> rt::proc {
    busy_started.set_value();
    const auto deadline = std::chrono::steady_clock::now() + 2 * rt_test::patience;  // a failing test still ends
    while (!stop.load() && std::chrono::steady_clock::now() < deadline) co_await rt::reduce(100);
  });
  await(busy_started.get_future());
  for (int i = 1; i <= 20; ++i) {
    r.send(probe, i);
    ASSERT_TRUE(eventually([&] { return answered.load() == i; })) << "ping " << i << " was not answered";
  }
  r.spawn([&]() -> rt::proc {
    spawned_ran_while_busy.set_value(!stop.load());
    co_return;
  });
  EXPECT_TRUE(await(spawned_ran_while_busy.get_future()));
  stop.store(true);
  r.exit(probe, rt::exit_reason::kill());
  EXPECT_TRUE(r.wait_idle_for(rt_test::patience));
}

TEST_P(scheduler_each, processes_woken_from_outside_run_in_the_order_they_were_woken) {
  // Enough wake-ups to pass many of work_stealing's periodic looks at the
  // global queue (every 61 slices), which once ran a newer wake-up ahead of
  // older ones already queued. Every process is waiting before the first
  // wake-up, so the order they run in is the scheduler's alone. (A process
  // shows "waiting" just before its scheduler blocks it; the last one spawned,
  // which may still be in between, is a bystander that gets no message.)
  constexpr int n = 2000;
  std::vector<int> order;  // only touched by processes of the one scheduler
  std::promise<std::vector<int>> done;
  rt::runtime r{cfg(1)};
  std::vector<rt::pid> waiting;
  for (int i = 0; i < n; ++i) {
    waiting.push_back(r.spawn([&, i]() -> rt::proc {
      co_await rt::receive([&](go) {
        order.push_back(i);
        if (order.size() == n) done.set_value(order);
      });
    }));
  }
  const rt::pid bystander = r.spawn([]() -> rt::proc { co_await rt::receive([](go) {}); });
  waiting.push_back(bystander);
  ASSERT_TRUE(eventually([&] {
    return std::all_of(waiting.begin(), waiting.end(), [&](rt::pid p) {
      const auto info = r.info(p);
      return info && info->status == "waiting";
    });
  }));
  waiting.pop_back();
  for (rt::pid p : waiting) r.send(p, go{});
  const std::vector<int> ran = await(done.get_future());
  std::vector<int> expected(n);
  std::iota(expected.begin(), expected.end(), 0);
  EXPECT_EQ(ran, expected);
  r.exit(bystander, rt::exit_reason::kill());
  EXPECT_TRUE(r.wait_idle_for(rt_test::patience));
}

TEST_P(scheduler_each, yielding_processes_that_overflow_the_local_queue_all_get_turns) {
  // More yielders than a scheduler's local queue holds (1,024): the overflow
  // waits in the global queue while yields keep the local one full. Each
  // must still run, and run again.
  constexpr int n = 3000;
  constexpr int turns = 3;
  std::atomic<int> finished{0};
  std::atomic<bool> stop{false};
  rt::runtime r{cfg(1)};
  for (int i = 0; i < n; ++i) {
    r.spawn([&]() -> rt::proc {
      for (int t = 0; t < turns; ++t) co_await rt::yield();
      finished.fetch_add(1);
      // Keep yielding, so that the local queue stays full while others wait.
      while (!stop.load()) co_await rt::yield();
    });
  }
  EXPECT_TRUE(eventually([&] { return finished.load() == n; })) << finished.load() << " of " << n << " had their turns";
  stop.store(true);
  EXPECT_TRUE(r.wait_idle_for(rt_test::patience));
}

TEST_P(scheduler_each, a_process_that_yields_lets_the_others_on_its_scheduler_run_in_turn) {
  // Two processes on one scheduler that yield after every step interleave.
  // A parent spawns both and only then ends, so both are queued before
  // either runs. Which one starts is the strategy's choice (work_stealing
  // runs the newest spawn first, the others the oldest); the turns are not.
  std::promise<std::string> trace;
  rt::runtime r{cfg(1)};
  std::string log;  // only touched by processes of the one scheduler
  int finished = 0;
  r.spawn([&]() -> rt::proc {
    for (char c : {'a', 'b'}) {
      (void)rt::spawn([&](char me) -> rt::proc {
        for (int i = 0; i < 3; ++i) {
          log += me;
          co_await rt::yield();
        }
        if (++finished == 2) trace.set_value(log);
      }, c);
    }
    co_return;
  });
  const std::string order = await(trace.get_future());
  EXPECT_TRUE(order == "ababab" || order == "bababa") << order;
  r.wait_idle();
}

TEST_P(scheduler_each, idle_schedulers_park_and_a_message_sent_after_a_pause_is_still_delivered) {
  std::atomic<int> received{0};
  rt::runtime r{cfg(2)};
  const rt::pid echo = r.spawn([&]() -> rt::proc {
    for (;;) co_await rt::receive([&](int) { received.fetch_add(1); });
  });
  int sent = 0;
  // Each round: a pause (schedulers run out of work and park), then a send,
  // which must wake one of them; until the stats show parks.
  ASSERT_TRUE(eventually([&] {
    std::this_thread::sleep_for(2ms);
    r.send(echo, ++sent);
    const int expect = sent;
    if (!eventually([&] { return received.load() == expect; })) return true;  // fails below
    return total(r.schedulers(), &rt::scheduler_info::parks) > 0;
  }));
  EXPECT_EQ(received.load(), sent);
  EXPECT_GT(total(r.schedulers(), &rt::scheduler_info::parks), 0u);
  EXPECT_GT(total(r.schedulers(), &rt::scheduler_info::parked_ns), 0u);
  // And again after a longer pause.
  std::this_thread::sleep_for(20ms);
  r.send(echo, ++sent);
  EXPECT_TRUE(eventually([&] { return received.load() == sent; }));
  r.exit(echo, rt::exit_reason::kill());
  r.wait_idle();
}

TEST_P(scheduler_each, schedulers_that_park_at_once_still_run_everything) {
  rt::config c = cfg(2);
  c.idle = rt::idle_policy::park;
  std::promise<int> got;
  rt::runtime r{c};
  const rt::pid echo = r.spawn([]() -> rt::proc {
    for (;;) {
      const rt::pid from = co_await rt::receive([](ping p) { return p.from; });
      co_await rt::send(from, pong{});
    }
  });
  r.spawn([&, echo]() -> rt::proc {
    int n = 0;
    for (int i = 0; i < 500; ++i) {
      co_await rt::send(echo, ping{rt::self()});
      co_await rt::receive([&](pong) { ++n; });
    }
    got.set_value(n);
    rt::exit(echo, rt::exit_reason::kill());
  });
  EXPECT_EQ(await(got.get_future()), 500);
  r.wait_idle();
}

TEST_P(scheduler_each, thousands_of_processes_spawned_from_processes_all_run_to_their_end) {
  constexpr int fanout = 50;
  constexpr int per_child = 40;  // 2000 grandchildren in all
  std::atomic<int> ran{0};
  rt::runtime r{cfg(2)};
  for (int i = 0; i < fanout; ++i) {
    r.spawn([&]() -> rt::proc {
      for (int k = 0; k < per_child; ++k) {
        (void)rt::spawn([&]() -> rt::proc {
          ran.fetch_add(1);
          co_return;
        });
      }
      co_return;
    });
  }
  EXPECT_TRUE(r.wait_idle_for(rt_test::patience));
  EXPECT_EQ(ran.load(), fanout * per_child);
  // A slice is counted once it is over, just after the process has ended.
  EXPECT_TRUE(eventually([&] {
    return total(r.schedulers(), &rt::scheduler_info::processes_run) >= std::uint64_t{fanout * per_child + fanout};
  }));
}

// Work stealing: a process spawns children onto its scheduler's local queue
// and then holds that scheduler until one of them has run. Only another
// scheduler, stealing, can run them.
TEST(scheduler, an_idle_scheduler_steals_work_from_a_busy_one) {
  std::atomic<bool> child_ran{false};
  std::promise<bool> parent_saw_child;
  rt::runtime r{rt_test::config_for(rt::strategy_kind::work_stealing, 2)};
  r.spawn([&]() -> rt::proc {
    for (int i = 0; i < 8; ++i) {
      (void)rt::spawn([&]() -> rt::proc {
        child_ran.store(true);
        co_return;
      });
    }
    const auto deadline = std::chrono::steady_clock::now() + rt_test::patience;
    while (!child_ran.load() && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
    parent_saw_child.set_value(child_ran.load());
    co_return;
  });
  EXPECT_TRUE(await(parent_saw_child.get_future()));
  r.wait_idle();
  EXPECT_GE(total(r.schedulers(), &rt::scheduler_info::steals), 1u);
}

// Holds the calling thread (in a process: its scheduler's) until done() is
// true or the test's patience runs out.
struct bounded_hold {
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::now() + rt_test::patience;
  template <class F>
  void operator()(F done) const {
    while (!done() && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  }
};

// A spawn burst: the idle scheduler takes it in a few thefts, up to half
// the deque each (work_stealing::steal_more_newborns), not one theft per
// process. One scheduler is held until all the children are spawned on the
// other, which is then held until they have run: only the first, stealing
// from a full deque, can run them. (Placement is a hint: an idle scheduler
// may take either process from the other's inbound queue, so the two may
// swap schedulers; that is no theft.) Taking one per theft made 200.
TEST(scheduler, an_idle_scheduler_takes_a_spawn_burst_in_a_few_thefts) {
  constexpr int children = 200;  // 2,000 reductions: all spawned in the parent's first slice
  std::atomic<bool> holder_running{false};
  std::atomic<bool> all_spawned{false};
  std::atomic<int> ran{0};
  std::promise<int> ran_while_held;
  rt::runtime r{rt_test::config_for(rt::strategy_kind::work_stealing, 2)};
  const bounded_hold hold_until;
  r.spawn(rt::spawn_options{.scheduler = 1}, [&]() -> rt::proc {
    holder_running.store(true);
    hold_until([&] { return all_spawned.load(); });
    co_return;
  });
  r.spawn(rt::spawn_options{.scheduler = 0}, [&]() -> rt::proc {
    hold_until([&] { return holder_running.load(); });
    for (int i = 0; i < children; ++i) {
      (void)rt::spawn([&]() -> rt::proc {
        ran.fetch_add(1);
        co_return;
      });
    }
    all_spawned.store(true);
    hold_until([&] { return ran.load() == children; });
    ran_while_held.set_value(ran.load());
    co_return;
  });
  ASSERT_EQ(await(ran_while_held.get_future()), children);
  r.wait_idle();
  // 1 + 64, 1 + 64, 1 + 34, 1 + 16, ...: about ten.
  const std::uint64_t thefts = total(r.schedulers(), &rt::scheduler_info::steals);
  EXPECT_GE(thefts, 1u);
  EXPECT_LE(thefts, 20u);
}

// An idle scheduler takes a process waiting in a busy one's FIFO queue before
// that one's new spawns (work_stealing::search): a spawner that yields moves
// to the idle scheduler, and the children it spawned stay where they were
// written. Here a parent on one scheduler spawns ten children and yields; the
// newest child runs first there and holds that scheduler until the parent is
// back. The other scheduler, released when that child starts, must take the
// parent, with no other child started. Taking spawns first took the ten
// children, a few at a time, before the parent.
TEST(scheduler, an_idle_scheduler_takes_a_queued_process_before_new_spawns) {
  constexpr int children = 10;
  std::atomic<bool> holder_running{false};
  std::atomic<bool> newest_running{false};
  std::atomic<bool> parent_back{false};
  std::atomic<int> started{0};
  std::promise<int> started_when_back;
  rt::runtime r{rt_test::config_for(rt::strategy_kind::work_stealing, 2)};
  const bounded_hold hold_until;
  r.spawn(rt::spawn_options{.scheduler = 1}, [&]() -> rt::proc {
    holder_running.store(true);
    hold_until([&] { return newest_running.load(); });
    co_return;
  });
  r.spawn(rt::spawn_options{.scheduler = 0}, [&]() -> rt::proc {
    hold_until([&] { return holder_running.load(); });  // so the two hold different schedulers
    for (int i = 0; i < children; ++i) {
      (void)rt::spawn([&, newest = i == children - 1]() -> rt::proc {
        started.fetch_add(1);
        if (newest) {
          newest_running.store(true);
          hold_until([&] { return parent_back.load(); });
        }
        co_return;
      });
    }
    co_await rt::yield();
    started_when_back.set_value(started.load());
    parent_back.store(true);
  });
  EXPECT_EQ(await(started_when_back.get_future()), 1);
  r.wait_idle();
  EXPECT_EQ(started.load(), children);
}

// A node of a spawn tree (skynet's shape): spawns `fanout` children, waits
// for their counts, sends its parent the count of its subtree. `live` counts
// processes spawned and not yet ended; one scheduler, so plain ints.
struct tree_node {
  int& live;
  int& max_live;
  rt::proc operator()(rt::pid parent, int depth) const {
    constexpr int fanout = 10;
    std::int64_t count = 1;
    if (depth > 0) {
      live += fanout;
      max_live = std::max(max_live, live);
      for (int i = 0; i < fanout; ++i) (void)rt::spawn(*this, rt::self(), depth - 1);
      for (int i = 0; i < fanout; ++i) co_await rt::receive([&](std::int64_t n) { count += n; });
    }
    --live;
    (void)rt::send(parent, count);
  }
};

// work_stealing runs the newest spawn first, so a tree unfolds depth first:
// alive at once are the current path and the siblings along it (about
// depth x fanout, 41 here; a little more when one of the rare oldest-spawn
// turns starts a second path), not most of the tree's 11,111, as breadth
// first would have it.
TEST(scheduler, a_spawn_tree_unfolds_depth_first_under_work_stealing) {
  constexpr int depth = 4;  // 11,111 processes
  int live = 1;
  int max_live = 1;
  std::promise<std::int64_t> total;
  rt::runtime r{rt_test::config_for(rt::strategy_kind::work_stealing, 1)};
  r.spawn([&]() -> rt::proc {
    (void)rt::spawn(tree_node{live, max_live}, rt::self(), depth);
    co_await rt::receive([&](std::int64_t n) { total.set_value(n); });
  });
  EXPECT_EQ(await(total.get_future()), 11'111);
  EXPECT_TRUE(r.wait_idle_for(rt_test::patience));
  EXPECT_EQ(live, 0);
  EXPECT_LE(max_live, 4 * (1 + 10 * depth)) << "the tree did not unfold depth first";
}

// The other side of running new spawns first: a chain of processes, each
// spawning the next and ending, keeps a spawn always waiting, and must not
// keep a process that yields from its turns. Both are spawned by one parent,
// the yielding one first, so under work_stealing it starts only because the
// oldest spawn gets a turn (defaults::oldest_spawn_interval), and runs again
// only because the FIFO queue gets one (defaults::max_spawn_streak).
TEST_P(scheduler_each, a_chain_of_spawns_does_not_starve_a_process_that_yields) {
  constexpr int generations = 10'000;
  struct chain {
    std::atomic<bool>& stop;
    const int& turns;
    std::promise<int>& turns_at_end;
    rt::proc operator()(int generation) const {
      if (generation == generations) {
        stop.store(true);
        turns_at_end.set_value(turns);
      } else {
        (void)rt::spawn(*this, generation + 1);
      }
      co_return;
    }
  };
  std::atomic<bool> stop{false};
  int turns = 0;  // only the yielding process writes it; one scheduler
  std::promise<int> turns_at_end;
  rt::runtime r{cfg(1)};
  r.spawn([&]() -> rt::proc {
    (void)rt::spawn([&]() -> rt::proc {
      while (!stop.load()) {
        ++turns;
        co_await rt::yield();
      }
    });
    (void)rt::spawn(chain{stop, turns, turns_at_end}, 0);
    co_return;
  });
  const int seen = await(turns_at_end.get_future());
  // With max_spawn_streak 16 it gets one turn in 17; at least one in 100.
  EXPECT_GE(seen, generations / 100);
  EXPECT_TRUE(r.wait_idle_for(rt_test::patience));
}

// Static placement: a process runs only on the scheduler it was placed on.
// While scheduler 0 is held, a process placed there waits, though scheduler 1
// is free; a process placed on scheduler 1 runs at once.
TEST(scheduler, static_placement_keeps_a_process_on_the_scheduler_it_was_placed_on) {
  std::atomic<bool> release{false};
  std::atomic<bool> waiting_one_ran{false};
  std::promise<void> holding;
  std::promise<bool> other_ran_first;
  rt::runtime r{rt_test::config_for(rt::strategy_kind::static_placement, 2)};
  r.spawn(rt::spawn_options{.scheduler = 0}, [&]() -> rt::proc {
    holding.set_value();
    const auto deadline = std::chrono::steady_clock::now() + rt_test::patience;
    while (!release.load() && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
    co_return;
  });
  await(holding.get_future());
  r.spawn(rt::spawn_options{.scheduler = 0}, [&]() -> rt::proc {
    waiting_one_ran.store(true);
    co_return;
  });
  r.spawn(rt::spawn_options{.scheduler = 1}, [&]() -> rt::proc {
    other_ran_first.set_value(!waiting_one_ran.load());
    co_return;
  });
  EXPECT_TRUE(await(other_ran_first.get_future())) << "a process left its scheduler";
  EXPECT_FALSE(waiting_one_ran.load());
  release.store(true);
  EXPECT_TRUE(r.wait_idle_for(rt_test::patience));
  EXPECT_TRUE(waiting_one_ran.load());
  EXPECT_EQ(total(r.schedulers(), &rt::scheduler_info::steals), 0u);
}

}  // namespace
