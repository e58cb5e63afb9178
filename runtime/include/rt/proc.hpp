// The return type of a process body, and of coroutines a process awaits.
//
// A process body is a C++20 coroutine returning rt::proc:
//
//   rt::proc echo() {
//     for (;;) co_await rt::receive([](const ping& p) { rt::send(p.from, pong{}); });
//   }
//
// Its frame is the process's stack: an idle process costs its frame and its
// control block, a few hundred bytes, rather than a thread stack. Frames are
// allocated from the runtime's node allocator. A body starts suspended; the
// scheduler resumes it, and destroys it when the process ends.
//
// rt::task<T> is a coroutine a process can co_await (for example gen_server's
// call): it runs on the awaiting process, may receive, and hands back its
// value or exception. Control moves between the two by symmetric transfer.
#pragma once

#include <coroutine>
#include <exception>
#include <optional>
#include <utility>

#include "rt/detail/context.hpp"
#include "rt/detail/process.hpp"

namespace rt {

namespace detail {
void* allocate_frame(std::size_t n);
void free_frame(void* p, std::size_t n) noexcept;

struct frame_allocation {
  static void* operator new(std::size_t n) { return allocate_frame(n); }
  static void operator delete(void* p, std::size_t n) noexcept { free_frame(p, n); }
};

// Room for a process's root frame inside its control block, so that a
// process is one allocation: the block, the body's function object and the
// root frame side by side (spawn.hpp). A scheduler passing a message along a
// ring then touches one region of memory per process instead of two, which
// matters once spawn and exit churn has scattered the allocator's free lists.
//
// spawn_process sets `at`/`size` around the call that creates the body; the
// first rt::proc frame that fits takes the room (`taken`), and `requested`
// records its size, from which the next spawn of the same body learns how much
// to reserve. A frame in the room is never freed on its own: destroy_root
// (runtime_core.cpp) names it in `taken` while it destroys the root, and
// operator delete then leaves it to the block.
struct frame_reservation {
  void* at = nullptr;
  std::size_t size = 0;
  std::size_t requested = 0;
  void* taken = nullptr;
};
inline constinit thread_local frame_reservation tls_frame_reservation;  // constinit: see context.hpp

// rt::proc's frames: a process's root frame may live in its control block.
struct root_frame_allocation {
  static void* operator new(std::size_t n) {
    frame_reservation& r = tls_frame_reservation;
    r.requested = n;
    if (n <= r.size) {
      r.size = 0;
      r.taken = r.at;
      return r.at;
    }
    return allocate_frame(n);
  }
  static void operator delete(void* p, std::size_t n) noexcept {
    frame_reservation& r = tls_frame_reservation;
    if (p == r.taken) {  // in a control block: freed with it
      r.taken = nullptr;
      return;
    }
    free_frame(p, n);
  }
};
}  // namespace detail

class [[nodiscard]] proc {
 public:
  struct promise_type : detail::root_frame_allocation {
    std::exception_ptr error;

    proc get_return_object() noexcept {
      return proc{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    auto final_suspend() noexcept {
      struct final_awaiter {
        bool await_ready() noexcept { return false; }
        void await_suspend(std::coroutine_handle<>) noexcept {
          detail::tls_context.current->suspended = detail::suspend_kind::done;
        }
        void await_resume() noexcept {}
      };
      return final_awaiter{};
    }
    void return_void() noexcept {}
    void unhandled_exception() noexcept { error = std::current_exception(); }
  };
  using handle_type = std::coroutine_handle<promise_type>;

  proc(proc&& o) noexcept : h_(std::exchange(o.h_, {})) {}
  proc& operator=(proc&&) = delete;
  ~proc() {
    if (h_) h_.destroy();
  }

  handle_type release() noexcept { return std::exchange(h_, {}); }

 private:
  explicit proc(handle_type h) noexcept : h_(h) {}
  handle_type h_;
};

namespace detail {
// Ends a task by resuming whoever awaited it (symmetric transfer).
struct task_final_awaiter {
  bool await_ready() noexcept { return false; }
  template <class P>
  std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) noexcept {
    return h.promise().continuation;
  }
  void await_resume() noexcept {}
};
}  // namespace detail

template <class T = void>
class [[nodiscard]] task {
 public:
  struct promise_base : detail::frame_allocation {
    std::coroutine_handle<> continuation;
    std::exception_ptr error;
    std::suspend_always initial_suspend() noexcept { return {}; }
    detail::task_final_awaiter final_suspend() noexcept { return {}; }
    void unhandled_exception() noexcept { error = std::current_exception(); }
  };
  struct promise_value : promise_base {
    std::optional<T> value;
    template <class U>
    void return_value(U&& v) {
      value.emplace(std::forward<U>(v));
    }
  };
  struct promise_void : promise_base {
    void return_void() noexcept {}
  };
  struct promise_type : std::conditional_t<std::is_void_v<T>, promise_void, promise_value> {
    task get_return_object() noexcept {
      return task{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
  };

  task(task&& o) noexcept : h_(std::exchange(o.h_, {})) {}
  task& operator=(task&&) = delete;
  ~task() {
    if (h_) h_.destroy();
  }

  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiting) noexcept {
    h_.promise().continuation = awaiting;
    return h_;
  }
  T await_resume() {
    auto& pr = h_.promise();
    if (pr.error) std::rethrow_exception(pr.error);
    if constexpr (!std::is_void_v<T>) return std::move(*pr.value);
  }

 private:
  explicit task(std::coroutine_handle<promise_type> h) noexcept : h_(h) {}
  std::coroutine_handle<promise_type> h_;
};

}  // namespace rt
