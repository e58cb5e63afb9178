// Memory for message nodes, control blocks and coroutine frames.
//
// These are the runtime's hottest allocations: one per message, two per spawn.
// oneTBB's scalable allocator keeps per-thread caches of size-classed blocks
// with no per-object header and handles frees from other threads (a message is
// allocated by its sender and freed by its receiver), which is exactly this
// traffic; it is a well-kept library, so we use it rather than write our own.
// Sanitizer builds use the system allocator, so that ASan sees every block.
#include <cstddef>
#include <new>

#include "rt/message.hpp"
#include "rt/proc.hpp"

#ifdef RT_USE_TBB_MALLOC
#include <oneapi/tbb/scalable_allocator.h>
#endif

namespace rt::detail {

void* allocate_node(std::size_t size) {
#ifdef RT_USE_TBB_MALLOC
  void* p = scalable_malloc(size);
  if (p == nullptr) throw std::bad_alloc{};
  return p;
#else
  return ::operator new(size);
#endif
}

void free_node(void* p, std::size_t size) noexcept {
#ifdef RT_USE_TBB_MALLOC
  (void)size;
  scalable_free(p);
#else
  ::operator delete(p, size);
#endif
}

void* allocate_frame(std::size_t n) { return allocate_node(n); }
void free_frame(void* p, std::size_t n) noexcept { free_node(p, n); }

}  // namespace rt::detail
