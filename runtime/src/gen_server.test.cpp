// gen_server: state that lives in its own process, changed by casts and read
// by calls; call's errors (timeout, noproc, server_died) are values.
#include <gtest/gtest.h>

#include <future>
#include <stdexcept>
#include <string>
#include <vector>

#include "rt/rt.hpp"
#include "test_support.hpp"

using namespace std::chrono_literals;
using rt::gen::call_error;
using rt_test::await;

namespace {

struct get {};
struct add {
  int k;
};
struct fail {};
struct name_of {};

struct counter {
  using calls = rt::gen::types<get, fail, name_of>;
  using casts = rt::gen::types<add>;

  explicit counter(int start = 0, std::string name = "counter") : n(start), name(std::move(name)) {}
  int handle_call(const get&) { return n; }
  int handle_call(const fail&) { throw std::runtime_error("handle_call failed"); }
  std::string handle_call(const name_of&) { return name; }
  void handle_cast(const add& a) { n += a.k; }

  int n;
  std::string name;
};

struct call_outcome {
  bool ok;
  int value;
  call_error error;
  rt::exit_reason reason;
};

template <class Reply>
call_outcome outcome_of(rt::gen::result<Reply>& r) {
  return {r.ok(), r.ok() ? static_cast<int>(*r) : 0, r.error(), r.reason()};
}

class gen_server : public rt_test::on_each_strategy {};
RT_TEST_ON_EACH_STRATEGY(gen_server);

TEST_P(gen_server, casts_change_the_state_in_the_server_and_calls_read_it) {
  std::promise<std::vector<int>> seen;
  rt::runtime r{cfg()};
  r.spawn([&]() -> rt::proc {
    const rt::pid c = rt::gen::start<counter>(10);
    std::vector<int> values;
    auto first = co_await rt::gen::call<int>(c, get{}, rt_test::patience);
    values.push_back(first.ok() ? *first : -1);
    co_await rt::gen::cast(c, add{5});
    co_await rt::gen::cast(c, add{-2});
    auto second = co_await rt::gen::call<int>(c, get{}, rt_test::patience);
    values.push_back(second.ok() ? *second : -1);
    rt::exit(c, rt::exit_reason::kill());
    seen.set_value(values);
  });
  EXPECT_EQ(await(seen.get_future()), (std::vector<int>{10, 13}));
  r.wait_idle();
}

TEST_P(gen_server, each_server_has_its_own_state) {
  std::promise<std::vector<std::string>> seen;
  rt::runtime r{cfg()};
  r.spawn([&]() -> rt::proc {
    const rt::pid a = rt::gen::start<counter>(0, std::string("a"));
    const rt::pid b = rt::gen::start<counter>(100, std::string("b"));
    co_await rt::gen::cast(a, add{1});
    co_await rt::gen::cast(b, add{2});
    std::vector<std::string> out;
    for (rt::pid s : {a, b}) {
      auto name = co_await rt::gen::call<std::string>(s, name_of{}, rt_test::patience);
      auto value = co_await rt::gen::call<int>(s, get{}, rt_test::patience);
      out.push_back((name.ok() ? *name : "?") + "=" + (value.ok() ? std::to_string(*value) : "?"));
      rt::exit(s, rt::exit_reason::kill());
    }
    seen.set_value(out);
  });
  EXPECT_EQ(await(seen.get_future()), (std::vector<std::string>{"a=1", "b=102"}));
  r.wait_idle();
}

TEST_P(gen_server, a_server_started_from_outside_handles_requests_in_arrival_order) {
  constexpr int clients = 4;
  constexpr int casts_each = 100;
  std::promise<int> total;
  rt::runtime r{cfg()};
  const rt::pid c = rt::gen::start<counter>(r);
  std::atomic<int> finished{0};
  for (int i = 0; i < clients; ++i) {
    r.spawn([&, c]() -> rt::proc {
      for (int k = 0; k < casts_each; ++k) co_await rt::gen::cast(c, add{1});
      // A call after my casts sees all of them: one server, requests in order.
      auto mine = co_await rt::gen::call<int>(c, get{}, rt_test::patience);
      if (!mine.ok() || *mine < casts_each) throw std::logic_error("call overtook my casts");
      if (finished.fetch_add(1) + 1 == clients) {
        auto all = co_await rt::gen::call<int>(c, get{}, rt_test::patience);
        total.set_value(all.ok() ? *all : -1);
      }
    });
  }
  EXPECT_EQ(await(total.get_future()), clients * casts_each);
  r.exit(c, rt::exit_reason::kill());
  r.wait_idle();
}

TEST_P(gen_server, a_call_that_gets_no_reply_in_time_is_a_timeout_error) {
  std::promise<call_outcome> got;
  rt::runtime r{cfg()};
  // Not a server: it takes the request and never answers.
  const rt::pid mute = r.spawn([]() -> rt::proc { co_await rt::receive([](int) {}); });
  r.spawn([&, mute]() -> rt::proc {
    auto res = co_await rt::gen::call<int>(mute, get{}, 20ms);
    got.set_value(outcome_of(res));
  });
  const call_outcome o = await(got.get_future());
  EXPECT_FALSE(o.ok);
  EXPECT_EQ(o.error, call_error::timeout);
  EXPECT_EQ(rt::gen::to_string(o.error), "timeout");
  r.exit(mute, rt::exit_reason::kill());
  r.wait_idle();
}

TEST_P(gen_server, a_call_to_a_dead_server_is_a_noproc_error) {
  std::promise<call_outcome> got;
  rt::runtime r{cfg()};
  const rt::pid dead = r.spawn([]() -> rt::proc { co_return; });
  r.wait_idle();
  r.spawn([&, dead]() -> rt::proc {
    auto res = co_await rt::gen::call<int>(dead, get{}, rt_test::patience);
    got.set_value(outcome_of(res));
  });
  const call_outcome o = await(got.get_future());
  EXPECT_FALSE(o.ok);
  EXPECT_EQ(o.error, call_error::noproc);
  r.wait_idle();
}

TEST_P(gen_server, a_server_that_crashes_during_a_call_is_a_server_died_error_with_its_reason) {
  std::promise<call_outcome> got;
  std::promise<bool> caller_alive;
  rt::runtime r{cfg()};
  r.spawn([&]() -> rt::proc {
    const rt::pid c = rt::gen::start<counter>();
    auto res = co_await rt::gen::call<int>(c, fail{}, rt_test::patience);
    got.set_value(outcome_of(res));
    // The caller is not linked to the server: it lives on, and its mailbox
    // holds no leftover DOWN.
    caller_alive.set_value(co_await rt::receive([](rt::down_msg) { return false; },
                                                rt::after(0ms, [] { return true; })));
  });
  const call_outcome o = await(got.get_future());
  EXPECT_FALSE(o.ok);
  EXPECT_EQ(o.error, call_error::server_died);
  EXPECT_EQ(o.reason, rt::exit_reason::error("handle_call failed"));
  EXPECT_TRUE(await(caller_alive.get_future()));
  r.wait_idle();
}

TEST_P(gen_server, a_late_reply_after_a_timeout_is_not_taken_for_the_next_call) {
  std::promise<std::vector<int>> seen;
  rt::runtime r{cfg()};
  // A slow echo: it answers each request only after the next one arrives, so
  // the first call times out and its reply comes while the second waits.
  r.spawn([&]() -> rt::proc {
    const rt::pid slow = rt::spawn([]() -> rt::proc {
      auto first = co_await rt::receive([](rt::gen::call_msg<int> m) { return m; });
      auto second = co_await rt::receive([](rt::gen::call_msg<int> m) { return m; });
      co_await rt::send(first.from, rt::gen::reply_msg<int>{first.tag, first.request});
      co_await rt::send(second.from, rt::gen::reply_msg<int>{second.tag, second.request});
    });
    std::vector<int> out;
    auto a = co_await rt::gen::call<int>(slow, 1, 10ms);
    out.push_back(a.ok() ? *a : -static_cast<int>(a.error()));
    auto b = co_await rt::gen::call<int>(slow, 2, rt_test::patience);
    out.push_back(b.ok() ? *b : -static_cast<int>(b.error()));
    seen.set_value(out);
  });
  EXPECT_EQ(await(seen.get_future()), (std::vector<int>{-static_cast<int>(call_error::timeout), 2}));
  r.wait_idle();
}

TEST_P(gen_server, a_caller_killed_while_it_waits_for_a_reply_ends_cleanly) {
  std::promise<rt::pid> calling;
  rt::runtime r{cfg()};
  const rt::pid mute = r.spawn([]() -> rt::proc { co_await rt::receive([](int) {}); });
  auto down = rt_test::spawn_watched(r, [&, mute]() -> rt::proc {
    calling.set_value(rt::self());
    auto res = co_await rt::gen::call<int>(mute, get{}, rt_test::patience);  // ended inside the call
    (void)res;
  });
  const rt::pid caller = await(calling.get_future());
  ASSERT_TRUE(rt_test::eventually([&] {
    auto i = r.info(caller);
    return i && i->status == "waiting";
  }));
  r.exit(caller, rt::exit_reason::kill());
  EXPECT_EQ(await(std::move(down)).reason, rt::exit_reason::killed());
  r.exit(mute, rt::exit_reason::kill());
  r.wait_idle();
}

}  // namespace
