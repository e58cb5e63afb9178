// The scheduler loop. See worker.hpp for the outline and runtime_core.hpp for
// the wake-up protocol.
#include "rt/detail/worker.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

#include "rt/detail/context.hpp"
#include "rt/detail/process_heap.hpp"
#include "rt/detail/runtime_core.hpp"
#include "rt/proc.hpp"
#include "strategy_work_stealing.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define RT_CPU_RELAX() _mm_pause()
#else
#define RT_CPU_RELAX() std::this_thread::yield()
#endif

#ifdef __linux__
#include <pthread.h>
#include <sched.h>
#endif

namespace rt::detail {

namespace {

// How often a busy scheduler looks at its timers: every this many slices, or
// sooner once the slices since the last look have spent this many reductions
// (and always when idle). Reading the clock costs about as much as a short
// slice, so short slices share one read; a long slice (CPU-bound work runs
// its whole budget, defaults::reductions) pays for its own, and a timeout
// among busy processes is late by about one slice, not by eight.
constexpr std::uint32_t timer_check_interval = 8;
constexpr std::int32_t timer_check_reductions = 1000;
// Spin iterations between clock reads while looking for work.
constexpr int spin_iterations_per_clock_read = 64;

enum class settle { resume, blocked, exited };

}  // namespace

worker::worker(runtime_core& rt, std::uint16_t index)
    : rng(0x9E3779B97F4A7C15ull * (index + 1)), rt_(rt), index_(index) {}

void worker::start() {
  thread_ = std::thread([this] { run(); });
#ifdef __linux__
  if (rt_.cfg().pin_threads) {
    const unsigned cpus = std::max(1u, std::thread::hardware_concurrency());
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(index_ % cpus, &set);
    pthread_setaffinity_np(thread_.native_handle(), sizeof(set), &set);
  }
#endif
}

void worker::join() {
  if (thread_.joinable()) thread_.join();
}

namespace {

// The loop for strategy S: the interface (`strategy`) for any strategy, or a
// final class, whose hooks the compiler then calls directly and inlines. The
// default gets its own loop: its next() and has_local_work() through the
// interface, with their register saves, cost a tenth of a ring hop.
template <class S>
class loop {
 public:
  loop(worker& w, runtime_core& rt)
      : w_(w), rt_(rt), strat_(static_cast<S&>(rt.strat())), budget_(static_cast<std::int32_t>(rt.cfg().reductions)) {}

  void run() {
    tls_context.w = &w_;
    rt_.epochs().enter(w_.index());
    while (!rt_.stopping.load(std::memory_order_acquire)) {
      process* p = strat_.next(w_);
      if (p == nullptr) {
        p = find_work();
      } else if (spinning_) {
        // Woken by notify_any (so counted as spinning), this scheduler found
        // work at once. It must stop spinning here too, as find_work does:
        // while num_spinning stays above zero notify_any wakes nobody, and
        // with the global queue the other schedulers would sleep for ever.
        p = found(p);
      }
      if (p == nullptr) continue;
      after_slice(run_process(p));
    }
    if (spinning_) rt_.num_spinning.fetch_sub(1, std::memory_order_seq_cst);
    rt_.epochs().leave(w_.index());
    tls_context = {};
  }

 private:
  void after_slice(std::int32_t reductions_spent) {
    w_.processes_run.store(w_.processes_run.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    rt_.epochs().quiescent(w_.index());
    if (w_.limbo.size() >= reclaim_at_) reclaim();
    // Its own counter: sharing the strategy's `tick`, which next() also
    // advances once a slice, made this test see one parity only, and a
    // scheduler that never went idle never fired its timers.
    if (w_.timers.next_deadline() != timer_heap::never) {
      w_.timer_reductions += reductions_spent;
      if (++w_.timer_tick % timer_check_interval == 0 || w_.timer_reductions >= timer_check_reductions) {
        w_.timer_reductions = 0;
        fire_timers();
      }
    }
  }

  // Frees the retired control blocks whose grace period is over. Retirement
  // order is epoch order, so the safe ones are a prefix. If most must wait,
  // the next attempt waits until the list has doubled: each retired block is
  // looked at O(1) times on average, however slowly the epoch advances.
  void reclaim() {
    const std::uint64_t now = rt_.epochs().try_advance();
    std::size_t safe = 0;
    while (safe < w_.limbo.size() && epoch_domain::is_safe(w_.limbo[safe].first, now)) {
      rt_.free_retired_block(w_.limbo[safe].second);
      ++safe;
    }
    w_.limbo.erase(w_.limbo.begin(), w_.limbo.begin() + static_cast<std::ptrdiff_t>(safe));
    reclaim_at_ = std::max(defaults::reclaim_batch, 2 * w_.limbo.size());
  }

  void fire_timers() {
    const std::int64_t next = w_.timers.next_deadline();
    if (next == timer_heap::never) return;
    const std::int64_t now = now_ns();
    if (next > now) return;
    w_.due.clear();
    w_.timers.take_due(now, w_.due);
    for (const auto& e : w_.due) rt_.fire_timer(&w_, e);
    w_.due.clear();
  }

  // Called when the strategy has nothing local: spin, steal, then park.
  process* find_work() {
    if (rt_.cfg().idle == idle_policy::spin_then_park) {
      if (!spinning_) {
        spinning_ = true;
        rt_.num_spinning.fetch_add(1, std::memory_order_seq_cst);
      }
      const std::int64_t start = now_ns();
      const std::int64_t spin_ns = std::chrono::nanoseconds(rt_.cfg().spin).count();
      const std::int64_t deadline = start + spin_ns;
      // Newborns only later in the spin (defaults::newborn_steal_patience),
      // and always before it ends, so a scheduler never parks past them.
      const std::int64_t patient_until =
          start + std::min<std::int64_t>(std::chrono::nanoseconds(defaults::newborn_steal_patience).count(), spin_ns / 2);
      w_.take_newborns = patient_until == start;
      for (int i = 0;; ++i) {
        // A spinning scheduler holds no table pointers: let the epoch move.
        rt_.epochs().quiescent(w_.index());
        if (process* p = look_once()) return found(p);
        if (rt_.stopping.load(std::memory_order_acquire)) return nullptr;
        if (i % spin_iterations_per_clock_read == 0) {
          const std::int64_t now = now_ns();
          if (now >= patient_until) w_.take_newborns = true;
          if (now >= deadline) break;
        }
        RT_CPU_RELAX();
      }
    } else if (process* p = look_once()) {
      return found(p);
    }
    park();
    return nullptr;
  }

  process* look_once() {
    fire_timers();
    if (process* p = strat_.next(w_)) return p;
    if (process* p = strat_.search(w_)) return p;
    return nullptr;
  }

  // A spinning scheduler found work: it stops spinning, and if it was the last
  // spinner it wakes another, in case there is more (Go's resetspinning).
  process* found(process* p) {
    if (spinning_) {
      spinning_ = false;
      if (rt_.num_spinning.fetch_sub(1, std::memory_order_seq_cst) == 1) rt_.notify_any();
    }
    return p;
  }

  void park() {
    if (spinning_) {
      spinning_ = false;
      rt_.num_spinning.fetch_sub(1, std::memory_order_seq_cst);
    }
    if (!w_.limbo.empty()) reclaim();
    rt_.add_idle(w_);
    // RMWs, so that the producers' barrier in notify_any / notify pairs with
    // them under ThreadSanitizer too (store_load_barrier).
    w_.sleeping.exchange(1, std::memory_order_seq_cst);
    // Dekker with the producers' barrier: after we published ourselves as
    // idle, one more look at every queue.
    store_load_barrier(w_.sleeping);
    if (!reason_to_stay_awake()) {
      rt_.epochs().leave(w_.index());  // a parked scheduler holds no table pointers
      const auto t0 = std::chrono::steady_clock::now();
      while (!sleep_once()) {
        // Timed out, still published as idle (so the handshake above still
        // holds): one more look, as before sleeping.
        store_load_barrier(w_.sleeping);
        if (reason_to_stay_awake()) break;
      }
      const auto slept = std::chrono::steady_clock::now() - t0;
      w_.parks.store(w_.parks.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
      w_.parked_ns.store(w_.parked_ns.load(std::memory_order_relaxed) +
                             static_cast<std::uint64_t>(std::chrono::nanoseconds(slept).count()),
                         std::memory_order_relaxed);
      rt_.epochs().enter(w_.index());
    }
    w_.sleeping.store(0, std::memory_order_relaxed);
    // If a notifier took us off the idle list, it counted us as spinning.
    if (!rt_.remove_idle(w_)) spinning_ = true;
  }

  // Work anywhere, a stop, or a timer due: the look before sleeping.
  bool reason_to_stay_awake() {
    return strat_.has_work(w_) || rt_.stopping.load(std::memory_order_acquire) ||
           w_.timers.next_deadline() <= now_ns();
  }

  // Sleeps until unparked (true) or until the next timer or recheck is due
  // (false). The recheck is a safety net: a scheduler that queues work wakes
  // an idle one only when its queue turns non-empty (strategy_work_stealing.hpp,
  // enqueue and schedule_other), and if it read "not empty" just before we
  // took the last entry and was then held up (preempted) until we had looked
  // and parked, its push wakes nobody, and the work waits until its own
  // scheduler gets to it (seen as a spawn burst that a thief stopped taking,
  // a few times in 20,000 runs). Such a push can only come from a scheduler
  // that is running; with all the others parked, sleep until woken.
  bool sleep_once() {
    std::int64_t wake_at = w_.timers.next_deadline();
    if (rt_.num_idle.load(std::memory_order_relaxed) < rt_.workers().size()) {
      wake_at = std::min(wake_at, now_ns() + std::chrono::nanoseconds(defaults::idle_recheck).count());
    }
    if (wake_at == timer_heap::never) {
      w_.parker_park();
      return true;
    }
    return w_.parker_park_until(std::chrono::steady_clock::time_point(std::chrono::nanoseconds(wake_at)));
  }

  // Runs p's slice; returns the reductions it spent.
  std::int32_t run_process(process* p) {
    tls_context.current = p;
    p->reductions_left = budget_;
    std::int32_t spent_before = 0;
    settle s = prepare(p);
    while (s == settle::resume) {
      p->status.store(process_status::running, std::memory_order_relaxed);
      p->suspended = suspend_kind::none;
      p->resume_point.resume();
      // Account for the reductions of this stretch (the budget is per slice).
      const std::int32_t spent = budget_ - p->reductions_left;
      p->reductions_total.store(p->reductions_total.load(std::memory_order_relaxed) +
                                    static_cast<std::uint64_t>(std::max(0, spent - spent_before)),
                                std::memory_order_relaxed);
      spent_before = spent;
      s = after_resume(p);
    }
    tls_context.current = nullptr;
    return spent_before;
  }

  // Before resuming a process taken from a queue.
  settle prepare(process* p) {
    if (p->waiting != nullptr) return settle_wait(p);
    if (p->mbox.has_arrivals()) {
      message* first_new = nullptr;
      message* prev = nullptr;
      if (!rt_.take_arrivals(&w_, p, &first_new, &prev)) return die(p);
    }
    return settle::resume;
  }

  settle after_resume(process* p) {
    if (p->suspended == suspend_kind::done) {
      rt_.exit_process(&w_, p, reason_of(p));
      return settle::exited;
    }
    if (pending_death(p)) return die(p);
    if (p->suspended == suspend_kind::wait) {
      if (p->extras != nullptr) p->extras->mute_target = pid{};  // waiting in receive: no mute
      return settle_wait(p, /*just_looked=*/true);
    }
    // A send to a full mute_senders mailbox: suspended until it drains.
    if (p->extras != nullptr && !p->extras->mute_target.is_null()) [[unlikely]] {
      if (rt_.mute(&w_, p)) return settle::blocked;
    }
    // yield: the budget is spent (or an explicit yield). Handle signals now
    // so that a kill takes effect at this preemption point.
    if (p->mbox.has_arrivals()) {
      message* first_new = nullptr;
      message* prev = nullptr;
      if (!rt_.take_arrivals(&w_, p, &first_new, &prev)) return die(p);
    }
    p->status.store(process_status::runnable, std::memory_order_relaxed);
    strat_.schedule(&w_, p, wake_reason::yielded);
    return settle::blocked;
  }

  // p is suspended in receive with no match among the messages it has seen.
  // just_looked: p has only now suspended, after its receive found no
  // arrivals, so the first look is skipped; anything that arrived since makes
  // try_block fail (its compare-and-swap expects the head the receive saw),
  // and the next round takes it.
  //
  // The two common cases run in line in the scheduler loop: a woken process
  // whose new message matches, and a process that has just suspended with no
  // timeout while other work waits here, blocking at once (a ring hop has one
  // of each). The rest (timeouts, spinning, a failed block, no match) is
  // settle_wait_rest, out of line. As one function, called twice a ring hop,
  // its register saves and stack frame grew with every rare case added:
  // split, a hop runs 412 instructions instead of 469 (callgrind).
  [[gnu::always_inline]] settle settle_wait(process* p, bool just_looked = false) {
    receive_wait* rw = p->waiting;
    if (!just_looked) {
      message* first_new = nullptr;
      message* prev = nullptr;
      if (!rt_.take_arrivals(&w_, p, &first_new, &prev)) return die_waiting(p, rw);
      if (match_new(p, rw, first_new, prev)) return settle::resume;
    } else if (!rw->timed_out && !rw->has_deadline && !may_spin()) {
      if (block(p)) return settle::blocked;
      return settle_wait_rest(p, /*just_looked=*/false);  // something arrived: look
    }
    return settle_wait_rest(p, /*just_looked=*/true);
  }

  [[gnu::noinline]] settle settle_wait_rest(process* p, bool just_looked) {
    receive_wait* rw = p->waiting;
    for (bool look = !just_looked;; look = true) {
      message* first_new = nullptr;
      message* prev = nullptr;
      if (look && !rt_.take_arrivals(&w_, p, &first_new, &prev)) return die_waiting(p, rw);
      if (match_new(p, rw, first_new, prev)) return settle::resume;
      if (rw->timed_out) return settle::resume;
      if (rw->has_deadline && !timer_armed(rw)) {
        if (now_ns() >= rw->deadline_ns) {
          rw->timed_out = true;
          return settle::resume;
        }
        rw->timer_cell = rt_.add_timer(&w_, timer_entry{rw->deadline_ns, p->self, p->wait_seq, nullptr});
        p->timer_owner = w_.index();
      }
      if (spin_for_arrivals(p)) continue;
      if (block(p)) return settle::blocked;
    }
  }

  // Blocks p on its mailbox; false if messages arrived since it last looked.
  // Forced in line: GCC kept it out of line, 3 more instructions a ring hop.
  [[gnu::always_inline]] bool block(process* p) noexcept {
    p->status.store(process_status::waiting, std::memory_order_relaxed);
    if (p->mbox.try_block(p->wait_seq)) return true;
    p->status.store(process_status::running, std::memory_order_relaxed);
    return false;
  }

  // Matches the messages from first_new on (prev: the one before it in the
  // private queue) against p's receive; on a match, remembers it and ends
  // the wait's timeout.
  bool match_new(process* p, receive_wait* rw, message* first_new, message* prev) {
    for (message* m = first_new; m != nullptr; prev = m, m = m->next) {
      if (rw->match(rw, m)) {
        rw->matched = m;
        rw->matched_prev = prev;
        cancel_timeout(p, rw);
        return true;
      }
    }
    return false;
  }

  // A signal ended p while it waited.
  [[gnu::noinline]] settle die_waiting(process* p, receive_wait* rw) {
    cancel_timeout(p, rw);
    return die(p);
  }

  // With nothing else to run here, a short look at p's mailbox is cheaper
  // than blocking it and having the next sender wake it across cores.
  bool may_spin() noexcept {
    return rt_.cfg().idle == idle_policy::spin_then_park && !strat_.has_local_work(w_);
  }
  // That look: true if something arrived.
  bool spin_for_arrivals(process* p) noexcept {
    if (!may_spin()) return false;
    for (int i = 0; i < defaults::receive_spin_iterations; ++i) {
      if (p->mbox.has_arrivals()) return true;
      RT_CPU_RELAX();
    }
    return false;
  }

  static bool timer_armed(const receive_wait* rw) noexcept { return rw->timer_cell != timer_heap::no_cell; }

  // The wait ended before its timeout (a message matched, or a signal ended
  // the process): take the timeout's entry out of the heap that holds it, so
  // that a process making timed calls leaves none behind. If the timer is
  // firing right now the cancel finds nothing, and the firing is dropped:
  // the wait number it carries no longer matches (mailbox::cancel_wait).
  void cancel_timeout(process* p, receive_wait* rw) {
    if (!timer_armed(rw)) return;
    rt_.workers()[p->timer_owner]->timers.cancel(rw->timer_cell, p->self, p->wait_seq);
    rw->timer_cell = timer_heap::no_cell;
  }

  static bool pending_death(process* p) noexcept {
    if (p->extras == nullptr) return false;
    if (p->extras->has_pending_exit) return true;
    if (p->extras->heap && p->extras->heap->over_limit()) {
      p->extras->pending_exit = exit_reason::heap_limit();
      p->extras->has_pending_exit = true;
      return true;
    }
    return false;
  }

  settle die(process* p) {
    exit_reason r = std::move(p->extras->pending_exit);
    rt_.exit_process(&w_, p, r);
    return settle::exited;
  }

  static exit_reason reason_of(process* p) {
    auto h = std::coroutine_handle<proc::promise_type>::from_address(p->root.address());
    std::exception_ptr e = h.promise().error;
    if (!e) return exit_reason::normal();
    try {
      std::rethrow_exception(e);
    } catch (const exit_request& req) {
      return req.reason;
    } catch (const heap_limit_error&) {
      return exit_reason::heap_limit();
    } catch (const std::exception& ex) {
      return exit_reason::error(ex.what());
    } catch (...) {
      return exit_reason::error("unknown exception");
    }
  }

  worker& w_;
  runtime_core& rt_;
  S& strat_;
  std::int32_t budget_;
  bool spinning_ = false;  // counted in rt_.num_spinning
  std::size_t reclaim_at_ = defaults::reclaim_batch;  // limbo length that triggers reclaim()
};

}  // namespace

void worker::run() {
  // make_strategy builds a default_work_stealing for this kind and nothing
  // else reports it (balancing reports its own), so the downcast is exact.
  if (rt_.strat().kind() == strategy_kind::work_stealing) {
    loop<default_work_stealing> l(*this, rt_);
    l.run();
  } else {
    loop<strategy> l(*this, rt_);
    l.run();
  }
}

}  // namespace rt::detail
