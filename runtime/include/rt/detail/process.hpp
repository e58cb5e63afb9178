// The process control block.
//
// Who touches what
//   self, mbox     a sender that looked the pid up compares self (a reused
//                  slot, process_table.hpp), then pushes onto the mailbox's
//                  head: the two share the block's first 16 bytes, so one
//                  cache line whatever the block's 16-byte alignment. (Self
//                  was 96 bytes in, on a line the owner writes with every
//                  message it takes: a second miss for every cross-core send.
//                  In fan_in's samples, perf record -e cpu-clock, the stall on
//                  the sender's limit test fell from 25% of rt::send to 2%,
//                  and the consumer's receive loop from 16% to 10% of all.)
//                  The mailbox's limit and policy, set at spawn and read by
//                  every sender, follow the head inside mbox (mailbox.hpp):
//                  all three in the first 20 bytes of a 32-byte-aligned
//                  block, so on one cache line.
//   limiter        set at spawn for a limited mailbox (mailbox_limiter.hpp).
//   everything     the owner: the scheduler thread that is running the process,
//   else           or that is preparing it to run. A process runs on one
//                  scheduler at a time, and is handed between schedulers only
//                  through a run queue (release/acquire), so these fields need no
//                  atomics. The exceptions are read by introspection from other
//                  threads and are relaxed atomics written only by the owner.
//
// A control block lives from spawn until exit + one reclamation grace period
// (epoch.hpp): senders that looked up the pid may still push to its (closed)
// mailbox meanwhile.
#pragma once

#include <atomic>
#include <coroutine>
#include <cstdint>
#include <memory>
#include <memory_resource>
#include <string>
#include <vector>

#include "rt/detail/mailbox.hpp"
#include "rt/detail/mailbox_limiter.hpp"
#include "rt/detail/process_heap.hpp"
#include "rt/detail/timer_heap.hpp"
#include "rt/exit_reason.hpp"
#include "rt/mailbox_limit.hpp"
#include "rt/pid.hpp"

namespace rt::detail {

class worker;
class runtime_core;

// What the process's coroutine asked for when it last suspended.
enum class suspend_kind : std::uint8_t {
  none,
  yield,   // budget spent (or explicit yield): back of the run queue
  wait,    // in receive with no match: block on the mailbox
  done,    // the body finished (returned or threw)
};

// Status for introspection.
enum class process_status : std::uint8_t { runnable, running, waiting, exiting };

// The receive that a suspended process is waiting in. It lives in the
// coroutine frame (receive.hpp) and is looked at by the scheduler that wakes
// the process, so that a process is resumed only when a message matches.
// The flags come last: receive_awaiter's own small fields fill the padding
// after them, so that a waiting receive takes fewer of the frame's cache lines.
// (A base's tail padding is reused only when it is not a POD for layout: the
// default member initialisers see to that; receive.test.cpp checks the size.)
struct receive_wait {
  // Returns true if `m` matches one of the clauses; remembers which.
  bool (*match)(receive_wait* self, message* m) noexcept;
  message* matched = nullptr;       // the node that matched
  message* matched_prev = nullptr;  // its predecessor in the private queue
  std::int64_t deadline_ns = 0;     // steady_clock, when has_deadline
  // The armed timeout's cell in its scheduler's timer_heap (which scheduler:
  // process::timer_owner). Before the flags, so that the awaiter's own flags
  // still fit the tail padding (receive.hpp).
  std::uint32_t timer_cell = timer_heap::no_cell;
  bool timed_out = false;
  bool has_deadline = false;
};

// Thrown by rt::exit_self; the process ends with `reason`.
struct exit_request {
  exit_reason reason;
};

struct monitor_entry {
  std::uint64_t ref;
  pid other;
};

// Rarely used state, allocated on first use so an idle process stays small.
struct process_extras {
  std::vector<pid> links;
  std::vector<monitor_entry> watchers;   // monitors on this process: (ref, watcher)
  std::vector<monitor_entry> monitors;   // monitors this process holds: (ref, target)
  std::unique_ptr<process_heap> heap;
  exit_reason pending_exit;              // reason from a kill signal or heap limit
  bool has_pending_exit = false;
  pid mute_target;  // a full mute_senders mailbox this process sent to (mailbox_limit.cpp)
};

struct process {
  // ---- touched on every message and every slice: the first 128 bytes ----
  pid self;  // senders compare it on lookup (process_table.hpp)
  mailbox mbox;
  // Owner-only flags.
  suspend_kind suspended = suspend_kind::none;
  bool trap_exit = false;
  bool bound = false;                    // may run only on its home scheduler
  std::uint16_t timer_owner = 0;         // the scheduler holding its armed receive timeout
  std::unique_ptr<mailbox_limiter> limiter;  // iff mbox.limit() != 0

  // Scheduling.
  std::coroutine_handle<> resume_point;  // innermost suspended coroutine
  receive_wait* waiting = nullptr;       // set while suspended in receive
  std::uint64_t wait_seq = 0;            // number of the current/last receive wait
  std::int32_t reductions_left = 0;
  std::uint16_t home = 0;                // scheduler it was placed on at spawn
  bool frame_embedded = false;           // root's frame lives in this block (proc.hpp)
  // Read by introspection from any thread (relaxed), written by the owner.
  std::atomic<process_status> status{process_status::runnable};

  // The private queue: messages taken from the arrival stack, in order.
  message* queue_first = nullptr;
  message* queue_last = nullptr;

  process_extras* extras = nullptr;

  // Introspection: written by the owner (relaxed), read by anyone.
  std::atomic<std::uint32_t> queue_len{0};
  std::atomic<std::uint32_t> mailbox_bytes{0};
  std::atomic<std::uint64_t> reductions_total{0};

  // Set at spawn; read by every rt::send (this_process.hpp), so inside the
  // first 128 bytes: one line further on it was a cache miss per ring hop
  // (callgrind --cache-sim, a ring of 10,000).
  runtime_core* rt = nullptr;

  // ---- set at spawn, used at exit or rarely ----
  std::coroutine_handle<> root;  // the body's frame; destroyed at exit
  void (*destroy_callable)(process*) noexcept = nullptr;  // the spawned function object, stored after the block
  std::size_t block_size = 0;
  std::size_t max_heap = 0;  // 0: unlimited
  std::atomic<std::size_t> heap_bytes{0};
  // The registered name; written under the registry shard's lock (registry.hpp).
  std::atomic<const std::string*> name{nullptr};

  process_extras& ext() {
    if (extras == nullptr) extras = new process_extras;
    return *extras;
  }
  // The private heap, created on first use.
  process_heap& heap();

  void enqueue_private(mailbox::batch b) noexcept {
    if (b.first == nullptr) return;
    if (queue_last == nullptr) {
      queue_first = b.first;
    } else {
      queue_last->next = b.first;
    }
    queue_last = b.last;
  }

  // Removes `m` (whose predecessor is `prev`, or nullptr if first) from the private queue.
  void unlink_private(message* m, message* prev) noexcept {
    if (prev == nullptr) {
      queue_first = m->next;
    } else {
      prev->next = m->next;
    }
    if (queue_last == m) queue_last = prev;
    m->next = nullptr;
  }

  void add_queue_stats(std::int64_t count, std::int64_t bytes) noexcept {
    queue_len.store(static_cast<std::uint32_t>(queue_len.load(std::memory_order_relaxed) + count),
                    std::memory_order_relaxed);
    mailbox_bytes.store(static_cast<std::uint32_t>(mailbox_bytes.load(std::memory_order_relaxed) + bytes),
                        std::memory_order_relaxed);
  }
};

}  // namespace rt::detail
