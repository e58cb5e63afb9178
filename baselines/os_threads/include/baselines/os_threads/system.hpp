// The os_threads system: the threads of one run.
//
// Every actor is a detached POSIX thread with a small stack
// (defaults::thread_stack_bytes). The system counts the live ones so that
// backend::run can wait for the last, and bounds them: a spawn waits while
// max_live_processes() threads are alive, as a thread-per-connection server
// must, instead of exhausting the kernel's pids and taking the machine down.
//
// When `threads` is below the number of CPUs this process may use, every actor
// thread is confined to the first `threads` of them, so that "2 schedulers"
// means two cores for this backend too.
//
// Who calls what: thread_starting / thread_finished by spawn and by each
// actor thread as it ends; wait_all_finished by the thread that called
// backend::run. All members are thread-safe.
#pragma once

#include <pthread.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>

namespace ab::backends::os_threads {

class system {
 public:
  explicit system(unsigned threads);
  ~system();
  system(const system&) = delete;
  system& operator=(const system&) = delete;

  // The most actor threads alive at once (defaults::max_threads, capped by
  // what the kernel allows).
  static std::size_t max_live();

  // Starts a detached thread running fn(arg). Waits first while max_live()
  // threads are alive. Aborts if the kernel refuses the thread: a broken
  // environment, not an outcome a workload can report.
  void start_thread(void* (*fn)(void*), void* arg);
  // Called by each actor thread, last thing before it returns.
  void thread_finished() noexcept;

  // Waits until no actor thread is alive; false on timeout.
  bool wait_all_finished(std::chrono::nanoseconds timeout);
  std::size_t live() const;

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::size_t live_ = 0;  // guarded by mu_
  std::size_t limit_;
  pthread_attr_t attr_;
};

}  // namespace ab::backends::os_threads
