// fairness: a latency probe among CPU-bound processes.
//
// K processes per scheduler spin in a loop of pure computation, with a
// preemption point (rt::reduce) every `spin_chunk` iterations and nothing
// else: they never block. A probe process answers pings; a pinger process
// sends one ping every `ping_interval` and records the round trip. Both
// compete with the spinners for the schedulers, so the round trip is bounded
// by how soon a busy scheduler gets back to them: the reduction budget. The
// scenario reports the latency histogram and percentiles; it asserts nothing
// about speed. Checked: every ping is answered.
#include <atomic>
#include <ostream>

#include "scenario.hpp"

namespace stress {

namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

constexpr auto ping_interval = 1ms;
constexpr std::uint32_t spin_chunk = 1000;        // iterations between preemption points
constexpr std::uint32_t spin_chunk_reductions = 10;  // what a chunk costs in reductions

struct ping {
  rt::pid from;
  std::int64_t sent_ns;
};
struct pong {
  std::int64_t sent_ns;
};
struct stop {};

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(clock_type::now().time_since_epoch()).count();
}

rt::proc spinner(const std::atomic<bool>& stopping, std::atomic<std::uint64_t>& chunks) {
  std::uint64_t x = 0x9e3779b97f4a7c15ULL;
  while (!stopping.load(std::memory_order_relaxed)) {
    for (std::uint32_t i = 0; i < spin_chunk; ++i) x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    chunks.fetch_add(x == 0 ? 2 : 1, std::memory_order_relaxed);  // uses x, so the loop is not optimised away
    co_await rt::reduce(spin_chunk_reductions);
  }
}

}  // namespace

void run_fairness(const options& o, report& rep, std::ostream& progress) {
  const rt::config cfg = runtime_config(o);
  const std::size_t per_scheduler = by_size<std::size_t>(o, 4, 16, 64);
  const std::size_t pings = by_size<std::size_t>(o, 300, 3000, 30000);
  const std::size_t spinners = per_scheduler * cfg.schedulers;
  progress << "stress: fairness: " << spinners << " CPU-bound processes (" << per_scheduler << " per scheduler), "
           << pings << " pings, one every " << ping_interval.count() << " ms\n";
  std::atomic<bool> stopping{false};
  std::atomic<std::uint64_t> chunks{0};
  std::vector<std::int64_t> samples;
  samples.reserve(pings);
  rt::runtime r{cfg};
  const std::size_t start_bytes = r.live_bytes();
  for (std::size_t i = 0; i < spinners; ++i) {
    r.spawn([&stopping, &chunks]() -> rt::proc { return spinner(stopping, chunks); });
  }
  const rt::pid probe = r.spawn([]() -> rt::proc {
    for (;;) {
      const bool go_on = co_await rt::receive(
          [](ping p) { (void)rt::send(p.from, pong{p.sent_ns}); return true; }, [](stop) { return false; });
      if (!go_on) co_return;
    }
  });
  r.spawn([&, probe]() -> rt::proc {
    for (std::size_t i = 0; i < pings; ++i) {
      co_await rt::receive(rt::after(ping_interval, [] {}));
      (void)rt::send(probe, ping{rt::self(), now_ns()});
      const bool answered = co_await rt::receive([&samples](pong p) { samples.push_back(now_ns() - p.sent_ns); return true; },
                                                 rt::after(must_happen_within, [] { return false; }));
      if (!answered) {
        rep.violation("fairness: ping " + std::to_string(i) + " was not answered within " +
                      std::to_string(must_happen_within.count()) + " s");
        break;
      }
    }
    (void)rt::send(probe, stop{});
    stopping.store(true, std::memory_order_relaxed);
  });
  check_runtime_drained(r, start_bytes, rep);
  rep.figure("spinners", fmt_count(static_cast<double>(spinners)) + " (" + fmt_count(static_cast<double>(per_scheduler)) +
                             " per scheduler, " + fmt_count(static_cast<double>(chunks.load())) + " chunks of " +
                             fmt_count(spin_chunk) + " iterations)");
  add_latency_figures(rep, "ping round trip", summarize_latencies(samples));
}

}  // namespace stress
