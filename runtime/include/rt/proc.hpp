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
}  // namespace detail

class [[nodiscard]] proc {
 public:
  struct promise_type : detail::frame_allocation {
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
