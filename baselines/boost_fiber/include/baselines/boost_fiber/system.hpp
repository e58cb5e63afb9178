// The boost_fiber system: the worker threads of one run and their fibers.
//
// Startup (the shape of Boost's skynet_stealing benchmarks):
//   1. start(launch) starts `threads` std::threads. Each installs our
//      work_stealing (work_stealing.hpp) with this system's registry, then
//      waits on a latch until all have, so that no thief sees an empty slot.
//   2. Thread 0 runs `launch` (which spawns the root fiber).
//   3. Each thread's main fiber waits on a fiber condition variable; while it
//      waits, the thread's dispatcher runs and steals actor fibers.
// Shutdown: live_ counts actor fibers (up at spawn, before the parent can
// stop; down as each ends). The fiber that takes it to zero sets done_ and
// wakes every main fiber; each thread then returns, its scheduler running any
// fiber still finishing first. The caller of wait_all_finished joins them.
//
// Who calls what: start / wait_all_finished by the thread that runs the
// backend; fiber_started / fiber_finished / stacks by actor fibers.
#pragma once

#include <atomic>
#include <boost/fiber/condition_variable.hpp>
#include <boost/fiber/fixedsize_stack.hpp>
#include <boost/fiber/mutex.hpp>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <latch>
#include <mutex>
#include <thread>
#include <vector>

#include "baselines/boost_fiber/work_stealing.hpp"

namespace ab::backends::boost_fiber {

class system {
 public:
  explicit system(unsigned threads);
  ~system();  // joins the threads
  system(const system&) = delete;
  system& operator=(const system&) = delete;

  void start(std::function<void()> launch);
  // Waits until every actor fiber has ended and the threads have returned;
  // false on timeout (the threads are then still running).
  bool wait_all_finished(std::chrono::nanoseconds timeout);
  std::size_t live() const noexcept { return live_.load(std::memory_order_relaxed); }

  // Actor fibers.
  void fiber_started() noexcept {
    // Relaxed: the count only has to reach zero after every fiber has ended;
    // the increment happens-before the child's own decrement (spawn precedes
    // the child's start), and the parent's decrement comes after it in
    // program order.
    live_.fetch_add(1, std::memory_order_relaxed);
  }
  void fiber_finished() noexcept;
  boost::fibers::fixedsize_stack& stacks() noexcept { return stacks_; }

 private:
  void thread_main(unsigned index);

  unsigned threads_;
  scheduler_registry registry_;
  boost::fibers::fixedsize_stack stacks_;
  std::function<void()> launch_;
  std::latch registered_;
  std::vector<std::thread> pool_;

  // Written by every thread that spawns or ends a fiber: a line of its own.
  alignas(64) std::atomic<std::size_t> live_{0};

  alignas(64) boost::fibers::mutex done_mu_;
  boost::fibers::condition_variable done_cv_;
  bool done_ = false;  // guarded by done_mu_

  std::mutex exit_mu_;
  std::condition_variable exit_cv_;
  unsigned exited_ = 0;  // guarded by exit_mu_: threads that have returned
};

}  // namespace ab::backends::boost_fiber
