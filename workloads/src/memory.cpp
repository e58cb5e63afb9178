#include "memory.hpp"

#include <malloc.h>
#include <oneapi/tbb/scalable_allocator.h>
#include <unistd.h>

#include <cstdio>

namespace ab {

std::int64_t rss_bytes() noexcept {
  // fopen/fscanf rather than iostreams: this runs inside actors, on small
  // fiber stacks, and must not allocate much.
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return -1;
  long long size = 0;
  long long resident = 0;
  const int n = std::fscanf(f, "%lld %lld", &size, &resident);
  std::fclose(f);
  if (n != 2) return -1;
  return static_cast<std::int64_t>(resident) * static_cast<std::int64_t>(sysconf(_SC_PAGESIZE));
}

void release_cached_memory() noexcept {
  malloc_trim(0);
  scalable_allocation_command(TBBMALLOC_CLEAN_ALL_BUFFERS, nullptr);
}

}  // namespace ab
