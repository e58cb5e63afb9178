#include "baselines/boost_fiber/system.hpp"

#include <boost/fiber/operations.hpp>

#include "baselines/defaults.hpp"

namespace ab::backends::boost_fiber {

system::system(unsigned threads)
    : threads_(threads == 0 ? 1 : threads),
      stacks_(baselines::defaults::fiber_stack_bytes),
      registered_(static_cast<std::ptrdiff_t>(threads_)) {
  registry_.all.resize(threads_);
}

system::~system() {
  for (auto& t : pool_) {
    if (t.joinable()) t.join();
  }
}

void system::start(std::function<void()> launch) {
  launch_ = std::move(launch);
  pool_.reserve(threads_);
  for (unsigned i = 0; i < threads_; ++i) pool_.emplace_back([this, i] { thread_main(i); });
}

void system::thread_main(unsigned index) {
  boost::fibers::use_scheduling_algorithm<work_stealing>(
      registry_, index, baselines::defaults::fiber_workers_sleep_when_idle);
  registered_.arrive_and_wait();
  if (index == 0) launch_();
  {
    std::unique_lock lock(done_mu_);
    done_cv_.wait(lock, [this] { return done_; });
  }
  // Returning destroys this thread's scheduler, which first runs every fiber
  // still attached to it (at most ones finishing their last instructions).
  std::lock_guard lock(exit_mu_);
  ++exited_;
  exit_cv_.notify_all();
}

void system::fiber_finished() noexcept {
  // acq_rel: the fiber that reaches zero acquires every other fiber's writes
  // (each decrement heads a release sequence the later ones continue), and
  // passes them on through done_mu_ and exit_mu_ to the waiting caller.
  if (live_.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  std::lock_guard lock(done_mu_);
  done_ = true;
  done_cv_.notify_all();
}

bool system::wait_all_finished(std::chrono::nanoseconds timeout) {
  {
    std::unique_lock lock(exit_mu_);
    if (!exit_cv_.wait_for(lock, timeout, [this] { return exited_ == threads_; })) return false;
  }
  for (auto& t : pool_) t.join();
  return true;
}

}  // namespace ab::backends::boost_fiber
