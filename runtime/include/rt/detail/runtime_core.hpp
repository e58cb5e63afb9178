// The runtime's shared state and the operations every other file builds on:
// spawning, delivering a message, making a process runnable, waking schedulers,
// ending a process. rt::runtime (runtime.hpp) is its public face; the functions
// of this_process.hpp reach it through the running process.
//
// Waking idle schedulers (after Go's wakep and Tokio's notify_parked):
//   - num_spinning counts schedulers that are awake and looking for work;
//     num_idle those that are parked (or about to park).
//   - Whoever makes work visible to other schedulers calls notify_any(): if
//     nobody is spinning and somebody is idle, it wakes one idle scheduler and
//     counts it as spinning (so a burst of pushes wakes one, not all).
//   - A spinning scheduler that finds work stops spinning and, if it was the
//     last spinner, calls notify_any() itself, so work that arrives in bursts
//     spreads one scheduler at a time.
//   - Going to sleep is a Dekker handshake: the scheduler publishes itself as
//     idle, then (seq_cst fence) looks at every queue once more; the producer
//     publishes its work, then (seq_cst fence) reads num_idle/num_spinning. One
//     of the two sees the other, so no wake-up is lost.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "rt/config.hpp"
#include "rt/detail/context.hpp"
#include "rt/detail/epoch.hpp"
#include "rt/detail/process.hpp"
#include "rt/detail/process_table.hpp"
#include "rt/detail/registry.hpp"
#include "rt/detail/strategy.hpp"
#include "rt/detail/worker.hpp"
#include "rt/info.hpp"
#include "rt/mailbox_limit.hpp"
#include "rt/system_messages.hpp"

namespace rt {

struct spawn_options {
  std::size_t max_heap = 0;  // bytes; 0 = the runtime's default_max_heap
  int scheduler = -1;        // place on this scheduler (mod count); -1 = the strategy decides
  bool trap_exit = false;    // start with trap_exit set
  mailbox_limit mailbox{};   // unbounded by default (mailbox_limit.hpp)
};

namespace detail {

class runtime_core {
 public:
  explicit runtime_core(const config& cfg);
  ~runtime_core();
  runtime_core(const runtime_core&) = delete;
  runtime_core& operator=(const runtime_core&) = delete;

  const config& cfg() const noexcept { return cfg_; }

  // ---- spawning ----
  // A process's block (control block, then the function object, arguments
  // and root frame) is a multiple of this, so that the node allocator places
  // it on a 32-byte boundary (its slabs start on a cache line). A sender reads
  // the block's first 20 bytes (the pid, the mailbox head and the limit,
  // process.hpp and mailbox.hpp), which then always lie on one cache line. At
  // 16-byte alignment a block starting in a line's last 16 bytes had the limit
  // on the next line, the one the owner writes with every message it takes: a
  // cross-core sender then pulled that line away from the receiver. (A block
  // over the node allocator's classes, max_small, comes from the system
  // allocator, and the sanitizer builds' plain allocator aligns to 16 only.)
  static constexpr std::size_t block_alignment = 32;
  static constexpr std::size_t round_up_to_block(std::size_t n) noexcept {
    return (n + block_alignment - 1) & ~(block_alignment - 1);
  }
  static constexpr std::size_t control_block_size() noexcept { return round_up_to_block(sizeof(process)); }
  // Allocates a control block with `extra` bytes after it (aligned to 16) for
  // the spawned function object and arguments: control_block_size() +
  // round_up_to_block(extra) bytes.
  process* allocate_process(std::size_t extra);
  void free_process_block(process* p) noexcept;
  // Frees a block retired at exit, after its grace period (epoch.hpp).
  void free_retired_block(process* p) noexcept;
  static void* extra_storage(process* p) noexcept;
  // Gives p a pid, publishes it and makes it runnable. `link_to`/`monitor_by`
  // (the spawning process, or null) are set up before p can run.
  pid start_process(process* p, const spawn_options& o, process* link_to, process* monitor_by,
                    std::uint64_t monitor_ref);

  // ---- messages ----
  // Delivers m to `to` from the calling thread (scheduler or not). Returns
  // false, and frees m, if `to` is not alive.
  bool deliver(pid to, message* m);
  // Delivers m to `to` from a scheduler of this runtime (w is tls worker).
  // `sender` is the sending process (null for timers and other threads): the
  // one a full mute_senders mailbox mutes. Returns false, and frees m, if `to`
  // is not alive or its mailbox limit dropped m.
  bool deliver_from_worker(worker* w, pid to, message* m, process* sender = nullptr) {
    if (cfg_.test_drop_one_in != 0 && planted_drop()) [[unlikely]] {
      destroy(m);
      return true;  // silently: the sender believes it was delivered
    }
    process* p = table_.lookup(to);
    if (p == nullptr) {
      destroy(m);
      return false;
    }
    return push_to(w, p, m, sender);
  }
  // p's wait has ended (a message, a timeout) and the caller owns the
  // wake-up: the same as strategy_->schedule(w, p, woken). Every send that
  // ends a wait comes here, so the default strategies' case (the next slot)
  // is done in line, without a virtual call: a ring hop's, a request/reply
  // turn's. w is the calling scheduler of this runtime, or null.
  void wake(worker* w, process* p) noexcept {
    if (w != nullptr && next_slot_wakes_) {
      if (process* displaced = w->displace_next_slot(p)) strategy_->schedule(w, displaced, wake_reason::displaced);
      return;
    }
    strategy_->schedule(w, p, wake_reason::woken);
  }
  bool push_to(worker* w, process* p, message* m, process* sender = nullptr) {
    // The one test an unbounded mailbox pays: a field on the head's cache line.
    if (p->mbox.limit() != 0) [[unlikely]] return push_limited(w, p, m, sender);
    switch (p->mbox.push(m)) {
      case mailbox::push_result::queued: return true;
      case mailbox::push_result::woke_owner: wake(w, p); return true;
      case mailbox::push_result::closed: destroy(m); return false;
    }
    return false;
  }
  // ---- mailbox limits (mailbox_limit.cpp, mailbox_limiter.hpp) ----
  bool push_limited(worker* w, process* p, message* m, process* sender);
  // Owner: a message left p's limited mailbox (received or dropped).
  void limited_message_consumed(worker* w, process* p) noexcept;
  // The scheduler of s, which suspended after a send to a full mute_senders
  // mailbox (s->extras->mute_target). True if s is now muted (blocked); false if it
  // need not be and should carry on as after a yield.
  bool mute(worker* w, process* s);
  // p is exiting: its muted senders resume.
  void release_muted(worker* w, process* p) noexcept;
  // Ends the mute of sender s in wait `seq`, unless something else ended it.
  void unmute(worker* w, pid s, std::uint64_t seq) noexcept;

  // Delivers a signal; if the target is dead, `on_dead` runs instead (it gets
  // the undelivered message, which it must free).
  template <class OnDead>
  void send_signal(worker* w, pid to, message* m, OnDead&& on_dead);

  // ---- scheduling ----
  strategy& strat() noexcept { return *strategy_; }
  std::vector<std::unique_ptr<worker>>& workers() noexcept { return workers_; }
  locked_queue& global_queue() noexcept { return global_; }
  void notify_any();
  void notify(worker& w);
  // A scheduler of this runtime on this thread, or nullptr.
  worker* my_worker() const noexcept;

  // ---- idle protocol (worker.cpp) ----
  std::atomic<std::uint32_t> num_spinning{0};
  std::atomic<std::uint32_t> num_idle{0};
  std::atomic<bool> stopping{false};
  void add_idle(worker& w);
  bool remove_idle(worker& w);  // false if a notifier already took it off the list

  // ---- processes ----
  process_table& table() noexcept { return table_; }
  epoch_domain& epochs() noexcept { return epochs_; }
  registry& names() noexcept { return registry_; }
  // Approximate while processes come and go; exact when nothing runs.
  std::size_t process_count() const noexcept;
  // True when no process is alive (checked against the table).
  bool no_live_process();
  void wait_until_no_processes();
  bool wait_until_no_processes_for(std::chrono::nanoseconds timeout);
  bool wait_until_no_processes_until(std::chrono::steady_clock::time_point deadline);
  std::uint64_t new_ref(worker* w) noexcept;

  // Ends p (owner only). Runs its frame's destructors, releases its name,
  // answers pending link/monitor signals, notifies links and monitors, frees
  // its heap and retires the control block. `reason` must not live in p (in
  // its frame or extras): it is used after those are gone.
  void exit_process(worker* w, process* p, const exit_reason& reason);
  // Destroys p's body frames, if not yet done (its root frame may live in
  // the block: proc.hpp, frame_reservation).
  void destroy_root(process* p) noexcept;
  // Handles (and frees) one signal arriving at p (owner only). Returns false
  // if p must die (the reason is then in p->extras->pending_exit). A signal
  // that becomes a message (EXIT for a trapping process, DOWN) is returned in
  // *deliver, to be queued where the signal stood.
  bool handle_signal(worker* w, process* p, message* m, message** deliver);
  // Takes p's arrivals into its private queue, handling signals. Returns false
  // if a signal ended p (not yet exited: the caller calls exit_process).
  // `first_new` gets the first message appended, for matching.
  bool take_arrivals(worker* w, process* p, message** first_new, message** prev_of_first) {
    *prev_of_first = p->queue_last;
    *first_new = nullptr;
    // One look at the head: an empty batch is the common case, inline. (A
    // has_arrivals() test first read and compared the head twice per take.)
    mailbox::batch b = p->mbox.take_arrivals();
    if (b.first == nullptr) return true;
    // The next most common, inline too: no signal among them (a ring's hop, a
    // request's reply, a producer's burst). The chain is already in order, so
    // it is spliced onto the private queue whole.
    if (!b.has_signal) {
      p->enqueue_private(b);
      *first_new = b.first;
      p->add_queue_stats(b.count, b.bytes);
      return true;
    }
    return take_with_signals(w, p, b, first_new);
  }

  bool take_with_signals(worker* w, process* p, mailbox::batch b, message** first_new);

  // ---- runs on a thread that is not one of our schedulers ----
  // Serialises such threads and makes them one epoch participant.
  class external_guard {
   public:
    explicit external_guard(runtime_core& rt);
    ~external_guard();
    external_guard(const external_guard&) = delete;
    external_guard& operator=(const external_guard&) = delete;

   private:
    runtime_core& rt_;
    bool active_;
  };

  // ---- introspection ----
  std::vector<pid> list_processes();
  std::optional<process_info> info(pid p);
  std::vector<scheduler_info> scheduler_stats() const;

  // Timers added from any thread.
  std::uint32_t add_timer(worker* w, const timer_entry& e);  // returns its cell, for timer_heap::cancel
  void fire_timer(worker* w, const timer_entry& e);

  void shutdown();

 private:
  void free_everything();
  // config::test_drop_one_in: true for one call in N.
  bool planted_drop() noexcept {
    // relaxed: a counter only; which message is dropped does not matter.
    return planted_drops_.fetch_add(1, std::memory_order_relaxed) % cfg_.test_drop_one_in == cfg_.test_drop_one_in - 1;
  }

  config cfg_;
  process_table table_;
  epoch_domain epochs_;
  registry registry_;
  std::vector<std::unique_ptr<worker>> workers_;
  std::unique_ptr<strategy> strategy_;
  bool next_slot_wakes_ = false;  // strategy_->next_slot_wakes(), one load closer
  locked_queue global_;

  std::mutex idle_mu_;
  std::vector<worker*> idle_;

  alignas(64) std::atomic<std::uint64_t> external_spawned_{0};  // spawns from outside the schedulers

  std::recursive_mutex external_mu_;
  std::size_t external_slot_;
  int external_depth_ = 0;  // nesting of external_guard on the thread holding external_mu_
  std::atomic<std::uint64_t> external_refs_{0};
  std::atomic<std::uint32_t> next_placement_{0};
  std::atomic<std::uint64_t> planted_drops_{0};  // config::test_drop_one_in
  bool shut_down_ = false;
  friend class worker;
};

template <class OnDead>
void runtime_core::send_signal(worker* w, pid to, message* m, OnDead&& on_dead) {
  process* p = table_.lookup(to);
  if (p != nullptr) {
    switch (p->mbox.push(m)) {
      case mailbox::push_result::queued: return;
      case mailbox::push_result::woke_owner: wake(w, p); return;
      case mailbox::push_result::closed: break;
    }
  }
  on_dead(m);
}

}  // namespace detail
}  // namespace rt
