// Memory for the runtime's small, hot objects: message nodes, control blocks
// and coroutine frames.
//
// A thread-caching allocator over the system allocator, in the style of
// tcmalloc's per-thread caches and Bonwick's magazines:
//   - sizes up to max_small are rounded to 16-byte classes;
//   - each thread keeps, per class, a free list of at most 2 magazines
//     (magazine_size blocks each); allocate and free touch only that list, no
//     atomics, no locks;
//   - a thread whose list is empty takes a full magazine from the depot (one
//     mutex per class); one whose list is full gives a magazine back. So a
//     message allocated by its sender and freed by its receiver on another
//     thread costs a lock only once per magazine;
//   - a thread that finds the depot empty too takes a fresh slab: one system
//     allocation carved into a magazine. Blocks are never returned to the
//     system one by one; the slabs are freed when the program exits. So the
//     runtime keeps the small-object memory of its busiest moment for reuse:
//     a burst that queues millions of messages (a mailbox flood, a fan-in
//     bottleneck) costs one system allocation per magazine, not a malloc and
//     a free per message, and the next burst reuses it. The price: a drained
//     flood's memory is not given back to the system.
//   - the free lists hand blocks out in the order they were freed, so after
//     a flood they are scattered over the slabs, and a later flood's
//     messages land a page apart instead of side by side: fan_in on rt ran
//     at 10 M messages/s in a program's first run and at 3.5 M by its 40th
//     (with the system allocator, 8-10 M throughout). When a runtime stops
//     (tidy_node_memory), every class whose blocks are all back in the depot
//     is rebuilt from its slabs in address order: the slabs are sorted and
//     shelved whole, and refill chains a slab's blocks when it hands it out,
//     as it does a fresh slab's. A later runtime in the program then starts
//     as a fresh one would, and a stop touches no block.
// Why by hand: the system allocator (and oneTBB's scalable allocator) pays an
// atomic operation or a lock for every block freed by a thread other than the
// one that allocated it, which is the common case for messages here, and
// returns memory to the system under spawn/exit churn only to fault it back.
//
// Sanitizer builds bypass all this (RT_PLAIN_ALLOCATOR), so that ASan sees
// every block.
//
// Live bytes (for leak checks: rt::runtime::live_bytes)
//   Every thread counts the bytes it hands out and takes back, as requested by
//   the callers (so blocks cached in magazines and the depot do not count), in
//   a relaxed atomic of its own, written only by that thread: no RMW, no shared
//   cache line. The first count enrols the thread in a process-wide list (one
//   predictable branch afterwards); its exit folds its count into a total.
//   live_bytes() sums the list under its mutex. A block freed by another
//   thread than the one that allocated it makes one count go negative and the
//   other positive; only the sum means anything, and it is exact whenever no
//   thread is between a count and its caller's use. Process heaps add their
//   bytes through count_live too. It works the same with RT_PLAIN_ALLOCATOR.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <new>

namespace rt::detail {

struct node_allocator {
  static constexpr std::size_t granularity = 16;
  static constexpr std::size_t max_small = 512;
  static constexpr std::size_t classes = max_small / granularity;
  static constexpr std::uint32_t magazine_size = 64;  // blocks; also the blocks per slab
  // Slabs start on a cache line, so a block whose size is a multiple of 32
  // bytes is 32-byte aligned (runtime_core::allocate_process relies on it).
  static constexpr std::size_t slab_alignment = 64;

  static std::size_t class_of(std::size_t size) noexcept { return (size + granularity - 1) / granularity - 1; }
  // `size` rounded up to its class's block size.
  static constexpr std::size_t round_up(std::size_t size) noexcept {
    return (size + granularity - 1) & ~(granularity - 1);
  }

  struct free_block {
    free_block* next;
  };
  // Trivially destructible, so that the hot path's TLS access needs no guard;
  // a separate thread_local (node_allocator.cpp), armed on the slow path,
  // returns the blocks to the depot when the thread exits.
  struct thread_cache {
    bool enrolled;                   // in the list that live_bytes() sums
    std::atomic<std::int64_t> live;  // bytes out minus bytes back, by this thread
    free_block* head[classes];
    std::uint32_t count[classes];
  };
  static void flush(thread_cache& c) noexcept;
  static void enrol(thread_cache& c) noexcept;
  // Bytes handed out and not yet taken back, over every thread of the program.
  static std::int64_t live_bytes();

  static void* refill(thread_cache& c, std::size_t cls);
  static void spill(thread_cache& c, std::size_t cls) noexcept;
  // Puts a chain of `count` free blocks of class `cls` in the depot.
  static void shelve(std::size_t cls, free_block* first, std::uint32_t count) noexcept;
  // Rebuilds the magazines of every class whose blocks are all in the depot
  // from its slabs, lowest address first (see the top of this file).
  static void reorder() noexcept;
};

inline constinit thread_local node_allocator::thread_cache tls_node_cache{};  // constinit: see context.hpp

// Adds `bytes` (negative: takes away) to this thread's live count.
inline void count_live(std::int64_t bytes) noexcept {
  node_allocator::thread_cache& c = tls_node_cache;
  if (!c.enrolled) [[unlikely]] node_allocator::enrol(c);
  // Written only by this thread; read by live_bytes() on any.
  c.live.store(c.live.load(std::memory_order_relaxed) + bytes, std::memory_order_relaxed);
}

inline void* allocate_node(std::size_t size) {
  count_live(static_cast<std::int64_t>(size));
#ifndef RT_PLAIN_ALLOCATOR
  if (size <= node_allocator::max_small) {
    const std::size_t cls = node_allocator::class_of(size);
    node_allocator::thread_cache& c = tls_node_cache;
    if (node_allocator::free_block* b = c.head[cls]) {
      c.head[cls] = b->next;
      --c.count[cls];
      return b;
    }
    return node_allocator::refill(c, cls);
  }
#endif
  return ::operator new(size);
}

// Frees a block whose bytes no longer count as live (a retired control block,
// taken off the count at exit): no count at all, since adding the bytes back
// only to take them off again would let a concurrent live_bytes() see them.
inline void free_uncounted_node(void* p, std::size_t size) noexcept {
#ifndef RT_PLAIN_ALLOCATOR
  if (size <= node_allocator::max_small) {
    const std::size_t cls = node_allocator::class_of(size);
    node_allocator::thread_cache& c = tls_node_cache;
    auto* b = static_cast<node_allocator::free_block*>(p);
    b->next = c.head[cls];
    c.head[cls] = b;
    if (++c.count[cls] > 2 * node_allocator::magazine_size) node_allocator::spill(c, cls);
    return;
  }
#endif
  ::operator delete(p);
  (void)size;
}

inline void free_node(void* p, std::size_t size) noexcept {
  count_live(-static_cast<std::int64_t>(size));
  free_uncounted_node(p, size);
}

// For a runtime that has stopped: shelves the calling thread's cached blocks
// and puts the depot back in address order where every block is home.
inline void tidy_node_memory() noexcept {
#ifndef RT_PLAIN_ALLOCATOR
  node_allocator::flush(tls_node_cache);
  node_allocator::reorder();
#endif
}

}  // namespace rt::detail
