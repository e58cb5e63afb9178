// The boost_fiber backend: one Boost.Fiber fiber per actor, on one thread per
// core sharing work with the work_stealing algorithm (workloads/backend.hpp).
//
// What it models: stackful green threads with a work-stealing scheduler, the
// way Boost.Fiber's own skynet_stealing benchmarks run them. Every actor is a
// detached fiber with a small malloc'd stack (defaults::fiber_stack_bytes,
// fixedsize_stack, as Boost's benchmarks use: its pooled_fixedsize_stack is a
// boost::pool without a lock, unusable when fibers end on a thread other than
// the one that created them, which is what stealing does). The fiber loops
//   yield; take the whole mailbox (mailbox.hpp); handle each message
// until its behaviour stops. Fibers are not preempted, so an actor yields
// after each such turn and every defaults::messages_per_turn messages within
// one: a spawner or a flooded consumer must not hold its thread.
//
// Vocabulary, lifetime and timers as os_threads (os_threads/backend.hpp): a
// cell is one actor, freed by its own fiber after the handler that stops it;
// send_after is a per-fiber heap of self-timers, waited for with the
// condition variable's wait_until (Boost's scheduler keeps the sleep queue).
#pragma once

#include <algorithm>
#include <boost/fiber/fiber.hpp>
#include <boost/fiber/operations.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "baselines/boost_fiber/mailbox.hpp"
#include "baselines/boost_fiber/system.hpp"
#include "baselines/defaults.hpp"
#include "workloads/backend.hpp"

namespace ab::backends::boost_fiber {

template <class M>
using address = mailbox_address<mailbox<M>>;

template <class Beh>
class cell;

template <class Beh, class... A>
address<typename Beh::message> spawn_actor(system& sys, A&&... args);

template <class Beh>
class context {
 public:
  using message = typename Beh::message;

  explicit context(cell<Beh>& c) noexcept : cell_(c) {}
  context(const context&) = delete;
  context& operator=(const context&) = delete;

  address<message> self() const noexcept { return address<message>{&cell_.mbox}; }

  template <class M>
  void send(const address<M>& to, M m) {
    to.get()->push(std::move(m));
  }

  template <class Child, class... A>
  address<typename Child::message> spawn(A&&... args) {
    return spawn_actor<Child>(cell_.sys, std::forward<A>(args)...);
  }

  void stop() noexcept { stopped_ = true; }
  bool stopped() const noexcept { return stopped_; }

  void send_after(std::chrono::nanoseconds delay, message m) {
    cell_.add_timer(now_ns() + delay.count(), std::move(m));
  }

 private:
  cell<Beh>& cell_;
  bool stopped_ = false;
};

template <class Beh>
class cell {
 public:
  using message = typename Beh::message;

  template <class... A>
  explicit cell(system& s, A&&... args) : sys(s), beh_(std::forward<A>(args)...) {}

  // The fiber's body.
  static void fiber_main(cell* c) {
    system& sys = c->sys;
    c->run();
    delete c;
    sys.fiber_finished();
  }

  void add_timer(std::int64_t deadline_ns, message m) {
    timers_.push_back({deadline_ns, std::move(m)});
    std::push_heap(timers_.begin(), timers_.end(), later);
  }

  system& sys;
  mailbox<message> mbox;

 private:
  struct timer {
    std::int64_t deadline_ns;
    message msg;
  };
  static bool later(const timer& a, const timer& b) noexcept {
    return a.deadline_ns > b.deadline_ns;
  }

  // One turn: take what the mailbox holds, handle it (yielding every
  // messages_per_turn messages), then yield, so that the fibers this turn
  // made ready (children spawned, receivers of our sends) run before we look
  // at the mailbox again. When nothing else is ready the yield returns at once.
  void run() {
    context<Beh> ctx{*this};
    if constexpr (has_on_start<Beh, context<Beh>>) beh_.on_start(ctx);
    std::deque<message> batch;
    while (!ctx.stopped()) {
      boost::this_fiber::yield();
      if (timers_.empty()) {
        mbox.take_all(batch);
      } else {
        mbox.take_all_until(batch, timers_.front().deadline_ns);
      }
      std::size_t handled = 0;
      for (message& m : batch) {
        beh_.on_message(ctx, std::move(m));
        if (ctx.stopped()) break;
        if (++handled % baselines::defaults::messages_per_turn == 0) boost::this_fiber::yield();
      }
      batch.clear();
      if (!timers_.empty()) fire_due(ctx);
    }
  }

  void fire_due(context<Beh>& ctx) {
    const std::int64_t now = now_ns();
    while (!ctx.stopped() && !timers_.empty() && timers_.front().deadline_ns <= now) {
      std::pop_heap(timers_.begin(), timers_.end(), later);
      message m = std::move(timers_.back().msg);
      timers_.pop_back();
      beh_.on_message(ctx, std::move(m));
    }
  }

  Beh beh_;
  std::vector<timer> timers_;  // a min-heap on deadline
};

template <class Beh, class... A>
address<typename Beh::message> spawn_actor(system& sys, A&&... args) {
  auto* c = new cell<Beh>(sys, std::forward<A>(args)...);
  address<typename Beh::message> a{&c->mbox};
  sys.fiber_started();
  // launch::dispatch, as Boost's skynet benchmarks spawn: the child runs at
  // once and the parent is queued. A tree of spawns then unfolds depth first
  // and only a path of it is alive at a time; with launch::post it unfolds
  // breadth first and every fiber of it (a stack each) exists at once.
  boost::fibers::fiber(boost::fibers::launch::dispatch, std::allocator_arg, sys.stacks(),
                       &cell<Beh>::fiber_main, c)
      .detach();
  return a;
}

struct backend {
  static constexpr std::string_view name = "boost_fiber";
  static constexpr bool has_timers = true;
  static std::size_t max_live_processes() noexcept { return std::size_t{1} << 32; }

  template <class M>
  using address = boost_fiber::address<M>;

  template <class Root, class... A>
  static run_status run(const backend_options& o, A&&... args) {
    system sys(o.resolved_threads());
    sys.start([&] { spawn_actor<Root>(sys, std::forward<A>(args)...); });
    if (!sys.wait_all_finished(run_timeout)) {
      // The threads still reference the system and the workload's state.
      std::fprintf(stderr, "boost_fiber: the run did not finish within %lld s (%zu fibers alive)\n",
                   static_cast<long long>(run_timeout.count()), sys.live());
      std::abort();
    }
    return {};
  }
};

}  // namespace ab::backends::boost_fiber
