// Building a process from a function object and arguments (shared by
// runtime::spawn and rt::spawn inside a process).
//
// The function object and copies of the arguments are stored in the control
// block's tail, and the body is invoked with references to those copies. So a
// lambda's captures (which a coroutine does not copy into its frame) and
// reference parameters stay valid for the process's whole life. The root
// frame follows them in the same block once the body's frame size is known
// (proc.hpp, frame_reservation).
#pragma once

#include <atomic>
#include <cstdlib>
#include <functional>
#include <tuple>
#include <type_traits>
#include <utility>

#include "rt/detail/node_allocator.hpp"
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
  // The root frame's size, learnt from the previous spawn of this body (the
  // largest seen: a body may return different coroutines). The first spawn
  // reserves nothing and allocates its frame apart.
  static std::atomic<std::size_t> frame_hint{0};
  constexpr std::size_t closure_bytes = node_allocator::round_up(sizeof(closure));
  const std::size_t reserve = frame_hint.load(std::memory_order_relaxed);
  process* p = rt.allocate_process(closure_bytes + reserve);
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
  frame_reservation& room = tls_frame_reservation;
  const frame_reservation outer = room;  // a spawn from a body's destructor, during another's
  room = {static_cast<unsigned char*>(runtime_core::extra_storage(p)) + closure_bytes, reserve, 0, nullptr};
  try {
    proc body = std::apply([&](auto&... args) { return std::invoke(c->fn, args...); }, c->args);
    p->root = p->resume_point = body.release();
  } catch (...) {
    room = outer;
    p->destroy_callable(p);
    rt.free_process_block(p);
    throw;
  }
  // The room holds the root's frame, or nothing: any other rt::proc made by
  // the function object has been destroyed by now (it is not a process).
  p->frame_embedded = room.taken != nullptr;
  if (p->frame_embedded && room.taken != p->root.address()) std::abort();  // a stray proc kept alive in the room
  const std::size_t wanted = node_allocator::round_up(room.requested);
  room = outer;
  // A frame that would take the block out of the node allocator's small
  // classes (node_allocator.hpp) stays apart.
  constexpr std::size_t block_bytes = runtime_core::control_block_size() + closure_bytes;
  if (!p->frame_embedded && wanted > reserve &&
      runtime_core::round_up_to_block(block_bytes + wanted) <= node_allocator::max_small) {
    frame_hint.store(wanted, std::memory_order_relaxed);
  }
  return rt.start_process(p, o, link_to, monitor_by, monitor_ref);
}

}  // namespace rt::detail
