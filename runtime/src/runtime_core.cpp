// The runtime's shared operations: spawn, delivery, signals, exit, wake-ups,
// introspection and shutdown. The design is in runtime_core.hpp and DESIGN.md.
#include "rt/detail/runtime_core.hpp"

#include <algorithm>
#include <chrono>
#include <limits>
#include <optional>
#include <thread>

#include "rt/detail/process_heap.hpp"
#include "rt/detail/signals.hpp"
#include "rt/proc.hpp"

namespace rt::detail {

namespace {
// Pids a scheduler keeps for reuse before handing a batch back to the depot.
constexpr std::size_t pid_cache_batch = 64;

bool remove_pid(std::vector<pid>& v, pid p) {
  auto it = std::find(v.begin(), v.end(), p);
  if (it == v.end()) return false;
  *it = v.back();
  v.pop_back();
  return true;
}
bool remove_ref(std::vector<monitor_entry>& v, std::uint64_t ref) {
  auto it = std::find_if(v.begin(), v.end(), [ref](const monitor_entry& e) { return e.ref == ref; });
  if (it == v.end()) return false;
  *it = v.back();
  v.pop_back();
  return true;
}
}  // namespace

std::int64_t now_ns() noexcept {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

runtime_core::runtime_core(const config& cfg)
    : cfg_((cfg.validate(), cfg)),
      table_(cfg.max_processes),
      epochs_(cfg.schedulers + 1),
      external_slot_(cfg.schedulers) {
  workers_.reserve(cfg_.schedulers);
  for (unsigned i = 0; i < cfg_.schedulers; ++i) {
    workers_.push_back(std::make_unique<worker>(*this, static_cast<std::uint16_t>(i)));
  }
  strategy_ = make_strategy(cfg_.strategy, *this);
  next_slot_wakes_ = strategy_->next_slot_wakes();
  for (auto& w : workers_) w->start();
}

runtime_core::~runtime_core() { shutdown(); }

// ---------------------------------------------------------------- spawning

void* runtime_core::extra_storage(process* p) noexcept {
  return reinterpret_cast<unsigned char*>(p) + control_block_size();
}

process* runtime_core::allocate_process(std::size_t extra) {
  const std::size_t size = control_block_size() + round_up_to_block(extra);
  void* mem = allocate_node(size);
  auto* p = new (mem) process;
  p->block_size = size;
  p->rt = this;
  return p;
}

void runtime_core::destroy_root(process* p) noexcept {
  if (!p->root) return;
  // A frame in the block is not freed on its own (proc.hpp). Saved and
  // restored: the body's destructors may spawn, which sets the reservation.
  frame_reservation& room = tls_frame_reservation;
  const frame_reservation outer = room;
  room = {};
  room.taken = p->frame_embedded ? p->root.address() : nullptr;
  p->root.destroy();
  p->root = {};
  room = outer;
}

void runtime_core::free_process_block(process* p) noexcept {
  const std::size_t size = p->block_size;
  p->~process();
  free_node(p, size);
}

void runtime_core::free_retired_block(process* p) noexcept {
  // Its bytes came off the live count at exit (exit_process, step 6).
  const std::size_t size = p->block_size;
  p->~process();
  free_uncounted_node(p, size);
}

pid runtime_core::start_process(process* p, const spawn_options& o, process* link_to, process* monitor_by,
                                std::uint64_t monitor_ref) {
  worker* w = my_worker();
  pid id;
  if (w != nullptr) {
    if (w->free_pids.empty()) table_.take(w->free_pids, pid_cache_batch);
    if (!w->free_pids.empty()) {
      id = w->free_pids.back();
      w->free_pids.pop_back();
    }
  } else {
    std::vector<pid> one;
    if (table_.take(one, 1) == 1) id = one.front();
  }
  if (id.is_null()) {
    try {
      id = table_.fresh_pid();
    } catch (...) {
      destroy_root(p);
      p->destroy_callable(p);
      free_process_block(p);
      throw;
    }
  }
  p->self = id;
  p->max_heap = o.max_heap != 0 ? o.max_heap : cfg_.default_max_heap;
  p->trap_exit = o.trap_exit;
  if (o.mailbox.max_messages != 0) {
    p->mbox.set_limit(static_cast<std::uint32_t>(std::min<std::size_t>(
                          o.mailbox.max_messages, std::numeric_limits<std::uint32_t>::max())),
                      o.mailbox.policy);
    p->limiter = std::make_unique<mailbox_limiter>();
  }
  if (link_to != nullptr) {
    p->ext().links.push_back(link_to->self);
    link_to->ext().links.push_back(id);
  }
  if (monitor_by != nullptr) {
    p->ext().watchers.push_back({monitor_ref, monitor_by->self});
    monitor_by->ext().monitors.push_back({monitor_ref, id});
  }
  p->home = strategy_->place(w, o.scheduler);
  if (w != nullptr) {
    w->spawned.store(w->spawned.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  } else {
    external_spawned_.fetch_add(1, std::memory_order_relaxed);
  }
  table_.publish(id, p);
  strategy_->schedule(w, p, wake_reason::spawned);
  return id;
}

// ---------------------------------------------------------------- messages

worker* runtime_core::my_worker() const noexcept {
  worker* w = tls_context.w;
  return (w != nullptr && &w->rt() == this) ? w : nullptr;
}

bool runtime_core::deliver(pid to, message* m) {
  if (worker* w = my_worker()) return deliver_from_worker(w, to, m);
  if (shut_down_) {
    destroy(m);
    return false;
  }
  external_guard g(*this);
  return deliver_from_worker(nullptr, to, m);
}

std::uint64_t runtime_core::new_ref(worker* w) noexcept {
  if (w != nullptr) return (std::uint64_t{w->index()} + 1) << 48 | ++w->next_ref;
  return external_refs_.fetch_add(1, std::memory_order_relaxed) + 1;
}

runtime_core::external_guard::external_guard(runtime_core& rt) : rt_(rt), active_(true) {
  rt_.external_mu_.lock();
  if (rt_.external_depth_++ == 0) rt_.epochs_.enter(rt_.external_slot_);
}
runtime_core::external_guard::~external_guard() {
  if (!active_) return;
  if (--rt_.external_depth_ == 0) rt_.epochs_.leave(rt_.external_slot_);
  rt_.external_mu_.unlock();
}

// ---------------------------------------------------------------- signals

bool runtime_core::take_with_signals(worker* w, process* p, mailbox::batch b, message** first_new) {
  std::int64_t count = 0;
  std::int64_t bytes = 0;
  auto append = [&](message* m) {
    m->next = nullptr;
    if (p->queue_last == nullptr) p->queue_first = m; else p->queue_last->next = m;
    p->queue_last = m;
    if (*first_new == nullptr) *first_new = m;
    ++count;
    bytes += m->tag->node_size;
  };
  bool alive = true;
  for (message* m = b.first; m != nullptr;) {
    message* next = m->next;
    if (!alive || !m->tag->is_signal) {
      append(m);  // after a fatal signal, the rest waits for exit_process to answer it
    } else {
      message* converted = nullptr;
      alive = handle_signal(w, p, m, &converted);
      if (converted != nullptr) {
        append(converted);
        // No sender counted it, and receiving it will count as consumed.
        if (p->limiter != nullptr) p->limiter->add_consumed(-1);
      }
    }
    m = next;
  }
  if (count != 0) p->add_queue_stats(count, bytes);
  return alive;
}

bool runtime_core::handle_signal(worker* w, process* p, message* m, message** deliver) {
  struct retire_on_exit {
    process* p;
    message* m;
    ~retire_on_exit() { p->mbox.retire(m); }
  } guard{p, m};
  auto die = [p](exit_reason r) {
    p->ext().pending_exit = std::move(r);
    p->ext().has_pending_exit = true;
    return false;
  };
  const type_tag* t = m->tag;
  if (t == signal_tag_v<link_signal>) {
    auto& links = p->ext().links;
    const pid from = payload<link_signal>(m).from;
    if (std::find(links.begin(), links.end(), from) == links.end()) links.push_back(from);
  } else if (t == signal_tag_v<unlink_signal>) {
    remove_pid(p->ext().links, payload<unlink_signal>(m).from);
  } else if (t == signal_tag_v<monitor_signal>) {
    const auto& s = payload<monitor_signal>(m);
    p->ext().watchers.push_back({s.ref, s.from});
  } else if (t == signal_tag_v<demonitor_signal>) {
    remove_ref(p->ext().watchers, payload<demonitor_signal>(m).ref);
  } else if (t == signal_tag_v<down_signal>) {
    auto& s = payload<down_signal>(m);
    // Only a monitor that is still active produces a DOWN message.
    if (p->extras != nullptr && remove_ref(p->extras->monitors, s.ref)) {
      *deliver = make_message<down_msg>(down_msg{ref{s.ref}, s.from, std::move(s.reason)});
    }
  } else if (t == signal_tag_v<exit_signal>) {
    auto& s = payload<exit_signal>(m);
    if (s.linked) {
      // A link exit counts only while the link exists (unlink may have raced it).
      if (p->extras == nullptr || !remove_pid(p->extras->links, s.from)) return true;
      if (p->trap_exit) {
        *deliver = make_message<exit_msg>(exit_msg{s.from, std::move(s.reason)});
      } else if (!s.reason.is_normal()) {
        return die(std::move(s.reason));
      }
    } else if (s.reason.what() == exit_reason::kind::kill) {
      return die(exit_reason::killed());
    } else if (s.reason.what() == exit_reason::kind::mailbox_limit) {
      return die(exit_reason::mailbox_limit());  // untrappable, as kill
    } else if (p->trap_exit) {
      *deliver = make_message<exit_msg>(exit_msg{s.from, std::move(s.reason)});
    } else if (!s.reason.is_normal() || s.from == p->self) {
      return die(std::move(s.reason));
    }
  }
  (void)w;
  return true;
}

// ---------------------------------------------------------------- exit

void runtime_core::exit_process(worker* w, process* p, const exit_reason& reason_in) {
  p->status.store(process_status::exiting, std::memory_order_relaxed);
  // A kill is reported as `killed`; any other reason as given, by reference:
  // the callers pass a temporary or a local, nothing this exit frees.
  std::optional<exit_reason> killed;
  if (reason_in.what() == exit_reason::kind::kill) killed.emplace(exit_reason::killed());
  const exit_reason& reason = killed ? *killed : reason_in;
  // 1. The body's destructors run as the process (they may send).
  destroy_root(p);
  p->destroy_callable(p);
  p->destroy_callable = [](process*) noexcept {};
  p->waiting = nullptr;
  // 2. Its name goes, then no more arrivals, then the name is checked again.
  //    The name must go before the close: a link or monitor request that
  //    finds the mailbox closed is answered with noproc at once, and no one
  //    may hear of the exit while the name still maps to it. The release
  //    after the close catches a register that raced the first (the Dekker
  //    handshake in registry.cpp).
  registry_.release(p);
  p->enqueue_private(p->mbox.close());
  if (p->limiter != nullptr) release_muted(w, p);  // the test in line: a call for every exit otherwise
  registry_.release(p);
  // 3. Answer link and monitor requests that came in time.
  const pid self = p->self;
  auto drop = [](message* m) { destroy(m); };
  for (message* m = p->queue_first; m != nullptr;) {
    message* next = m->next;
    if (m->tag == signal_tag_v<link_signal>) {
      send_signal(w, payload<link_signal>(m).from, make_signal<exit_signal>(self, reason, true), drop);
    } else if (m->tag == signal_tag_v<monitor_signal>) {
      const auto& s = payload<monitor_signal>(m);
      send_signal(w, s.from, make_signal<down_signal>(self, s.ref, reason), drop);
    }
    destroy(m);
    m = next;
  }
  p->queue_first = p->queue_last = nullptr;
  p->queue_len.store(0, std::memory_order_relaxed);
  p->mailbox_bytes.store(0, std::memory_order_relaxed);
  // 4. Links and monitors.
  if (p->extras != nullptr) {
    for (pid l : p->extras->links) send_signal(w, l, make_signal<exit_signal>(self, reason, true), drop);
    for (const auto& e : p->extras->watchers) {
      send_signal(w, e.other, make_signal<down_signal>(self, e.ref, reason), drop);
    }
    for (const auto& e : p->extras->monitors) {
      send_signal(w, e.other, make_signal<demonitor_signal>(self, e.ref), drop);
    }
    // 5. The heap goes as a whole.
    delete p->extras;
    p->extras = nullptr;
  }
  // 6. Off the table; the pid's slot is reused with the next serial, the
  //    block after a grace period.
  // A retired block belongs to no process: like a cached block, it does not
  // count as live (free_retired_block frees it without counting). Counted
  // before the table release, so that whoever sees the process gone (acquire)
  // sees its bytes gone too.
  if (w != nullptr) count_live(-static_cast<std::int64_t>(p->block_size));
  table_.remove(self);
  if (w != nullptr) {
    w->free_pids.push_back(process_table::successor(self));
    if (w->free_pids.size() >= 2 * pid_cache_batch) {
      table_.give_back(w->free_pids.data() + pid_cache_batch, w->free_pids.size() - pid_cache_batch);
      w->free_pids.resize(pid_cache_batch);
    }
    w->limbo.emplace_back(epochs_.current(), p);
  } else {
    const pid next = process_table::successor(self);
    table_.give_back(&next, 1);
    free_process_block(p);  // only at shutdown, when no other thread runs
  }
  if (w != nullptr) w->exited.store(w->exited.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
}

std::size_t runtime_core::process_count() const noexcept {
  if (shut_down_) return 0;
  // Spawned minus exited, summed over schedulers: each counter is read once,
  // so while processes come and go the sum is approximate (never used alone
  // to decide that the runtime is idle, see no_live_process).
  std::int64_t n = static_cast<std::int64_t>(external_spawned_.load(std::memory_order_relaxed));
  for (const auto& w : workers_) {
    n += static_cast<std::int64_t>(w->spawned.load(std::memory_order_relaxed));
    n -= static_cast<std::int64_t>(w->exited.load(std::memory_order_relaxed));
  }
  return n > 0 ? static_cast<std::size_t>(n) : 0;
}

bool runtime_core::no_live_process() {
  if (process_count() != 0) return false;
  // Confirm against the table: a live process is in it from before it is
  // counted as spawned until after it is counted as exited... except while a
  // spawn is in flight, which only a live process or the waiting thread
  // itself can be doing.
  const std::uint32_t n = table_.high_water();
  external_guard g(*this);
  for (std::uint32_t s = 0; s < n; ++s) {
    if (table_.at_slot(s) != nullptr) return false;
  }
  return true;
}

bool runtime_core::wait_until_no_processes_until(std::chrono::steady_clock::time_point deadline) {
  // Polls with backoff: waiting for idleness is for tests and harnesses, and
  // a shared counter that exits could signal would cost every spawn and exit
  // an atomic read-modify-write.
  auto pause = std::chrono::microseconds(20);
  for (;;) {
    if (no_live_process()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::microseconds(1000));
  }
}

void runtime_core::wait_until_no_processes() {
  wait_until_no_processes_until(std::chrono::steady_clock::time_point::max());
}

bool runtime_core::wait_until_no_processes_for(std::chrono::nanoseconds timeout) {
  return wait_until_no_processes_until(std::chrono::steady_clock::now() + timeout);
}

// ---------------------------------------------------------------- wake-ups

void runtime_core::notify_any() {
  // Pairs with the barrier in the parking scheduler (worker.cpp, park).
  store_load_barrier(num_idle);
  if (num_spinning.load(std::memory_order_relaxed) != 0 || num_idle.load(std::memory_order_relaxed) == 0) return;
  worker* target = nullptr;
  {
    std::lock_guard lock(idle_mu_);
    if (idle_.empty()) return;
    std::uint32_t zero = 0;
    // One waker at a time: the woken scheduler counts as spinning from now on.
    if (!num_spinning.compare_exchange_strong(zero, 1, std::memory_order_seq_cst)) return;
    target = idle_.back();
    idle_.pop_back();
    num_idle.fetch_sub(1, std::memory_order_seq_cst);
  }
  target->wake();
}

void runtime_core::notify(worker& w) {
  // Pairs with the barrier in the parking scheduler (worker.cpp, park).
  store_load_barrier(w.sleeping);
  if (w.sleeping.load(std::memory_order_relaxed) != 0) w.wake();
}

void runtime_core::add_idle(worker& w) {
  std::lock_guard lock(idle_mu_);
  idle_.push_back(&w);
  num_idle.fetch_add(1, std::memory_order_seq_cst);
}

bool runtime_core::remove_idle(worker& w) {
  std::lock_guard lock(idle_mu_);
  auto it = std::find(idle_.begin(), idle_.end(), &w);
  if (it == idle_.end()) return false;
  idle_.erase(it);
  num_idle.fetch_sub(1, std::memory_order_seq_cst);
  return true;
}

// ---------------------------------------------------------------- timers

std::uint32_t runtime_core::add_timer(worker* w, const timer_entry& e) {
  if (w != nullptr && &w->rt() == this) return w->timers.add(e);
  // From outside: scheduler 0 keeps it, woken in case it sleeps past it.
  const std::uint32_t cell = workers_.front()->timers.add(e);
  workers_.front()->wake();
  return cell;
}

void runtime_core::fire_timer(worker* w, const timer_entry& e) {
  if (e.msg != nullptr) {
    deliver_from_worker(w, e.target, e.msg);
    return;
  }
  process* p = table_.lookup(e.target);
  if (p != nullptr && p->mbox.cancel_wait(e.wait_seq)) {
    p->waiting->timed_out = true;  // we own the wake-up: the process is not running
    wake(w, p);
  }
}

// ---------------------------------------------------------------- introspection

std::vector<pid> runtime_core::list_processes() {
  std::vector<pid> out;
  auto scan = [&] {
    const std::uint32_t n = table_.high_water();
    for (std::uint32_t s = 0; s < n; ++s) {
      if (process* p = table_.at_slot(s)) out.push_back(p->self);
    }
  };
  if (my_worker() != nullptr) {
    scan();
  } else {
    external_guard g(*this);
    scan();
  }
  return out;
}

std::optional<process_info> runtime_core::info(pid id) {
  auto read = [&]() -> std::optional<process_info> {
    process* p = table_.lookup(id);
    if (p == nullptr) return std::nullopt;
    process_info i{};
    i.id = id;
    switch (p->status.load(std::memory_order_relaxed)) {
      case process_status::runnable: i.status = "runnable"; break;
      case process_status::running: i.status = "running"; break;
      case process_status::waiting: i.status = "waiting"; break;
      case process_status::exiting: i.status = "exiting"; break;
    }
    i.mailbox_length = p->queue_len.load(std::memory_order_relaxed);
    if (p->limiter != nullptr) {
      i.mailbox_length = static_cast<std::uint32_t>(p->limiter->length());
      i.mailbox_limit = p->mbox.limit();
      i.messages_dropped = p->limiter->dropped.load(std::memory_order_relaxed);
    }
    i.mailbox_bytes = p->mailbox_bytes.load(std::memory_order_relaxed);
    i.heap_bytes = p->heap_bytes.load(std::memory_order_relaxed);
    i.reductions = p->reductions_total.load(std::memory_order_relaxed);
    if (const std::string* n = p->name.load(std::memory_order_acquire); n != nullptr && !n->empty()) {
      i.registered_name = *n;
    }
    return i;
  };
  if (my_worker() != nullptr) return read();
  external_guard g(*this);
  return read();
}

std::vector<scheduler_info> runtime_core::scheduler_stats() const {
  std::vector<scheduler_info> out;
  for (const auto& w : workers_) {
    scheduler_info i;
    i.index = w->index();
    i.processes_run = w->processes_run.load(std::memory_order_relaxed);
    i.steals = w->steals.load(std::memory_order_relaxed);
    i.migrations = w->migrations.load(std::memory_order_relaxed);
    i.parks = w->parks.load(std::memory_order_relaxed);
    i.parked_ns = w->parked_ns.load(std::memory_order_relaxed);
    i.queue_length = w->queue.size() + w->newborn.size();
    i.timers = w->timers.size();
    out.push_back(i);
  }
  return out;
}

// ---------------------------------------------------------------- shutdown

void runtime_core::shutdown() {
  if (shut_down_) return;
  stopping.store(true, std::memory_order_seq_cst);
  for (auto& w : workers_) w->wake();
  for (auto& w : workers_) w->join();
  shut_down_ = true;
  free_everything();
  // Every scheduler thread has exited and shelved its cache: a later runtime
  // in this program gets the blocks in address order (node_allocator.hpp).
  tidy_node_memory();
}

void runtime_core::free_everything() {
  // No scheduler runs now. First run every live body's destructors (they may
  // still send; deliveries go to processes that still exist), then free.
  const std::uint32_t n = table_.high_water();
  for (std::uint32_t s = 0; s < n; ++s) {
    process* p = table_.at_slot(s);
    if (p == nullptr) continue;
    tls_context.current = p;
    destroy_root(p);
    p->destroy_callable(p);
    p->destroy_callable = [](process*) noexcept {};
    tls_context.current = nullptr;
  }
  for (std::uint32_t s = 0; s < n; ++s) {
    process* p = table_.at_slot(s);
    if (p == nullptr) continue;
    p->enqueue_private(p->mbox.close());
    for (message* m = p->queue_first; m != nullptr;) {
      message* next = m->next;
      destroy(m);
      m = next;
    }
    delete p->extras;
    p->extras = nullptr;
    table_.remove(p->self);
    free_process_block(p);
  }
  for (auto& w : workers_) {
    for (auto& [epoch, p] : w->limbo) free_retired_block(p);
    w->limbo.clear();
  }
}

}  // namespace rt::detail
