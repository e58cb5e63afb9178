#include "baselines/os_threads/system.hpp"

#include <sched.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "baselines/defaults.hpp"

namespace ab::backends::os_threads {

namespace {

// Threads of the whole machine that one benchmark may take: a third of the
// kernel's limits (see defaults::max_threads).
constexpr std::size_t kernel_share_divisor = 3;

std::size_t read_proc_number(const char* path, std::size_t fallback) {
  std::ifstream in(path);
  std::size_t v = 0;
  if (in >> v && v > 0) return v;
  return fallback;
}

[[noreturn]] void fail(const char* what, int err) {
  std::fprintf(stderr, "os_threads: %s: %s\n", what, std::strerror(err));
  std::abort();
}

}  // namespace

std::size_t system::max_live() {
  static const std::size_t limit = [] {
    const std::size_t pid_max = read_proc_number("/proc/sys/kernel/pid_max", 32768);
    const std::size_t threads_max = read_proc_number("/proc/sys/kernel/threads-max", 32768);
    return std::min({baselines::defaults::max_threads, pid_max / kernel_share_divisor,
                     threads_max / kernel_share_divisor});
  }();
  return limit;
}

system::system(unsigned threads) : limit_(max_live()) {
  if (int e = pthread_attr_init(&attr_); e != 0) fail("pthread_attr_init", e);
  if (int e = pthread_attr_setstacksize(&attr_, baselines::defaults::thread_stack_bytes); e != 0) {
    fail("pthread_attr_setstacksize", e);
  }
  if (int e = pthread_attr_setdetachstate(&attr_, PTHREAD_CREATE_DETACHED); e != 0) {
    fail("pthread_attr_setdetachstate", e);
  }
  // Confine the actor threads to the first `threads` CPUs we may use.
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (sched_getaffinity(0, sizeof(allowed), &allowed) == 0 &&
      threads < static_cast<unsigned>(CPU_COUNT(&allowed)) && threads > 0) {
    cpu_set_t use;
    CPU_ZERO(&use);
    unsigned taken = 0;
    for (int cpu = 0; cpu < CPU_SETSIZE && taken < threads; ++cpu) {
      if (CPU_ISSET(cpu, &allowed)) {
        CPU_SET(cpu, &use);
        ++taken;
      }
    }
    if (int e = pthread_attr_setaffinity_np(&attr_, sizeof(use), &use); e != 0) {
      fail("pthread_attr_setaffinity_np", e);
    }
  }
}

system::~system() {
  pthread_attr_destroy(&attr_);
}

void system::start_thread(void* (*fn)(void*), void* arg) {
  {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return live_ < limit_; });
    ++live_;
  }
  pthread_t t;
  if (int e = pthread_create(&t, &attr_, fn, arg); e != 0) fail("pthread_create", e);
}

void system::thread_finished() noexcept {
  std::lock_guard lock(mu_);
  --live_;
  // Wake the spawners waiting for a free slot and run()'s final wait. Under
  // the lock: once we unlock, run() may return and destroy the system.
  if (live_ == 0 || live_ + 1 == limit_) cv_.notify_all();
}

bool system::wait_all_finished(std::chrono::nanoseconds timeout) {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [this] { return live_ == 0; });
}

std::size_t system::live() const {
  std::lock_guard lock(mu_);
  return live_;
}

}  // namespace ab::backends::os_threads
