// Boost.Fiber's work_stealing scheduling algorithm, one instance set per
// system instead of one per process.
//
// Why not boost::fibers::algo::work_stealing itself: in Boost 1.74 its
// registry of schedulers is a static vector sized once per process
// (std::call_once) and indexed by a static counter that only grows, so a
// second set of threads in the same process writes past the end of it and
// crashes (reproduced: two rounds of use_scheduling_algorithm<work_stealing>(2)
// SEGV in the constructor). A benchmark runs many systems in one process, so
// we implement the same algorithm behind Boost's documented extension point
// (boost::fibers::algo::algorithm) with the registry owned by the system.
//
// The algorithm, as Boost's:
//   awakened  a fiber that becomes ready is detached from its thread (unless
//             pinned: main and dispatcher fibers) and pushed onto this
//             thread's run queue, a spinlocked ring (Boost's
//             detail::context_spinlock_queue, its default).
//   pick_next pop the local queue; if empty, pick one random other thread and
//             steal one fiber from the front of its queue, attaching it here.
//   idle      Boost's suspend=false (its default, and what its skynet
//             benchmarks use): suspend_until returns at once and the
//             dispatcher keeps looking. Boost's suspend=true sleeps until a
//             fiber is made ready *for this thread*, so a sleeping thread
//             never steals: useless for parallelism. We add the middle way
//             (`sleep_when_idle`): look for defaults::fiber_idle_spin, then
//             sleep; awakened() wakes a sleeper, which then steals. The
//             handshake is the runtime's: the sleeper counts itself in
//             `sleepers` and then looks at every queue once more; awakened
//             pushes and then (seq_cst fence) reads `sleepers`. One of the two
//             sees the other, so no wake-up is lost.
//   notify    wakes the thread if it sleeps (a fiber was made ready remotely).
//
// Who calls what: every member is called by Boost's scheduler on the owning
// thread, except steal (any thread of the same registry) and notify (any
// thread).
#pragma once

#include <atomic>
#include <boost/fiber/algo/algorithm.hpp>
#include <boost/fiber/context.hpp>
#include <boost/fiber/detail/context_spinlock_queue.hpp>
#include <boost/intrusive_ptr.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <random>
#include <vector>

namespace ab::backends::boost_fiber {

class work_stealing;

// The schedulers of one system. Filled before any fiber runs (each thread
// registers in its constructor, then waits on the system's start latch), read
// only afterwards. Holding the algorithms by intrusive_ptr keeps each one
// alive until the system ends, so a thief never steals from a freed queue.
struct scheduler_registry {
  std::vector<boost::intrusive_ptr<work_stealing>> all;
  // Threads asleep in suspend_until (sleep_when_idle only).
  alignas(64) std::atomic<std::uint32_t> sleepers{0};
};

class work_stealing final : public boost::fibers::algo::algorithm {
 public:
  work_stealing(scheduler_registry& registry, std::uint32_t index, bool sleep_when_idle);
  work_stealing(const work_stealing&) = delete;
  work_stealing& operator=(const work_stealing&) = delete;

  void awakened(boost::fibers::context* ctx) noexcept override;
  boost::fibers::context* pick_next() noexcept override;
  bool has_ready_fibers() const noexcept override { return !rqueue_.empty(); }
  void suspend_until(const std::chrono::steady_clock::time_point& when) noexcept override;
  void notify() noexcept override;

  // Any thread of the registry.
  boost::fibers::context* steal() noexcept { return rqueue_.steal(); }

 private:
  bool any_queue_has_work() const noexcept;

  scheduler_registry& registry_;
  std::uint32_t index_;
  bool sleep_when_idle_;
  std::int64_t idle_since_ns_ = -1;  // owner only: when pick_next last came back empty-handed
  std::minstd_rand rng_;             // owner only: victim choice
  boost::fibers::detail::context_spinlock_queue rqueue_{};
  std::mutex mtx_;
  std::condition_variable cnd_;
  bool flag_ = false;  // guarded by mtx_: notify() was called
};

}  // namespace ab::backends::boost_fiber
