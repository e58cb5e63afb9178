// Messages: asynchronous sends, FIFO mailboxes, and deep copies (the seeds:
// "any message sent to a process is deep-copied since processes can't share
// memory").
#include <gtest/gtest.h>

#include <cstdint>
#include <future>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "rt/rt.hpp"
#include "test_support.hpp"

using namespace std::chrono_literals;
using rt_test::await;

namespace {

struct note {
  std::vector<int> numbers;
  std::string text;
  std::uintptr_t sender_numbers_at = 0;  // where the sender's vector kept its elements
};
struct from_sender {
  int sender;
  int seq;
};
struct done {};

// What may be sent is decided at compile time.
static_assert(rt::is_sendable_v<int>);
static_assert(rt::is_sendable_v<std::string>);
static_assert(rt::is_sendable_v<note>);
static_assert(rt::is_sendable_v<std::vector<std::string>>);
static_assert(rt::is_sendable_v<std::shared_ptr<const int>>);
static_assert(!rt::is_sendable_v<int*>);
static_assert(!rt::is_sendable_v<std::shared_ptr<int>>);
static_assert(!rt::is_sendable_v<std::unique_ptr<int>>);
static_assert(!rt::is_sendable_v<std::string_view>);
static_assert(!rt::is_sendable_v<std::span<int>>);
static_assert(!rt::is_sendable_v<std::vector<int*>>);

class message : public rt_test::on_each_strategy {};
RT_TEST_ON_EACH_STRATEGY(message);

TEST_P(message, send_returns_before_the_receiver_has_received) {
  std::promise<void> received;
  rt::runtime r{cfg()};
  std::promise<void> go;
  std::shared_future<void> gone = go.get_future().share();
  rt::pid p = r.spawn([&]() -> rt::proc {
    (void)gone.wait_for(rt_test::patience);  // busy until the sender has returned
    co_await rt::receive([&](int) { received.set_value(); });
  });
  EXPECT_TRUE(r.send(p, 1));  // would not return if send waited for the receive
  go.set_value();
  await(received.get_future());
  r.wait_idle();
}

TEST_P(message, a_mailbox_delivers_the_messages_of_one_sender_in_the_order_sent) {
  constexpr int n = 1000;
  std::promise<std::vector<int>> got;
  rt::runtime r{cfg()};
  rt::pid p = r.spawn([&]() -> rt::proc {
    std::vector<int> seen;
    for (int i = 0; i < n; ++i) seen.push_back(co_await rt::receive([](int v) { return v; }));
    got.set_value(std::move(seen));
  });
  for (int i = 0; i < n; ++i) r.send(p, i);
  const std::vector<int> seen = await(got.get_future());
  ASSERT_EQ(seen.size(), std::size_t{n});
  for (int i = 0; i < n; ++i) ASSERT_EQ(seen[i], i);
  r.wait_idle();
}

TEST_P(message, each_of_many_concurrent_senders_is_received_in_its_own_order) {
  constexpr int senders = 4;
  constexpr int per_sender = 300;
  std::promise<bool> in_order;
  rt::runtime r{cfg()};
  rt::pid sink = r.spawn([&]() -> rt::proc {
    std::vector<int> next(senders, 0);
    bool ok = true;
    for (int i = 0; i < senders * per_sender; ++i) {
      co_await rt::receive([&](from_sender m) {
        ok = ok && m.seq == next[m.sender];
        next[m.sender] = m.seq + 1;
      });
    }
    in_order.set_value(ok);
  });
  for (int s = 0; s < senders; ++s) {
    r.spawn([sink](int id) -> rt::proc {
      for (int i = 0; i < per_sender; ++i) co_await rt::send(sink, from_sender{id, i});
    }, s);
  }
  EXPECT_TRUE(await(in_order.get_future()));
  r.wait_idle();
}

TEST_P(message, the_receiver_gets_a_deep_copy_that_later_changes_by_the_sender_do_not_touch) {
  std::promise<note> got;
  std::promise<void> sent;
  rt::runtime r{cfg()};
  rt::pid receiver = r.spawn([&]() -> rt::proc {
    co_await rt::receive([&](note n) {
      // Record whether the receiver's elements live where the sender's do.
      const bool shared = reinterpret_cast<std::uintptr_t>(n.numbers.data()) == n.sender_numbers_at;
      n.sender_numbers_at = shared ? 1 : 0;
      got.set_value(std::move(n));
    });
  });
  r.spawn([&, receiver]() -> rt::proc {
    note mine{{1, 2, 3}, "original", 0};
    mine.sender_numbers_at = reinterpret_cast<std::uintptr_t>(mine.numbers.data());
    co_await rt::send(receiver, mine);
    // The sender goes on using its value; the receiver must not see it.
    mine.numbers[0] = 99;
    mine.numbers.push_back(4);
    mine.text[0] = 'X';
    sent.set_value();
    co_return;
  });
  await(sent.get_future());
  const note n = await(got.get_future());
  EXPECT_EQ(n.numbers, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(n.text, "original");
  EXPECT_EQ(n.sender_numbers_at, 0u) << "receiver's vector shares the sender's storage";
  r.wait_idle();
}

TEST_P(message, a_value_sent_from_outside_is_copied_at_the_send) {
  std::promise<std::vector<std::string>> got;
  rt::runtime r{cfg()};
  std::promise<void> go;
  std::shared_future<void> gone = go.get_future().share();
  rt::pid p = r.spawn([&]() -> rt::proc {
    (void)gone.wait_for(rt_test::patience);
    co_await rt::receive([&](std::vector<std::string> v) { got.set_value(std::move(v)); });
  });
  std::vector<std::string> mine{"a", "b"};
  r.send(p, mine);
  mine[0] = "changed";
  mine.clear();
  go.set_value();
  EXPECT_EQ(await(got.get_future()), (std::vector<std::string>{"a", "b"}));
  r.wait_idle();
}

TEST_P(message, a_process_can_send_to_itself) {
  std::promise<int> got;
  rt::runtime r{cfg()};
  r.spawn([&]() -> rt::proc {
    co_await rt::send(rt::self(), 5);
    got.set_value(co_await rt::receive([](int v) { return v; }));
  });
  EXPECT_EQ(await(got.get_future()), 5);
  r.wait_idle();
}

TEST_P(message, ping_pong_between_two_processes_completes_every_round) {
  constexpr int rounds = 2000;
  std::promise<int> finished;
  rt::runtime r{cfg()};
  rt::pid ponger = r.spawn([]() -> rt::proc {
    for (;;) {
      const rt::pid from = co_await rt::receive([](rt::pid f) { return f; });
      if (from.is_null()) co_return;
      co_await rt::send(from, done{});
    }
  });
  r.spawn([&, ponger]() -> rt::proc {
    int n = 0;
    for (int i = 0; i < rounds; ++i) {
      co_await rt::send(ponger, rt::self());
      co_await rt::receive([&](done) { ++n; });
    }
    co_await rt::send(ponger, rt::pid{});
    finished.set_value(n);
  });
  EXPECT_EQ(await(finished.get_future()), rounds);
  r.wait_idle();
}

struct throws_on_copy {
  throws_on_copy() = default;
  throws_on_copy(const throws_on_copy&) { throw std::runtime_error("copy failed"); }
};

TEST_P(message, a_message_whose_copy_throws_is_not_sent_and_the_sender_sees_the_exception) {
  std::promise<int> got;
  rt::runtime r{cfg()};
  const rt::pid p = r.spawn([&]() -> rt::proc {
    got.set_value(co_await rt::receive([](int n) { return n; }, [](throws_on_copy) { return -1; }));
  });
  const throws_on_copy bad;
  EXPECT_THROW(r.send(p, bad), std::runtime_error);
  // Inside a process the exception ends the sender, not the receiver.
  auto sender = rt_test::spawn_watched(r, [p]() -> rt::proc {
    const throws_on_copy mine;
    co_await rt::send(p, mine);
  });
  EXPECT_EQ(await(std::move(sender)).reason, rt::exit_reason::error("copy failed"));
  r.send(p, 1);
  EXPECT_EQ(await(got.get_future()), 1);
  r.wait_idle();
}

}  // namespace
