// What the current thread is doing for the runtime: which scheduler it is and
// which process it is running. Set by a scheduler thread around each process
// slice; null on every other thread. Runtimes do not share it: each scheduler
// thread belongs to exactly one runtime (Go's g and Tokio's CONTEXT play the
// same role).
#pragma once

#include <stdexcept>
#include <string>

namespace rt {

// Misuse of the API, such as receive outside a process. Thrown, never UB.
class usage_error : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

namespace detail {

class worker;
struct process;

struct thread_context {
  worker* w = nullptr;
  process* current = nullptr;
};

// constinit: constant-initialised, so an access from another translation
// unit is a plain TLS load, not a call through the thread_local's init
// wrapper (__tls_init), which the ring's hop paid about a dozen times.
inline constinit thread_local thread_context tls_context;

[[noreturn, gnu::cold, gnu::noinline]] inline void throw_outside_process(const char* what) {
  throw usage_error(std::string("rt: ") + what + " called outside a process");
}

// Out of line, the throw kept this check from inlining into every receive.
inline process* current_process_or_throw(const char* what) {
  process* p = tls_context.current;
  if (p == nullptr) [[unlikely]] throw_outside_process(what);
  return p;
}

}  // namespace detail
}  // namespace rt
