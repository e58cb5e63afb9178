// The name registry: one pid per name and one name per pid (the seeds: "a
// single process can only have one alias; two processes cannot have the same
// alias"), sends by name, release at exit, misuse reported as registry_status
// values, and a concurrent register/unregister race that must stay consistent
// (and clean under ThreadSanitizer).
#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <chrono>
#include <future>
#include <optional>
#include <string>

#include "rt/rt.hpp"
#include "test_support.hpp"

using namespace std::chrono_literals;
using rt::registry_status;
using rt_test::await;

namespace {

struct go {};

class registry : public rt_test::on_each_strategy {};
RT_TEST_ON_EACH_STRATEGY(registry);

rt::proc wait_for_go() { co_await rt::receive([](go) {}); }

TEST_P(registry, a_registered_name_finds_its_process_until_it_is_unregistered) {
  rt::runtime r{cfg()};
  const rt::pid p = r.spawn(wait_for_go);
  EXPECT_EQ(r.whereis("server"), std::nullopt);
  EXPECT_EQ(r.register_name("server", p), registry_status::ok);
  EXPECT_EQ(r.whereis("server"), p);
  EXPECT_EQ(r.info(p)->registered_name, "server");
  EXPECT_EQ(r.unregister_name("server"), registry_status::ok);
  EXPECT_EQ(r.whereis("server"), std::nullopt);
  EXPECT_EQ(r.info(p)->registered_name, std::nullopt);
  EXPECT_EQ(r.register_name("server", p), registry_status::ok) << "a name can be taken again";
  r.send(p, go{});
  r.wait_idle();
}

TEST_P(registry, a_name_holds_one_pid_and_a_pid_holds_one_name) {
  rt::runtime r{cfg()};
  const rt::pid a = r.spawn(wait_for_go);
  const rt::pid b = r.spawn(wait_for_go);
  ASSERT_EQ(r.register_name("first", a), registry_status::ok);
  EXPECT_EQ(r.register_name("first", b), registry_status::name_taken);
  EXPECT_EQ(r.register_name("second", a), registry_status::already_named);
  EXPECT_EQ(r.whereis("first"), a);
  EXPECT_EQ(r.whereis("second"), std::nullopt);
  EXPECT_EQ(r.register_name("second", b), registry_status::ok);
  EXPECT_EQ(r.whereis("second"), b);
  // After a gives its name up it may take another.
  EXPECT_EQ(r.unregister_name("first"), registry_status::ok);
  EXPECT_EQ(r.register_name("third", a), registry_status::ok);
  r.send(a, go{});
  r.send(b, go{});
  r.wait_idle();
}

TEST_P(registry, misuse_is_reported_as_a_status_value) {
  rt::runtime r{cfg()};
  const rt::pid dead = r.spawn([]() -> rt::proc { co_return; });
  r.wait_idle();
  const rt::pid live = r.spawn(wait_for_go);
  EXPECT_EQ(r.register_name("", live), registry_status::bad_name);
  EXPECT_EQ(r.register_name("ghost", dead), registry_status::no_process);
  EXPECT_EQ(r.register_name("ghost", rt::pid{}), registry_status::no_process);
  EXPECT_EQ(r.unregister_name("nobody"), registry_status::not_registered);
  EXPECT_EQ(r.whereis("ghost"), std::nullopt);
  EXPECT_EQ(rt::to_string(registry_status::name_taken), "name_taken");
  EXPECT_EQ(rt::to_string(registry_status::already_named), "already_named");
  r.send(live, go{});
  r.wait_idle();
}

TEST_P(registry, a_message_sent_to_a_name_reaches_the_process_holding_it) {
  std::promise<int> from_outside;
  std::promise<int> from_inside;
  std::promise<bool> unknown_name_refused;
  rt::runtime r{cfg()};
  const rt::pid p = r.spawn([&]() -> rt::proc {
    from_outside.set_value(co_await rt::receive([](int n) { return n; }));
    from_inside.set_value(co_await rt::receive([](int n) { return n; }));
  });
  ASSERT_EQ(r.register_name("inbox", p), registry_status::ok);
  EXPECT_TRUE(r.send("inbox", 1));
  EXPECT_FALSE(r.send("no such name", 1));
  EXPECT_EQ(await(from_outside.get_future()), 1);
  r.spawn([&]() -> rt::proc {
    const bool known = rt::send("inbox", 2);
    unknown_name_refused.set_value(known && !rt::send("no such name", 3));
    co_return;
  });
  EXPECT_TRUE(await(unknown_name_refused.get_future()));
  EXPECT_EQ(await(from_inside.get_future()), 2);
  r.wait_idle();
}

TEST_P(registry, a_process_can_register_itself_and_be_found_by_others) {
  std::promise<std::optional<rt::pid>> found;
  std::promise<rt::pid> registered;
  rt::runtime r{cfg()};
  const rt::pid server = r.spawn([&]() -> rt::proc {
    const registry_status s = rt::register_name("me", rt::self());
    registered.set_value(s == registry_status::ok ? rt::self() : rt::pid{});
    co_await rt::receive([](go) {});
    (void)rt::unregister_name("me");
  });
  EXPECT_EQ(await(registered.get_future()), server);
  r.spawn([&]() -> rt::proc {
    found.set_value(rt::whereis("me"));
    co_return;
  });
  EXPECT_EQ(await(found.get_future()), server);
  r.send(server, go{});
  r.wait_idle();
  EXPECT_EQ(r.whereis("me"), std::nullopt);
}

TEST_P(registry, a_name_is_released_when_its_process_exits) {
  std::promise<rt::pid> started;
  rt::runtime r{cfg()};
  auto down = rt_test::spawn_watched(r, [&]() -> rt::proc {
    (void)rt::register_name("short-lived", rt::self());
    started.set_value(rt::self());
    co_await rt::receive([](go) {});
    throw std::runtime_error("crash while named");
  });
  const rt::pid first = await(started.get_future());
  EXPECT_EQ(r.whereis("short-lived"), first);
  r.send(first, go{});
  EXPECT_EQ(await(std::move(down)).reason, rt::exit_reason::error("crash while named"));
  // The name goes before the DOWN is sent.
  EXPECT_EQ(r.whereis("short-lived"), std::nullopt);
  const rt::pid second = r.spawn(wait_for_go);
  EXPECT_EQ(r.register_name("short-lived", second), registry_status::ok);
  r.send("short-lived", go{});
  r.wait_idle();
}

// Many processes register and unregister the same few names at once, while
// the test thread looks names up, sends to them and reads introspection. A
// name must never have two holders, a holder must be the one whereis finds,
// and every name must be free once every process has ended.
TEST_P(registry, concurrent_register_and_unregister_of_shared_names_keep_one_holder_per_name) {
  constexpr int processes = 24;
  constexpr int rounds = 150;
  constexpr int names = 4;
  std::array<std::atomic<int>, names> holders{};
  std::atomic<int> violations{0};
  std::atomic<int> wins{0};
  auto name_of = [](int k) { return "shared" + std::to_string(k); };
  rt::runtime r{cfg()};
  for (int id = 0; id < processes; ++id) {
    r.spawn([&, name_of](int me) -> rt::proc {
      for (int i = 0; i < rounds; ++i) {
        const int k = (me + i) % names;
        const std::string name = name_of(k);
        const registry_status s = rt::register_name(name, rt::self());
        if (s == registry_status::ok) {
          if (holders[k].fetch_add(1) != 0) violations.fetch_add(1);
          wins.fetch_add(1);
          if (rt::whereis(name) != rt::self()) violations.fetch_add(1);
          if (rt::register_name("solo" + std::to_string(me), rt::self()) != registry_status::already_named) {
            violations.fetch_add(1);
          }
          co_await rt::yield();  // hold it a while
          holders[k].fetch_sub(1);
          if (rt::unregister_name(name) != registry_status::ok) violations.fetch_add(1);
        } else if (s != registry_status::name_taken) {
          violations.fetch_add(1);
        }
        co_await rt::yield();
      }
      // Some end while holding a name: exit must release it.
      (void)rt::register_name(name_of(me % names), rt::self());
      if (me % 3 == 0) throw std::runtime_error("crash while named");
    }, id);
  }
  const auto deadline = std::chrono::steady_clock::now() + rt_test::patience;
  while (r.process_count() != 0 && std::chrono::steady_clock::now() < deadline) {
    for (int k = 0; k < names; ++k) {
      if (auto p = r.whereis(name_of(k))) (void)r.send(*p, k);  // queued, never received
      (void)r.send(name_of(k), k);
    }
    for (rt::pid p : r.processes()) (void)r.info(p);
  }
  EXPECT_TRUE(r.wait_idle_for(rt_test::patience));
  EXPECT_EQ(violations.load(), 0);
  EXPECT_GT(wins.load(), 0);
  for (int k = 0; k < names; ++k) EXPECT_EQ(r.whereis(name_of(k)), std::nullopt) << name_of(k);
}

TEST_P(registry, the_test_thread_can_unregister_names_of_running_processes_concurrently) {
  constexpr int processes = 16;
  constexpr int names = 3;
  std::atomic<int> violations{0};
  auto name_of = [](int k) { return "contended" + std::to_string(k); };
  std::atomic<bool> stop{false};
  rt::runtime r{cfg()};
  for (int id = 0; id < processes; ++id) {
    r.spawn([&, name_of](int me) -> rt::proc {
      while (!stop.load()) {
        const registry_status s = rt::register_name(name_of(me % names), rt::self());
        if (s != registry_status::ok && s != registry_status::name_taken && s != registry_status::already_named) {
          violations.fetch_add(1);
        }
        // Whoever else unregistered our name, we may be nameless again.
        const registry_status u = rt::unregister_name(name_of(me % names));
        if (u != registry_status::ok && u != registry_status::not_registered) violations.fetch_add(1);
        co_await rt::yield();
      }
    }, id);
  }
  for (int i = 0; i < 2000; ++i) {
    const registry_status u = r.unregister_name(name_of(i % names));
    if (u != registry_status::ok && u != registry_status::not_registered) violations.fetch_add(1);
    if (auto p = r.whereis(name_of(i % names))) {
      const registry_status s = r.register_name("outside", *p);
      if (s == registry_status::ok) (void)r.unregister_name("outside");
    }
  }
  stop.store(true);
  EXPECT_TRUE(r.wait_idle_for(rt_test::patience));
  EXPECT_EQ(violations.load(), 0);
  for (int k = 0; k < names; ++k) EXPECT_EQ(r.whereis(name_of(k)), std::nullopt);
  EXPECT_EQ(r.whereis("outside"), std::nullopt);
}

}  // namespace
