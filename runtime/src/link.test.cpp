// Links: two processes that share a fate. When one ends with a reason other
// than normal, the other ends with the same reason, unless it traps exits, in
// which case it receives an rt::exit_msg. A normal exit kills nobody; `kill`
// reaches links as `killed`; linking to a dead process is an exit with noproc.
#include <gtest/gtest.h>

#include <future>
#include <stdexcept>
#include <string>
#include <vector>

#include "rt/rt.hpp"
#include "test_support.hpp"

using namespace std::chrono_literals;
using rt_test::await;
using rt_test::spawn_watched;

namespace {

struct go {};

class links : public rt_test::on_each_strategy {};
RT_TEST_ON_EACH_STRATEGY(links);

// A child that waits for `go`, then throws "boom".
rt::proc crash_on_go() {
  co_await rt::receive([](go) {});
  throw std::runtime_error("boom");
}

TEST_P(links, a_process_linked_to_one_that_crashes_dies_with_the_same_reason) {
  rt::runtime r{cfg()};
  auto down = spawn_watched(r, []() -> rt::proc {
    (void)rt::spawn_link([]() -> rt::proc {
      co_await rt::yield();
      throw std::runtime_error("boom");
    });
    co_await rt::receive([](go) {});  // never comes: the link ends this process
  });
  EXPECT_EQ(await(std::move(down)).reason, rt::exit_reason::error("boom"));
  r.wait_idle();
}

TEST_P(links, a_link_is_in_place_before_a_spawn_linked_child_first_runs) {
  rt::runtime r{cfg()};
  // The child ends at its first instruction; the parent still hears of it.
  auto down = spawn_watched(r, []() -> rt::proc {
    (void)rt::spawn_link([]() -> rt::proc { rt::exit_self(rt::exit_reason::other("early")); co_return; });
    co_await rt::receive([](go) {});
  });
  EXPECT_EQ(await(std::move(down)).reason, rt::exit_reason::other("early"));
  r.wait_idle();
}

TEST_P(links, a_process_that_traps_exits_receives_an_exit_msg_and_lives_on) {
  std::promise<rt::exit_msg> got;
  std::promise<rt::pid> child_pid;
  rt::runtime r{cfg()};
  auto down = spawn_watched(r, [&]() -> rt::proc {
    const bool was = rt::trap_exit(true);
    if (was) throw std::logic_error("trap_exit was already on");
    child_pid.set_value(rt::spawn_link([]() -> rt::proc {
      co_await rt::yield();
      throw std::runtime_error("boom");
    }));
    got.set_value(co_await rt::receive([](rt::exit_msg m) { return m; }));
    rt::exit_self(rt::exit_reason::other("still alive after the exit_msg"));
  });
  const rt::exit_msg m = await(got.get_future());
  EXPECT_EQ(m.from, await(child_pid.get_future()));
  EXPECT_EQ(m.reason, rt::exit_reason::error("boom"));
  EXPECT_EQ(await(std::move(down)).reason, rt::exit_reason::other("still alive after the exit_msg"));
  r.wait_idle();
}

TEST_P(links, a_normal_exit_kills_no_linked_process) {
  rt::runtime r{cfg()};
  auto down = spawn_watched(r, []() -> rt::proc {
    rt::pid child = rt::spawn_link([]() -> rt::proc { co_await rt::receive([](go) {}); });
    (void)rt::monitor(child);
    co_await rt::send(child, go{});
    // The child's link exit (normal) arrives before its DOWN: once the DOWN
    // is here, the exit signal has been handled and ignored.
    const rt::exit_reason why = co_await rt::receive([](rt::down_msg d) { return d.reason; });
    if (!why.is_normal()) throw std::logic_error("child did not end normally");
    rt::exit_self(rt::exit_reason::other("survived"));
  });
  EXPECT_EQ(await(std::move(down)).reason, rt::exit_reason::other("survived"));
  r.wait_idle();
}

TEST_P(links, a_trapping_process_sees_a_normal_exit_of_a_link_as_an_exit_msg) {
  std::promise<rt::exit_reason> got;
  rt::runtime r{cfg()};
  r.spawn(rt::spawn_options{.trap_exit = true}, [&]() -> rt::proc {
    (void)rt::spawn_link([]() -> rt::proc { co_return; });
    got.set_value(co_await rt::receive([](rt::exit_msg m) { return m.reason; }));
  });
  EXPECT_EQ(await(got.get_future()), rt::exit_reason::normal());
  r.wait_idle();
}

TEST_P(links, link_joins_two_running_processes_in_both_directions) {
  std::promise<rt::pid> partner_pid;
  rt::runtime r{cfg()};
  // The partner links to the watched process; the partner's crash kills it.
  auto down = spawn_watched(r, [&]() -> rt::proc {
    const rt::pid me = rt::self();
    const rt::pid partner = rt::spawn([me]() -> rt::proc {
      rt::link(me);
      co_await rt::send(me, go{});
      co_await rt::receive([](go) {});
      throw std::runtime_error("partner crashed");
    });
    co_await rt::receive([](go) {});  // the link is in place
    partner_pid.set_value(partner);
    co_await rt::receive([](int) {});
  });
  const rt::pid partner = await(partner_pid.get_future());
  r.send(partner, go{});
  EXPECT_EQ(await(std::move(down)).reason, rt::exit_reason::error("partner crashed"));
  r.wait_idle();
}

TEST_P(links, an_exit_propagates_along_a_chain_of_links) {
  rt::runtime r{cfg()};
  std::promise<rt::pid> tail_pid;
  // head - middle - tail; the tail's crash ends all three.
  auto head = spawn_watched(r, [&]() -> rt::proc {
    auto middle = rt::spawn_link([&tail_pid]() -> rt::proc {
      tail_pid.set_value(rt::spawn_link(crash_on_go));
      co_await rt::receive([](int) {});
    });
    (void)middle;
    co_await rt::receive([](int) {});
  });
  r.send(await(tail_pid.get_future()), go{});
  EXPECT_EQ(await(std::move(head)).reason, rt::exit_reason::error("boom"));
  EXPECT_TRUE(r.wait_idle_for(rt_test::patience));
}

TEST_P(links, after_unlink_a_crash_no_longer_propagates) {
  rt::runtime r{cfg()};
  auto down = spawn_watched(r, []() -> rt::proc {
    rt::pid child = rt::spawn_link(crash_on_go);
    rt::unlink(child);
    (void)rt::monitor(child);
    co_await rt::send(child, go{});
    const rt::exit_reason why = co_await rt::receive([](rt::down_msg d) { return d.reason; });
    if (why != rt::exit_reason::error("boom")) throw std::logic_error("unexpected child exit");
    rt::exit_self(rt::exit_reason::other("survived"));
  });
  EXPECT_EQ(await(std::move(down)).reason, rt::exit_reason::other("survived"));
  r.wait_idle();
}

TEST_P(links, a_killed_process_reaches_its_links_as_killed) {
  std::promise<rt::exit_msg> got;
  std::promise<rt::pid> child_pid;
  rt::runtime r{cfg()};
  r.spawn([&]() -> rt::proc {
    rt::trap_exit(true);
    child_pid.set_value(rt::spawn_link([]() -> rt::proc {
      rt::trap_exit(true);  // kill is untrappable
      for (;;) co_await rt::receive([](rt::exit_msg) {});
    }));
    got.set_value(co_await rt::receive([](rt::exit_msg m) { return m; }));
  });
  const rt::pid child = await(child_pid.get_future());
  r.exit(child, rt::exit_reason::kill());
  const rt::exit_msg m = await(got.get_future());
  EXPECT_EQ(m.from, child);
  EXPECT_EQ(m.reason, rt::exit_reason::killed());
  r.wait_idle();
}

TEST_P(links, a_non_trapping_link_of_a_killed_process_dies_with_killed) {
  std::promise<rt::pid> child_pid;
  rt::runtime r{cfg()};
  auto down = spawn_watched(r, [&]() -> rt::proc {
    child_pid.set_value(rt::spawn_link([]() -> rt::proc { co_await rt::receive([](go) {}); }));
    co_await rt::receive([](go) {});
  });
  r.exit(await(child_pid.get_future()), rt::exit_reason::kill());
  EXPECT_EQ(await(std::move(down)).reason, rt::exit_reason::killed());
  r.wait_idle();
}

TEST_P(links, linking_to_a_dead_process_is_an_exit_with_reason_noproc) {
  std::promise<rt::exit_msg> trapped;
  rt::runtime r{cfg()};
  rt::pid dead = r.spawn([]() -> rt::proc { co_return; });
  r.wait_idle();
  auto down = spawn_watched(r, [dead]() -> rt::proc {
    rt::link(dead);
    co_await rt::receive([](go) {});
  });
  EXPECT_EQ(await(std::move(down)).reason, rt::exit_reason::noproc());
  r.spawn([&, dead]() -> rt::proc {
    rt::trap_exit(true);
    rt::link(dead);
    trapped.set_value(co_await rt::receive([](rt::exit_msg m) { return m; }));
  });
  const rt::exit_msg m = await(trapped.get_future());
  EXPECT_EQ(m.from, dead);
  EXPECT_EQ(m.reason, rt::exit_reason::noproc());
  r.wait_idle();
}

TEST_P(links, a_message_sent_before_a_crash_arrives_before_the_exit_msg_it_is_followed_by) {
  std::promise<std::vector<std::string>> order;
  rt::runtime r{cfg()};
  r.spawn([&]() -> rt::proc {
    rt::trap_exit(true);
    const rt::pid me = rt::self();
    (void)rt::spawn_link([me]() -> rt::proc {
      for (int i = 0; i < 3; ++i) co_await rt::send(me, i);
      throw std::runtime_error("after the messages");
    });
    std::vector<std::string> seen;
    for (int i = 0; i < 4; ++i) {
      seen.push_back(co_await rt::receive([](int n) { return std::to_string(n); },
                                          [](rt::exit_msg m) { return m.reason.to_string(); }));
    }
    order.set_value(seen);
  });
  EXPECT_EQ(await(order.get_future()), (std::vector<std::string>{"0", "1", "2", "error: after the messages"}));
  r.wait_idle();
}

}  // namespace
