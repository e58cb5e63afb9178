// Processes: spawning, pids, and what a pid means once its process is gone.
#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <future>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <vector>

#include "rt/rt.hpp"
#include "test_support.hpp"

using namespace std::chrono_literals;
using rt_test::await;
using rt_test::config_for;
using rt_test::patience;

namespace {

rt::config small(unsigned schedulers = 2) { return config_for(rt::strategy_kind::work_stealing, schedulers); }

TEST(process, a_spawned_process_runs_and_its_pid_is_returned_at_once) {
  std::promise<rt::pid> seen;
  rt::runtime r{small()};
  rt::pid p = r.spawn([&seen]() -> rt::proc {
    seen.set_value(rt::self());
    co_return;
  });
  EXPECT_FALSE(p.is_null());
  EXPECT_EQ(await(seen.get_future()), p);
  r.wait_idle();
  EXPECT_EQ(r.process_count(), 0u);
}

#ifndef RT_PLAIN_ALLOCATOR  // the sanitizer builds' plain allocator aligns to 16
// A sender reads a control block's first 20 bytes (the pid, the mailbox head
// and its limit): blocks are 32-byte aligned so that those share one cache
// line. Bodies whose blocks differ in size by 16-byte steps, some spawned
// before their frame size is known (frame apart) and most after (frame in the
// block): at 16-byte alignment half of some of these blocks are misaligned.
TEST(process, control_blocks_are_32_byte_aligned_whatever_their_size) {
  rt::runtime r{small(1)};
  std::atomic<int> seen{0};
  std::atomic<int> misaligned{0};
  auto check = [&seen, &misaligned] {
    const auto at = reinterpret_cast<std::uintptr_t>(rt::detail::tls_context.current);
    if (at % 32 != 0) misaligned.fetch_add(1);
    seen.fetch_add(1);
  };
  std::array<char, 8> a{};
  std::array<char, 24> b{};
  std::array<char, 40> c{};
  for (int i = 0; i < 100; ++i) {
    r.spawn([check, a]() -> rt::proc { check(); (void)a; co_return; });
    r.spawn([check, b]() -> rt::proc { check(); (void)b; co_return; });
    r.spawn([check, c]() -> rt::proc { check(); (void)c; co_return; });
  }
  r.wait_idle();
  EXPECT_EQ(seen.load(), 300);
  EXPECT_EQ(misaligned.load(), 0);
}
#endif

TEST(process, spawn_returns_before_the_body_has_run_to_its_end) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<bool> body_saw_release;
  rt::runtime r{small()};
  // The body cannot finish until the test thread, after spawn returns, says so;
  // a spawn that ran the body to its end first would wait `patience` and fail.
  r.spawn([&]() -> rt::proc {
    body_saw_release.set_value(released.wait_for(patience) == std::future_status::ready);
    co_return;
  });
  release.set_value();
  EXPECT_TRUE(await(body_saw_release.get_future()));
  r.wait_idle();
}

TEST(process, the_body_gets_its_own_copies_of_the_arguments_given_to_spawn) {
  std::promise<std::string> got;
  rt::runtime r{small()};
  std::string text = "hello";
  std::vector<int> numbers{1, 2, 3};
  std::promise<void> go;
  std::shared_future<void> gone = go.get_future().share();
  r.spawn(
      [&got, gone](std::string s, std::vector<int> v, int n) -> rt::proc {
        (void)gone.wait_for(patience);  // until the caller has changed its copies
        got.set_value(s + ":" + std::to_string(v.size()) + ":" + std::to_string(n));
        co_return;
      },
      text, numbers, 7);
  text = "changed";
  numbers.clear();
  go.set_value();
  EXPECT_EQ(await(got.get_future()), "hello:3:7");
  r.wait_idle();
}

TEST(process, a_message_sent_from_outside_is_received) {
  std::promise<int> got;
  rt::runtime r{small()};
  rt::pid p = r.spawn([&got]() -> rt::proc {
    co_await rt::receive([&](int n) { got.set_value(n); });
  });
  EXPECT_TRUE(r.send(p, 42));
  EXPECT_EQ(await(got.get_future()), 42);
  r.wait_idle();
}

TEST(process, pids_are_values_that_compare_hash_and_print_like_the_beams) {
  const rt::pid a{42, 1};
  const rt::pid b = a;  // copyable
  EXPECT_EQ(a, b);
  EXPECT_EQ(std::hash<rt::pid>{}(a), std::hash<rt::pid>{}(b));
  EXPECT_NE(a, (rt::pid{42, 2}));
  EXPECT_LT((rt::pid{1, 9}), (rt::pid{2, 1}));
  EXPECT_EQ(a.to_string(), "<0.42.1>");
  std::ostringstream os;
  os << rt::pid{7, 3};
  EXPECT_EQ(os.str(), "<0.7.3>");
  EXPECT_TRUE(rt::pid{}.is_null());
  EXPECT_FALSE(static_cast<bool>(rt::pid{}));
  EXPECT_TRUE(static_cast<bool>(a));
}

TEST(process, a_process_knows_its_own_pid_and_it_prints_with_its_slot_and_serial) {
  std::promise<rt::pid> seen;
  rt::runtime r{small()};
  rt::pid p = r.spawn([&seen]() -> rt::proc {
    seen.set_value(rt::self());
    co_return;
  });
  EXPECT_EQ(await(seen.get_future()), p);
  EXPECT_EQ(p.to_string(), "<0." + std::to_string(p.slot()) + "." + std::to_string(p.serial()) + ">");
  r.wait_idle();
}

TEST(process, pids_are_never_reused_even_when_slots_are) {
  // One scheduler, so every exited child's slot goes back to the scheduler
  // that spawns the next one: slots are certainly reused.
  std::promise<std::vector<rt::pid>> seen;
  rt::runtime r{small(1)};
  r.spawn([&seen]() -> rt::proc {
    std::vector<rt::pid> pids;
    for (int i = 0; i < 500; ++i) {
      auto [child, ref] = rt::spawn_monitor([]() -> rt::proc { co_return; });
      pids.push_back(child);
      co_await rt::receive(rt::on<rt::down_msg>([ref](const rt::down_msg& d) { return d.monitor == ref; },
                                                [](rt::down_msg) {}));
    }
    seen.set_value(std::move(pids));
  });
  const std::vector<rt::pid> pids = await(seen.get_future());
  std::unordered_set<rt::pid> unique(pids.begin(), pids.end());
  EXPECT_EQ(unique.size(), pids.size());
  std::unordered_set<std::uint32_t> slots;
  for (rt::pid p : pids) slots.insert(p.slot());
  EXPECT_LT(slots.size(), pids.size()) << "the test means to exercise slot reuse";
  r.wait_idle();
}

TEST(process, pids_of_processes_spawned_from_outside_are_unique) {
  rt::runtime r{small()};
  std::unordered_set<rt::pid> seen;
  for (int i = 0; i < 2000; ++i) {
    rt::pid p = r.spawn([]() -> rt::proc { co_return; });
    EXPECT_TRUE(seen.insert(p).second) << p;
    if (i % 100 == 0) r.wait_idle();
  }
  r.wait_idle();
}

TEST(process, sending_to_a_dead_pid_is_a_silent_no_op) {
  std::promise<bool> sent_from_inside;
  rt::runtime r{small()};
  rt::pid dead = r.spawn([]() -> rt::proc { co_return; });
  r.wait_idle();
  EXPECT_FALSE(r.send(dead, 1));
  EXPECT_FALSE(r.send(rt::pid{}, 1));
  EXPECT_FALSE(r.send(dead, std::string(1000, 'x')));  // freed, not leaked (ASan)
  r.spawn([&, dead]() -> rt::proc {
    co_await rt::send(dead, 1);
    (void)rt::send(rt::pid{}, std::string("nobody"));
    sent_from_inside.set_value(true);
  });
  EXPECT_TRUE(await(sent_from_inside.get_future()));
  r.wait_idle();
  EXPECT_EQ(r.process_count(), 0u);
}

TEST(process, a_message_to_a_dead_pid_never_reaches_the_process_that_reuses_its_slot) {
  std::promise<bool> slot_reused;
  std::promise<int> second_got;
  rt::runtime r{small(1)};  // one scheduler: the dead pid's slot is reused next
  r.spawn([&]() -> rt::proc {
    auto [first, ref] = rt::spawn_monitor([]() -> rt::proc { co_return; });
    (void)ref;
    co_await rt::receive([](rt::down_msg) {});
    rt::pid second = rt::spawn([&second_got]() -> rt::proc {
      co_await rt::receive([&](int n) { second_got.set_value(n); });
    });
    slot_reused.set_value(second.slot() == first.slot() && second != first);
    (void)rt::send(first, 1);  // to the dead pid: must vanish
    (void)rt::send(second, 2);
  });
  EXPECT_TRUE(await(slot_reused.get_future()));
  EXPECT_EQ(await(second_got.get_future()), 2);
  r.wait_idle();
}

TEST(process, a_body_that_fails_before_its_coroutine_starts_makes_spawn_throw_and_leaves_nothing) {
  rt::runtime r{small()};
  // Not a coroutine: it throws while building the body, inside spawn.
  auto failing_factory = []() -> rt::proc { throw std::runtime_error("cannot start"); };
  EXPECT_THROW(r.spawn(failing_factory), std::runtime_error);
  EXPECT_EQ(r.process_count(), 0u);
  EXPECT_TRUE(r.processes().empty());
  std::promise<bool> inside;
  r.spawn([&]() -> rt::proc {
    bool threw = false;
    try {
      (void)rt::spawn(failing_factory);
    } catch (const std::runtime_error&) {
      threw = true;
    }
    inside.set_value(threw);
    co_return;
  });
  EXPECT_TRUE(await(inside.get_future()));
  r.wait_idle();
}


// A process is one allocation once its body's frame size is known: the root
// frame lives in the control block (proc.hpp, frame_reservation). Each shape
// below runs several times, so that later spawns use the learnt room; every
// frame must be freed exactly once (ASan checks that in its build, live_bytes
// everywhere).
rt::proc small_body(std::atomic<int>* ran) {
  ran->fetch_add(1);
  co_await rt::receive([](int) {});
}
rt::proc big_body(std::atomic<int>* ran) {
  std::array<char, 2048> kept{};  // lives across the receive: a frame larger than any room
  kept[0] = 1;
  ran->fetch_add(kept[0]);
  co_await rt::receive([&](int v) { kept[1] = static_cast<char>(v); });
}

TEST(process, every_root_frame_is_freed_once_whether_or_not_it_lives_in_the_control_block) {
  constexpr int rounds = 4;
  constexpr int per_round = 50;
  rt::runtime r{small()};
  const std::size_t before = r.live_bytes();
  std::atomic<int> ran{0};
  int expected = 0;
  for (int round = 0; round < rounds; ++round) {
    std::vector<rt::pid> pids;
    for (int i = 0; i < per_round; ++i) {
      // The same function object returns a small frame or a large one, so its
      // learnt room is at times too small; the other shapes always fit it.
      const bool big = (round + i) % 3 == 0;
      pids.push_back(r.spawn([&ran, big] { return big ? big_body(&ran) : small_body(&ran); }));
      // A function object that makes another proc and drops it before making
      // the body: the dropped one may take the room and must give it back.
      pids.push_back(r.spawn([&ran] {
        { rt::proc dropped = small_body(&ran); }
        return small_body(&ran);
      }));
      expected += 2;
    }
    EXPECT_TRUE(rt_test::eventually([&] { return ran.load() == expected; }));
    // Half end normally, half are killed while suspended in receive.
    for (std::size_t i = 0; i < pids.size(); ++i) {
      if (i % 2 == 0) {
        r.send(pids[i], 1);
      } else {
        r.exit(pids[i], rt::exit_reason::kill());
      }
    }
    r.wait_idle();
  }
  EXPECT_EQ(r.live_bytes(), before);
}

TEST(process, a_runtime_stopped_with_processes_alive_frees_their_frames_in_and_out_of_the_block) {
  std::atomic<int> ran{0};
  rt::runtime probe{small(1)};  // live_bytes counts over the whole program
  const std::size_t before = probe.live_bytes();
  {
    rt::runtime r{small()};
    for (int i = 0; i < 40; ++i) {
      r.spawn([&ran, i] { return i % 4 == 0 ? big_body(&ran) : small_body(&ran); });
    }
    EXPECT_TRUE(rt_test::eventually([&] { return ran.load() == 40; }));
  }  // shutdown destroys them all, suspended in receive
  EXPECT_EQ(probe.live_bytes(), before);
}

}  // namespace
