// A process's private heap.
//
// Only the owning process allocates from it (std::pmr, so standard containers
// use it: std::pmr::vector<int> v{rt::heap()}). It counts the bytes it holds,
// refuses to go over the process's max_heap, and releases everything at once
// when the process exits, like the BEAM freeing a process's heap as a whole.
// It is created on first use, so a process that never allocates pays nothing.
//
// Not thread-safe by design: a heap belongs to one process, and a process runs
// on one scheduler at a time. The byte count is a relaxed atomic only so that
// introspection may read it from another thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory_resource>
#include <new>

#include "rt/detail/node_allocator.hpp"

namespace rt {

// Thrown by an allocation that would take a process over its max_heap. The
// runtime then kills the process with reason heap_limit, even if the process
// catches this.
class heap_limit_error : public std::bad_alloc {
 public:
  const char* what() const noexcept override { return "rt: process heap limit exceeded"; }
};

namespace detail {

class process_heap {
 public:
  // `bytes` is the owning process's counter, readable by introspection.
  process_heap(std::size_t max_bytes, std::atomic<std::size_t>& bytes) : counter_(max_bytes, bytes), pool_(&counter_) {}

  std::pmr::memory_resource* resource() noexcept { return &pool_; }
  // Bytes taken from the system for this heap (pools round up; this is what it costs).
  std::size_t bytes() const noexcept { return counter_.bytes.load(std::memory_order_relaxed); }
  // Every byte goes back to the system; the counter returns to zero.
  ~process_heap() = default;
  bool over_limit() const noexcept { return counter_.exceeded; }

 private:
  // Upstream of the pool: counts and caps what the pool takes from the system.
  struct counting_resource final : std::pmr::memory_resource {
    counting_resource(std::size_t cap, std::atomic<std::size_t>& bytes) : cap(cap), bytes(bytes) {}
    void* do_allocate(std::size_t n, std::size_t align) override {
      const std::size_t now = bytes.load(std::memory_order_relaxed);
      if (cap != 0 && now + n > cap) {
        exceeded = true;
        throw heap_limit_error{};
      }
      void* p = std::pmr::new_delete_resource()->allocate(n, align);
      bytes.store(now + n, std::memory_order_relaxed);
      count_live(static_cast<std::int64_t>(n));  // for runtime::live_bytes
      return p;
    }
    void do_deallocate(void* p, std::size_t n, std::size_t align) override {
      std::pmr::new_delete_resource()->deallocate(p, n, align);
      bytes.store(bytes.load(std::memory_order_relaxed) - n, std::memory_order_relaxed);
      count_live(-static_cast<std::int64_t>(n));
    }
    bool do_is_equal(const std::pmr::memory_resource& o) const noexcept override { return this == &o; }

    std::size_t cap;
    std::atomic<std::size_t>& bytes;
    bool exceeded = false;
  };

  counting_resource counter_;
  std::pmr::unsynchronized_pool_resource pool_;
};

}  // namespace detail
}  // namespace rt
