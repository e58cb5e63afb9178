// scale: many live processes, a message flood, a spawn storm.
//
// Each part measures how long it took and how much memory it used: the
// runtime's own count (runtime::live_bytes, exact) and the process's resident
// set (what the machine pays, allocator caches included). Peaks are sampled
// by the calling thread every millisecond while the part runs.
//   live     N processes spawned and left waiting in receive; bytes per process
//            at rest, then the time to stop them all;
//   flood    one receiver takes M messages from one sender per scheduler;
//   storm    S processes spawned, each ending at once.
// Checked: every message arrives (the receiver counts them), every process
// ends, and the runtime's memory is back where it started after each part.
#include <atomic>
#include <ostream>
#include <thread>

#include "scenario.hpp"

namespace stress {

namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

struct stop {};
struct item {
  std::uint64_t n;
};

// Polls `done` every millisecond, keeping the peak of live_bytes; false on timeout.
bool wait_sampling(rt::runtime& r, const std::atomic<bool>& done, std::size_t& peak, std::chrono::seconds limit) {
  const auto deadline = clock_type::now() + limit;
  while (!done.load(std::memory_order_acquire)) {
    peak = std::max(peak, r.live_bytes());
    if (clock_type::now() > deadline) return false;
    std::this_thread::sleep_for(1ms);
  }
  peak = std::max(peak, r.live_bytes());
  return true;
}

constexpr std::chrono::seconds part_limit{600};

void live_part(const options& o, report& rep, std::ostream& progress) {
  const std::size_t n = by_size<std::size_t>(o, 20'000, 1'000'000, 10'000'000);
  progress << "stress: scale: " << fmt_count(static_cast<double>(n)) << " live processes\n";
  rt::runtime r{runtime_config(o)};
  std::vector<rt::pid> pids;
  pids.reserve(n);
  const std::size_t start_bytes = r.live_bytes();
  const std::int64_t start_rss = resident_bytes();
  std::atomic<bool> spawned{false};
  const auto t0 = clock_type::now();
  r.spawn([n, &pids, &spawned]() -> rt::proc {
    for (std::size_t i = 0; i < n; ++i) {
      pids.push_back(rt::spawn([]() -> rt::proc { co_await rt::receive([](stop) {}); }));
      co_await rt::reduce(0);
    }
    spawned.store(true, std::memory_order_release);  // pairs with the acquire in wait_sampling
  });
  std::size_t peak = 0;
  if (!wait_sampling(r, spawned, peak, part_limit)) rep.violation("scale: spawning the live processes did not finish");
  const double spawn_s = seconds_since(t0);
  // Let the last spawns run to their receive before measuring.
  std::this_thread::sleep_for(100ms);
  const double bytes = static_cast<double>(r.live_bytes() - start_bytes);
  const double rss = static_cast<double>(resident_bytes() - start_rss);
  const auto t1 = clock_type::now();
  r.spawn([&pids]() -> rt::proc {
    for (const rt::pid p : pids) co_await rt::send(p, stop{});
  });
  if (!r.wait_idle_for(part_limit)) rep.violation("scale: the live processes did not all stop");
  const double stop_s = seconds_since(t1);
  check_runtime_drained(r, start_bytes, rep);
  const double dn = static_cast<double>(n);
  rep.figure("live: processes", fmt_count(dn));
  rep.figure("live: spawn time", fmt_seconds(spawn_s) + " (" + fmt_rate(dn / spawn_s) + ")");
  rep.figure("live: runtime bytes per process", fmt_count(bytes / dn) + " (" + fmt_bytes(bytes) + " in all)");
  rep.figure("live: resident bytes per process", fmt_count(rss / dn) + " (" + fmt_bytes(rss) + " in all)");
  rep.figure("live: stop them all", fmt_seconds(stop_s));
}

void flood_part(const options& o, report& rep, std::ostream& progress) {
  const std::size_t m = by_size<std::size_t>(o, 100'000, 10'000'000, 100'000'000);
  const rt::config cfg = runtime_config(o);
  const std::size_t senders = cfg.schedulers;
  progress << "stress: scale: a flood of " << fmt_count(static_cast<double>(m)) << " messages from " << senders
           << " senders to one receiver\n";
  rt::runtime r{cfg};
  const std::size_t start_bytes = r.live_bytes();
  const std::int64_t start_rss = resident_bytes();
  std::atomic<bool> drained{false};
  std::atomic<std::uint64_t> out_of_order{0};
  const auto t0 = clock_type::now();
  const rt::pid receiver = r.spawn([m, senders, &drained, &out_of_order]() -> rt::proc {
    std::vector<std::uint64_t> last(senders, 0);
    for (std::size_t got = 0; got < m; ++got) {
      co_await rt::receive([&last, senders, &out_of_order](item it) {
        const std::size_t s = it.n % senders;
        if (it.n / senders != last[s]) out_of_order.fetch_add(1, std::memory_order_relaxed);
        last[s] = it.n / senders + 1;
      });
    }
    drained.store(true, std::memory_order_release);
  });
  for (std::size_t s = 0; s < senders; ++s) {
    const std::size_t share = m / senders + (s < m % senders ? 1 : 0);
    r.spawn([receiver, s, senders, share]() -> rt::proc {
      for (std::size_t i = 0; i < share; ++i) co_await rt::send(receiver, item{i * senders + s});
    });
  }
  std::size_t peak = 0;
  if (!wait_sampling(r, drained, peak, part_limit)) rep.violation("scale: the flood was not drained");
  const double secs = seconds_since(t0);
  const std::int64_t rss_after = resident_bytes();
  if (out_of_order.load() != 0) {
    rep.violation("scale: flood: " + std::to_string(out_of_order.load()) + " messages arrived out of order or were lost");
  }
  if (!r.wait_idle_for(part_limit)) rep.violation("scale: the flood's processes did not end");
  check_runtime_drained(r, start_bytes, rep);
  rep.figure("flood: messages", fmt_count(static_cast<double>(m)));
  rep.figure("flood: time until drained", fmt_seconds(secs) + " (" + fmt_rate(static_cast<double>(m) / secs) + ")");
  rep.figure("flood: peak runtime bytes", fmt_bytes(static_cast<double>(peak - start_bytes)));
  rep.figure("flood: resident growth", fmt_bytes(static_cast<double>(rss_after - start_rss)));
}

void storm_part(const options& o, report& rep, std::ostream& progress) {
  const std::size_t s = by_size<std::size_t>(o, 50'000, 10'000'000, 100'000'000);
  progress << "stress: scale: a spawn storm of " << fmt_count(static_cast<double>(s)) << " processes\n";
  rt::runtime r{runtime_config(o)};
  const std::size_t start_bytes = r.live_bytes();
  const std::int64_t start_rss = resident_bytes();
  std::atomic<bool> spawned{false};
  std::atomic<std::uint64_t> ran{0};
  const auto t0 = clock_type::now();
  r.spawn([s, &spawned, &ran]() -> rt::proc {
    for (std::size_t i = 0; i < s; ++i) {
      (void)rt::spawn([&ran]() -> rt::proc {
        ran.fetch_add(1, std::memory_order_relaxed);
        co_return;
      });
      co_await rt::reduce(0);
    }
    spawned.store(true, std::memory_order_release);
  });
  std::size_t peak = 0;
  if (!wait_sampling(r, spawned, peak, part_limit)) rep.violation("scale: the spawn storm did not finish");
  if (!r.wait_idle_for(part_limit)) rep.violation("scale: the spawn storm's processes did not all end");
  const double secs = seconds_since(t0);
  const std::int64_t rss_after = resident_bytes();
  if (ran.load() != s) {
    rep.violation("scale: storm: " + std::to_string(ran.load()) + " of " + std::to_string(s) + " processes ran");
  }
  check_runtime_drained(r, start_bytes, rep);
  rep.figure("storm: processes", fmt_count(static_cast<double>(s)));
  rep.figure("storm: time until all ended", fmt_seconds(secs) + " (" + fmt_rate(static_cast<double>(s) / secs) + ")");
  rep.figure("storm: peak runtime bytes", fmt_bytes(static_cast<double>(peak - start_bytes)));
  rep.figure("storm: resident growth", fmt_bytes(static_cast<double>(rss_after - start_rss)));
}

}  // namespace

void run_scale(const options& o, report& rep, std::ostream& progress) {
  live_part(o, rep, progress);
  flood_part(o, rep, progress);
  storm_part(o, rep, progress);
}

}  // namespace stress
