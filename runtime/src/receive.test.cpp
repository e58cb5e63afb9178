// Selective receive: matching by type and guard, messages that match nothing
// staying in the mailbox in order, `after` timeouts, polling and the catch-all.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <stdexcept>
#include <string>
#include <vector>

#include "rt/rt.hpp"
#include "test_support.hpp"

using namespace std::chrono_literals;
using rt_test::await;

namespace {

struct apple {
  int n;
};
struct pear {
  int n;
};
struct go {};

// A waiting receive lives in the process's coroutine frame, so its size is
// part of every idle process's memory and of the cache lines a message
// touches: a clause without a guard holds just its handler, and the awaiter's
// own flags fit in receive_wait's padding.
struct one_pointer_handler {
  int* seen;
  void operator()(int n) const { *seen = n; }
};
// (The Itanium C++ ABI's layout, as GCC and Clang use it; MSVC ignores
// [[no_unique_address]] and never reuses a base's padding.)
#ifndef _MSC_VER
static_assert(sizeof(rt::clause<int, rt::detail::no_guard, one_pointer_handler>) == sizeof(one_pointer_handler));
static_assert(sizeof(decltype(rt::receive(one_pointer_handler{nullptr}))) ==
              sizeof(rt::detail::receive_wait) + sizeof(void*) + sizeof(one_pointer_handler));
#endif

class receive : public rt_test::on_each_strategy {};
RT_TEST_ON_EACH_STRATEGY(receive);

TEST_P(receive, a_receive_waits_until_a_message_of_its_type_arrives) {
  std::promise<std::string> got;
  std::promise<std::vector<int>> rest;
  rt::runtime r{cfg()};
  rt::pid p = r.spawn([&]() -> rt::proc {
    got.set_value(co_await rt::receive([](std::string s) { return s; }));
    std::vector<int> ints;
    for (int i = 0; i < 3; ++i) ints.push_back(co_await rt::receive([](int v) { return v; }));
    rest.set_value(ints);
  });
  r.send(p, 1);
  r.send(p, 2);
  r.send(p, 3);
  r.send(p, std::string("text"));
  EXPECT_EQ(await(got.get_future()), "text");
  EXPECT_EQ(await(rest.get_future()), (std::vector<int>{1, 2, 3}));
  r.wait_idle();
}

TEST_P(receive, messages_that_match_no_clause_stay_in_the_mailbox_in_arrival_order) {
  std::promise<std::vector<int>> order;
  rt::runtime r{cfg()};
  rt::pid p = r.spawn([&]() -> rt::proc {
    co_await rt::receive([](go) {});  // everything below is queued before this matches
    std::vector<int> seen;
    seen.push_back(co_await rt::receive([](pear x) { return x.n; }));
    seen.push_back(co_await rt::receive([](pear x) { return x.n; }));
    for (int i = 0; i < 3; ++i) seen.push_back(co_await rt::receive([](apple x) { return x.n; }));
    order.set_value(seen);
  });
  r.send(p, apple{1});
  r.send(p, pear{10});
  r.send(p, apple{2});
  r.send(p, pear{20});
  r.send(p, apple{3});
  r.send(p, go{});
  EXPECT_EQ(await(order.get_future()), (std::vector<int>{10, 20, 1, 2, 3}));
  r.wait_idle();
}

TEST_P(receive, the_oldest_matching_message_wins_whatever_the_order_of_the_clauses) {
  std::promise<std::vector<std::string>> order;
  rt::runtime r{cfg()};
  rt::pid p = r.spawn([&]() -> rt::proc {
    co_await rt::receive([](go) {});
    std::vector<std::string> seen;
    for (int i = 0; i < 3; ++i) {
      seen.push_back(co_await rt::receive([](pear x) { return "pear" + std::to_string(x.n); },
                                          [](apple x) { return "apple" + std::to_string(x.n); }));
    }
    order.set_value(seen);
  });
  r.send(p, apple{1});
  r.send(p, pear{2});
  r.send(p, apple{3});
  r.send(p, go{});
  EXPECT_EQ(await(order.get_future()), (std::vector<std::string>{"apple1", "pear2", "apple3"}));
  r.wait_idle();
}

TEST_P(receive, a_guard_selects_among_messages_of_one_type_and_the_rest_keep_their_order) {
  std::promise<std::vector<int>> order;
  rt::runtime r{cfg()};
  rt::pid p = r.spawn([&]() -> rt::proc {
    co_await rt::receive([](go) {});
    std::vector<int> seen;
    // The first int above 10, then the first even one, then whatever is left.
    seen.push_back(co_await rt::receive(rt::on<int>([](int v) { return v > 10; }, [](int v) { return v; })));
    seen.push_back(co_await rt::receive(rt::on<int>([](const int& v) { return v % 2 == 0; }, [](int&& v) { return v; })));
    for (int i = 0; i < 4; ++i) seen.push_back(co_await rt::receive([](const int& v) { return v; }));
    order.set_value(seen);
  });
  for (int v : {1, 4, 15, 3, 20, 5}) r.send(p, v);
  r.send(p, go{});
  EXPECT_EQ(await(order.get_future()), (std::vector<int>{15, 4, 1, 3, 20, 5}));
  r.wait_idle();
}

TEST_P(receive, a_guard_that_throws_counts_as_not_matching) {
  std::promise<int> got;
  rt::runtime r{cfg()};
  rt::pid p = r.spawn([&]() -> rt::proc {
    got.set_value(co_await rt::receive(
        rt::on<int>([](int v) -> bool { if (v == 1) throw std::runtime_error("bad guard"); return true; },
                    [](int v) { return v; })));
  });
  r.send(p, 1);
  r.send(p, 2);
  EXPECT_EQ(await(got.get_future()), 2);
  r.wait_idle();
}

TEST_P(receive, a_guard_is_checked_again_for_messages_that_arrive_while_waiting) {
  std::promise<int> got;
  rt::runtime r{cfg()};
  rt::pid p = r.spawn([&]() -> rt::proc {
    got.set_value(co_await rt::receive(rt::on<int>([](int v) { return v == 3; }, [](int v) { return v; })));
  });
  // Some of these arrive while the process is blocked: each wakes it, none
  // but the last matches.
  for (int v : {1, 2, 3}) r.send(p, v);
  EXPECT_EQ(await(got.get_future()), 3);
  r.wait_idle();
}

TEST_P(receive, an_after_clause_runs_when_nothing_matches_in_time) {
  std::promise<std::string> got;
  rt::runtime r{cfg()};
  const auto t0 = std::chrono::steady_clock::now();
  rt::pid p = r.spawn([&]() -> rt::proc {
    got.set_value(co_await rt::receive([](int) { return std::string("message"); },
                                       rt::after(30ms, [] { return std::string("timeout"); })));
  });
  r.send(p, std::string("not an int"));  // wakes it, matches nothing
  EXPECT_EQ(await(got.get_future()), "timeout");
  EXPECT_GE(std::chrono::steady_clock::now() - t0, 30ms) << "a timeout must not fire early";
  r.wait_idle();
}

TEST_P(receive, a_message_that_arrives_in_time_beats_the_after_clause) {
  std::promise<std::string> got;
  rt::runtime r{cfg()};
  rt::pid p = r.spawn([&]() -> rt::proc {
    got.set_value(co_await rt::receive([](int v) { return "message " + std::to_string(v); },
                                       rt::after(rt_test::patience, [] { return std::string("timeout"); })));
  });
  r.send(p, 7);
  EXPECT_EQ(await(got.get_future()), "message 7");
  r.wait_idle();
}

TEST_P(receive, a_zero_timeout_polls_the_mailbox_without_waiting) {
  std::promise<void> polled_empty;
  std::promise<std::vector<std::string>> got;
  rt::runtime r{cfg()};
  rt::pid p = r.spawn([&]() -> rt::proc {
    auto poll = [] {
      return rt::receive([](int v) { return std::to_string(v); }, rt::after(0ms, [] { return std::string("empty"); }));
    };
    std::vector<std::string> seen;
    seen.push_back(co_await poll());  // nothing has been sent yet
    polled_empty.set_value();
    co_await rt::receive([](go) {});
    seen.push_back(co_await poll());  // the int sent before go
    seen.push_back(co_await poll());  // only a string is left: no match, and it stays
    seen.push_back(co_await rt::receive([](std::string s) { return s; },
                                        rt::after(0ms, [] { return std::string("gone"); })));
    got.set_value(seen);
  });
  await(polled_empty.get_future());
  r.send(p, 5);
  r.send(p, std::string("left"));
  r.send(p, go{});
  EXPECT_EQ(await(got.get_future()), (std::vector<std::string>{"empty", "5", "empty", "left"}));
  r.wait_idle();
}

TEST_P(receive, a_catch_all_takes_the_oldest_message_of_any_type) {
  std::promise<std::vector<std::string>> got;
  rt::runtime r{cfg()};
  rt::pid p = r.spawn([&]() -> rt::proc {
    co_await rt::receive([](go) {});
    std::vector<std::string> seen;
    // The oldest message is a pear: the catch-all takes it, though the int
    // clause comes first.
    seen.push_back(co_await rt::receive([](int v) { return std::to_string(v); }, rt::any([] { return std::string("any"); })));
    seen.push_back(co_await rt::receive([](int v) { return std::to_string(v); }, rt::any([] { return std::string("any"); })));
    seen.push_back(co_await rt::receive(rt::any([] { return std::string("any"); }), rt::after(0ms, [] { return std::string("empty"); })));
    got.set_value(seen);
  });
  r.send(p, pear{1});
  r.send(p, 42);
  r.send(p, go{});
  EXPECT_EQ(await(got.get_future()), (std::vector<std::string>{"any", "42", "empty"}));
  r.wait_idle();
}

TEST_P(receive, handlers_may_take_the_message_by_value_const_ref_or_rvalue_ref_and_return_nothing) {
  std::promise<std::string> got;
  rt::runtime r{cfg()};
  rt::pid p = r.spawn([&]() -> rt::proc {
    std::string all;
    co_await rt::receive([&](std::string s) { all += s; });
    co_await rt::receive([&](const std::string& s) { all += s; });
    co_await rt::receive([&](std::string&& s) { all += std::move(s); });
    got.set_value(all);
  });
  r.send(p, std::string("a"));
  r.send(p, std::string("b"));
  r.send(p, std::string("c"));
  EXPECT_EQ(await(got.get_future()), "abc");
  r.wait_idle();
}

TEST_P(receive, a_receive_loop_over_a_long_mailbox_takes_every_message) {
  constexpr int n = 20000;  // several reduction budgets' worth: receive yields in between
  std::promise<long> sum;
  rt::runtime r{cfg()};
  rt::pid p = r.spawn([&]() -> rt::proc {
    co_await rt::receive([](go) {});
    long s = 0;
    for (int i = 0; i < n; ++i) s += co_await rt::receive([](int v) { return v; });
    sum.set_value(s);
  });
  for (int i = 0; i < n; ++i) r.send(p, 1);
  r.send(p, go{});
  EXPECT_EQ(await(sum.get_future()), n);
  r.wait_idle();
}

}  // namespace
