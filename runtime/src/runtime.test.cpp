// The runtime's life: configuration it refuses, API misuse outside a process,
// two runtimes side by side, and destruction with processes still alive
// (every process, message, timer and heap freed: the ASan lane's leak check is
// the real assertion there).
#include <gtest/gtest.h>

#include <atomic>
#include <coroutine>
#include <exception>
#include <future>
#include <memory>
#include <memory_resource>
#include <string>
#include <vector>

#include "rt/rt.hpp"
#include "test_support.hpp"

using namespace std::chrono_literals;
using rt_test::await;
using rt_test::eventually;

namespace {

struct go {};
struct get {};

struct destruction_counter {
  std::atomic<int>* n;
  ~destruction_counter() { n->fetch_add(1); }
};

struct mute_server {
  using calls = rt::gen::types<get>;
  using casts = rt::gen::types<>;
  int handle_call(const get&) { return 0; }
};

rt::config small(unsigned schedulers = 2) { return rt_test::config_for(rt::strategy_kind::work_stealing, schedulers); }

TEST(runtime, a_configuration_it_cannot_run_is_refused_with_config_error) {
  auto with = [](auto change) {
    rt::config c = small();
    change(c);
    return c;
  };
  EXPECT_THROW(rt::runtime{with([](rt::config& c) { c.schedulers = 0; })}, rt::config_error);
  EXPECT_THROW(rt::runtime{with([](rt::config& c) { c.reductions = 0; })}, rt::config_error);
  EXPECT_THROW(rt::runtime{with([](rt::config& c) { c.max_processes = 0; })}, rt::config_error);
  EXPECT_THROW(rt::runtime{with([](rt::config& c) { c.schedulers = 100'000; })}, rt::config_error);
  EXPECT_THROW(with([](rt::config& c) { c.reductions = 0; }).validate(), rt::config_error);
  EXPECT_NO_THROW(small().validate());
}

// A coroutine that is not a process: it runs on the calling thread.
struct not_a_process {
  struct promise_type {
    not_a_process get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { caught = std::current_exception(); }
  };
  static inline std::exception_ptr caught;
};

not_a_process receive_outside_a_process() { co_await rt::receive([](int) {}); }

TEST(runtime, process_functions_called_outside_a_process_throw_usage_error) {
  rt::runtime r{small()};
  const rt::pid p = r.spawn([]() -> rt::proc { co_await rt::receive([](go) {}); });
  EXPECT_THROW((void)rt::self(), rt::usage_error);
  EXPECT_THROW((void)rt::send(p, 1), rt::usage_error);
  EXPECT_THROW((void)rt::send("name", 1), rt::usage_error);
  EXPECT_THROW((void)rt::spawn([]() -> rt::proc { co_return; }), rt::usage_error);
  EXPECT_THROW((void)rt::heap(), rt::usage_error);
  EXPECT_THROW(rt::link(p), rt::usage_error);
  EXPECT_THROW((void)rt::monitor(p), rt::usage_error);
  EXPECT_THROW((void)rt::trap_exit(true), rt::usage_error);
  EXPECT_THROW(rt::exit(p, rt::exit_reason::kill()), rt::usage_error);
  EXPECT_THROW((void)rt::make_ref(), rt::usage_error);
  EXPECT_THROW((void)rt::register_name("x", p), rt::usage_error);
  EXPECT_THROW((void)rt::whereis("x"), rt::usage_error);
  EXPECT_THROW(rt::send_after(1ms, p, 1), rt::usage_error);
  EXPECT_THROW((void)rt::reduce(), rt::usage_error);

  not_a_process::caught = nullptr;
  receive_outside_a_process();
  ASSERT_TRUE(not_a_process::caught);
  EXPECT_THROW(std::rethrow_exception(not_a_process::caught), rt::usage_error);
  not_a_process::caught = nullptr;

  EXPECT_EQ(r.process_count(), 1u) << "misuse must not disturb the runtime";
  r.send(p, go{});
  r.wait_idle();
}

TEST(runtime, two_runtimes_in_one_program_are_independent) {
  std::promise<int> b_got;
  std::promise<int> a_got;
  rt::runtime a{small()};
  rt::runtime b{small(1)};
  const rt::pid in_a = a.spawn([&]() -> rt::proc { a_got.set_value(co_await rt::receive([](int n) { return n; })); });
  const rt::pid in_b = b.spawn([&]() -> rt::proc { b_got.set_value(co_await rt::receive([](int n) { return n; })); });
  EXPECT_EQ(a.register_name("same name", in_a), rt::registry_status::ok);
  EXPECT_EQ(b.register_name("same name", in_b), rt::registry_status::ok);
  EXPECT_EQ(a.whereis("same name"), in_a);
  EXPECT_EQ(b.whereis("same name"), in_b);
  EXPECT_EQ(a.process_count(), 1u);
  EXPECT_EQ(b.process_count(), 1u);
  EXPECT_EQ(a.scheduler_count(), 2u);
  EXPECT_EQ(b.scheduler_count(), 1u);
  // A process of `a` reaches `b` only through b's own API.
  a.spawn([&b, in_b]() -> rt::proc {
    (void)b.send(in_b, 20);
    co_return;
  });
  EXPECT_EQ(await(b_got.get_future()), 20);
  b.wait_idle();
  b.shutdown();
  EXPECT_EQ(a.whereis("same name"), in_a) << "b's shutdown must not touch a";
  EXPECT_TRUE(a.send("same name", 10));
  EXPECT_EQ(await(a_got.get_future()), 10);
  a.wait_idle();
}

TEST(runtime, shutdown_is_idempotent_and_later_sends_are_refused) {
  rt::runtime r{small()};
  const rt::pid p = r.spawn([]() -> rt::proc { co_await rt::receive([](go) {}); });
  r.shutdown();
  r.shutdown();
  EXPECT_FALSE(r.send(p, go{}));
  EXPECT_EQ(r.process_count(), 0u);
}

TEST(runtime, wait_idle_for_reports_whether_every_process_has_ended) {
  rt::runtime r{small()};
  const rt::pid p = r.spawn([]() -> rt::proc { co_await rt::receive([](go) {}); });
  EXPECT_FALSE(r.wait_idle_for(20ms));
  r.send(p, go{});
  EXPECT_TRUE(r.wait_idle_for(rt_test::patience));
}

// Every kind of state a process can hold when the runtime goes: queued
// messages (small, large, shared binaries), a pending send_after, a pending
// receive timeout, links, monitors, a registered name, heap memory, a
// gen_server call in progress, a busy loop, and processes not yet run.
TEST(runtime, destroying_a_runtime_with_live_processes_frees_everything) {
  constexpr int blocked = 100;
  std::atomic<int> frames_destroyed{0};
  std::atomic<int> frames_started{0};
  const auto closures = std::make_shared<int>(0);
  {
    rt::runtime r{small()};
    std::vector<rt::pid> pids;
    for (int i = 0; i < blocked; ++i) {
      pids.push_back(r.spawn([&](int id) -> rt::proc {
        destruction_counter guard{&frames_destroyed};
        std::pmr::vector<int> on_heap{rt::heap()};
        on_heap.resize(1000);
        if (id % 10 == 0) (void)rt::register_name("held" + std::to_string(id), rt::self());
        rt::send_after(1h, rt::self(), rt::binary(std::string(200, 't')));
        frames_started.fetch_add(1);
        if (id % 2 == 0) {
          co_await rt::receive([](go) {});
        } else {
          co_await rt::receive([](go) {}, rt::after(1h, [] {}));
        }
      }, i));
    }
    const rt::binary shared(std::string(300, 's'));
    for (rt::pid p : pids) {
      r.send(p, 42);
      r.send(p, std::string(1000, 'm'));
      r.send(p, shared);
      r.send(p, rt::binary(std::string(10, 'i')));
    }
    // Links and monitors among them, and a call that never gets its reply.
    r.spawn([&pids]() -> rt::proc {
      rt::trap_exit(true);
      for (int i = 0; i < 10; ++i) rt::link(pids[i]);
      for (int i = 10; i < 20; ++i) (void)rt::monitor(pids[i]);
      (void)rt::gen::start<mute_server>();  // a server idle in its loop
      // A call to a process that never answers: the caller waits inside a task.
      const rt::pid mute = rt::spawn([]() -> rt::proc { co_await rt::receive([](go) {}); });
      auto never = co_await rt::gen::call<int>(mute, get{}, 1h);
      (void)never;
    });
    // A busy process and a batch that has not run yet.
    r.spawn([]() -> rt::proc {
      for (;;) co_await rt::reduce(100);
    });
    ASSERT_TRUE(eventually([&] { return frames_started.load() == blocked; }));
    ASSERT_TRUE(eventually([&] {
      for (rt::pid p : pids) {
        auto i = r.info(p);
        if (!i || i->status != "waiting" || i->mailbox_length != 4) return false;
      }
      return true;
    }));
    // Some of these may not have run yet: only their closures exist.
    for (int i = 0; i < 100; ++i) {
      r.spawn([held = closures]() -> rt::proc { co_await rt::receive([](go) {}); });
    }
    EXPECT_GT(shared.use_count(), 1u);
    EXPECT_GT(closures.use_count(), 1);
  }
  EXPECT_EQ(frames_destroyed.load(), blocked) << "every frame's destructors ran";
  EXPECT_EQ(closures.use_count(), 1) << "every spawned function object was destroyed";
}

// A frame's destructor still runs as its process when the runtime goes, and
// may send (to processes not yet freed) or arm a timer; none of it may leak.
struct sends_when_destroyed {
  rt::pid to;
  ~sends_when_destroyed() {
    (void)rt::send(to, std::string(200, 'd'));
    rt::send_after(1h, to, 1);
  }
};

TEST(runtime, frame_destructors_that_send_during_destruction_are_harmless) {
  {
    rt::runtime r{small()};
    const rt::pid sink = r.spawn([]() -> rt::proc { co_await rt::receive([](go) {}); });
    std::atomic<int> started{0};
    for (int i = 0; i < 20; ++i) {
      r.spawn([&, sink]() -> rt::proc {
        sends_when_destroyed guard{sink};
        started.fetch_add(1);
        co_await rt::receive([](go) {});
      });
    }
    ASSERT_TRUE(eventually([&] { return started.load() == 20; }));
  }
  SUCCEED();
}

TEST(runtime, spawn_after_shutdown_is_misuse) {
  rt::runtime r{small()};
  r.shutdown();
  EXPECT_THROW(r.spawn([]() -> rt::proc { co_return; }), rt::usage_error);
  EXPECT_EQ(r.process_count(), 0u);
}

TEST(runtime, a_runtime_with_nothing_to_do_starts_and_stops_cleanly_many_times) {
  for (int i = 0; i < 20; ++i) {
    rt::runtime r{small(1 + i % 3)};
    if (i % 2 == 0) r.spawn([]() -> rt::proc { co_return; });
  }
  SUCCEED();
}

}  // namespace
