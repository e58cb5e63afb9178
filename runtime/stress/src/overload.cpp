// overload: floods with and without a mailbox limit.
//
// Bounded, once per overflow policy (drop_newest, kill_receiver,
// mute_senders): one flooder per scheduler sends M messages of 1 KiB to a
// receiver whose mailbox holds at most `limit`, and which does a little work
// per message, so it cannot keep up. Unbounded, the flood would need M KiB
// (20 GiB at --size default: more than this machine has). Meanwhile a
// bystander pair plays ping-pong, and its round trips are recorded.
// Checked (violations):
//   - the runtime's memory stays bounded: its peak is within
//     `bound_slack` x limit x message size (plus a fixed allowance);
//   - the bystanders keep answering (no ping goes unanswered);
//   - drop_newest: every message is received or counted as dropped;
//     kill_receiver: the receiver dies with reason mailbox_limit;
//     mute_senders: every message is received (nothing is lost);
//   - every process ends and the memory is given back.
// Unbounded: N small messages are queued to a process that never receives
// them; the runtime's bytes and the resident set per queued message are
// reported, so that users know when they would hit the wall.
#include <array>
#include <atomic>
#include <ostream>
#include <thread>

#include "scenario.hpp"

namespace stress {

namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

constexpr std::size_t blob_words = 128;  // 1 KiB payload
struct blob {
  std::array<std::uint64_t, blob_words> words;
};
struct small {
  std::uint64_t n;
};
struct never {};
struct ping {
  rt::pid from;
  std::int64_t sent_ns;
};
struct pong {
  std::int64_t sent_ns;
};
struct stop_echo {};

constexpr std::size_t limit = 10'000;
// The peak may exceed limit x message size: concurrent senders overshoot by
// one message each, and memory freed by the receiver is returned in batches.
constexpr std::size_t bound_slack = 4;
constexpr std::size_t bound_allowance = 64u << 20;
constexpr std::uint32_t work_per_message = 200;  // receiver's spin per message

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(clock_type::now().time_since_epoch()).count();
}

const char* policy_name(rt::overflow_policy p) {
  switch (p) {
    case rt::overflow_policy::drop_newest: return "drop_newest";
    case rt::overflow_policy::kill_receiver: return "kill_receiver";
    case rt::overflow_policy::mute_senders: return "mute_senders";
  }
  return "?";
}

struct flood_state {
  std::atomic<std::uint64_t> received{0};
  std::atomic<bool> flood_done{false};
  std::atomic<bool> bystanders_stop{false};
  std::vector<std::int64_t> samples;  // written by the pinger only, read after the runtime is idle
};

rt::proc slow_receiver(flood_state& st) {
  std::uint64_t x = 1;
  for (;;) {
    co_await rt::receive([&x, &st](blob b) {
      for (std::uint32_t i = 0; i < work_per_message; ++i) x = x * 6364136223846793005ULL + b.words[i % blob_words];
      st.received.fetch_add(x == 0 ? 1 : 1, std::memory_order_relaxed);
    });
  }
}

// The pinger, not the scenario, ends the echo, between two rounds: killing the
// echo from outside could catch a ping in flight, which then went unanswered
// for must_happen_within and read as a violation (seen under TSan).
rt::proc pinger(rt::pid echo, flood_state& st, report& rep) {
  while (!st.bystanders_stop.load(std::memory_order_relaxed)) {
    (void)rt::send(echo, ping{rt::self(), now_ns()});
    const bool answered = co_await rt::receive([&st](pong p) { st.samples.push_back(now_ns() - p.sent_ns); return true; },
                                               rt::after(must_happen_within, [] { return false; }));
    if (!answered) {
      rep.violation("overload: a bystander's ping went unanswered for " + std::to_string(must_happen_within.count()) + " s");
      break;
    }
    co_await rt::receive(rt::after(1ms, [] {}));
  }
  (void)rt::send(echo, stop_echo{});
}

rt::proc echo_loop() {
  for (bool running = true; running;) {
    co_await rt::receive([](ping p) { (void)rt::send(p.from, pong{p.sent_ns}); },
                         [&running](stop_echo) { running = false; });
  }
}

void bounded(const options& o, rt::overflow_policy policy, report& rep, std::ostream& progress) {
  const std::size_t m = by_size<std::size_t>(o, 200'000, 20'000'000, 20'000'000);
  const rt::config cfg = runtime_config(o);
  const std::size_t flooders = cfg.schedulers;
  const std::string name = policy_name(policy);
  progress << "stress: overload: " << name << ", limit " << limit << ", " << fmt_count(static_cast<double>(m))
           << " messages of " << sizeof(blob) << " bytes\n";
  flood_state st;
  st.samples.reserve(100'000);
  rt::runtime r{cfg};
  const std::size_t start_bytes = r.live_bytes();
  rt::spawn_options opts;
  opts.mailbox = {limit, policy};
  const rt::pid receiver = r.spawn(opts, [&st]() -> rt::proc { return slow_receiver(st); });
  const rt::pid echo = r.spawn([]() -> rt::proc { return echo_loop(); });
  r.spawn([echo, &st, &rep]() -> rt::proc { return pinger(echo, st, rep); });
  std::atomic<std::size_t> finished{0};
  const auto t0 = clock_type::now();
  for (std::size_t f = 0; f < flooders; ++f) {
    const std::size_t share = m / flooders + (f < m % flooders ? 1 : 0);
    r.spawn([receiver, share, &finished, &st, flooders]() -> rt::proc {
      blob b{};
      for (std::size_t i = 0; i < share; ++i) {
        b.words[0] = i;
        co_await rt::send(receiver, b);
      }
      if (finished.fetch_add(1, std::memory_order_acq_rel) + 1 == flooders) {
        st.flood_done.store(true, std::memory_order_release);
      }
    });
  }
  std::size_t peak = 0;
  auto sample_until = [&](auto done) {
    const auto deadline = clock_type::now() + std::chrono::seconds(600);
    while (!done() && clock_type::now() < deadline) {
      peak = std::max(peak, r.live_bytes());
      std::this_thread::sleep_for(1ms);
    }
    return done();
  };
  if (!sample_until([&] { return st.flood_done.load(std::memory_order_acquire); })) {
    rep.violation("overload: " + name + ": the flood did not finish");
  }
  const double flood_s = seconds_since(t0);
  const auto info = r.info(receiver);
  std::uint64_t dropped = info ? info->messages_dropped : 0;
  switch (policy) {
    case rt::overflow_policy::drop_newest:
      // Everything not dropped is received: wait for the receiver to catch up.
      sample_until([&] {
        const auto i = r.info(receiver);
        dropped = i ? i->messages_dropped : dropped;
        return st.received.load() + dropped >= m;
      });
      if (st.received.load() + dropped != m) {
        rep.violation("overload: drop_newest: " + std::to_string(st.received.load()) + " received + " +
                      std::to_string(dropped) + " dropped != " + std::to_string(m) + " sent");
      }
      break;
    case rt::overflow_policy::kill_receiver:
      if (info) rep.violation("overload: kill_receiver: the receiver is alive after a flood over its limit");
      break;
    case rt::overflow_policy::mute_senders:
      sample_until([&] { return st.received.load() >= m; });
      if (st.received.load() != m) {
        rep.violation("overload: mute_senders: " + std::to_string(st.received.load()) + " of " + std::to_string(m) +
                      " messages received (muting must lose nothing)");
      }
      break;
  }
  const double bound = static_cast<double>(bound_slack * (limit + flooders) * sizeof(rt::detail::typed_message<blob>) + bound_allowance);
  if (static_cast<double>(peak - start_bytes) > bound) {
    rep.violation("overload: " + name + ": the runtime's memory peaked at " + fmt_bytes(static_cast<double>(peak - start_bytes)) +
                  ", over the bound of " + fmt_bytes(bound) + " for a limit of " + std::to_string(limit));
  }
  st.bystanders_stop.store(true, std::memory_order_relaxed);
  r.exit(receiver, rt::exit_reason::kill());
  check_runtime_drained(r, start_bytes, rep);
  const latency_summary lat = summarize_latencies(st.samples);
  rep.figure(name + ": flood", fmt_seconds(flood_s) + " (" + fmt_rate(static_cast<double>(m) / flood_s) +
                                   " sent; unbounded it would queue " + fmt_bytes(static_cast<double>(m) * sizeof(blob)) + ")");
  rep.figure(name + ": received / dropped", fmt_count(static_cast<double>(st.received.load())) + " / " +
                                                fmt_count(static_cast<double>(dropped)));
  rep.figure(name + ": peak runtime bytes", fmt_bytes(static_cast<double>(peak - start_bytes)));
  rep.figure(name + ": bystander ping p50 / p99 / max", fmt_seconds(lat.p50 / 1e9) + " / " + fmt_seconds(lat.p99 / 1e9) +
                                                          " / " + fmt_seconds(lat.max / 1e9) + " (" +
                                                          fmt_count(static_cast<double>(lat.count)) + " pings)");
}

void unbounded(const options& o, report& rep, std::ostream& progress) {
  const std::size_t n = by_size<std::size_t>(o, 100'000, 1'000'000, 10'000'000);
  progress << "stress: overload: " << fmt_count(static_cast<double>(n)) << " messages queued, unbounded\n";
  rt::runtime r{runtime_config(o)};
  const std::size_t start_bytes = r.live_bytes();
  const std::int64_t start_rss = resident_bytes();
  std::atomic<bool> sent{false};
  const rt::pid hoarder = r.spawn([]() -> rt::proc { co_await rt::receive([](never) {}); });
  r.spawn([hoarder, n, &sent]() -> rt::proc {
    for (std::size_t i = 0; i < n; ++i) co_await rt::send(hoarder, small{i});
    sent.store(true, std::memory_order_release);
  });
  const auto deadline = clock_type::now() + std::chrono::seconds(600);
  while (!sent.load(std::memory_order_acquire) && clock_type::now() < deadline) std::this_thread::sleep_for(1ms);
  const double bytes = static_cast<double>(r.live_bytes() - start_bytes);
  const double rss = static_cast<double>(resident_bytes() - start_rss);
  if (!sent.load()) rep.violation("overload: unbounded: the sender did not finish");
  r.exit(hoarder, rt::exit_reason::kill());
  check_runtime_drained(r, start_bytes, rep);
  const double dn = static_cast<double>(n);
  rep.figure("unbounded: queued", fmt_count(dn) + " messages of " + std::to_string(sizeof(small)) + " bytes");
  rep.figure("unbounded: runtime bytes per queued message", fmt_count(bytes / dn));
  rep.figure("unbounded: resident bytes per queued message", fmt_count(rss / dn));
  if (bytes > 0) rep.figure("unbounded: 16 GiB fills after", fmt_count(16.0 * (1u << 30) / (bytes / dn)) + " queued messages");
}

}  // namespace

void run_overload(const options& o, report& rep, std::ostream& progress) {
  unbounded(o, rep, progress);  // first: the resident set has not yet grown for the others
  for (const auto p : {rt::overflow_policy::drop_newest, rt::overflow_policy::kill_receiver, rt::overflow_policy::mute_senders}) {
    bounded(o, p, rep, progress);
  }
}

}  // namespace stress
