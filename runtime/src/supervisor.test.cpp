// Supervisors (supervisor.hpp): one_for_one restarts by restart type, restart
// intensity, and shutting the children down.
//
// Each test runs a driver process that starts a supervisor whose children
// announce themselves to the driver (`started`), so the driver sees every
// start and restart as a message and never polls.
#include <gtest/gtest.h>

#include <future>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "rt/rt.hpp"
#include "test_support.hpp"

using namespace std::chrono_literals;
using rt_test::await;
using rt_test::patience;

namespace {

struct started {
  std::string id;
  rt::pid who;
};
struct crash {};        // the child throws
struct finish {};       // the child returns (reason normal)

class supervisors : public rt_test::on_each_strategy {};
RT_TEST_ON_EACH_STRATEGY(supervisors);

// A child that announces itself to `watcher`, then crashes on `crash` or ends
// normally on `finish`. With `stubborn`, it traps exits and ignores them (a
// supervisor must kill it).
rt::sup::child_spec announcer(std::string id, rt::pid watcher, rt::sup::restart type = rt::sup::restart::permanent,
                              bool stubborn = false) {
  rt::sup::child_spec spec;
  spec.id = id;
  spec.type = type;
  spec.shutdown = 50ms;
  spec.start = [id, watcher, stubborn]() -> rt::proc {
    if (stubborn) rt::trap_exit(true);
    (void)rt::send(watcher, started{id, rt::self()});
    for (;;) {
      const bool done = co_await rt::receive([](crash) -> bool { throw std::runtime_error("crash"); },
                                             [](finish) { return true; }, [](rt::exit_msg) { return false; });
      if (done) co_return;
    }
  };
  return spec;
}

rt::task<started> next_start() {
  co_return co_await rt::receive([](started s) { return s; }, rt::after(patience, []() -> started {
                                   throw std::runtime_error("no child started in time");
                                 }));
}

// The first start of each of `n` children, by id (children start in order but
// run concurrently, so their announcements may arrive in any order).
rt::task<std::map<std::string, rt::pid>> first_starts(std::size_t n) {
  std::map<std::string, rt::pid> by_id;
  while (by_id.size() < n) {
    const started s = co_await next_start();
    by_id[s.id] = s.who;
  }
  co_return by_id;
}

TEST_P(supervisors, restart_a_permanent_child_that_crashes_and_leave_its_siblings_alone) {
  std::promise<started> restarted;
  std::promise<std::map<std::string, rt::pid>> first;
  std::promise<rt::sup::children_report> after;
  rt::runtime r{cfg()};
  r.spawn([&]() -> rt::proc {
    rt::trap_exit(true);
    const rt::pid s = rt::sup::start_link({announcer("a", rt::self()), announcer("b", rt::self())});
    const auto by_id = co_await first_starts(2);
    first.set_value(by_id);
    (void)rt::send(by_id.at("a"), crash{});
    restarted.set_value(co_await next_start());
    auto report = co_await rt::sup::children(s, patience);
    after.set_value(report ? *report : rt::sup::children_report{{}, 999});
    rt::exit(s, rt::exit_reason::shutdown());
    co_await rt::receive([](rt::exit_msg) {});
  });
  const auto by_id = await(first.get_future());
  const started again = await(restarted.get_future());
  EXPECT_EQ(again.id, "a");
  EXPECT_NE(again.who, by_id.at("a"));
  const auto report = await(after.get_future());
  EXPECT_EQ(report.restarts, 1u);
  ASSERT_EQ(report.children.size(), 2u);
  EXPECT_EQ(report.children[0].running, again.who);
  EXPECT_EQ(report.children[1].running, by_id.at("b"));  // the sibling was not touched
  r.wait_idle();
}

TEST_P(supervisors, restart_a_transient_child_only_when_it_ends_abnormally) {
  std::promise<std::vector<std::optional<rt::pid>>> after_normal;
  std::promise<std::string> restarted;
  rt::runtime r{cfg()};
  r.spawn([&]() -> rt::proc {
    rt::trap_exit(true);
    const rt::pid s = rt::sup::start_link({announcer("t1", rt::self(), rt::sup::restart::transient),
                                           announcer("t2", rt::self(), rt::sup::restart::transient)});
    const auto by_id = co_await first_starts(2);
    (void)rt::send(by_id.at("t1"), finish{});
    (void)rt::send(by_id.at("t2"), crash{});
    restarted.set_value((co_await next_start()).id);
    // Wait for t1's end to reach the supervisor too: it answers in order, so
    // once a report shows t1 gone, every EXIT before it has been handled.
    std::vector<std::optional<rt::pid>> running;
    const auto give_up = std::chrono::steady_clock::now() + patience;
    while (std::chrono::steady_clock::now() < give_up) {
      auto report = co_await rt::sup::children(s, patience);
      running.clear();
      if (report) {
        for (const auto& c : report->children) running.push_back(c.running);
      }
      if (!report || !running[0]) break;
      co_await rt::receive(rt::after(1ms, [] {}));
    }
    after_normal.set_value(running);
    rt::exit(s, rt::exit_reason::shutdown());
    co_await rt::receive([](rt::exit_msg) {});
  });
  EXPECT_EQ(await(restarted.get_future()), "t2");
  const auto running = await(after_normal.get_future());
  ASSERT_EQ(running.size(), 2u);
  EXPECT_FALSE(running[0].has_value());  // t1 ended normally: not restarted
  EXPECT_TRUE(running[1].has_value());
  r.wait_idle();
}

TEST_P(supervisors, never_restart_a_temporary_child) {
  std::promise<rt::sup::children_report> got;
  rt::runtime r{cfg()};
  r.spawn([&]() -> rt::proc {
    rt::trap_exit(true);
    const rt::pid s = rt::sup::start_link({announcer("tmp", rt::self(), rt::sup::restart::temporary)});
    const started a = co_await next_start();
    const auto watch = rt::monitor(a.who);
    (void)rt::send(a.who, crash{});
    co_await rt::receive(rt::on<rt::down_msg>([watch](const rt::down_msg& d) { return d.monitor == watch; },
                                              [](rt::down_msg) {}));
    auto report = co_await rt::sup::children(s, patience);
    got.set_value(report ? *report : rt::sup::children_report{{}, 999});
    rt::exit(s, rt::exit_reason::shutdown());
    co_await rt::receive([](rt::exit_msg) {});
  });
  const auto report = await(got.get_future());
  ASSERT_EQ(report.children.size(), 1u);
  EXPECT_FALSE(report.children[0].running.has_value());
  EXPECT_EQ(report.restarts, 0u);
  r.wait_idle();
}

TEST_P(supervisors, give_up_after_more_restarts_than_the_intensity_and_shut_the_children_down) {
  std::promise<rt::exit_reason> sup_reason;
  std::promise<rt::exit_reason> sibling_reason;
  std::promise<int> starts;
  rt::runtime r{cfg()};
  r.spawn([&]() -> rt::proc {
    rt::trap_exit(true);
    const rt::pid s = rt::sup::start_link({announcer("flaky", rt::self()), announcer("calm", rt::self())},
                                          {.max_restarts = 2, .period = 60s});
    int n = 0;
    rt::pid flaky{};
    rt::pid calm{};
    for (int i = 0; i < 2; ++i) {
      const started st = co_await next_start();
      ++n;
      (st.id == "flaky" ? flaky : calm) = st.who;
    }
    const auto calm_watch = rt::monitor(calm);
    // Two crashes are restarted; the third is one too many.
    for (int i = 0; i < 2; ++i) {
      (void)rt::send(flaky, crash{});
      flaky = (co_await next_start()).who;
      ++n;
    }
    (void)rt::send(flaky, crash{});
    starts.set_value(n);
    sup_reason.set_value(co_await rt::receive(
        rt::on<rt::exit_msg>([s](const rt::exit_msg& m) { return m.from == s; }, [](rt::exit_msg m) { return m.reason; })));
    sibling_reason.set_value(co_await rt::receive(rt::on<rt::down_msg>(
        [calm_watch](const rt::down_msg& d) { return d.monitor == calm_watch; }, [](rt::down_msg d) { return d.reason; })));
  });
  EXPECT_EQ(await(starts.get_future()), 4);
  EXPECT_EQ(await(sup_reason.get_future()), rt::exit_reason::shutdown());
  EXPECT_EQ(await(sibling_reason.get_future()), rt::exit_reason::shutdown());
  r.wait_idle();
}

TEST_P(supervisors, forget_restarts_older_than_the_period) {
  std::promise<std::uint64_t> restarts;
  rt::runtime r{cfg()};
  r.spawn([&]() -> rt::proc {
    rt::trap_exit(true);
    const rt::pid s = rt::sup::start_link({announcer("w", rt::self())}, {.max_restarts = 1, .period = 20ms});
    rt::pid w = (co_await next_start()).who;
    for (int i = 0; i < 3; ++i) {
      co_await rt::receive(rt::after(60ms, [] {}));  // let the last restart age out of the period
      (void)rt::send(w, crash{});
      w = (co_await next_start()).who;
    }
    auto report = co_await rt::sup::children(s, patience);
    restarts.set_value(report ? report->restarts : 999);
    rt::exit(s, rt::exit_reason::shutdown());
    co_await rt::receive([](rt::exit_msg) {});
  });
  EXPECT_EQ(await(restarts.get_future()), 3u);
  r.wait_idle();
}

TEST_P(supervisors, stop_on_an_exit_from_outside_killing_a_child_that_ignores_shutdown) {
  std::promise<rt::exit_reason> stubborn_reason;
  std::promise<rt::exit_reason> sup_reason;
  rt::runtime r{cfg()};
  r.spawn([&]() -> rt::proc {
    rt::trap_exit(true);
    const rt::pid s =
        rt::sup::start_link({announcer("stubborn", rt::self(), rt::sup::restart::permanent, /*stubborn=*/true)});
    const started st = co_await next_start();
    const auto watch = rt::monitor(st.who);
    rt::exit(s, rt::exit_reason::other("stop"));
    stubborn_reason.set_value(co_await rt::receive(rt::on<rt::down_msg>(
        [watch](const rt::down_msg& d) { return d.monitor == watch; }, [](rt::down_msg d) { return d.reason; })));
    sup_reason.set_value(co_await rt::receive([](rt::exit_msg m) { return m.reason; }));
  });
  EXPECT_EQ(await(stubborn_reason.get_future()), rt::exit_reason::killed());
  EXPECT_EQ(await(sup_reason.get_future()), rt::exit_reason::other("stop"));
  r.wait_idle();
}

}  // namespace
