// A onetbb actor's mailbox, which is also its scheduling state.
//
// An actor here is not a thread or a fiber but a task that runs while its
// mailbox has messages and then ends; the sender that finds the mailbox idle
// is the one that starts a new task. The head word says which:
//   idle (0)          no messages, no task: a push must start one;
//   running (1)       a task is running and has taken every message;
//   a node address    messages (newest first, a LIFO stack of nodes linked
//                     through `next`), and a task is running or queued.
// push: one compare-and-swap puts the node on the stack; whoever replaces idle
// starts the task (exactly one sender can). The task takes the whole stack
// with one exchange (leaving running), reverses it into its private FIFO
// list, handles it, and goes back to idle with a compare-and-swap from running
// that fails if anything arrived meanwhile. After its successful CAS a sender
// never touches the mailbox again, so the task may free the actor as soon as
// it has handled the message that stops it.
//
// Rejected: tbb::concurrent_queue plus an atomic "scheduled" flag. That is two
// atomic operations per send instead of one, the queue and the flag can
// disagree for a moment (a task must then spin or a wake-up is lost), and the
// queue's push may still touch the queue after the item became visible,
// which would forbid freeing the actor on stop. A one-word LIFO stack with the
// state in it (CAF's inbox) is what an expert writes for this; the nodes come
// from oneTBB's scalable allocator, the library's answer to many small
// allocations freed on other threads.
//
// Who calls what: push any thread; take / try_idle the running task only.
#pragma once

#include <oneapi/tbb/scalable_allocator.h>

#include <atomic>
#include <cstdint>
#include <new>
#include <utility>

namespace ab::backends::onetbb {

class system;

struct node_base {
  node_base* next = nullptr;
};

template <class M>
struct node final : node_base {
  explicit node(M&& m) : value(std::move(m)) {}
  M value;

  static node* make(M&& m) {
    void* mem = scalable_malloc(sizeof(node));
    if (mem == nullptr) throw std::bad_alloc{};
    return new (mem) node(std::move(m));
  }
  static void destroy(node* n) noexcept {
    n->~node();
    scalable_free(n);
  }
};

// The type-independent part: the head word and how to run the actor.
class mailbox_base {
 public:
  static constexpr std::uintptr_t idle = 0;
  static constexpr std::uintptr_t running = 1;

  mailbox_base(system& sys, void (*run)(mailbox_base*)) noexcept : sys_(sys), run_(run) {}

  // The task body (set by the actor's cell).
  void run() { run_(this); }

  // Task only. Takes every message, oldest first (a chain through next); null
  // if there are none, in which case the state is left `running`.
  node_base* take() noexcept {
    // Acquire pairs with the release in push: the nodes' contents are visible.
    const std::uintptr_t h = head_.exchange(running, std::memory_order_acquire);
    if (h == running || h == idle) return nullptr;
    node_base* reversed = nullptr;
    for (auto* n = reinterpret_cast<node_base*>(h); n != nullptr;) {
      node_base* next = n->next;
      n->next = reversed;
      reversed = n;
      n = next;
    }
    return reversed;
  }

  // Task only, after take() returned null. True if the actor is now idle (the
  // task must end); false if a message arrived meanwhile.
  bool try_idle() noexcept {
    std::uintptr_t expected = running;
    // Release pairs with the acquire of the sender that next finds us idle: the
    // task it starts sees everything this one wrote.
    return head_.compare_exchange_strong(expected, idle, std::memory_order_release,
                                         std::memory_order_relaxed);
  }

 protected:
  // Returns true if the caller must start a task for this actor.
  bool push_node(node_base* n) noexcept {
    std::uintptr_t old = head_.load(std::memory_order_relaxed);
    for (;;) {
      n->next = old > running ? reinterpret_cast<node_base*>(old) : nullptr;
      // Release publishes the node (pairs with take's acquire); acquire on
      // success pairs with try_idle's release when we take the actor off idle.
      if (head_.compare_exchange_weak(old, reinterpret_cast<std::uintptr_t>(n),
                                      std::memory_order_acq_rel, std::memory_order_relaxed)) {
        return old == idle;
      }
    }
  }

  // A new actor starts with its first task already on the way.
  std::atomic<std::uintptr_t> head_{running};
  system& sys_;

 private:
  void (*run_)(mailbox_base*);
};

template <class M>
class mailbox : public mailbox_base {
 public:
  using mailbox_base::mailbox_base;
  // Any thread.
  void push(M&& m);
};

}  // namespace ab::backends::onetbb
