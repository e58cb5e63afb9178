// Mailbox limits (mailbox_limit.hpp): each policy, alone and under races
// between many senders, a receiver that dies, and links and monitors.
//
// A limited receiver is held still by a gate: it waits for the DOWN of a gate
// process, which the test ends by sending it `open`. A DOWN is a signal turned
// into a message, so it passes any limit, and it also checks that such
// messages do not upset the count.
#include <gtest/gtest.h>

#include <cstdint>
#include <future>
#include <map>
#include <thread>
#include <memory>
#include <vector>

#include "rt/rt.hpp"
#include "test_support.hpp"

using namespace std::chrono_literals;
using rt_test::await;
using rt_test::eventually;

namespace {

struct open {};
struct hold {};  // never sent: a receive for it waits until killed
struct item {
  int sender;
  int seq;
};
struct sender_done {
  int sender;
};

class mailbox_limit : public rt_test::on_each_strategy {};
RT_TEST_ON_EACH_STRATEGY(mailbox_limit);

rt::spawn_options limited(std::size_t max, rt::overflow_policy policy) {
  rt::spawn_options o;
  o.mailbox = {max, policy};
  return o;
}

// A receiver that waits until its gate opens, then reports the items it
// receives, in order: `expect` of them (waiting for each), or with expect 0
// what its mailbox holds at that moment.
struct gated_receiver {
  explicit gated_receiver(std::size_t expect = 0) : expect(expect) {}
  std::size_t expect;
  std::promise<rt::pid> gate;
  std::promise<std::vector<item>> drained;

  auto body() {
    return [this]() -> rt::proc {
      auto [g, mon] = rt::spawn_monitor([]() -> rt::proc { co_await rt::receive([](open) {}); });
      gate.set_value(g);
      co_await rt::receive([](const rt::down_msg&) {});
      std::vector<item> seen;
      if (expect != 0) {
        while (seen.size() < expect) seen.push_back(co_await rt::receive([](item i) { return i; }));
      } else {
        for (bool more = true; more;) {
          more = co_await rt::receive([&](item i) { seen.push_back(i); return true; },
                                      rt::after(0ms, [] { return false; }));
        }
      }
      drained.set_value(std::move(seen));
    };
  }
};

std::uint32_t mailbox_length(rt::runtime& r, rt::pid p) {
  auto i = r.info(p);
  return i ? i->mailbox_length : 0;
}

bool is_waiting(rt::runtime& r, rt::pid p) {
  auto i = r.info(p);
  return i && i->status == "waiting";
}

// Each sender's items arrive in the order sent.
void expect_in_order_per_sender(const std::vector<item>& seen) {
  std::map<int, int> last;
  for (const item& i : seen) {
    auto [it, fresh] = last.try_emplace(i.sender, i.seq);
    if (!fresh) {
      ASSERT_LT(it->second, i.seq) << "sender " << i.sender;
      it->second = i.seq;
    }
  }
}

TEST_P(mailbox_limit, an_unlimited_process_reports_no_limit_and_no_drops) {
  rt::runtime r{cfg()};
  rt::pid p = r.spawn([]() -> rt::proc { co_await rt::receive([](hold) {}); });
  auto i = r.info(p);
  ASSERT_TRUE(i.has_value());
  EXPECT_EQ(i->mailbox_limit, 0u);
  EXPECT_EQ(i->messages_dropped, 0u);
  r.exit(p, rt::exit_reason::kill());
  r.wait_idle();
}

TEST_P(mailbox_limit, drop_newest_keeps_the_oldest_messages_and_counts_the_rest) {
  gated_receiver g;
  rt::runtime r{cfg()};
  rt::pid p = r.spawn(limited(4, rt::overflow_policy::drop_newest), g.body());
  const rt::pid gate = await(g.gate.get_future());
  for (int i = 0; i < 10; ++i) EXPECT_EQ(r.send(p, item{0, i}), i < 4) << i;
  auto info = r.info(p);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->mailbox_limit, 4u);
  EXPECT_EQ(info->messages_dropped, 6u);
  EXPECT_EQ(info->mailbox_length, 4u);
  r.send(gate, open{});
  const std::vector<item> seen = await(g.drained.get_future());
  ASSERT_EQ(seen.size(), 4u);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(seen[i].seq, i);
  r.wait_idle();
}

TEST_P(mailbox_limit, drop_newest_with_many_senders_loses_only_what_it_counts) {
  constexpr int senders = 4;
  constexpr int per_sender = 300;
  constexpr std::size_t limit = 8;
  gated_receiver g;
  std::promise<void> all_sent;
  rt::runtime r{cfg()};
  rt::pid p = r.spawn(limited(limit, rt::overflow_policy::drop_newest), g.body());
  const rt::pid gate = await(g.gate.get_future());
  r.spawn([&, p]() -> rt::proc {
    for (int s = 0; s < senders; ++s) {
      (void)rt::spawn_monitor([p, s]() -> rt::proc {
        for (int i = 0; i < per_sender; ++i) co_await rt::send(p, item{s, i});
      });
    }
    for (int s = 0; s < senders; ++s) co_await rt::receive([](const rt::down_msg&) {});
    all_sent.set_value();
  });
  await(all_sent.get_future());
  auto info = r.info(p);
  ASSERT_TRUE(info.has_value());
  const std::uint64_t dropped = info->messages_dropped;
  r.send(gate, open{});
  const std::vector<item> seen = await(g.drained.get_future());
  EXPECT_EQ(seen.size() + dropped, std::size_t{senders * per_sender});
  EXPECT_GE(seen.size(), limit);
  EXPECT_LE(seen.size(), limit + senders);  // racing senders go over by one each at most
  expect_in_order_per_sender(seen);
  r.wait_idle();
}

TEST_P(mailbox_limit, kill_receiver_kills_untrappably_and_links_and_monitors_hear_mailbox_limit) {
  std::promise<rt::pid> victim;
  std::promise<std::pair<rt::exit_reason, rt::exit_reason>> heard;  // (EXIT, DOWN)
  rt::runtime r{cfg()};
  r.spawn([&]() -> rt::proc {
    rt::trap_exit(true);
    rt::spawn_options o = limited(4, rt::overflow_policy::kill_receiver);
    o.trap_exit = true;  // trapping does not save it
    rt::pid v = rt::spawn(o, []() -> rt::proc { co_await rt::receive([](hold) {}); });
    rt::link(v);
    rt::monitor(v);
    victim.set_value(v);
    rt::exit_reason on_exit, on_down;
    for (int i = 0; i < 2; ++i) {
      co_await rt::receive([&](rt::exit_msg e) { on_exit = e.reason; },
                           [&](rt::down_msg d) { on_down = d.reason; });
    }
    heard.set_value({on_exit, on_down});
  });
  const rt::pid v = await(victim.get_future());
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(r.send(v, item{0, i}));
  EXPECT_FALSE(r.send(v, item{0, 4}));  // over the limit: dropped, and the receiver dies
  const auto [on_exit, on_down] = await(heard.get_future());
  EXPECT_EQ(on_exit.what(), rt::exit_reason::kind::mailbox_limit) << on_exit;
  EXPECT_EQ(on_down.what(), rt::exit_reason::kind::mailbox_limit) << on_down;
  EXPECT_FALSE(r.send(v, item{0, 5}));
  r.wait_idle();
}

TEST_P(mailbox_limit, kill_receiver_under_many_senders_ends_the_receiver_once) {
  constexpr int senders = 4;
  std::promise<int> downs;
  rt::runtime r{cfg()};
  r.spawn([&]() -> rt::proc {
    rt::pid v = rt::spawn(limited(16, rt::overflow_policy::kill_receiver),
                          []() -> rt::proc { co_await rt::receive([](hold) {}); });
    rt::monitor(v);
    for (int s = 0; s < senders; ++s) {
      rt::spawn([v, s]() -> rt::proc {
        for (int i = 0; i < 1000; ++i) co_await rt::send(v, item{s, i});
      });
    }
    int n = 0;
    co_await rt::receive([&](const rt::down_msg& d) { n += d.reason.what() == rt::exit_reason::kind::mailbox_limit; });
    // Exactly one DOWN per monitor: no second one may follow.
    co_await rt::receive([&](const rt::down_msg&) { ++n; }, rt::after(50ms, [] {}));
    downs.set_value(n);
  });
  EXPECT_EQ(await(downs.get_future()), 1);
  r.wait_idle();
}

TEST_P(mailbox_limit, mute_senders_suspends_a_sender_at_the_limit_and_loses_nothing) {
  constexpr int n = 100;
  constexpr std::size_t limit = 8;
  gated_receiver g{n};
  std::promise<void> finished;
  rt::runtime r{cfg()};
  rt::pid p = r.spawn(limited(limit, rt::overflow_policy::mute_senders), g.body());
  const rt::pid gate = await(g.gate.get_future());
  rt::pid s = r.spawn([&, p]() -> rt::proc {
    for (int i = 0; i < n; ++i) co_await rt::send(p, item{0, i});
    finished.set_value();
  });
  // The sender delivers the message that takes the mailbox past the limit,
  // then stays muted: the length stops there.
  ASSERT_TRUE(eventually([&] { return is_waiting(r, s) && mailbox_length(r, p) == limit + 1; }))
      << mailbox_length(r, p);
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(mailbox_length(r, p), limit + 1);
  EXPECT_EQ(r.info(p)->messages_dropped, 0u);
  r.send(gate, open{});
  await(finished.get_future());
  const std::vector<item> seen = await(g.drained.get_future());
  ASSERT_EQ(seen.size(), std::size_t{n});
  for (int i = 0; i < n; ++i) EXPECT_EQ(seen[i].seq, i);
  r.wait_idle();
}

TEST_P(mailbox_limit, mute_senders_with_many_senders_delivers_every_message_in_order) {
  constexpr int senders = 4;
  constexpr int per_sender = 500;
  constexpr std::size_t limit = 4;
  gated_receiver g{senders * per_sender};
  rt::runtime r{cfg()};
  rt::pid p = r.spawn(limited(limit, rt::overflow_policy::mute_senders), g.body());
  const rt::pid gate = await(g.gate.get_future());
  std::vector<rt::pid> ss;
  for (int s = 0; s < senders; ++s) {
    ss.push_back(r.spawn([p, s]() -> rt::proc {
      for (int i = 0; i < per_sender; ++i) co_await rt::send(p, item{s, i});
    }));
  }
  ASSERT_TRUE(eventually([&] {
    for (rt::pid s : ss) {
      if (!is_waiting(r, s)) return false;
    }
    return true;
  }));
  EXPECT_LE(mailbox_length(r, p), limit + senders);
  r.send(gate, open{});
  const std::vector<item> seen = await(g.drained.get_future());
  EXPECT_EQ(seen.size(), std::size_t{senders * per_sender});
  expect_in_order_per_sender(seen);
  r.wait_idle();
}

TEST_P(mailbox_limit, muted_senders_resume_when_the_receiver_dies) {
  constexpr int senders = 3;
  std::promise<void> all_done;
  rt::runtime r{cfg()};
  rt::pid p = r.spawn(limited(2, rt::overflow_policy::mute_senders),
                      []() -> rt::proc { co_await rt::receive([](hold) {}); });
  std::promise<std::vector<rt::pid>> spawned;
  r.spawn([&, p]() -> rt::proc {
    std::vector<rt::pid> ss;
    for (int s = 0; s < senders; ++s) {
      ss.push_back(rt::spawn_monitor([p, s]() -> rt::proc {
                     for (int i = 0; i < 100; ++i) co_await rt::send(p, item{s, i});
                   }).first);
    }
    spawned.set_value(ss);
    for (int s = 0; s < senders; ++s) {
      co_await rt::receive([](const rt::down_msg& d) {
        EXPECT_TRUE(d.reason.is_normal()) << d.reason;
      });
    }
    all_done.set_value();
  });
  const std::vector<rt::pid> ss = await(spawned.get_future());
  ASSERT_TRUE(eventually([&] {
    for (rt::pid s : ss) {
      if (!is_waiting(r, s)) return false;
    }
    return true;
  }));
  r.exit(p, rt::exit_reason::kill());
  await(all_done.get_future());  // the senders finished: sends to a dead pid do nothing
  r.wait_idle();
}

TEST_P(mailbox_limit, a_muted_sender_can_still_be_killed) {
  rt::runtime r{cfg()};
  rt::pid p = r.spawn(limited(1, rt::overflow_policy::mute_senders),
                      []() -> rt::proc { co_await rt::receive([](hold) {}); });
  std::promise<rt::pid> sender;
  auto down = rt_test::spawn_watched(r, [&, p]() -> rt::proc {
    sender.set_value(rt::self());
    for (int i = 0;; ++i) co_await rt::send(p, item{0, i});
  });
  const rt::pid s = await(sender.get_future());
  ASSERT_TRUE(eventually([&] { return is_waiting(r, s); }));
  r.exit(s, rt::exit_reason::kill());
  EXPECT_EQ(await(std::move(down)).reason.what(), rt::exit_reason::kind::killed);
  r.exit(p, rt::exit_reason::kill());
  r.wait_idle();
}

TEST_P(mailbox_limit, a_send_from_outside_to_a_full_mute_senders_mailbox_is_delivered) {
  gated_receiver g;
  rt::runtime r{cfg()};
  rt::pid p = r.spawn(limited(2, rt::overflow_policy::mute_senders), g.body());
  const rt::pid gate = await(g.gate.get_future());
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(r.send(p, item{0, i}));
  EXPECT_EQ(mailbox_length(r, p), 5u);
  r.send(gate, open{});
  EXPECT_EQ(await(g.drained.get_future()).size(), 5u);
  r.wait_idle();
}

}  // namespace
