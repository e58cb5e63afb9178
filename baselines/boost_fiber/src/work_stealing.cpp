#include "baselines/boost_fiber/work_stealing.hpp"

#include <boost/fiber/type.hpp>

#include "baselines/defaults.hpp"

namespace ab::backends::boost_fiber {

work_stealing::work_stealing(scheduler_registry& registry, std::uint32_t index,
                             bool sleep_when_idle)
    : registry_(registry), index_(index), sleep_when_idle_(sleep_when_idle), rng_(index + 1) {
  registry_.all[index_] = this;
}

void work_stealing::awakened(boost::fibers::context* ctx) noexcept {
  if (!ctx->is_context(boost::fibers::type::pinned_context)) ctx->detach();
  rqueue_.push(ctx);
  if (!sleep_when_idle_) return;
  // Pairs with the sleeper's increment and look (suspend_until).
  std::atomic_thread_fence(std::memory_order_seq_cst);
  if (registry_.sleepers.load(std::memory_order_relaxed) == 0) return;
  for (auto& other : registry_.all) {
    if (other.get() != this) other->notify();
  }
}

bool work_stealing::any_queue_has_work() const noexcept {
  for (const auto& s : registry_.all) {
    if (!s->rqueue_.empty()) return true;
  }
  return false;
}

boost::fibers::context* work_stealing::pick_next() noexcept {
  boost::fibers::context* ctx = rqueue_.pop();
  if (ctx != nullptr) {
    if (!ctx->is_context(boost::fibers::type::pinned_context)) {
      boost::fibers::context::active()->attach(ctx);
    }
    return ctx;
  }
  const auto n = static_cast<std::uint32_t>(registry_.all.size());
  if (n < 2) return nullptr;
  std::uint32_t victim = index_;
  while (victim == index_) victim = std::uniform_int_distribution<std::uint32_t>{0, n - 1}(rng_);
  ctx = registry_.all[victim]->steal();
  if (ctx != nullptr) boost::fibers::context::active()->attach(ctx);
  return ctx;
}

void work_stealing::suspend_until(const std::chrono::steady_clock::time_point& when) noexcept {
  if (!sleep_when_idle_) return;  // Boost's suspend=false: the dispatcher keeps looking
  const auto now = std::chrono::steady_clock::now();
  const std::int64_t now_ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count();
  if (idle_since_ns_ < 0) idle_since_ns_ = now_ns;
  if (now_ns - idle_since_ns_ <
          std::chrono::nanoseconds(baselines::defaults::fiber_idle_spin).count() &&
      when > now) {
    return;  // keep looking a while before sleeping
  }
  registry_.sleepers.fetch_add(1, std::memory_order_seq_cst);
  // Dekker with awakened(): after counting ourselves, one more look.
  if (!any_queue_has_work()) {
    std::unique_lock lock(mtx_);
    if (when == std::chrono::steady_clock::time_point::max()) {
      cnd_.wait(lock, [this] { return flag_; });
    } else {
      cnd_.wait_until(lock, when, [this] { return flag_; });
    }
    flag_ = false;
  }
  registry_.sleepers.fetch_sub(1, std::memory_order_relaxed);
  idle_since_ns_ = -1;
}

void work_stealing::notify() noexcept {
  if (!sleep_when_idle_) return;
  std::unique_lock lock(mtx_);
  flag_ = true;
  lock.unlock();
  cnd_.notify_all();
}

}  // namespace ab::backends::boost_fiber
