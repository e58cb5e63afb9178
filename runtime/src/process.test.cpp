#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <string>
#include <unordered_set>

#include "rt/rt.hpp"

using namespace std::chrono_literals;

namespace {

rt::config small(unsigned schedulers = 2) {
  rt::config c;
  c.schedulers = schedulers;
  return c;
}

TEST(process, a_spawned_process_runs_and_its_pid_is_returned_at_once) {
  rt::runtime r{small()};
  std::promise<rt::pid> seen;
  auto fut = seen.get_future();
  rt::pid p = r.spawn([&seen]() -> rt::proc {
    seen.set_value(rt::self());
    co_return;
  });
  EXPECT_FALSE(p.is_null());
  EXPECT_EQ(fut.get(), p);
  r.wait_idle();
  EXPECT_EQ(r.process_count(), 0u);
}

TEST(process, a_message_sent_from_outside_is_received) {
  rt::runtime r{small()};
  std::promise<int> got;
  rt::pid p = r.spawn([&got]() -> rt::proc {
    co_await rt::receive([&](int n) { got.set_value(n); });
  });
  EXPECT_TRUE(r.send(p, 42));
  EXPECT_EQ(got.get_future().get(), 42);
  r.wait_idle();
}

TEST(process, pids_print_like_the_beam_and_are_never_reused) {
  rt::runtime r{small()};
  std::unordered_set<rt::pid> seen;
  for (int i = 0; i < 2000; ++i) {
    rt::pid p = r.spawn([]() -> rt::proc { co_return; });
    EXPECT_TRUE(seen.insert(p).second) << p;
    if (i % 100 == 0) r.wait_idle();
  }
  r.wait_idle();
  const std::string s = rt::pid(42, 1).to_string();
  EXPECT_EQ(s, "<0.42.1>");
}

}  // namespace
