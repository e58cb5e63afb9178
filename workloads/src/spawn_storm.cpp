// spawn_storm: spawn N processes as fast as possible.
//
// Modes (param mode):
//   0 exit   each child ends at once;
//   1 reply  each child sends its parent one reply, then ends;
//   2 hold   each child acknowledges and stays alive (idle, in receive) until
//            all N exist; then the RSS is read and every child is told to stop.
// What it measures: spawns per second (items: spawns; seconds: from the first
// spawn until the last child has run, or, for mode 0, until the system is
// empty, as timed by the caller), and the spawn latency of every child: from
// the moment its parent called spawn to the moment it first ran. In hold mode
// also bytes_per_process, (RSS with N idle children - RSS before) / N, which
// counts everything a process costs: control block or thread stack, mailbox,
// scheduler bookkeeping. What it does not: the cost of a process that has
// grown a heap or a deep stack. Caveat of every RSS delta: memory an allocator
// kept from an earlier run in the same process is reused without growing the
// RSS; the run first asks the allocators it can reach to give such memory back
// (memory.hpp), but a first run in a fresh process is the reliable figure.
//
// The spawner spawns `batch` children per turn and then sends itself `next`,
// as an actor that must not hold its thread for long would. Latencies go into
// a preallocated slot per child (no sharing between children); the histogram
// is built after the run.
//
// Verification: every child ran exactly once (its slot is written once); in
// modes 1 and 2 the parent got one reply from each, naming it; in hold mode
// all N were alive at once.
#include <memory>
#include <string>
#include <vector>

#include "catalog.hpp"
#include "dispatch.hpp"
#include "memory.hpp"
#include "outcome.hpp"

namespace ab {

namespace {

enum class storm_mode : std::int64_t { exit = 0, reply = 1, hold = 2 };

struct shared {
  explicit shared(std::int64_t n)
      : started_ns(std::make_unique<std::int64_t[]>(static_cast<std::size_t>(n))) {}
  std::unique_ptr<std::int64_t[]> started_ns;  // per child: latency, written by that child once
  std::int64_t t0 = 0;
  std::int64_t t1 = 0;  // modes 1 and 2: when the last reply arrived
  std::int64_t rss_before = 0;
  std::int64_t rss_held = 0;
  std::int64_t replies = 0;
  std::string error;
};

struct child_msg {};  // hold mode: stop

template <class B>
struct to_parent {
  std::int64_t from = -1;  // the child's index; -1: the parent's own `next`
};

template <class B>
struct child {
  using message = child_msg;

  shared* out;
  typename B::template address<to_parent<B>> parent;
  std::int64_t index;
  std::int64_t spawned_ns;
  storm_mode mode;

  void on_start(auto& ctx) {
    out->started_ns[static_cast<std::size_t>(index)] = now_ns() - spawned_ns;
    if (mode != storm_mode::exit) ctx.send(parent, to_parent<B>{index});
    if (mode != storm_mode::hold) ctx.stop();
  }
  void on_message(auto& ctx, message&&) { ctx.stop(); }
};

template <class B>
struct spawner {
  using message = to_parent<B>;

  shared* out;
  std::int64_t n;
  std::int64_t batch;
  storm_mode mode;
  std::vector<typename B::template address<child_msg>> held{};  // hold mode
  std::vector<bool> replied{};
  std::int64_t spawned = 0;

  void on_start(auto& ctx) {
    if (mode == storm_mode::hold) {
      // Allocated and touched before the baseline RSS is read: not counted.
      held.assign(static_cast<std::size_t>(n), {});
    }
    if (mode != storm_mode::exit) replied.assign(static_cast<std::size_t>(n), false);
    if (mode == storm_mode::hold) release_cached_memory();
    out->rss_before = rss_bytes();
    out->t0 = now_ns();
    spawn_some(ctx);
  }

  void on_message(auto& ctx, message&& m) {
    if (m.from < 0) return spawn_some(ctx);
    if (m.from >= n || replied[static_cast<std::size_t>(m.from)]) {
      if (out->error.empty())
        out->error = "an unexpected reply from child " + std::to_string(m.from);
    } else {
      replied[static_cast<std::size_t>(m.from)] = true;
    }
    if (++out->replies < n) return;
    out->t1 = now_ns();
    if (mode == storm_mode::hold) {
      out->rss_held = rss_bytes();
      for (const auto& c : held) ctx.send(c, child_msg{});
    }
    if (spawned == n) ctx.stop();
  }

  void spawn_some(auto& ctx) {
    const std::int64_t end = std::min(n, spawned + batch);
    for (; spawned < end; ++spawned) {
      auto a = ctx.template spawn<child<B>>(out, ctx.self(), spawned, now_ns(), mode);
      if (mode == storm_mode::hold) held[static_cast<std::size_t>(spawned)] = a;
    }
    if (spawned < n) return ctx.send(ctx.self(), to_parent<B>{});
    // All spawned. Exit mode expects no replies; in the others, the last reply
    // may have arrived before the last `next` was handled.
    if (mode == storm_mode::exit || out->replies == n) ctx.stop();
  }
};

template <class B>
run_result run_on(const run_params& p) {
  const std::int64_t n = p.get("processes");
  const std::int64_t batch = p.get("batch");
  const std::int64_t mode_value = p.get("mode");
  if (n < 1 || batch < 1 || mode_value < 0 || mode_value > 2) {
    return failed("need processes >= 1, batch >= 1 and mode 0 (exit), 1 (reply) or 2 (hold)");
  }
  const auto mode = static_cast<storm_mode>(mode_value);
  // Exit and reply modes need few live processes at once (a backend that
  // bounds them, os_threads, makes the spawner wait); hold needs all N.
  if (mode == storm_mode::hold && too_many_processes<B>(static_cast<std::size_t>(n) + 1)) {
    return too_many_processes_result<B>(static_cast<std::size_t>(n) + 1);
  }
  shared s(n);
  for (std::int64_t i = 0; i < n; ++i) s.started_ns[static_cast<std::size_t>(i)] = -1;
  const std::int64_t t_call = now_ns();
  const run_status st = B::template run<spawner<B>>(options_of(p), &s, n, batch, mode);
  const std::int64_t t_return = now_ns();
  if (!s.error.empty()) return failed(s.error);

  histogram latency;
  std::int64_t ran = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    const std::int64_t l = s.started_ns[static_cast<std::size_t>(i)];
    if (l < 0) continue;
    latency.record(l);
    ++ran;
  }
  if (st.ok && ran != n)
    return failed(std::to_string(ran) + " of " + std::to_string(n) + " children ran");
  if (st.ok && mode != storm_mode::exit && s.replies != n) {
    return failed(std::to_string(s.replies) + " of " + std::to_string(n) + " children replied");
  }
  run_result r;
  // Exit mode has no event that marks the last child's end, so it is timed
  // until the backend reports that every process has ended.
  const std::int64_t end = mode == storm_mode::exit ? t_return : s.t1;
  r.seconds = static_cast<double>(end - s.t0) * 1e-9;
  r.items = static_cast<double>(n);
  r.items_unit = "spawns";
  r.latency_ns = std::move(latency);
  r.extra["run_seconds_including_setup"] = static_cast<double>(t_return - t_call) * 1e-9;
  if (mode == storm_mode::hold && s.rss_before > 0 && s.rss_held > 0) {
    r.bytes_per_process = static_cast<double>(s.rss_held - s.rss_before) / static_cast<double>(n);
    r.peak_rss_bytes = s.rss_held;
  }
  return verified(std::move(r), st);
}

}  // namespace

workload_info spawn_storm_workload() {
  return {
      "spawn_storm",
      "Spawn N processes as fast as possible (mode 0: exit at once, 1: after one reply, 2: hold "
      "all "
      "alive and measure memory per process).",
      {
          {"processes", "processes spawned (N)", 2'000, 100'000, 1'000'000},
          {"mode", "0 = exit at once, 1 = exit after one reply, 2 = hold all alive", 0, 0, 0},
          {"batch", "spawns per turn of the spawner", 256, 256, 256},
      },
      [](const std::string& backend, const run_params& p) {
        return with_backend(backend, [&]<class B>() { return run_on<B>(p); });
      },
  };
}

}  // namespace ab
