// The process's memory, as the workloads measure it.
#pragma once

#include <cstdint>

namespace ab {

// Resident set size in bytes, from /proc/self/statm; -1 where unavailable.
std::int64_t rss_bytes() noexcept;

// Asks the allocators we can reach (glibc's malloc and oneTBB's scalable
// allocator) to give their cached free memory back to the system, so that an
// RSS delta measured next counts new memory rather than memory an earlier run
// freed and the allocator kept. Allocators of their own (the runtime's node
// cache) are out of reach: a later run in the same process may still reuse
// what they keep and report less than a first run does.
void release_cached_memory() noexcept;

}  // namespace ab
