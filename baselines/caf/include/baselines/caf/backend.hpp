// The caf backend: an actor is a CAF 0.17 event-based actor on CAF's default
// work-stealing scheduler (workloads/backend.hpp).
//
// What it models: the best-known C++ actor framework used as its manual
// teaches: a class derived from caf::event_based_actor whose make_behavior()
// returns one handler; actors are spawned from inside actors (the child is
// scheduled on the spawning worker), messages are sent with the actor's own
// send (the receiver, if idle, is pushed onto the sending worker's queue, where
// other workers steal it), timers are delayed_send. The system is configured
// in system.hpp: scheduler.max-threads = the run's thread count.
//
// Messages. CAF 0.17 carries a message as a type-erased tuple; a type that is
// never serialized (local messaging only, as here) is declared safe with
// caf::allowed_unsafe_message_type, which is what CAF_ALLOW_UNSAFE_MESSAGE_TYPE
// expands to. The alternative, an inspect() overload per type, exists so that
// a message can cross the network or be printed; the workloads' messages never
// do, and writing one per workload type would touch every workload. Each
// message travels as an envelope<M> (declared safe once, below for every M)
// and the handler takes it by mutable reference: a message that only this
// actor holds is moved out, never copied (CAF copies on write only when a
// message is shared).
//
// Addresses are caf::actor handles (a strong reference, an atomic count on
// copy), the handle CAF code passes around. By the interface's rule nothing
// is sent to an actor after it stopped, so holding a handle keeps at most the
// actor's memory, not the actor, alive.
//
// Who may call what: a context belongs to its actor and is used only from its
// handlers (CAF runs one handler of an actor at a time); run() is called from
// outside the system.
//
// What it leaves out: detection of a stuck workload. await_all_actors_done
// waits for every actor to quit; CAF cannot tell "idle forever" from "idle
// until a timer fires", so a workload that leaves an actor waiting hangs
// instead of failing (none does: each verifies its protocol ends).
#pragma once

#include <caf/all.hpp>
#include <chrono>
#include <cstddef>
#include <string_view>
#include <type_traits>
#include <utility>

#include "baselines/caf/system.hpp"
#include "workloads/backend.hpp"

namespace ab::backends::caf {

// What travels in a CAF message: one workload message.
template <class M>
struct envelope {
  M value;
};

}  // namespace ab::backends::caf

namespace caf {
// Local messaging only: no inspect() needed (see the top of this file).
template <class M>
struct allowed_unsafe_message_type<ab::backends::caf::envelope<M>> : std::true_type {};
}  // namespace caf

namespace ab::backends::caf {

// The typed face of a caf::actor handle.
template <class M>
class address {
 public:
  address() = default;
  explicit address(::caf::actor a) noexcept : actor_(std::move(a)) {}
  const ::caf::actor& get() const noexcept { return actor_; }
  explicit operator bool() const noexcept { return static_cast<bool>(actor_); }
  friend bool operator==(const address& a, const address& b) noexcept {
    return a.actor_ == b.actor_;
  }

 private:
  ::caf::actor actor_;
};

template <class Beh>
class actor_of;

template <class Beh>
class actor_context {
 public:
  using message = typename Beh::message;

  explicit actor_context(actor_of<Beh>& self) noexcept : self_(self) {}
  actor_context(const actor_context&) = delete;
  actor_context& operator=(const actor_context&) = delete;

  address<message> self() const {
    return address<message>{::caf::actor_cast<::caf::actor>(&self_)};
  }

  template <class M>
  void send(const address<M>& to, M m) {
    self_.send(to.get(), envelope<M>{std::move(m)});
  }

  template <class Child, class... A>
  address<typename Child::message> spawn(A&&... args) {
    return address<typename Child::message>{
        self_.template spawn<actor_of<Child>>(std::forward<A>(args)...)};
  }

  void stop() noexcept { stopped_ = true; }
  bool stopped() const noexcept { return stopped_; }

  template <class Rep, class Period>
  void send_after(std::chrono::duration<Rep, Period> delay, message m) {
    self_.delayed_send(::caf::actor_cast<::caf::actor>(&self_), delay,
                       envelope<message>{std::move(m)});
  }

 private:
  actor_of<Beh>& self_;
  bool stopped_ = false;
};

// A behaviour as a CAF event-based actor.
template <class Beh>
class actor_of final : public ::caf::event_based_actor {
 public:
  using message = typename Beh::message;

  template <class... A>
  explicit actor_of(::caf::actor_config& cfg, A&&... args)
      : ::caf::event_based_actor(cfg), beh_(std::forward<A>(args)...), ctx_(*this) {}

  ::caf::behavior make_behavior() override {
    if constexpr (has_on_start<Beh, actor_context<Beh>>) {
      beh_.on_start(ctx_);
      if (ctx_.stopped()) {
        quit();
        return {};
      }
    }
    return {
        [this](envelope<message>& e) {
          beh_.on_message(ctx_, std::move(e.value));
          if (ctx_.stopped()) quit();
        },
    };
  }

 private:
  Beh beh_;
  actor_context<Beh> ctx_;
};

struct backend {
  static constexpr std::string_view name = "caf";
  static constexpr bool has_timers = true;
  static std::size_t max_live_processes() noexcept { return std::size_t{1} << 32; }

  template <class M>
  using address = caf::address<M>;

  template <class Root, class... A>
  static run_status run(const backend_options& o, A&&... args) {
    system sys(o.resolved_threads());
    sys.get().spawn<actor_of<Root>>(std::forward<A>(args)...);
    sys.get().await_all_actors_done();
    return {};
  }
};

}  // namespace ab::backends::caf
