// cascade: a tree of linked processes killed at the root.
//
// Each node spawn_links its children (up to `fan_out`, splitting its subtree
// evenly among them), counts itself as built, and waits for a message that
// never comes. Once the whole tree is built, the root is killed from outside
// (exit(root, kill)): its links see `killed`, and since no node traps exits
// the exit propagates down every link until the tree is gone. Measured: the
// time to build the tree and the time until every process has ended.
// Checked: every process ends, and the runtime's memory is back where it was.
#include <atomic>
#include <ostream>
#include <thread>

#include "scenario.hpp"

namespace stress {

namespace {

using namespace std::chrono_literals;
constexpr std::size_t fan_out = 10;

struct never {};

rt::proc tree_node(std::size_t size, std::atomic<std::size_t>& built) {
  std::size_t rest = size - 1;
  for (std::size_t i = 0; i < fan_out && rest > 0; ++i) {
    const std::size_t share = (rest + (fan_out - i) - 1) / (fan_out - i);
    (void)rt::spawn_link([share, &built]() -> rt::proc { return tree_node(share, built); });
    rest -= share;
  }
  built.fetch_add(1, std::memory_order_relaxed);  // a counter; the main thread polls it
  co_await rt::receive([](never) {});
}

}  // namespace

void run_cascade(const options& o, report& rep, std::ostream& progress) {
  const std::size_t n = by_size<std::size_t>(o, 10'000, 100'000, 1'000'000);
  progress << "stress: cascade: a tree of " << fmt_count(static_cast<double>(n)) << " linked processes (fan-out "
           << fan_out << ")\n";
  std::atomic<std::size_t> built{0};
  rt::runtime r{runtime_config(o)};
  const std::size_t start_bytes = r.live_bytes();
  const auto t0 = std::chrono::steady_clock::now();
  const rt::pid root = r.spawn([n, &built]() -> rt::proc { return tree_node(n, built); });
  const auto deadline = t0 + 6 * must_happen_within;
  while (built.load(std::memory_order_relaxed) < n && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(100us);
  }
  const double build_s = seconds_since(t0);
  if (built.load() < n) {
    rep.violation("cascade: only " + std::to_string(built.load()) + " of " + std::to_string(n) + " nodes started");
  }
  const std::size_t tree_bytes = r.live_bytes() - start_bytes;
  const std::size_t alive = r.process_count();
  if (alive != n) rep.violation("cascade: " + std::to_string(alive) + " processes alive in a tree of " + std::to_string(n));
  const auto t1 = std::chrono::steady_clock::now();
  r.exit(root, rt::exit_reason::kill());
  const bool gone = r.wait_idle_for(6 * must_happen_within);
  const double teardown_s = seconds_since(t1);
  if (!gone) rep.violation("cascade: " + std::to_string(r.process_count()) + " processes still alive after the root was killed");
  check_runtime_drained(r, start_bytes, rep);
  rep.figure("tree", fmt_count(static_cast<double>(n)) + " processes");
  rep.figure("build (spawn_link down the tree)", fmt_seconds(build_s));
  rep.figure("runtime bytes per live node", fmt_count(static_cast<double>(tree_bytes) / static_cast<double>(n)));
  rep.figure("kill at the root until all gone", fmt_seconds(teardown_s) + " (" +
                                                     fmt_count(teardown_s * 1e9 / static_cast<double>(n)) + " ns per process)");
}

}  // namespace stress
