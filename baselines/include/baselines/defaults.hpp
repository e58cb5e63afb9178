// Every tuning constant of the baselines, in one place, with where it came
// from. (The runtime's own are in runtime/include/rt/defaults.hpp.)
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace ab::baselines::defaults {

// ---- os_threads ----

// Stack reserved for each actor thread. glibc's default is the 8 MiB of
// `ulimit -s`; a server that runs a thread per connection sets it smaller, and
// our handlers are shallow. Only touched pages count toward RSS either way;
// a smaller reservation lets more threads fit in the address space and in
// glibc's cache of freed stacks (which makes thread creation cheaper).
inline constexpr std::size_t thread_stack_bytes = std::size_t{128} * 1024;

// The most actor threads os_threads keeps alive at once (further spawns wait
// for one to end). The kernel's pid_max is 32768 by default and is shared with
// every other process on the machine; a third of it is the most a benchmark
// should take. The effective limit is also capped by pid_max / 3 and
// threads-max / 3 read at run time.
inline constexpr std::size_t max_threads = 10'000;

// ---- boost_fiber ----

// Stack of each actor fiber. Boost's own skynet benchmarks use one page
// (fixedsize_stack{page_size()}); that has no guard page and our handlers may
// read /proc or format a message, and they overflow 4 KiB (SIGSEGV in skynet),
// so we take 16 KiB. fixedsize_stack takes it from malloc: only the touched
// pages become resident.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr std::size_t fiber_stack_bytes =
    std::size_t{128} * 1024;  // sanitizers' frames are several times larger
#else
inline constexpr std::size_t fiber_stack_bytes = std::size_t{16} * 1024;
#endif

// ---- boost_fiber and onetbb: cooperative scheduling ----

// Messages an actor handles before it lets others run on its thread (a fiber
// yields; a oneTBB task re-enqueues itself at the back of the arena's queue).
// Neither library preempts, so a flooded actor would otherwise hold its thread
// until its mailbox is empty. The runtime's equivalent is its reduction budget
// (4000 reductions, about 2000 receive+send pairs); 256 keeps the overhead of
// yielding below 1 ns per message and the unfairness below ~50 us.
inline constexpr std::size_t messages_per_turn = 256;

// What an idle boost_fiber worker thread does. false: keeps looking for
// fibers to steal (Boost's work_stealing with suspend=false, its default and
// what its own skynet benchmarks use). true: looks for fiber_idle_spin, then
// sleeps until a fiber is made ready anywhere (see work_stealing.hpp).
inline constexpr bool fiber_workers_sleep_when_idle = true;

// How long an idle boost_fiber worker keeps looking before it sleeps: the
// runtime's defaults::idle_spin, so that neither gets an edge from spinning
// longer.
inline constexpr std::chrono::microseconds fiber_idle_spin{50};

// ---- beam ----

// Timing one step of ab::busy_work (workloads/busy_work.hpp), which the beam
// runner turns into the duration per message it hands the Erlang workloads
// (work_ns). Each round is one run of busy_step_iterations steps, about
// 2.6 ms at 2.5 ns a step: long enough that the clock's resolution and the
// call do not count, short enough to fit in one time slice most of the time.
// The fastest of busy_step_rounds counts, since a round that another program
// preempted or a cold cache slowed only takes longer, never less.
inline constexpr std::int64_t busy_step_iterations = std::int64_t{1} << 20;
inline constexpr int busy_step_rounds = 10;

}  // namespace ab::baselines::defaults
