// The scheduling strategy: where a runnable process goes and where an idle
// scheduler looks for one.
//
// Like Boost.Fiber's `algorithm`, a small interface of noexcept hooks with one
// implementation per file (strategy_work_stealing.cpp, strategy_global_queue.cpp,
// strategy_static.cpp). The scheduler loop, parking and wake-ups are shared
// (worker.cpp); a strategy only moves process pointers between queues and says
// whom to wake, through runtime_core::notify_any / notify.
//
// Who calls what: schedule() from any thread (w is the calling scheduler of
// this runtime, or nullptr); next(), search(), has_work() and has_local_work()
// only from the scheduler w itself.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "rt/config.hpp"

namespace rt::detail {

class runtime_core;
class worker;
struct process;

// The last two are the wake-ups of a waiting process, kept last so that one
// comparison tells them from the rest (work_stealing::schedule).
enum class wake_reason : std::uint8_t {
  spawned,  // a new process
  yielded,  // it spent its budget
  woken,    // a message (or timer) ended its wait
  // It was in w's next slot and a later wake-up took the slot (only for a
  // strategy that sets next_slot_wakes_: see runtime_core::wake).
  displaced,
};

class strategy {
 public:
  explicit strategy(runtime_core& rt) noexcept : rt_(rt) {}
  virtual ~strategy() = default;

  virtual strategy_kind kind() const noexcept = 0;
  // The scheduler a new process is placed on; `hint` is spawn_options::scheduler or -1.
  virtual std::uint16_t place(worker* w, int hint) noexcept = 0;
  // p became runnable.
  virtual void schedule(worker* w, process* p, wake_reason why) noexcept = 0;
  // w's own next process, or nullptr.
  virtual process* next(worker& w) noexcept = 0;
  // Work found elsewhere (stolen), or nullptr.
  virtual process* search(worker& w) noexcept = 0;
  // Whether next() or search() could find something now; checked before parking.
  virtual bool has_work(worker& w) noexcept = 0;
  // Whether next() alone would find something now: cheap, no look at other
  // schedulers. The receive spin (worker.cpp) asks it, since spinning on one
  // mailbox only pays when there is nothing else to run here.
  virtual bool has_local_work(worker& w) noexcept = 0;

  // True if schedule(w, p, woken) from a scheduler w always puts p in w's
  // next slot and queues the process it displaces as `displaced`; the
  // runtime then does that part itself, without the virtual call.
  bool next_slot_wakes() const noexcept { return next_slot_wakes_; }

 protected:
  runtime_core& rt_;
  bool next_slot_wakes_ = false;
};

std::unique_ptr<strategy> make_strategy(strategy_kind k, runtime_core& rt);

}  // namespace rt::detail
