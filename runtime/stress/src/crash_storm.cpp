// crash_storm: supervised workers under steady load, a share of them crashed
// every second.
//
// Design. A supervisor (rt::sup, one_for_one, every worker permanent) runs W
// workers; each registers a name ("storm.w<i>") when it starts and answers
// gen::call requests. C clients call random workers by name, one call at a
// time, and count completed calls in 50 ms windows. Every second a crasher
// tells a share of the workers to crash (they throw), having first written
// down which pids it crashed; the supervisor restarts them.
//
// Measured: the steady throughput (calls per second before the first crash),
// the lowest window after each crash (the dip), and the recovery time (from
// the crash order to the replacement having registered its name).
//
// Checked (violations):
//   - a call to a worker that was not crashed never fails or times out: a
//     server_died or noproc answer must name a pid the crasher crashed;
//   - every reply is the right one (request + 1);
//   - at the end, every worker that is still running has handled exactly as
//     many calls as the clients got replies from it: nothing was lost;
//   - the supervisor never gives up (its intensity allows W restarts a second);
//   - a replacement can always register its name (the old one's is gone);
//   - no receive timeout is left pending once every process has ended.
#include <algorithm>
#include <atomic>
#include <mutex>
#include <ostream>
#include <random>
#include <unordered_map>
#include <unordered_set>

#include "rt_stress/crash_storm.hpp"
#include "scenario.hpp"

namespace stress {

namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

constexpr auto window = 50ms;                // throughput is counted per window
constexpr auto crash_interval = 1s;
constexpr double crash_share = 0.10;         // of the workers, each interval
constexpr auto call_timeout = 5s;            // a live worker answers far sooner

struct work {
  std::uint64_t n;
};
struct handled_query {};
struct crash_now {};
struct client_tally {
  std::vector<std::pair<rt::pid, std::uint64_t>> replies;  // per worker pid
};

std::string worker_name(std::size_t i) { return "storm.w" + std::to_string(i); }

// What the processes share (test bookkeeping, under a mutex).
struct storm_state {
  explicit storm_state(report& r, std::size_t windows) : rep(r), completed(windows) {}
  report& rep;
  clock_type::time_point start;
  std::atomic<bool> stopping{false};
  std::vector<std::atomic<std::uint64_t>> completed;  // calls per window (relaxed counters)
  std::atomic<std::uint64_t> unavailable{0};          // a name not registered at the time
  std::atomic<std::uint64_t> failed_calls{0};         // to crashed workers
  std::uint64_t restarts = 0;                         // the driver's, read after the run

  std::mutex mu;
  std::unordered_set<rt::pid> crashed;                          // pids ordered to crash
  std::unordered_map<std::size_t, clock_type::time_point> crash_time;  // by worker index, until restarted
  std::vector<double> recovery_seconds;
  std::vector<double> crash_offsets;  // seconds since start of each crash round

  void count_completed() {
    const auto i = static_cast<std::size_t>((clock_type::now() - start) / window);
    if (i < completed.size()) completed[i].fetch_add(1, std::memory_order_relaxed);
  }
  bool was_crashed(rt::pid p) {
    std::lock_guard g(mu);
    return crashed.count(p) != 0;
  }
};

rt::proc worker(std::size_t index, storm_state& st) {
  if (rt::register_name(worker_name(index), rt::self()) != rt::registry_status::ok) {
    st.rep.violation("crash_storm: worker " + std::to_string(index) + " could not register " + worker_name(index) +
                     " when (re)started: its predecessor's name outlived it");
  }
  {
    std::lock_guard g(st.mu);
    auto it = st.crash_time.find(index);
    if (it != st.crash_time.end()) {
      st.recovery_seconds.push_back(std::chrono::duration<double>(clock_type::now() - it->second).count());
      st.crash_time.erase(it);
    }
  }
  std::uint64_t handled = 0;
  for (;;) {
    co_await rt::receive(
        [&handled](rt::gen::call_msg<work> m) {
          ++handled;
          (void)rt::send(m.from, rt::gen::reply_msg<std::uint64_t>{m.tag, m.request.n + 1});
        },
        [&handled](rt::gen::call_msg<handled_query> m) {
          (void)rt::send(m.from, rt::gen::reply_msg<std::uint64_t>{m.tag, handled});
        },
        [](crash_now) { throw std::runtime_error("crash_storm crash"); });
  }
}

rt::proc client(std::size_t workers, std::uint64_t seed, storm_state& st, rt::pid driver) {
  std::mt19937_64 rng(seed);
  std::unordered_map<rt::pid, std::uint64_t> replies;
  std::uint64_t n = 0;
  while (!st.stopping.load(std::memory_order_relaxed)) {
    const std::size_t i = std::uniform_int_distribution<std::size_t>(0, workers - 1)(rng);
    const auto w = rt::whereis(worker_name(i));
    if (!w) {
      st.unavailable.fetch_add(1, std::memory_order_relaxed);
      co_await rt::yield();
      continue;
    }
    ++n;
    auto r = co_await rt::gen::call<std::uint64_t>(*w, work{n}, call_timeout);
    if (r) {
      if (*r != n + 1) st.rep.violation("crash_storm: " + w->to_string() + " answered request " + std::to_string(n) +
                                        " with " + std::to_string(*r));
      ++replies[*w];
      st.count_completed();
    } else if (r.error() == rt::gen::call_error::timeout) {
      st.rep.violation("crash_storm: a call to worker " + w->to_string() + " timed out after " +
                       std::to_string(call_timeout.count()) + " s");
    } else if (!st.was_crashed(*w)) {
      st.rep.violation("crash_storm: worker " + w->to_string() + ", never crashed, failed a call (" +
                       std::string(rt::gen::to_string(r.error())) + ", " + r.reason().to_string() + ")");
    } else {
      st.failed_calls.fetch_add(1, std::memory_order_relaxed);
    }
  }
  (void)rt::send(driver, client_tally{{replies.begin(), replies.end()}});
}

rt::proc crasher(std::size_t workers, std::uint64_t seed, storm_state& st) {
  std::mt19937_64 rng(seed);
  const auto per_round = std::max<std::size_t>(1, static_cast<std::size_t>(crash_share * static_cast<double>(workers)));
  for (;;) {
    const bool stop = co_await rt::receive([](crash_now) { return true; }, rt::after(crash_interval, [] { return false; }));
    if (stop) co_return;
    std::vector<std::size_t> all(workers);
    for (std::size_t i = 0; i < workers; ++i) all[i] = i;
    std::shuffle(all.begin(), all.end(), rng);
    const auto now = clock_type::now();
    {
      std::lock_guard g(st.mu);
      st.crash_offsets.push_back(std::chrono::duration<double>(now - st.start).count());
    }
    for (std::size_t k = 0; k < per_round; ++k) {
      const auto w = rt::whereis(worker_name(all[k]));
      if (!w) continue;  // restarting still
      {
        std::lock_guard g(st.mu);
        st.crashed.insert(*w);
        st.crash_time.emplace(all[k], now);
      }
      (void)rt::send(*w, crash_now{});
    }
  }
}

rt::proc driver(const crash_storm_params& p, std::size_t clients, storm_state& st) {
  const std::size_t workers = p.workers;
  rt::trap_exit(true);
  std::vector<rt::sup::child_spec> specs;
  for (std::size_t i = 0; i < workers; ++i) {
    specs.push_back({worker_name(i), [i, &st]() -> rt::proc { return worker(i, st); }});
  }
  const rt::pid sup = rt::sup::start_link(specs, {.max_restarts = static_cast<std::uint32_t>(workers), .period = 1s});
  st.start = clock_type::now();
  const rt::pid me = rt::self();
  for (std::size_t c = 0; c < clients; ++c) {
    const std::uint64_t seed = p.seed + c + 1;
    rt::spawn([workers, seed, &st, me]() -> rt::proc { return client(workers, seed, st, me); });
  }
  const std::uint64_t crasher_seed = p.seed;
  const rt::pid crash_proc = rt::spawn([workers, crasher_seed, &st]() -> rt::proc {
    return crasher(workers, crasher_seed, st);
  });

  const bool sup_died = co_await rt::receive(
      rt::on<rt::exit_msg>([sup](const rt::exit_msg& m) { return m.from == sup; }, [&st](rt::exit_msg m) {
        st.rep.violation("crash_storm: the supervisor gave up (" + m.reason.to_string() + ")");
        return true;
      }),
      rt::after(p.duration, [] { return false; }));
  (void)rt::send(crash_proc, crash_now{});
  st.stopping.store(true, std::memory_order_relaxed);

  std::unordered_map<rt::pid, std::uint64_t> replies;
  for (std::size_t c = 0; c < clients; ++c) {
    const bool got = co_await rt::receive(
        [&replies](client_tally t) {
          for (const auto& [p, n] : t.replies) replies[p] += n;
          return true;
        },
        rt::after(2 * call_timeout, [] { return false; }));
    if (!got) st.rep.violation("crash_storm: a client never reported");
  }
  if (sup_died) co_return;

  auto report = co_await rt::sup::children(sup, call_timeout);
  if (!report) {
    st.rep.violation("crash_storm: the supervisor did not answer which_children");
  } else {
    st.restarts = report->restarts;
    for (const auto& c : report->children) {
      if (!c.running) {
        st.rep.violation("crash_storm: permanent worker " + c.id + " is not running");
        continue;
      }
      if (st.was_crashed(*c.running)) continue;  // a crash order still on its way
      auto handled = co_await rt::gen::call<std::uint64_t>(*c.running, handled_query{}, call_timeout);
      const std::uint64_t got = replies.count(*c.running) != 0 ? replies[*c.running] : 0;
      if (!handled) {
        st.rep.violation("crash_storm: worker " + c.running->to_string() + " did not answer at the end");
      } else if (*handled != got) {
        st.rep.violation("crash_storm: worker " + c.running->to_string() + " (" + c.id + ", never crashed) handled " +
                         std::to_string(*handled) + " calls but its clients got " + std::to_string(got) + " replies");
      }
    }
  }
  rt::exit(sup, rt::exit_reason::shutdown());
  co_await rt::receive(rt::on<rt::exit_msg>([sup](const rt::exit_msg& m) { return m.from == sup; }, [](rt::exit_msg) {}));
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

crash_storm_result crash_storm(const rt::config& cfg, const crash_storm_params& p) {
  const std::size_t clients = p.clients != 0 ? p.clients : 2 * static_cast<std::size_t>(cfg.schedulers);
  const auto windows = static_cast<std::size_t>(p.duration / window) + 1;
  report rep("crash_storm");
  storm_state st(rep, windows);
  const auto t0 = clock_type::now();
  {
    rt::runtime r{cfg};
    const std::size_t start_bytes = r.live_bytes();
    r.spawn([&p, clients, &st]() -> rt::proc { return driver(p, clients, st); });
    check_runtime_drained(r, start_bytes, rep);
    // Every wait here ends by a message, a timeout or a kill, and each of
    // those takes its timer out of the heap: none may be left behind (a call
    // answered in time once left its 5 s timeout there until the deadline).
    std::size_t pending = 0;
    for (const auto& s : r.schedulers()) pending += s.timers;
    if (pending != 0) {
      rep.violation("crash_storm: " + std::to_string(pending) +
                    " receive timeouts still pending after every process ended");
    }
  }
  crash_storm_result out;
  out.seconds = seconds_since(t0);
  out.load_seconds = std::chrono::duration<double>(p.duration).count();
  const double per_window = std::chrono::duration<double>(window).count();
  std::vector<double> rate(windows);
  for (std::size_t i = 0; i < windows; ++i) rate[i] = static_cast<double>(st.completed[i].load()) / per_window;
  // Steady: the windows before the first crash, skipping the first (start-up).
  const auto first_crash =
      st.crash_offsets.empty() ? windows : static_cast<std::size_t>(st.crash_offsets.front() / per_window);
  std::vector<double> steady(rate.begin() + std::min<std::size_t>(1, first_crash),
                             rate.begin() + std::min(first_crash, windows));
  out.steady_rate = median(steady);
  // The dip: the lowest window within half a second of each crash round.
  out.lowest_rate = out.steady_rate;
  for (const double at : st.crash_offsets) {
    const auto from = static_cast<std::size_t>(at / per_window);
    const auto to = std::min(windows - 1, from + static_cast<std::size_t>(0.5 / per_window));
    for (std::size_t i = from; i < to; ++i) out.lowest_rate = std::min(out.lowest_rate, rate[i]);
  }
  for (const auto& c : st.completed) out.calls += c.load();
  out.restarts = st.restarts;
  out.crashed = st.crashed.size();
  out.crash_rounds = st.crash_offsets.size();
  out.failed_calls = st.failed_calls.load();
  out.unavailable = st.unavailable.load();
  out.recovery_seconds = st.recovery_seconds;
  out.violations = rep.violations();
  return out;
}

void run_crash_storm(const options& o, report& rep, std::ostream& progress) {
  crash_storm_params p;
  p.workers = by_size<std::size_t>(o, 16, 64, 256);
  p.duration = o.duration;
  p.seed = o.seed;
  const rt::config cfg = runtime_config(o);
  progress << "stress: crash_storm: " << p.workers << " workers, " << 2 * cfg.schedulers << " clients, "
           << static_cast<int>(crash_share * 100) << "% crashed every " << crash_interval.count() << " s, for "
           << o.duration.count() << " ms\n";
  const crash_storm_result r = crash_storm(cfg, p);
  for (const auto& v : r.violations) rep.violation(v);
  rep.figure("calls completed", fmt_count(static_cast<double>(r.calls)));
  rep.figure("crash rounds", fmt_count(static_cast<double>(r.crash_rounds)));
  rep.figure("workers crashed / restarts", fmt_count(static_cast<double>(r.crashed)) + " / " +
                                               fmt_count(static_cast<double>(r.restarts)));
  rep.figure("calls failed because their worker crashed", fmt_count(static_cast<double>(r.failed_calls)));
  rep.figure("lookups that found no worker (restarting)", fmt_count(static_cast<double>(r.unavailable)));
  rep.figure("steady throughput (before the first crash)", fmt_rate(r.steady_rate));
  rep.figure("lowest 50 ms window after a crash",
             fmt_rate(r.lowest_rate) + (r.steady_rate > 0 ? " (dip " +
                                            std::to_string(static_cast<int>(100.0 * (1.0 - r.lowest_rate / r.steady_rate))) +
                                            "%)" : std::string()));
  if (!r.recovery_seconds.empty()) {
    rep.figure("recovery (crash order to replacement registered): median / max",
               fmt_seconds(median(r.recovery_seconds)) + " / " +
                   fmt_seconds(*std::max_element(r.recovery_seconds.begin(), r.recovery_seconds.end())));
  }
}

}  // namespace stress
