// rt::runtime: an actor runtime modelled on the BEAM.
//
//   rt::runtime rt{rt::config{.schedulers = 2}};
//   rt::pid p = rt.spawn([]() -> rt::proc { co_await rt::receive([](int n) { ... }); });
//   rt.send(p, 42);
//   rt.wait_idle();  // until every process has ended
//
// The members here are for threads that are not processes (a test's main
// thread, a benchmark harness); a process uses the functions in
// this_process.hpp. Two runtimes can live in one program: nothing is global.
// Destroying a runtime stops its schedulers and frees every process that is
// still alive, with all its memory.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rt/config.hpp"
#include "rt/detail/runtime_core.hpp"
#include "rt/detail/spawn.hpp"
#include "rt/info.hpp"
#include "rt/message.hpp"
#include "rt/pid.hpp"

namespace rt {

class runtime {
 public:
  // Throws config_error for a configuration it cannot run (0 schedulers, a
  // zero reduction budget, ...).
  explicit runtime(config cfg = {});
  ~runtime();
  runtime(const runtime&) = delete;
  runtime& operator=(const runtime&) = delete;

  template <class F, class... A>
    requires(!std::is_same_v<std::decay_t<F>, spawn_options>)
  pid spawn(F&& f, A&&... a) {
    check_running("rt::runtime::spawn");
    return detail::spawn_process(*core_, spawn_options{}, nullptr, nullptr, 0, std::forward<F>(f),
                                 std::forward<A>(a)...);
  }
  template <class F, class... A>
  pid spawn(const spawn_options& o, F&& f, A&&... a) {
    check_running("rt::runtime::spawn");
    return detail::spawn_process(*core_, o, nullptr, nullptr, 0, std::forward<F>(f), std::forward<A>(a)...);
  }

  // Sends a deep copy of msg; false if `to` is not alive or its mailbox limit
  // dropped the message. A full mute_senders mailbox takes it all the same
  // (this thread is not a process and cannot be muted).
  template <class T>
  bool send(pid to, T&& msg) {
    static_assert(is_sendable_v<T>, "rt::runtime::send: the message type must be sendable");
    return core_->deliver(to, detail::make_message<std::remove_cvref_t<T>>(std::forward<T>(msg)));
  }
  template <class T>
  bool send(std::string_view name, T&& msg) {
    auto to = whereis(name);
    return to && send(*to, std::forward<T>(msg));
  }

  // exit/2 from outside any process (see rt::exit).
  void exit(pid target, exit_reason reason);

  registry_status register_name(std::string_view name, pid p);
  registry_status unregister_name(std::string_view name);
  std::optional<pid> whereis(std::string_view name);

  // Introspection.
  std::size_t process_count() const noexcept;
  // Bytes the runtime holds for processes right now: control blocks, frames,
  // messages (their nodes, not what a payload owns on the system heap) and
  // process heaps; not the allocator's caches nor the blocks of exited
  // processes awaiting reclamation. Counted by the node allocator, which is
  // shared by every runtime in the program (node_allocator.hpp): compare it
  // with a value taken before, as a leak check does. Once every process has
  // exited (wait_idle) it is back where it was before they were spawned.
  std::size_t live_bytes() const;
  std::vector<pid> processes();
  std::optional<process_info> info(pid p);
  std::vector<scheduler_info> schedulers() const;
  unsigned scheduler_count() const noexcept;
  const config& settings() const noexcept;
  // The settings in force, as "key=value" pairs separated by spaces.
  std::string describe() const;

  // Blocks until no process is alive.
  void wait_idle();
  // As wait_idle, giving up after `timeout`; true if no process is alive.
  template <class Rep, class Period>
  bool wait_idle_for(std::chrono::duration<Rep, Period> timeout) {
    return core_->wait_until_no_processes_for(std::chrono::duration_cast<std::chrono::nanoseconds>(timeout));
  }

  // Stops the schedulers and frees every remaining process. Idempotent; the
  // destructor calls it. spawn afterwards throws usage_error; send returns false.
  void shutdown();

 private:
  // A process spawned after shutdown would never run and never be freed
  // (shutdown has already freed everything), so that is misuse.
  void check_running(const char* what) const {
    if (core_->stopping.load(std::memory_order_acquire)) throw usage_error(std::string(what) + " after shutdown");
  }

  std::unique_ptr<detail::runtime_core> core_;
};

}  // namespace rt
