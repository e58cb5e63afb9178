// Every tuning constant of the runtime, in one place, with where it came from.
// Each one that a user may want to change is also a field of rt::config; the
// value in force is recorded in benchmark results through runtime::describe().
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace rt::defaults {

// Reductions a process may spend before it is put at the back of the run queue
// at its next preemption point. 4000 is the BEAM's CONTEXT_REDS.
inline constexpr std::uint32_t reductions = 4000;

// What each operation costs, in reductions. The BEAM charges a function call 1;
// our units are coarser operations, so each costs 1 as well, spawn a little more
// because it allocates a control block and a coroutine frame.
inline constexpr std::uint32_t send_cost = 1;
inline constexpr std::uint32_t receive_cost = 1;
inline constexpr std::uint32_t yield_cost = 1;
inline constexpr std::uint32_t spawn_cost = 10;

// Slots in each scheduler's local run queue. Go's runq and Tokio's local queue
// use 256; a process spawning in a loop places budget / spawn_cost = 400 new
// processes per slice, so 256 made every such slice spill half its queue to
// the global queue and take it back. 1024 holds that and keeps a steal of half
// (512 pointers copied) cheap.
inline constexpr std::uint32_t local_queue_capacity = 1024;

// Slots in each scheduler's deque of newly spawned processes (spawn_deque.hpp),
// which runs the newest spawn first so that a spawn tree unfolds depth first.
// A spawn burst beyond it goes to the FIFO run queue, as before the deque.
// 1024 holds a whole slice of spawns (budget / spawn_cost = 400). 4096 let a
// spawn loop keep more of its children waiting in the deque, which took
// spawn_storm on 2 schedulers from 6.3 to 7.2 M spawns/s but spawn + reply on
// one from 75 to 83 ns (rt_bench): more children waiting means more blocks
// out of cache.
inline constexpr std::int64_t spawn_deque_capacity = 1024;

// At most this many more newly spawned processes an idle scheduler takes
// from a victim's spawn deque after its first, if half the deque holds as
// many (strategy_work_stealing.hpp).
inline constexpr std::uint32_t max_newborns_per_steal = 64;

// How many newly spawned processes a scheduler may run in a row, newest first,
// while processes wait in its FIFO run queue, before it must take one of those
// (so a spawn tree that keeps its deque full cannot starve a process that
// yielded or was woken). Each spawn already costs its spawner reductions, so
// this only bounds the children's turn; 16 keeps a tree mostly depth first.
inline constexpr std::uint32_t max_spawn_streak = 16;

// Every this many spawned processes it takes, a scheduler takes the oldest
// instead of the newest, so that a process spawned before an endless chain of
// spawns (each spawning the next) still starts. Each such turn starts a second
// path through a spawn tree: at 127 skynet on one scheduler had 86,838
// processes alive at once, at 4093 it has 614 (depth first alone: 61), at no
// cost in time measured. A prime, like the global queue's interval.
inline constexpr std::uint32_t oldest_spawn_interval = 4093;

// How many times in a row a scheduler may run the process in its "next" slot
// before it must take one from its queue (Tokio: MAX_LIFO_POLLS_PER_TICK = 3).
inline constexpr std::uint32_t max_next_slot_streak = 3;

// Every this many processes run, a scheduler looks at the global queue first, so
// work placed there is not starved by a busy local queue (Go: 61, a prime so it
// does not beat with other periodic checks).
inline constexpr std::uint32_t global_queue_check_interval = 61;

// The balancing strategy compares run-queue lengths every this many slices
// (the BEAM checks balance every 20 M reductions, about 5,000 full slices;
// we check more often because our slices are often much shorter than full),
// and migrates only when a queue is longer than the shortest by more than the
// threshold, so that noise does not move processes back and forth.
inline constexpr std::uint32_t balance_interval = 1024;
inline constexpr std::uint32_t balance_threshold = 4;

// How long an idle scheduler keeps looking for work before it parks. Long
// enough to cover a message round trip between cores, short enough that an idle
// runtime costs nothing measurable.
inline constexpr std::chrono::microseconds idle_spin{50};

// For this long after it starts spinning, an idle scheduler steals only from
// other schedulers' FIFO queues, not their newly spawned processes (Go's
// stealer likewise waits 3 us before it takes a victim's runnext). A new
// process was written by its spawner a moment ago and is about to run there;
// moving it moves its lines, and moving them back when its memory is reused
// there. The spawner itself, which sits in a FIFO queue between its slices,
// moves the spawning instead. spawn_storm on 2 schedulers (100,000 processes
// that exit at once, spawned 256 a turn; medians of 3, rounds interleaved, in
// a slow spell of the 2-core reference host): 3.9-4.1 M spawns/s taking
// newborns first, 5.5-6.0 taking the queue first, 6.2-6.9 with 20 us of
// patience (ahead of the same build without it in each of six paired
// rounds); skynet and the other workloads unchanged. At most half of
// config::spin: a scheduler must get to newborns before it parks.
inline constexpr std::chrono::microseconds newborn_steal_patience{20};

// A parked scheduler looks for work again this often while another scheduler
// runs (worker.cpp, sleep_once): the safety net for a wake-up that a
// preempted producer's "queue was not empty" shortcut can lose, which then
// waits at most this long. Each look costs its core some 25 us (a timed
// futex wait and a scan of the queues): with one scheduler busy for 2 s, the
// program's CPU time was 2.05-2.07 s at 1 ms, and 2.01 s both at 10 ms and
// without the recheck.
inline constexpr std::chrono::microseconds idle_recheck{10'000};

// Before blocking a process in receive when its scheduler has nothing else to
// run, look at its mailbox this many times (a pause apart, about 3 us in all):
// a sender on another core that is mid-burst then costs no block and no
// wake-up. Only under idle_policy::spin_then_park.
inline constexpr int receive_spin_iterations = 200;

// Scheduler threads pass a quiescent point (for memory reclamation) after every
// process slice; they try to advance the reclamation epoch when this many
// retired control blocks are waiting.
inline constexpr std::size_t reclaim_batch = 64;

// The process table grows in segments of this many slots; the maximum number of
// live processes is a config field (default below).
inline constexpr std::size_t process_table_segment = std::size_t{1} << 16;
inline constexpr std::size_t max_processes = std::size_t{1} << 25;  // 33.5 M

// Binaries larger than this are shared by reference count instead of copied,
// as the BEAM does for refc binaries.
inline constexpr std::size_t shared_binary_threshold = 64;

// Shards of the name registry; each has its own reader-writer lock, so there is
// no global lock on lookup.
inline constexpr std::size_t registry_shards = 64;

}  // namespace rt::defaults
