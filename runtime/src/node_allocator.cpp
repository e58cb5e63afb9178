// The depot side of node_allocator.hpp: magazines shared between threads.
#include "rt/detail/node_allocator.hpp"

#include <mutex>
#include <vector>

namespace rt::detail {

namespace {

struct depot {
  struct shelf {
    std::mutex mu;
    std::vector<node_allocator::free_block*> magazines;  // each a chain of magazine_size blocks
  };
  shelf shelves[node_allocator::classes];

  ~depot() {
    for (auto& s : shelves) {
      for (auto* m : s.magazines) {
        while (m != nullptr) {
          auto* next = m->next;
          ::operator delete(m);
          m = next;
        }
      }
    }
  }
};

// Process-wide, like the system allocator it caches for: blocks move freely
// between the threads of every runtime in the process. Constructed on first use.
depot& the_depot() {
  static depot d;
  return d;
}

constexpr std::size_t max_magazines(std::size_t cls) {
  return node_allocator::depot_cap_bytes / ((cls + 1) * node_allocator::granularity) / node_allocator::magazine_size;
}

// The threads whose live counts live_bytes() sums, and what exited threads
// left behind. Process-wide, as the depot.
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

}  // namespace

void* node_allocator::refill(thread_cache& c, std::size_t cls) {
  flusher.armed = true;
  depot::shelf& s = the_depot().shelves[cls];
  free_block* mag = nullptr;
  {
    std::lock_guard lock(s.mu);
    if (!s.magazines.empty()) {
      mag = s.magazines.back();
      s.magazines.pop_back();
    }
  }
  const std::size_t size = (cls + 1) * granularity;
  if (mag == nullptr) return ::operator new(size);  // the depot is empty: a fresh block
  c.head[cls] = mag->next;
  c.count[cls] = magazine_size - 1;
  return mag;
}

void node_allocator::spill(thread_cache& c, std::size_t cls) noexcept {
  // Detach one magazine's worth from the front of the list.
  free_block* first = c.head[cls];
  free_block* last = first;
  for (std::uint32_t i = 1; i < magazine_size; ++i) last = last->next;
  c.head[cls] = last->next;
  last->next = nullptr;
  c.count[cls] -= magazine_size;
  depot::shelf& s = the_depot().shelves[cls];
  {
    std::lock_guard lock(s.mu);
    if (s.magazines.size() < max_magazines(cls)) {
      s.magazines.push_back(first);
      return;
    }
  }
  while (first != nullptr) {  // the depot is full: back to the system
    free_block* next = first->next;
    ::operator delete(first);
    first = next;
  }
}

void node_allocator::enrol(thread_cache& c) noexcept {
  c.enrolled = true;
  flusher.enrolled = true;
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
    for (free_block* b = c.head[cls]; b != nullptr;) {
      free_block* next = b->next;
      ::operator delete(b);
      b = next;
    }
    c.head[cls] = nullptr;
    c.count[cls] = 0;
  }
}

}  // namespace rt::detail
