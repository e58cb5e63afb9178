// The backend interface: what a workload may ask of an actor system.
//
// A workload is written once, as a few behaviours, and runs on every backend
// (rt, os_threads, boost_fiber, onetbb). The interface is static: a backend is
// a type, workloads are templates over it, and each backend's send, spawn and
// receive compile down to its own code, with no virtual call or type erasure
// that the others do not pay.
//
// Vocabulary
//   behaviour  a movable class with `using message = M;` (the one type its
//              mailbox holds) and `void on_message(Ctx& ctx, M&& m)`. It may
//              have `void on_start(Ctx& ctx)`, run once before any message.
//              Constructed by spawn from the spawn arguments; destroyed after
//              the handler that calls ctx.stop() returns.
//   actor      a running behaviour with its mailbox: an rt process, a thread,
//              a fiber, or a task that runs while the mailbox has messages.
//   address    `B::address<M>`: a small copyable value naming an actor whose
//              message type is M. It may travel inside messages.
//   context    what a handler gets (Ctx, one type per backend and behaviour):
//                ctx.self()                 this actor's address
//                ctx.send(to, msg)          asynchronous; never blocks on the receiver
//                ctx.template spawn<C>(a...)  starts a C(a...), returns its address
//                ctx.stop()                 ends this actor after the handler returns
//                ctx.send_after(ns, msg)    msg to self after a delay
//                                           (only where B::has_timers)
//
// Guarantees every backend gives
//   - Messages from one actor to another arrive in the order they were sent.
//   - A handler runs on one thread at a time; an actor's state needs no locks.
//   - B::run<Root>(options, args...) spawns Root(args...) and returns once every
//     actor has stopped: everything the actors wrote is then visible to the
//     caller.
//
// The one rule every workload keeps
//   An actor is sent nothing after the message that makes it stop. (rt drops
//   such messages; a baseline frees an actor the moment it stops, as a
//   thread-per-process or task-per-activation design would, and could not
//   without a reference count on every send.) Workloads therefore end with an
//   explicit protocol: whoever knows that an actor has received everything
//   meant for it sends it `stop`.
//
// What a workload does when a backend lacks something
//   B::has_timers false (onetbb): no send_after; a workload that needs a timer
//   reports unsupported. B::max_live_processes() (os_threads: a thread limit):
//   a workload that may need more live actors reports unsupported.
#pragma once

#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <thread>

#include "harness/clock.hpp"

namespace ab {

// The address of an actor on a backend whose actors are reached through a
// mailbox object (the three baselines): a typed, copyable, comparable pointer.
template <class Mailbox>
class mailbox_address {
 public:
  mailbox_address() = default;
  explicit mailbox_address(Mailbox* mb) noexcept : mb_(mb) {}
  Mailbox* get() const noexcept { return mb_; }
  explicit operator bool() const noexcept { return mb_ != nullptr; }
  friend bool operator==(const mailbox_address&, const mailbox_address&) = default;

 private:
  Mailbox* mb_ = nullptr;
};

struct backend_options {
  unsigned threads = 0;                    // schedulers / worker threads; 0 = one per CPU
  std::string strategy = "work_stealing";  // rt only
  bool pin_threads = false;                // rt only
  std::string idle = "spin_then_park";     // rt only

  unsigned resolved_threads() const {
    if (threads != 0) return threads;
    const unsigned n = std::thread::hardware_concurrency();
    return n == 0 ? 1 : n;
  }
};

// The outcome of B::run: ok, or why not.
struct run_status {
  bool ok = true;
  std::string error;
  static run_status failure(std::string why) { return {false, std::move(why)}; }
};

template <class Beh>
concept behaviour = std::move_constructible<Beh> && requires {
  typename Beh::message;
};

template <class Beh, class Ctx>
concept has_on_start = requires(Beh& b, Ctx& c) {
  b.on_start(c);
};

// What a backend type provides besides its context and run (which need the
// workload's types and are documented above).
template <class B>
concept backend = requires {
  { B::name } -> std::convertible_to<std::string_view>;
  { B::has_timers } -> std::convertible_to<bool>;
  { B::max_live_processes() } -> std::convertible_to<std::size_t>;
  typename B::template address<int>;
}
&&std::regular<typename B::template address<int>>;

// How long B::run waits for a run that does not finish before calling it a
// hang. Generous: the largest sizes take seconds, a hang is a bug.
inline constexpr std::chrono::seconds run_timeout{600};

// Every backend's clock, so that latencies are comparable across backends:
// the TSC or steady_clock, as the harness chose (harness/clock.hpp), in
// nanoseconds on steady_clock's epoch.
inline std::int64_t now_ns() noexcept { return timestamp_ns(); }

}  // namespace ab
