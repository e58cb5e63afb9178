// What a process can do: the functions a process body calls.
//
// All of them act on behalf of the calling process and throw rt::usage_error
// when called outside one (use rt::runtime's members from other threads).
#pragma once

#include <chrono>
#include <coroutine>
#include <memory_resource>
#include <string_view>

#include "rt/defaults.hpp"
#include "rt/detail/injected_cost.hpp"
#include "rt/detail/process_heap.hpp"
#include "rt/detail/runtime_core.hpp"
#include "rt/detail/spawn.hpp"
#include "rt/exit_reason.hpp"
#include "rt/message.hpp"
#include "rt/pid.hpp"
#include "rt/proc.hpp"
#include "rt/system_messages.hpp"

namespace rt {

namespace detail {
inline process* me(const char* what) { return current_process_or_throw(what); }

// Suspends (to the back of the run queue) if the budget is spent, or always.
struct yield_awaiter {
  process* p;
  bool always;
  bool await_ready() const noexcept { return !always && p->reductions_left > 0; }
  void await_suspend(std::coroutine_handle<> h) const noexcept {
    p->resume_point = h;
    p->suspended = suspend_kind::yield;
  }
  void await_resume() const noexcept {}
};

}  // namespace detail

// The calling process's pid.
inline pid self() { return detail::me("rt::self")->self; }

// Sends a deep copy of `msg` to `to`. Sending to a dead pid does nothing.
// Returns an awaitable: `co_await rt::send(...)` also makes the send a
// preemption point (it yields if the budget is spent); ignoring it is fine.
// It is also where a sender to a full mute_senders mailbox is suspended
// (mailbox_limit.hpp); a sender that ignores it is muted at its next
// preemption point instead.
//
// Always inlined: GCC kept it out of line in process bodies, a call whose
// register saves and argument moves cost 29 of a ring hop's 491 instructions
// (callgrind, rt_bench ring_hop/schedulers:1); inlined, the allocation, the
// table lookup and the push sit in the body's own code.
template <class T>
[[gnu::always_inline]] inline detail::yield_awaiter send(pid to, T&& msg) {
  static_assert(is_sendable_v<T>, "rt::send: the message type must be sendable (see message.hpp)");
  detail::process* p = detail::me("rt::send");
  detail::injected_send_cost();  // empty unless the build injects a cost (injected_cost.hpp)
  p->rt->deliver_from_worker(detail::tls_context.w, to,
                             detail::make_message<std::remove_cvref_t<T>>(std::forward<T>(msg)), p);
  p->reductions_left -= static_cast<std::int32_t>(defaults::send_cost);
  return {p, false};
}

// Sends to the process registered as `name`; false if there is none.
template <class T>
bool send(std::string_view name, T&& msg) {
  detail::process* p = detail::me("rt::send");
  auto to = p->rt->names().find(name);
  if (!to) return false;
  (void)send(*to, std::forward<T>(msg));
  return true;
}

// A preemption point: costs `n` reductions, yields if the budget is spent.
inline detail::yield_awaiter reduce(std::uint32_t n = defaults::yield_cost) {
  detail::process* p = detail::me("rt::reduce");
  p->reductions_left -= static_cast<std::int32_t>(n);
  return {p, false};
}
// Yields now: the process goes to the back of the run queue.
inline detail::yield_awaiter yield() { return {detail::me("rt::yield"), true}; }

// Starts a process running f(args...); returns its pid at once.
template <class F, class... A>
  requires(!std::is_same_v<std::decay_t<F>, spawn_options>)
pid spawn(F&& f, A&&... a) {
  detail::process* p = detail::me("rt::spawn");
  p->reductions_left -= static_cast<std::int32_t>(defaults::spawn_cost);
  return detail::spawn_process(*p->rt, spawn_options{}, nullptr, nullptr, 0, std::forward<F>(f),
                               std::forward<A>(a)...);
}
template <class F, class... A>
pid spawn(const spawn_options& o, F&& f, A&&... a) {
  detail::process* p = detail::me("rt::spawn");
  p->reductions_left -= static_cast<std::int32_t>(defaults::spawn_cost);
  return detail::spawn_process(*p->rt, o, nullptr, nullptr, 0, std::forward<F>(f), std::forward<A>(a)...);
}
// Spawns and links in one step: the link exists before the new process runs.
template <class F, class... A>
pid spawn_link(F&& f, A&&... a) {
  detail::process* p = detail::me("rt::spawn_link");
  p->reductions_left -= static_cast<std::int32_t>(defaults::spawn_cost);
  return detail::spawn_process(*p->rt, spawn_options{}, p, nullptr, 0, std::forward<F>(f),
                               std::forward<A>(a)...);
}
// Spawns and monitors in one step.
template <class F, class... A>
std::pair<pid, ref> spawn_monitor(F&& f, A&&... a) {
  detail::process* p = detail::me("rt::spawn_monitor");
  p->reductions_left -= static_cast<std::int32_t>(defaults::spawn_cost);
  const std::uint64_t r = p->rt->new_ref(detail::tls_context.w);
  pid child = detail::spawn_process(*p->rt, spawn_options{}, nullptr, p, r, std::forward<F>(f),
                                    std::forward<A>(a)...);
  return {child, ref{r}};
}

// Links and monitors (see DESIGN.md, "Failure").
void link(pid other);
void unlink(pid other);
ref monitor(pid other);
// Removes a monitor; no DOWN for it is received afterwards (any already in
// the mailbox is dropped too).
void demonitor(ref r);
// While set, exit signals from links (and exit(self, reason) with a reason
// other than kill) arrive as rt::exit_msg instead of ending the process.
// Returns the previous value.
bool trap_exit(bool on);

// Sends an exit signal to `target` (BEAM's exit/2): reason kill ends it
// untrappably (its links see `killed`); normal is ignored unless the target
// traps exits; any other reason ends it unless it traps exits.
void exit(pid target, exit_reason reason);
// Ends the calling process now with `reason` (its destructors run).
[[noreturn]] void exit_self(exit_reason reason);

// The calling process's private heap (process_heap.hpp).
std::pmr::memory_resource* heap();

// A new reference, unique within the runtime.
ref make_ref();

// Delivers `msg` to `to` after `delay`.
template <class T, class Rep, class Period>
void send_after(std::chrono::duration<Rep, Period> delay, pid to, T&& msg) {
  static_assert(is_sendable_v<T>, "rt::send_after: the message type must be sendable");
  detail::process* p = detail::me("rt::send_after");
  detail::message* m = detail::make_message<std::remove_cvref_t<T>>(std::forward<T>(msg));
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(delay).count();
  p->rt->add_timer(detail::tls_context.w, detail::timer_entry{detail::now_ns() + ns, to, 0, m});
}

// The registry, from inside a process.
registry_status register_name(std::string_view name, pid p);
registry_status unregister_name(std::string_view name);
std::optional<pid> whereis(std::string_view name);

}  // namespace rt
