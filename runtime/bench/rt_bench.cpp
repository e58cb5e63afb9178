// The runtime's headline figures, as Google Benchmark cases.
//
// What each measures (and what it does not):
//   ring/hop          ns per hop of one token around a ring of 10,000 processes,
//                     1,000,000 hops per iteration: send + wake + receive +
//                     context switch, on one scheduler's hot path (the others
//                     are idle; the token cannot run in parallel with itself).
//   bare_coroutines   the same ring as plain coroutine handles resuming each
//                     other on one thread, no runtime and no synchronisation:
//                     the floor a ring hop could reach.
//   spawn/reply       ns per spawn of a process that sends one message back to
//                     its parent and exits, including the parent's receive.
//   idle_processes    resident bytes per live idle process (blocked in receive),
//                     all-in: control block, frame, mailbox, table slot, from
//                     the process RSS before and after spawning them.
//   cross_scheduler   messages/s from one sender to one receiver pinned to
//                     the other scheduler (static placement), sends preemptible.
// Not measured here: multi-core scaling (actorbench sweep) or tail latency
// (actorbench run's histograms).
#include <benchmark/benchmark.h>

#include <atomic>
#include <coroutine>
#include <ctime>
#include <string>
#include <fstream>
#include <future>
#include <thread>
#include <unistd.h>
#include <vector>

#include "rt/rt.hpp"

namespace {

constexpr int ring_size = 10'000;
constexpr int ring_hops = 1'000'000;
constexpr int spawn_count = 200'000;
constexpr int idle_count = 1'000'000;
constexpr int cross_messages = 10'000'000;

struct next_is {
  rt::pid next;
};
struct stop {};

std::size_t rss_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t pages_total = 0, pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return pages_resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

using clock = std::chrono::steady_clock;
double seconds(clock::duration d) { return std::chrono::duration<double>(d).count(); }

// CPU time of the whole process (all scheduler threads), in seconds: robust
// against other load on the machine, unlike wall time.
double process_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Accumulates the measured part of each iteration: wall and process CPU time.
struct meter {
  benchmark::State& state;
  double wall = 0;
  double cpu = 0;
  clock::time_point t0{};
  double c0 = 0;
  void start() {
    c0 = process_cpu_seconds();
    t0 = clock::now();
  }
  void stop() {
    const double w = seconds(clock::now() - t0);
    cpu += process_cpu_seconds() - c0;
    wall += w;
    state.SetIterationTime(w);
  }
  // Reports items_per_second, `name` (wall ns per item) and cpu_`name`.
  void report(const std::string& name, std::int64_t items_per_iteration) {
    const double items = static_cast<double>(state.iterations() * items_per_iteration);
    state.SetItemsProcessed(state.iterations() * items_per_iteration);
    state.counters[name] = wall * 1e9 / items;
    state.counters["cpu_" + name] = cpu * 1e9 / items;
  }
};

rt::config with_schedulers(unsigned n, rt::strategy_kind s = rt::strategy_kind::work_stealing) {
  rt::config c;
  c.schedulers = n;
  c.strategy = s;
  return c;
}

rt::proc ring_node(std::promise<void>* done) {
  rt::pid next;
  co_await rt::receive([&](next_is n) { next = n.next; });
  for (bool running = true; running;) {
    co_await rt::receive(
        [&](int hops_left) {
          if (hops_left == 0) {
            done->set_value();
          } else {
            (void)rt::send(next, hops_left - 1);
          }
        },
        [&](stop) { running = false; });
  }
}

void ring_hop(benchmark::State& state) {
  rt::runtime r{with_schedulers(static_cast<unsigned>(state.range(0)))};
  meter m{state};
  for (auto _ : state) {
    std::promise<void> done;
    std::vector<rt::pid> ring;
    ring.reserve(ring_size);
    for (int i = 0; i < ring_size; ++i) ring.push_back(r.spawn([&done] { return ring_node(&done); }));
    for (int i = 0; i < ring_size; ++i) r.send(ring[i], next_is{ring[(i + 1) % ring_size]});
    auto finished = done.get_future();
    m.start();
    r.send(ring[0], ring_hops);
    finished.wait();
    m.stop();
    for (rt::pid p : ring) r.send(p, stop{});
    r.wait_idle();
  }
  m.report("ns_per_hop", ring_hops);
}

// A ring of bare coroutines on one thread: each resumes the next directly.
struct bare_node {
  struct promise_type {
    bare_node get_return_object() { return {std::coroutine_handle<promise_type>::from_promise(*this)}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() { std::terminate(); }
  };
  std::coroutine_handle<promise_type> h;
};
struct bare_ring {
  std::vector<std::coroutine_handle<>> nodes;
  int token = 0;
  std::coroutine_handle<> scheduled;
};
struct pass_on {
  bare_ring* ring;
  std::size_t next;
  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<>) const noexcept {
    if (ring->token == 0) return std::noop_coroutine();
    --ring->token;
    return ring->nodes[next];
  }
  void await_resume() const noexcept {}
};
bare_node bare(bare_ring* ring, std::size_t next) {
  for (;;) co_await pass_on{ring, next};
}

void bare_coroutines(benchmark::State& state) {
  bare_ring ring;
  std::vector<bare_node> owners;
  for (int i = 0; i < ring_size; ++i) {
    owners.push_back(bare(&ring, static_cast<std::size_t>((i + 1) % ring_size)));
    ring.nodes.push_back(owners.back().h);
  }
  meter m{state};
  for (auto _ : state) {
    m.start();
    ring.token = ring_hops;
    ring.nodes[0].resume();
    benchmark::DoNotOptimize(ring.token);
    m.stop();
  }
  for (auto& o : owners) o.h.destroy();
  m.report("ns_per_hop", ring_hops);
}

rt::proc spawner(int children, std::promise<void>* done) {
  const rt::pid parent = rt::self();
  for (int i = 0; i < children; ++i) {
    rt::spawn([](rt::pid to) -> rt::proc {
      (void)rt::send(to, 1);
      co_return;
    }, parent);
    co_await rt::reduce();
  }
  int got = 0;
  while (got < children) co_await rt::receive([&](int n) { got += n; });
  done->set_value();
}

void spawn_reply(benchmark::State& state) {
  rt::runtime r{with_schedulers(static_cast<unsigned>(state.range(0)))};
  meter m{state};
  for (auto _ : state) {
    std::promise<void> done;
    auto f = done.get_future();
    m.start();
    r.spawn([&done] { return spawner(spawn_count, &done); });
    f.wait();
    m.stop();
    r.wait_idle();
  }
  m.report("ns_per_spawn", spawn_count);
}

void idle_processes(benchmark::State& state) {
  for (auto _ : state) {
    rt::runtime r{with_schedulers(2)};
    const std::size_t before = rss_bytes();
    for (int i = 0; i < idle_count; ++i) {
      r.spawn([]() -> rt::proc { co_await rt::receive([](stop) {}); });
    }
    // Wait until every process has run to its receive.
    while (r.schedulers()[0].queue_length + r.schedulers()[1].queue_length > 0 ||
           r.info(r.processes().back())->status != "waiting") {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const std::size_t after = rss_bytes();
    state.counters["bytes_per_process"] = static_cast<double>(after - before) / idle_count;
    state.counters["processes"] = static_cast<double>(r.process_count());
  }
}

void cross_scheduler(benchmark::State& state) {
  rt::runtime r{with_schedulers(2, rt::strategy_kind::static_placement)};
  meter m{state};
  for (auto _ : state) {
    std::promise<void> done;
    auto f = done.get_future();
    m.start();
    rt::pid receiver = r.spawn(rt::spawn_options{.scheduler = 1}, [d = &done]() -> rt::proc {
      long got = 0;
      while (got < cross_messages) co_await rt::receive([&](long) { ++got; });
      d->set_value();
    });
    r.spawn(rt::spawn_options{.scheduler = 0}, [](rt::pid to) -> rt::proc {
      for (long i = 0; i < cross_messages; ++i) co_await rt::send(to, i);
    }, receiver);
    f.wait();
    m.stop();
    r.wait_idle();
  }
  m.report("ns_per_msg", cross_messages);
}

}  // namespace

// First, and once: its figure is a difference of resident memory, which
// blocks cached by earlier runs in this process would hide.
BENCHMARK(idle_processes)->Iterations(1)->Repetitions(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(ring_hop)->ArgName("schedulers")->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseManualTime();
BENCHMARK(bare_coroutines)->Unit(benchmark::kMillisecond)->UseManualTime();
BENCHMARK(spawn_reply)->ArgName("schedulers")->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseManualTime();
BENCHMARK(cross_scheduler)->Unit(benchmark::kMillisecond)->UseManualTime();

BENCHMARK_MAIN();
