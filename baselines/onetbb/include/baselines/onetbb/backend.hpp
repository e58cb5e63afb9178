// The onetbb backend: an actor is a oneTBB task that runs while its mailbox
// has messages, in a task_arena of one thread per core (workloads/backend.hpp).
//
// What it models: the "actors on a task pool" design (Akka dispatchers,
// CAF, Rust's actix): no stack per actor, only its state and mailbox; an
// actor with messages is a task, an idle actor costs no scheduling at all.
// oneTBB's work-stealing task scheduler does the rest. The mailbox and its
// activation protocol are in mailbox.hpp, the arena in system.hpp.
//
// A cell is one actor: its mailbox, its behaviour, its private list of taken
// messages. Its task (drain) handles up to defaults::messages_per_turn
// messages, then re-enqueues itself if more are waiting, otherwise returns the
// actor to idle. The task that handles the message that stops the actor
// frees the cell.
//
// What it leaves out: timers. oneTBB has none; an actor cannot sleep without
// a thread outside the arena, so has_timers is false and workloads that need
// send_after report unsupported.
#pragma once

#include <oneapi/tbb/scalable_allocator.h>

#include <cstddef>
#include <new>
#include <string>
#include <utility>

#include "baselines/defaults.hpp"
#include "baselines/onetbb/mailbox.hpp"
#include "baselines/onetbb/system.hpp"
#include "workloads/backend.hpp"

namespace ab::backends::onetbb {

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

  address<message> self() const noexcept { return address<message>{&cell_}; }

  template <class M>
  void send(const address<M>& to, M m) {
    to.get()->push(std::move(m));
  }

  template <class Child, class... A>
  address<typename Child::message> spawn(A&&... args) {
    return spawn_actor<Child>(cell_.sys(), std::forward<A>(args)...);
  }

  void stop() noexcept { stopped_ = true; }
  bool stopped() const noexcept { return stopped_; }

 private:
  cell<Beh>& cell_;
  bool stopped_ = false;
};

template <class Beh>
class cell final : public mailbox<typename Beh::message> {
 public:
  using message = typename Beh::message;

  template <class... A>
  explicit cell(system& s, A&&... args)
      : mailbox<message>(s, &cell::run_task), beh_(std::forward<A>(args)...), ctx_(*this) {}

  system& sys() noexcept { return this->sys_; }

  static cell* make(system& s, auto&&... args) {
    void* mem = scalable_malloc(sizeof(cell));
    if (mem == nullptr) throw std::bad_alloc{};
    return new (mem) cell(s, std::forward<decltype(args)>(args)...);
  }

 private:
  static void run_task(mailbox_base* mb) { static_cast<cell*>(mb)->drain(); }

  void drain() {
    if (!started_) {
      started_ = true;
      if constexpr (has_on_start<Beh, context<Beh>>) {
        beh_.on_start(ctx_);
        if (ctx_.stopped()) return finish();
      }
    }
    std::size_t budget = baselines::defaults::messages_per_turn;
    for (;;) {
      if (first_ == nullptr) {
        first_ = this->take();
        if (first_ == nullptr) {
          if (this->try_idle()) return;
          continue;
        }
      }
      if (budget == 0) {
        this->sys_.requeue(this);
        return;
      }
      auto* n = static_cast<node<message>*>(first_);
      first_ = n->next;
      message m = std::move(n->value);
      node<message>::destroy(n);
      beh_.on_message(ctx_, std::move(m));
      if (ctx_.stopped()) return finish();
      --budget;
    }
  }

  void finish() {
    // By the interface's rule nothing more was sent to us; free what a broken
    // workload may have sent anyway, then the cell.
    for (node_base* n = first_; n != nullptr;) {
      node_base* next = n->next;
      node<message>::destroy(static_cast<node<message>*>(n));
      n = next;
    }
    for (node_base* n = this->take(); n != nullptr;) {
      node_base* next = n->next;
      node<message>::destroy(static_cast<node<message>*>(n));
      n = next;
    }
    system& s = this->sys_;
    this->~cell();
    scalable_free(this);
    s.actor_finished();
  }

  Beh beh_;
  context<Beh> ctx_;
  node_base* first_ = nullptr;  // task only: taken messages not yet handled, oldest first
  bool started_ = false;        // task only: on_start has run
};

template <class Beh, class... A>
address<typename Beh::message> spawn_actor(system& sys, A&&... args) {
  cell<Beh>* c = cell<Beh>::make(sys, std::forward<A>(args)...);
  sys.actor_started();
  sys.activate(c);  // the first task runs on_start; the mailbox starts `running`
  return address<typename Beh::message>{c};
}

struct backend {
  static constexpr std::string_view name = "onetbb";
  static constexpr bool has_timers = false;
  static std::size_t max_live_processes() noexcept { return std::size_t{1} << 32; }

  template <class M>
  using address = onetbb::address<M>;

  template <class Root, class... A>
  static run_status run(const backend_options& o, A&&... args) {
    system sys(o.resolved_threads());
    sys.execute_and_wait([&] { spawn_actor<Root>(sys, std::forward<A>(args)...); });
    if (const std::int64_t left = sys.live(); left != 0) {
      return run_status::failure("onetbb: no task left to run but " + std::to_string(left) +
                                 " actors never stopped (the workload is stuck)");
    }
    return {};
  }
};

}  // namespace ab::backends::onetbb
