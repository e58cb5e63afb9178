// Building a process from a function object and arguments (shared by
// runtime::spawn and rt::spawn inside a process).
//
// The function object and copies of the arguments are stored in the control
// block's tail, and the body is invoked with references to those copies. So a
// lambda's captures (which a coroutine does not copy into its frame) and
// reference parameters stay valid for the process's whole life.
#pragma once

#include <functional>
#include <tuple>
#include <type_traits>
#include <utility>

#include "rt/detail/runtime_core.hpp"
#include "rt/message.hpp"
#include "rt/proc.hpp"

namespace rt::detail {

template <class F, class... A>
pid spawn_process(runtime_core& rt, const spawn_options& o, process* link_to, process* monitor_by,
                  std::uint64_t monitor_ref, F&& f, A&&... a) {
  using fn_type = std::decay_t<F>;
  using args_type = std::tuple<std::decay_t<A>...>;
  static_assert(std::is_invocable_r_v<proc, fn_type&, std::decay_t<A>&...>,
                "rt::spawn: the body must be callable with the arguments and return rt::proc");
  static_assert((is_sendable_v<A> && ...),
                "rt::spawn: arguments are copied into the new process and must be sendable");
  struct closure {
    fn_type fn;
    args_type args;
  };
  process* p = rt.allocate_process(sizeof(closure));
  closure* c = nullptr;
  try {
    c = new (runtime_core::extra_storage(p)) closure{std::forward<F>(f), args_type(std::forward<A>(a)...)};
  } catch (...) {
    rt.free_process_block(p);
    throw;
  }
  p->destroy_callable = [](process* q) noexcept {
    static_cast<closure*>(runtime_core::extra_storage(q))->~closure();
  };
  try {
    proc body = std::apply([&](auto&... args) { return std::invoke(c->fn, args...); }, c->args);
    p->root = p->resume_point = body.release();
  } catch (...) {
    p->destroy_callable(p);
    rt.free_process_block(p);
    throw;
  }
  return rt.start_process(p, o, link_to, monitor_by, monitor_ref);
}

}  // namespace rt::detail
