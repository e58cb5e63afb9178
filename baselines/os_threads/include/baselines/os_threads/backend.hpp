// The os_threads backend: one OS thread per actor (workloads/backend.hpp).
//
// What it models: the thread-per-process (or per-connection) server, the
// design the BEAM's lightweight processes are usually compared with. Every
// actor is a detached POSIX thread (system.hpp) that loops
//   take the whole mailbox (mailbox.hpp); handle each message; repeat
// until its behaviour stops; then it frees its cell and ends.
//
// Vocabulary
//   cell     one actor: its mailbox, its behaviour, its self-timers. Owned by
//            its thread from spawn to exit; other threads only push to the
//            mailbox, through an address (a pointer to the mailbox).
//   timers   send_after to self: a min-heap of (deadline, message) kept by the
//            thread itself, which waits on its mailbox until the earliest
//            deadline. No timer thread is needed, since only self-timers exist.
//
// Lifetime: a cell is freed by its own thread right after the handler that
// stops it; the interface's one rule (nothing is sent to a stopped actor) and
// the mailbox's notify-under-lock make that safe.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "baselines/os_threads/mailbox.hpp"
#include "baselines/os_threads/system.hpp"
#include "workloads/backend.hpp"

namespace ab::backends::os_threads {

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

  // The thread's body.
  static void* thread_main(void* arg) {
    auto* c = static_cast<cell*>(arg);
    system& sys = c->sys;
    c->run();
    delete c;
    sys.thread_finished();
    return nullptr;
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

  void run() {
    context<Beh> ctx{*this};
    if constexpr (has_on_start<Beh, context<Beh>>) beh_.on_start(ctx);
    std::deque<message> batch;
    while (!ctx.stopped()) {
      if (timers_.empty()) {
        mbox.take_all(batch);
      } else {
        mbox.take_all_until(batch, timers_.front().deadline_ns);
      }
      for (message& m : batch) {
        beh_.on_message(ctx, std::move(m));
        if (ctx.stopped()) break;
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
  sys.start_thread(&cell<Beh>::thread_main, c);  // c belongs to its thread from here on
  return a;
}

struct backend {
  static constexpr std::string_view name = "os_threads";
  static constexpr bool has_timers = true;
  static std::size_t max_live_processes() { return system::max_live(); }

  template <class M>
  using address = os_threads::address<M>;

  template <class Root, class... A>
  static run_status run(const backend_options& o, A&&... args) {
    system sys(o.resolved_threads());
    spawn_actor<Root>(sys, std::forward<A>(args)...);
    if (!sys.wait_all_finished(run_timeout)) {
      // The threads still reference the system and the workload's state: there
      // is no safe way back. A hang is a bug, so say so and stop.
      std::fprintf(stderr, "os_threads: the run did not finish within %lld s (%zu threads alive)\n",
                   static_cast<long long>(run_timeout.count()), sys.live());
      std::abort();
    }
    return {};
  }
};

}  // namespace ab::backends::os_threads
