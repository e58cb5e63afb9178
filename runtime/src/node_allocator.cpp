// The depot side of node_allocator.hpp: magazines shared between threads.
#include "rt/detail/node_allocator.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <mutex>
#include <vector>

namespace rt::detail {

namespace {

// A slab's blocks start on a cache line (node_allocator::slab_alignment): the
// system allocation is taken that much larger, and the word just before the
// aligned start keeps the address to free. (operator new with align_val_t
// costs glibc a memalign, which splits off and frees the allocation's ends:
// 2.5% more instructions in spawn_reply under callgrind. This costs a byte a
// block.)
unsigned char* new_slab(std::size_t bytes) {
  auto* raw = static_cast<unsigned char*>(::operator new(bytes + node_allocator::slab_alignment));
  const std::uintptr_t at = (reinterpret_cast<std::uintptr_t>(raw) + node_allocator::slab_alignment) &
                            ~std::uintptr_t{node_allocator::slab_alignment - 1};
  auto* slab = reinterpret_cast<unsigned char*>(at);  // at least 16 bytes past raw
  std::memcpy(slab - sizeof raw, &raw, sizeof raw);
  return slab;
}

void delete_slab(void* slab) noexcept {
  void* raw = nullptr;
  std::memcpy(&raw, static_cast<unsigned char*>(slab) - sizeof raw, sizeof raw);
  ::operator delete(raw);
}

// Small blocks come from slabs of magazine_size blocks, one system allocation
// each, and are never handed back to the system one by one: a slab is freed
// only when the program exits (~depot). So every block, from whichever
// thread, can always be shelved in the depot, and a burst that queues
// millions of messages (fan_in, mailbox_flood) costs one system allocation
// per 64 messages instead of a malloc and a free each.
struct depot {
  struct magazine {
    node_allocator::free_block* first;  // a chain of `count` blocks, or a whole slab
    std::uint32_t count;
    bool whole_slab = false;  // `first` is a slab whose blocks are not chained yet (reorder)
  };
  struct shelf {
    std::mutex mu;
    std::vector<magazine> magazines;  // full ones, but for the remnants of exited threads
    std::vector<void*> slabs;         // every slab of this class, freed at exit
  };
  shelf shelves[node_allocator::classes];

  ~depot() {
    for (auto& s : shelves) {
      for (void* slab : s.slabs) delete_slab(slab);
    }
  }
};

depot& the_depot() {
  static depot d;
  return d;
}

struct live_list {
  std::mutex mu;
  std::vector<node_allocator::thread_cache*> threads;
  std::int64_t exited = 0;
};
// Never destroyed: threads of a runtime that is itself a static object exit
// after the program's statics are gone, and still fold their counts in.
live_list& the_live_list() {
  static live_list* const l = new live_list;
  return *l;
}

// When the thread exits: returns its cached blocks to the depot and folds its
// live count into the exited total.
struct cache_flusher {
  bool armed = false;
  bool enrolled = false;
  ~cache_flusher() {
    node_allocator::thread_cache& c = tls_node_cache;
    if (armed) node_allocator::flush(c);
    if (enrolled) {
      live_list& l = the_live_list();
      std::lock_guard lock(l.mu);
      l.exited += c.live.exchange(0, std::memory_order_relaxed);
      std::erase(l.threads, &c);
      // Counts made after this (by later thread-exit destructors) are lost;
      // c.enrolled stays set so that they do not enrol the thread again.
    }
  }
};
thread_local cache_flusher flusher;

// Chains blocks [from, magazine_size) of a slab of `size`-byte blocks, in
// address order.
node_allocator::free_block* chain_of(unsigned char* slab, std::size_t size, std::uint32_t from) noexcept {
  node_allocator::free_block* chain = nullptr;
  for (std::uint32_t i = node_allocator::magazine_size; i-- > from;) {
    auto* b = reinterpret_cast<node_allocator::free_block*>(slab + i * size);
    b->next = chain;
    chain = b;
  }
  return chain;
}

// Hands out a slab's first block and puts the rest, chained, in c's list.
void* take_slab(node_allocator::thread_cache& c, std::size_t cls, unsigned char* slab) noexcept {
  c.head[cls] = chain_of(slab, (cls + 1) * node_allocator::granularity, 1);
  c.count[cls] = node_allocator::magazine_size - 1;
  return slab;
}

}  // namespace

void* node_allocator::refill(thread_cache& c, std::size_t cls) {
  flusher.armed = true;
  depot::shelf& s = the_depot().shelves[cls];
  const std::size_t size = (cls + 1) * granularity;
  depot::magazine m{nullptr, 0};
  {
    std::lock_guard lock(s.mu);
    if (!s.magazines.empty()) {
      m = s.magazines.back();
      s.magazines.pop_back();
    }
  }
  // A whole slab (reorder) is chained now, outside the lock, by the thread
  // about to use its blocks, as a fresh slab is.
  if (m.whole_slab) return take_slab(c, cls, reinterpret_cast<unsigned char*>(m.first));
  if (m.first != nullptr) {
    c.head[cls] = m.first->next;
    c.count[cls] = m.count - 1;
    return m.first;
  }
  // The depot is empty: a fresh slab, carved into magazine_size blocks.
  unsigned char* slab = new_slab(size * magazine_size);
  {
    std::lock_guard lock(s.mu);
    s.slabs.push_back(slab);
  }
  return take_slab(c, cls, slab);
}

void node_allocator::reorder() noexcept {
  for (std::size_t cls = 0; cls < classes; ++cls) {
    depot::shelf& s = the_depot().shelves[cls];
    std::lock_guard lock(s.mu);
    // Every block of the class is here exactly when the shelf holds as many
    // as its slabs have: none is live and none sits in a thread's cache, so
    // the magazines can be rebuilt from the slabs. Otherwise leave them.
    std::size_t shelved = 0;
    for (const depot::magazine& m : s.magazines) shelved += m.count;
    if (s.slabs.empty() || shelved != s.slabs.size() * magazine_size) continue;
    // Highest first, so that the top of the stack, taken first, is the lowest.
    std::sort(s.slabs.begin(), s.slabs.end(), std::greater<>());
    // No allocation: the shelf held at least one magazine per slab. Each slab
    // becomes a magazine that refill chains when it hands it out, so this
    // touches no block: a flood's hundreds of megabytes are not rewritten
    // (and the caches not flushed) at every stop.
    s.magazines.clear();
    for (void* slab : s.slabs) {
      s.magazines.push_back(
          depot::magazine{static_cast<node_allocator::free_block*>(slab), magazine_size, true});
    }
  }
}

void node_allocator::spill(thread_cache& c, std::size_t cls) noexcept {
  // Detach one magazine's worth from the front of the list.
  free_block* first = c.head[cls];
  free_block* last = first;
  for (std::uint32_t i = 1; i < magazine_size; ++i) last = last->next;
  c.head[cls] = last->next;
  last->next = nullptr;
  c.count[cls] -= magazine_size;
  shelve(cls, first, magazine_size);
}

void node_allocator::shelve(std::size_t cls, free_block* first, std::uint32_t count) noexcept {
  depot::shelf& s = the_depot().shelves[cls];
  std::lock_guard lock(s.mu);
  try {
    s.magazines.push_back(depot::magazine{first, count});
  } catch (...) {
    // Out of memory for the shelf itself: the blocks stay unused in their
    // slabs, which ~depot frees all the same.
  }
}

void node_allocator::enrol(thread_cache& c) noexcept {
  c.enrolled = true;
  flusher.enrolled = true;
  flusher.armed = true;  // a thread that only frees (a receiver) holds blocks too
  live_list& l = the_live_list();
  std::lock_guard lock(l.mu);
  l.threads.push_back(&c);
}

std::int64_t node_allocator::live_bytes() {
  live_list& l = the_live_list();
  std::lock_guard lock(l.mu);
  std::int64_t sum = l.exited;
  for (const thread_cache* c : l.threads) sum += c->live.load(std::memory_order_relaxed);
  return sum;
}

void node_allocator::flush(thread_cache& c) noexcept {
  for (std::size_t cls = 0; cls < classes; ++cls) {
    while (c.count[cls] >= magazine_size) spill(c, cls);
    if (c.count[cls] != 0) shelve(cls, c.head[cls], c.count[cls]);  // a partial magazine
    c.head[cls] = nullptr;
    c.count[cls] = 0;
  }
}

}  // namespace rt::detail
