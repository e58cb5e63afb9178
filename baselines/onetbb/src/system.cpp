#include "baselines/onetbb/system.hpp"

#include <oneapi/tbb/info.h>

#include <algorithm>

namespace ab::backends::onetbb {

namespace {
// The arena slot kept for the thread that calls run (it joins the arena in
// task_group::wait, as oneTBB's own examples do).
constexpr unsigned slots_for_caller = 1;
// Counter slots beyond `threads` (see system.hpp: mandatory concurrency).
constexpr unsigned extra_slots = 2;
}  // namespace

system::system(unsigned threads)
    : threads_(threads == 0 ? 1 : threads),
      workers_(tbb::global_control::max_allowed_parallelism,
               std::max<std::size_t>(threads_,
                                     static_cast<std::size_t>(tbb::info::default_concurrency()))),
      arena_(static_cast<int>(threads_), slots_for_caller),
      slot_count_(threads_ + extra_slots),
      slots_(std::make_unique<slot[]>(slot_count_)) {}

std::int64_t system::live() const noexcept {
  std::int64_t n = overflow_.started.load(std::memory_order_relaxed) -
                   overflow_.finished.load(std::memory_order_relaxed);
  for (unsigned i = 0; i < slot_count_; ++i) {
    n += slots_[i].started.load(std::memory_order_relaxed) -
         slots_[i].finished.load(std::memory_order_relaxed);
  }
  return n;
}

}  // namespace ab::backends::onetbb
