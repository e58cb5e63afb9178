// Each process's private heap: rt::heap() as a std::pmr resource, its byte
// count (runtime::info(pid)->heap_bytes), and the per-process cap
// (spawn_options::max_heap, config::default_max_heap): a process that goes over
// it dies with reason heap_limit, and no other process notices.
#include <gtest/gtest.h>

#include <future>
#include <memory_resource>
#include <new>
#include <vector>

#include "rt/rt.hpp"
#include "test_support.hpp"

using rt_test::await;

namespace {

struct go {};
struct ask {
  rt::pid from;
};

rt::config small() { return rt_test::config_for(rt::strategy_kind::work_stealing); }

TEST(process_heap, a_process_allocates_from_its_heap_through_pmr_and_the_bytes_are_counted) {
  std::promise<rt::pid> allocated;
  rt::runtime r{small()};
  rt::pid idle = r.spawn([]() -> rt::proc { co_await rt::receive([](go) {}); });
  rt::pid p = r.spawn([&]() -> rt::proc {
    std::pmr::memory_resource* heap = rt::heap();
    const bool same = heap->is_equal(*rt::heap());
    std::pmr::vector<int> numbers{heap};
    numbers.resize(100'000);
    allocated.set_value(same ? rt::self() : rt::pid{});
    co_await rt::receive([](go) {});
  });
  EXPECT_EQ(await(allocated.get_future()), p);
  auto info = r.info(p);
  ASSERT_TRUE(info);
  EXPECT_GE(info->heap_bytes, 100'000 * sizeof(int));
  EXPECT_EQ(r.info(idle)->heap_bytes, 0u) << "a process that never allocates has an empty heap";
  r.send(p, go{});
  r.send(idle, go{});
  r.wait_idle();
}

TEST(process_heap, a_process_over_its_max_heap_dies_with_heap_limit_and_others_are_unaffected) {
  std::promise<rt::exit_reason> why;
  std::promise<std::size_t> sibling_state_before;
  std::promise<std::size_t> sibling_state_after;
  rt::runtime r{small()};
  // A sibling with state on its own heap, which answers with a sum over it.
  rt::pid sibling = r.spawn([]() -> rt::proc {
    std::pmr::vector<long> state{rt::heap()};
    state.assign(10'000, 7);
    for (;;) {
      const rt::pid from = co_await rt::receive([](ask a) { return a.from; });
      long sum = 0;
      for (long v : state) sum += v;
      co_await rt::send(from, static_cast<std::size_t>(sum));
    }
  });
  rt::pid victim = r.spawn(rt::spawn_options{.max_heap = 16 * 1024}, []() -> rt::proc {
    co_await rt::receive([](go) {});
    std::pmr::vector<char> big{rt::heap()};
    big.resize(1 << 20);  // over the cap: heap_limit_error
    co_await rt::receive([](go) {});
  });
  r.spawn([&, victim, sibling]() -> rt::proc {
    co_await rt::send(sibling, ask{rt::self()});
    sibling_state_before.set_value(co_await rt::receive([](std::size_t n) { return n; }));
    (void)rt::monitor(victim);
    co_await rt::send(victim, go{});
    co_await rt::receive([&](rt::down_msg d) { why.set_value(d.reason); });
    co_await rt::send(sibling, ask{rt::self()});
    sibling_state_after.set_value(co_await rt::receive([](std::size_t n) { return n; }));
  });
  const rt::exit_reason reason = await(why.get_future());
  EXPECT_EQ(reason.what(), rt::exit_reason::kind::heap_limit) << reason;
  EXPECT_EQ(await(sibling_state_before.get_future()), 70'000u);
  EXPECT_EQ(await(sibling_state_after.get_future()), 70'000u) << "the sibling's state must be intact";
  auto info = r.info(sibling);
  ASSERT_TRUE(info) << "the sibling must still be alive";
  EXPECT_GE(info->heap_bytes, 10'000 * sizeof(long));
  EXPECT_FALSE(r.info(victim));
  r.exit(sibling, rt::exit_reason::kill());
  r.wait_idle();
}

TEST(process_heap, catching_the_heap_limit_error_does_not_save_the_process) {
  std::promise<rt::exit_reason> why;
  rt::runtime r{small()};
  rt::pid victim = r.spawn(rt::spawn_options{.max_heap = 8 * 1024}, []() -> rt::proc {
    co_await rt::receive([](go) {});
    try {
      std::pmr::vector<char> big{rt::heap()};
      big.resize(1 << 20);
    } catch (const rt::heap_limit_error&) {
      // Swallowed: the runtime still ends the process at its next suspension.
    }
    co_await rt::receive([](go) {});
  });
  r.spawn([&, victim]() -> rt::proc {
    (void)rt::monitor(victim);
    co_await rt::send(victim, go{});
    co_await rt::receive([&](rt::down_msg d) { why.set_value(d.reason); });
  });
  EXPECT_EQ(await(why.get_future()).what(), rt::exit_reason::kind::heap_limit);
  r.wait_idle();
}

TEST(process_heap, a_process_within_its_max_heap_lives_on) {
  std::promise<std::size_t> got;
  rt::runtime r{small()};
  r.spawn(rt::spawn_options{.max_heap = 1 << 20}, [&]() -> rt::proc {
    std::pmr::vector<char> some{rt::heap()};
    some.resize(10'000);
    co_await rt::yield();
    got.set_value(some.size());
  });
  EXPECT_EQ(await(got.get_future()), 10'000u);
  r.wait_idle();
}

TEST(process_heap, the_configured_default_max_heap_applies_to_every_process) {
  rt::config c = small();
  c.default_max_heap = 8 * 1024;
  rt::runtime r{c};
  auto down = rt_test::spawn_watched(r, []() -> rt::proc {
    std::pmr::vector<char> big{rt::heap()};
    big.resize(1 << 20);
    co_return;
  });
  EXPECT_EQ(await(std::move(down)).reason.what(), rt::exit_reason::kind::heap_limit);
  r.wait_idle();
}

}  // namespace
