// Server processes in the style of OTP's gen_server.
//
// A server is a class whose state lives in its own process:
//
//   struct counter {
//     using calls = rt::gen::types<get>;   // requests answered with a reply
//     using casts = rt::gen::types<add>;   // requests with no reply
//     int n = 0;
//     int handle_call(const get&) { return n; }
//     void handle_cast(const add& a) { n += a.k; }
//   };
//   rt::pid c = rt::gen::start<counter>();                  // inside a process
//   co_await rt::gen::cast(c, add{2});
//   auto r = co_await rt::gen::call<int>(c, get{}, 100ms);  // r.ok(), *r
//
// call is synchronous request/reply over asynchronous messages, as in OTP: the
// caller monitors the server, sends {ref, self, request} and selectively
// receives the reply carrying that ref, or the DOWN of that monitor, or the
// timeout; the monitor's ref doubles as the request's tag. Errors are values:
// result::error() is timeout, noproc (no such server) or server_died (with the
// server's exit reason). A reply that arrives after a timeout stays in the
// caller's mailbox, as with OTP before process aliases.
//
// Each server is sequential: requests are handled one at a time in arrival
// order; a pool of servers handles requests concurrently (the seeds, 5.3).
#pragma once

#include <chrono>
#include <optional>
#include <type_traits>
#include <utility>

#include "rt/proc.hpp"
#include "rt/receive.hpp"
#include "rt/runtime.hpp"
#include "rt/system_messages.hpp"
#include "rt/this_process.hpp"

namespace rt::gen {

template <class... T>
struct types {};

enum class call_error : std::uint8_t { none, timeout, noproc, server_died };
std::string_view to_string(call_error e) noexcept;

template <class T>
class result {
 public:
  static result success(T v) { return result{std::move(v), call_error::none, {}}; }
  static result failure(call_error e, exit_reason why = {}) { return result{std::nullopt, e, std::move(why)}; }

  bool ok() const noexcept { return error_ == call_error::none; }
  explicit operator bool() const noexcept { return ok(); }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }
  T* operator->() { return &*value_; }
  call_error error() const noexcept { return error_; }
  // For server_died: the server's exit reason.
  const exit_reason& reason() const noexcept { return reason_; }

 private:
  result(std::optional<T> v, call_error e, exit_reason why)
      : value_(std::move(v)), error_(e), reason_(std::move(why)) {}
  std::optional<T> value_;
  call_error error_;
  exit_reason reason_;
};

template <class Req>
struct call_msg {
  ref tag;
  pid from;
  Req request;
};
template <class Rep>
struct reply_msg {
  ref tag;
  Rep reply;
};
template <class Req>
struct cast_msg {
  Req request;
};

// Sends `request` to `server` and waits up to `timeout` for its Reply.
template <class Reply, class Req, class Rep, class Period>
task<result<Reply>> call(pid server, Req request, std::chrono::duration<Rep, Period> timeout) {
  const ref tag = monitor(server);
  (void)send(server, call_msg<Req>{tag, self(), std::move(request)});
  result<Reply> r = co_await receive(
      on<reply_msg<Reply>>([tag](const reply_msg<Reply>& m) { return m.tag == tag; },
                           [](reply_msg<Reply>&& m) { return result<Reply>::success(std::move(m.reply)); }),
      on<down_msg>([tag](const down_msg& d) { return d.monitor == tag; },
                   [](down_msg&& d) {
                     const bool missing = d.reason.what() == exit_reason::kind::noproc;
                     return result<Reply>::failure(missing ? call_error::noproc : call_error::server_died,
                                                   std::move(d.reason));
                   }),
      after(timeout, [] { return result<Reply>::failure(call_error::timeout); }));
  demonitor(tag);
  co_return r;
}

// Sends `request` with no reply; a preemption point when awaited.
template <class Req>
detail::yield_awaiter cast(pid server, Req request) {
  return send(server, cast_msg<Req>{std::move(request)});
}

namespace detail {
template <class S, class... C, class... K>
proc serve(S state, types<C...>, types<K...>) {
  for (;;) {
    co_await receive(
        on<call_msg<C>>([&state](call_msg<C>&& m) {
          (void)send(m.from, reply_msg<decltype(state.handle_call(m.request))>{m.tag, state.handle_call(m.request)});
        })...,
        on<cast_msg<K>>([&state](cast_msg<K>&& m) { state.handle_cast(m.request); })...);
  }
}
template <class S>
using calls_of = typename S::calls;
template <class S>
using casts_of = typename S::casts;
}  // namespace detail

// Starts a server process running S(args...) (inside a process).
template <class S, class... A>
pid start(A&&... args) {
  return spawn([](std::decay_t<A>&... a) -> proc {
    return detail::serve(S(a...), detail::calls_of<S>{}, detail::casts_of<S>{});
  }, std::forward<A>(args)...);
}
// Starts a server process on `rt` (from outside any process).
template <class S, class... A>
pid start(runtime& rt, A&&... args) {
  return rt.spawn([](std::decay_t<A>&... a) -> proc {
    return detail::serve(S(a...), detail::calls_of<S>{}, detail::casts_of<S>{});
  }, std::forward<A>(args)...);
}

}  // namespace rt::gen
