// Supervisors in the style of OTP's supervisor, with the one_for_one strategy.
//
//   std::vector<rt::sup::child_spec> children = {
//       {.id = "cache", .start = [] { return cache_loop(); }},                  // permanent
//       {.id = "job", .start = [] { return job(); }, .type = rt::sup::restart::transient},
//   };
//   rt::pid s = rt::sup::start_link(children, {.max_restarts = 3, .period = 5s});  // inside a process
//   auto r = co_await rt::sup::children(s, 100ms);  // r->children[i].running, r->restarts
//
// A supervisor is a process that traps exits and starts each child with
// spawn_link, in the order given. When a child ends, the supervisor gets its
// EXIT (an rt::exit_msg) and decides by the child's restart type:
//   permanent  always restarted;
//   transient  restarted only if it ended abnormally (a reason other than
//              normal or shutdown);
//   temporary  never restarted.
// Only the child that ended is restarted (one_for_one); its siblings are not
// touched.
//
// Restart intensity: if more than `max_restarts` restarts happen within
// `period`, the supervisor gives up, as OTP's does: it shuts its children down
// and exits with reason `shutdown`, so that whoever supervises it (or is
// linked to it) can act.
//
// Shutting children down (when it gives up, or when it receives an EXIT from a
// process that is not one of its children, such as its parent or anyone
// calling exit(supervisor, reason)): in the reverse of the start order, each
// running child is sent exit(child, shutdown) and given `shutdown` to end; a
// child that traps exits and does not end in time is killed. The supervisor
// then exits with the reason it was given (`shutdown` when it gave up).
//
// Everything here is built on the public API (spawn_link, trap_exit, exit,
// receive, gen::call), so a supervisor is an ordinary process: the runtime
// knows nothing of it.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rt/exit_reason.hpp"
#include "rt/gen_server.hpp"
#include "rt/pid.hpp"
#include "rt/proc.hpp"
#include "rt/receive.hpp"
#include "rt/runtime.hpp"
#include "rt/system_messages.hpp"
#include "rt/this_process.hpp"

namespace rt::sup {

enum class restart : std::uint8_t { permanent, transient, temporary };

// How long a child gets to end after exit(child, shutdown) before it is
// killed: OTP's default for a worker.
inline constexpr std::chrono::milliseconds default_shutdown{5000};

struct child_spec {
  std::string id;
  std::function<proc()> start;  // called in the new child process
  restart type = restart::permanent;
  std::chrono::milliseconds shutdown = default_shutdown;
};

// Restart intensity: at most max_restarts within period. OTP's defaults.
struct intensity {
  std::uint32_t max_restarts = 1;
  std::chrono::milliseconds period{5000};
};

// The supervisor's answer to children(): each child spec in start order, with
// the pid it runs as (none for a temporary or transient child that ended), and
// the number of restarts so far.
struct child_status {
  std::string id;
  std::optional<pid> running;
};
struct children_report {
  std::vector<child_status> children;
  std::uint64_t restarts = 0;
};
struct which_children {};

// Asks supervisor `s` for its children (inside a process).
template <class Rep, class Period>
task<gen::result<children_report>> children(pid s, std::chrono::duration<Rep, Period> timeout) {
  return gen::call<children_report>(s, which_children{}, timeout);
}

namespace detail {

class supervisor_state {
 public:
  supervisor_state(std::vector<child_spec> specs, intensity lim) : specs_(std::move(specs)), limit_(lim) {
    running_.resize(specs_.size());
  }

  void start_all() {
    for (std::size_t i = 0; i < specs_.size(); ++i) start_child(i);
  }

  // An EXIT from `from`: restarts or forgets the child; nullopt to go on, or
  // the reason to exit with (after shutting the children down).
  std::optional<exit_reason> on_exit(const exit_msg& m) {
    const auto i = index_of(m.from);
    if (!i) return m.reason;  // not a child: the parent, or exit(supervisor, reason) from anyone
    running_[*i].reset();
    if (!should_restart(specs_[*i].type, m.reason)) return std::nullopt;
    if (!note_restart()) return exit_reason::shutdown();
    start_child(*i);
    ++restarts_;
    return std::nullopt;
  }

  children_report report() const {
    children_report r;
    r.restarts = restarts_;
    for (std::size_t i = 0; i < specs_.size(); ++i) r.children.push_back({specs_[i].id, running_[i]});
    return r;
  }

  // The running children, last started first, with their shutdown times.
  std::vector<std::pair<pid, std::chrono::milliseconds>> running_in_stop_order() const {
    std::vector<std::pair<pid, std::chrono::milliseconds>> out;
    for (std::size_t i = specs_.size(); i-- > 0;) {
      if (running_[i]) out.emplace_back(*running_[i], specs_[i].shutdown);
    }
    return out;
  }

 private:
  static bool should_restart(restart type, const exit_reason& why) {
    switch (type) {
      case restart::permanent:
        return true;
      case restart::transient:
        return !why.is_normal() && why.what() != exit_reason::kind::shutdown;
      case restart::temporary:
        return false;
    }
    return false;
  }

  // Records a restart now; false if that makes more than max_restarts within
  // the period (the supervisor gives up).
  bool note_restart() {
    const auto now = std::chrono::steady_clock::now();
    recent_.push_back(now);
    while (!recent_.empty() && now - recent_.front() > limit_.period) recent_.pop_front();
    return recent_.size() <= limit_.max_restarts;
  }

  std::optional<std::size_t> index_of(pid p) const {
    for (std::size_t i = 0; i < running_.size(); ++i) {
      if (running_[i] == p) return i;
    }
    return std::nullopt;
  }

  void start_child(std::size_t i) {
    running_[i] = rt::spawn_link([start = specs_[i].start]() -> proc { return start(); });
  }

  std::vector<child_spec> specs_;
  intensity limit_;
  std::vector<std::optional<pid>> running_;  // by spec index
  std::deque<std::chrono::steady_clock::time_point> recent_;  // restarts within the period
  std::uint64_t restarts_ = 0;
};

// Shuts one child down: exit(child, shutdown), then kill if it has not ended
// within `grace`. Its EXIT is consumed either way.
inline task<void> stop_child(pid child, std::chrono::milliseconds grace) {
  const auto from_child = [child](const exit_msg& m) { return m.from == child; };
  rt::exit(child, exit_reason::shutdown());
  const bool ended = co_await receive(on<exit_msg>(from_child, [](exit_msg) { return true; }),
                                      after(grace, [] { return false; }));
  if (!ended) {
    rt::exit(child, exit_reason::kill());
    co_await receive(on<exit_msg>(from_child, [](exit_msg) {}));
  }
}

inline proc supervise(std::vector<child_spec> specs, intensity lim) {
  rt::trap_exit(true);
  supervisor_state state(std::move(specs), lim);
  state.start_all();
  std::optional<exit_reason> stop;
  while (!stop) {
    stop = co_await receive(
        [&state](exit_msg m) { return state.on_exit(m); },
        [&state](gen::call_msg<which_children> m) -> std::optional<exit_reason> {
          (void)rt::send(m.from, gen::reply_msg<children_report>{m.tag, state.report()});
          return std::nullopt;
        });
  }
  for (const auto& [child, grace] : state.running_in_stop_order()) co_await stop_child(child, grace);
  rt::exit_self(std::move(*stop));
}

}  // namespace detail

// Starts a supervisor linked to the calling process (inside a process).
inline pid start_link(std::vector<child_spec> specs, intensity lim = {}) {
  return rt::spawn_link([](std::vector<child_spec>& s, intensity l) -> proc { return detail::supervise(std::move(s), l); },
                    std::move(specs), lim);
}
// Starts a supervisor on `rt` (from outside any process); stop it with
// rt.exit(supervisor, exit_reason::shutdown()).
inline pid start(runtime& rt, std::vector<child_spec> specs, intensity lim = {}) {
  return rt.spawn([](std::vector<child_spec>& s, intensity l) -> proc { return detail::supervise(std::move(s), l); },
                  std::move(specs), lim);
}

}  // namespace rt::sup
