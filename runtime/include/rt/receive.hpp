// Selective receive.
//
//   co_await rt::receive(
//       [](const ping& p) { ... },                          // by type
//       rt::on<job>([](const job& j) { return j.urgent; },   // by type, with a guard
//                   [](job j) { ... }),
//       rt::after(100ms, [] { ... }));                       // timeout; 0 polls
//
// receive suspends until the oldest message in the mailbox that matches a
// clause (clauses tried in order for each message) is found, runs that clause's
// handler with the message (as an rvalue: take it by value, const& or &&) and
// returns the handler's result; all handlers must return the same type.
// Messages that match no clause stay in the mailbox, in order, for a later
// receive. A guard that throws counts as not matching, as an Erlang guard does.
//
// How it waits: await_ready scans the private queue, and without a match takes
// the arrivals into it and scans those. Still without a match the coroutine
// suspends and its scheduler blocks the process on its mailbox (worker.cpp).
// Whoever wakes it, a sender or the timeout, makes it runnable; its scheduler
// then matches only the messages that arrived since, and resumes the coroutine
// only on a match or a timeout, so receive never loops inside the coroutine.
//
// Cost: defaults::receive_cost reductions. If the budget is spent, receive
// yields before delivering, so a process in a receive loop cannot starve others.
#pragma once

#include <chrono>
#include <coroutine>
#include <cstdlib>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>

#include "rt/defaults.hpp"
#include "rt/detail/context.hpp"
#include "rt/detail/process.hpp"
#include "rt/detail/runtime_core.hpp"
#include "rt/message.hpp"

namespace rt {

namespace detail {
struct no_guard {
  template <class T>
  bool operator()(const T&) const noexcept {
    return true;
  }
};

template <class F>
struct first_arg;
template <class C, class R, class A>
struct first_arg<R (C::*)(A) const> {
  using type = std::remove_cvref_t<A>;
};
template <class C, class R, class A>
struct first_arg<R (C::*)(A)> {
  using type = std::remove_cvref_t<A>;
};
template <class C, class R, class A>
struct first_arg<R (C::*)(A) const noexcept> {
  using type = std::remove_cvref_t<A>;
};
template <class C, class R, class A>
struct first_arg<R (C::*)(A) noexcept> {
  using type = std::remove_cvref_t<A>;
};
template <class R, class A>
struct first_arg<R (*)(A)> {
  using type = std::remove_cvref_t<A>;
};
template <class F>
using first_arg_t = typename first_arg<decltype(&F::operator())>::type;
}  // namespace detail

template <class T, class Guard, class Handler>
struct clause {
  using type = T;
  [[no_unique_address]] Guard guard;  // no_guard takes no room in the frame
  Handler handler;
};

// A clause for messages of type T.
template <class T, class H>
auto on(H&& handler) {
  return clause<T, detail::no_guard, std::decay_t<H>>{{}, std::forward<H>(handler)};
}
// A clause for messages of type T for which guard(msg) is true.
template <class T, class G, class H>
auto on(G&& guard, H&& handler) {
  return clause<T, std::decay_t<G>, std::decay_t<H>>{std::forward<G>(guard), std::forward<H>(handler)};
}

// Matches any message (the seeds' "catch-all pattern to consume unwanted
// messages"); the handler takes no argument and the message is dropped.
template <class H>
struct any_clause {
  H handler;
};
template <class H>
auto any(H&& handler) {
  return any_clause<std::decay_t<H>>{std::forward<H>(handler)};
}

template <class H>
struct after_clause {
  std::chrono::nanoseconds timeout;
  H handler;
};
template <class Rep, class Period, class H>
auto after(std::chrono::duration<Rep, Period> timeout, H&& handler) {
  return after_clause<std::decay_t<H>>{std::chrono::duration_cast<std::chrono::nanoseconds>(timeout),
                                       std::forward<H>(handler)};
}

namespace detail {

template <class C>
struct normalise {
  using type = clause<first_arg_t<C>, no_guard, C>;
  static type make(C&& c) { return type{{}, std::move(c)}; }
};
template <class T, class G, class H>
struct normalise<clause<T, G, H>> {
  using type = clause<T, G, H>;
  static type make(type&& c) { return std::move(c); }
};
template <class H>
struct normalise<any_clause<H>> {
  using type = any_clause<H>;
  static type make(type&& c) { return std::move(c); }
};
template <class H>
struct normalise<after_clause<H>> {
  using type = after_clause<H>;
  static type make(type&& c) { return std::move(c); }
};

template <class C>
struct clause_result;
template <class T, class G, class H>
struct clause_result<clause<T, G, H>> {
  using type = std::invoke_result_t<H&, T&&>;
};
template <class H>
struct clause_result<any_clause<H>> {
  using type = std::invoke_result_t<H&>;
};
template <class H>
struct clause_result<after_clause<H>> {
  using type = std::invoke_result_t<H&>;
};

template <class C>
struct is_after : std::false_type {};
template <class H>
struct is_after<after_clause<H>> : std::true_type {};

template <class R, class... Rs>
struct same_result {
  static_assert((std::is_same_v<R, Rs> && ...), "rt::receive: all handlers must return the same type");
  using type = R;
};



template <class... Cs>
class receive_awaiter : public receive_wait {
 public:
  using result_type = typename same_result<typename clause_result<Cs>::type...>::type;
  static constexpr std::size_t after_count = (std::size_t{is_after<Cs>::value} + ...);
  static_assert(sizeof...(Cs) <= 255, "rt::receive: at most 255 clauses");
  static_assert(after_count <= 1, "rt::receive: at most one after clause");

  explicit receive_awaiter(Cs&&... cs) : clauses_(std::move(cs)...) { this->match = &match_fn; }
  receive_awaiter(const receive_awaiter&) = delete;

  bool await_ready() {
    p_ = current_process_or_throw("rt::receive");
    p_->reductions_left -= static_cast<std::int32_t>(defaults::receive_cost);
    // The private queue first: every message in it is older than any arrival,
    // so a match there is the oldest match in the whole mailbox. Only without
    // one is the mailbox head read. A receiver working through a backlog so
    // leaves the head's cache line to its senders, whose pushes then stay
    // core-local, and takes the next arrivals in one larger batch. Signals
    // among the arrivals wait until then, or until the next preemption point
    // (which takes the arrivals too), as the BEAM handles them at its own.
    message* prev = nullptr;
    for (message* m = p_->queue_first; m != nullptr; prev = m, m = m->next) {
      if (try_clauses(m)) return matched_at(m, prev);
    }
    if (p_->mbox.has_arrivals()) {
      message* first_new = nullptr;
      if (!p_->rt->take_arrivals(tls_context.w, p_, &first_new, &prev)) {
        dying_ = true;  // a signal ended the process; suspend and let the scheduler finish it
        return false;
      }
      for (message* m = first_new; m != nullptr; prev = m, m = m->next) {
        if (try_clauses(m)) return matched_at(m, prev);
      }
    }
    if constexpr (after_count == 1) {
      const auto timeout = std::get<after_index()>(clauses_).timeout;
      if (timeout.count() <= 0) {
        timed_out = true;
        return true;
      }
      has_deadline = true;
      deadline_ns = now_ns() + timeout.count();
    }
    return false;
  }

  void await_suspend(std::coroutine_handle<> h) noexcept {
    p_->resume_point = h;
    if (matched != nullptr || dying_) {
      p_->suspended = suspend_kind::yield;
      return;
    }
    p_->waiting = this;
    ++p_->wait_seq;
    p_->suspended = suspend_kind::wait;
  }

  result_type await_resume() {
    p_->waiting = nullptr;
    if (matched == nullptr) {
      if constexpr (after_count == 1) {
        if (timed_out) return std::get<after_index()>(clauses_).handler();
      }
      std::abort();  // broken invariant: resumed without a match or a timeout
    }
    message* m = matched;
    p_->unlink_private(m, matched_prev);
    p_->add_queue_stats(-1, -static_cast<std::int64_t>(m->tag->node_size));
    if (p_->limiter != nullptr) [[unlikely]] p_->rt->limited_message_consumed(tls_context.w, p_);
    struct retire_on_exit {
      process* p;
      message* m;
      ~retire_on_exit() { p->mbox.retire(m); }
    } guard{p_, m};
    return dispatch(m, std::make_index_sequence<sizeof...(Cs)>{});
  }

 private:
  static constexpr std::size_t after_index() {
    std::size_t i = 0;
    (void)((is_after<Cs>::value ? false : (++i, true)) && ...);
    return i;
  }

  bool matched_at(message* m, message* prev) noexcept {
    matched = m;
    matched_prev = prev;
    return p_->reductions_left > 0;
  }

  static bool match_fn(receive_wait* self, message* m) noexcept {
    return static_cast<receive_awaiter*>(self)->try_clauses(m);
  }

  bool try_clauses(message* m) noexcept {
    return try_from(m, std::make_index_sequence<sizeof...(Cs)>{});
  }
  template <std::size_t... I>
  bool try_from(message* m, std::index_sequence<I...>) noexcept {
    return (try_one<I>(m) || ...);
  }
  template <std::size_t I>
  bool try_one(message* m) noexcept {
    using C = std::tuple_element_t<I, std::tuple<Cs...>>;
    if constexpr (is_after<C>::value) {
      return false;
    } else if constexpr (std::is_same_v<C, any_clause<decltype(std::declval<C>().handler)>>) {
      which_ = I;
      return true;
    } else {
      using T = typename C::type;
      if (m->tag != tag_v<T>) return false;
      if constexpr (!std::is_same_v<decltype(std::declval<C>().guard), no_guard>) {
        try {
          if (!std::get<I>(clauses_).guard(std::as_const(payload<T>(m)))) return false;
        } catch (...) {
          return false;
        }
      }
      which_ = I;
      return true;
    }
  }

  template <std::size_t... I>
  result_type dispatch(message* m, std::index_sequence<I...>) {
    if constexpr (std::is_void_v<result_type>) {
      (void)((which_ == I ? (invoke_one<I>(m), true) : false) || ...);
    } else {
      std::optional<result_type> r;
      (void)((which_ == I ? (r.emplace(invoke_one<I>(m)), true) : false) || ...);
      return std::move(*r);
    }
  }
  template <std::size_t I>
  result_type invoke_one(message* m) {
    using C = std::tuple_element_t<I, std::tuple<Cs...>>;
    auto& c = std::get<I>(clauses_);
    if constexpr (is_after<C>::value) {
      std::abort();  // never selected by a message
    } else if constexpr (std::is_same_v<C, any_clause<decltype(std::declval<C>().handler)>>) {
      return c.handler();
    } else {
      return c.handler(std::move(payload<typename C::type>(m)));
    }
  }

  // The two small fields first: they go in receive_wait's tail padding.
  std::uint8_t which_ = 0;
  bool dying_ = false;
  process* p_ = nullptr;
  std::tuple<Cs...> clauses_;
};

}  // namespace detail

template <class... Cs>
[[nodiscard]] auto receive(Cs&&... cs) {
  static_assert(sizeof...(Cs) > 0, "rt::receive needs at least one clause");
  return detail::receive_awaiter<typename detail::normalise<std::decay_t<Cs>>::type...>(
      detail::normalise<std::decay_t<Cs>>::make(std::decay_t<Cs>(std::forward<Cs>(cs)))...);
}

}  // namespace rt
