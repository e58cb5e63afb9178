// The rt backend: the workloads' interface (workloads/backend.hpp) on our own
// runtime. It lives beside the baselines, not inside workloads/, because to
// the workloads rt is one backend among four: the same folder shape, the same
// interface, nothing the others do not get.
//
// Design
//   An actor is an rt process whose body is the receive loop
//     on_start(ctx); while (!stopped) co_await rt::receive([&](M&& m) { on_message(ctx, m); });
//   The behaviour object lives in the spawned closure, which the runtime keeps
//   in the process's control block for its whole life (detail/spawn.hpp), so
//   the coroutine frame refers to it without a copy. An address is a pid with
//   the message type attached; send is rt::send, spawn is rt::spawn,
//   send_after is rt::send_after, all called from inside the process.
//   Preemption: a handler's sends cost reductions, and the next receive yields
//   when the budget is spent, so a busy actor cannot starve the others.
//
// Who may call what: a context only by the handler it was given to (it is the
// process's); backend::run from any thread that is not an rt scheduler.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <variant>

#include "rt/rt.hpp"
#include "workloads/backend.hpp"

namespace ab::backends::rt {

template <class M>
class address {
 public:
  address() = default;
  explicit address(::rt::pid p) noexcept : pid_(p) {}
  ::rt::pid pid() const noexcept { return pid_; }
  explicit operator bool() const noexcept { return !pid_.is_null(); }
  friend bool operator==(const address&, const address&) = default;

 private:
  ::rt::pid pid_;
};

template <class Beh>
class context;

namespace detail {
// The process body for behaviour Beh: a closure owning the behaviour.
template <class Beh, class... A>
auto make_body(A&&... args) {
  return [beh = Beh(std::forward<A>(args)...)]() mutable -> ::rt::proc {
    using message = typename Beh::message;
    context<Beh> ctx{address<message>{::rt::self()}};
    if constexpr (has_on_start<Beh, context<Beh>>) beh.on_start(ctx);
    while (!ctx.stopped()) {
      co_await ::rt::receive([&](message&& m) { beh.on_message(ctx, std::move(m)); });
    }
  };
}
}  // namespace detail

template <class Beh>
class context {
 public:
  using message = typename Beh::message;

  explicit context(address<message> self) noexcept : self_(self) {}
  context(const context&) = delete;
  context& operator=(const context&) = delete;

  address<message> self() const noexcept { return self_; }

  template <class M>
  void send(const address<M>& to, M m) {
    (void)::rt::send(to.pid(), std::move(m));  // preemption happens at the next receive
  }

  template <class Child, class... A>
  address<typename Child::message> spawn(A&&... args) {
    return address<typename Child::message>{
        ::rt::spawn(detail::make_body<Child>(std::forward<A>(args)...))};
  }

  void stop() noexcept { stopped_ = true; }
  bool stopped() const noexcept { return stopped_; }

  void send_after(std::chrono::nanoseconds delay, message m) {
    ::rt::send_after(delay, self_.pid(), std::move(m));
  }

 private:
  address<message> self_;
  bool stopped_ = false;
};

struct backend {
  static constexpr std::string_view name = "rt";
  static constexpr bool has_timers = true;
  static std::size_t max_live_processes() noexcept { return ::rt::defaults::max_processes; }

  template <class M>
  using address = rt::address<M>;

  // The runtime's settings for `o`, or what is wrong with them.
  static std::variant<::rt::config, std::string> config_of(const backend_options& o) {
    ::rt::config cfg;
    cfg.schedulers = o.resolved_threads();
    const auto strategy = ::rt::parse_strategy(o.strategy);
    if (!strategy) return "rt: unknown strategy '" + o.strategy + "'";
    cfg.strategy = *strategy;
    const auto idle = ::rt::parse_idle_policy(o.idle);
    if (!idle) return "rt: unknown idle policy '" + o.idle + "'";
    cfg.idle = *idle;
    cfg.pin_threads = o.pin_threads;
    return cfg;
  }

  template <class Root, class... A>
  static run_status run(const backend_options& o, A&&... args) {
    auto configured = config_of(o);
    if (auto* e = std::get_if<std::string>(&configured)) return run_status::failure(*e);
    const ::rt::config& cfg = std::get<::rt::config>(configured);
    try {
      ::rt::runtime r{cfg};
      r.spawn(detail::make_body<Root>(std::forward<A>(args)...));
      if (!r.wait_idle_for(run_timeout)) {
        return run_status::failure("rt: the run did not finish within " +
                                   std::to_string(run_timeout.count()) + " s (" +
                                   std::to_string(r.process_count()) + " processes still alive)");
      }
    } catch (const ::rt::config_error& e) {
      return run_status::failure(std::string("rt: ") + e.what());
    }
    return {};
  }
};

}  // namespace ab::backends::rt
