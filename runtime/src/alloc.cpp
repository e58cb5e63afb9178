// Coroutine frames come from the node allocator too (node_allocator.hpp).
#include "rt/detail/node_allocator.hpp"
#include "rt/proc.hpp"

namespace rt::detail {

void* allocate_frame(std::size_t n) { return allocate_node(n); }
void free_frame(void* p, std::size_t n) noexcept { free_node(p, n); }

}  // namespace rt::detail
