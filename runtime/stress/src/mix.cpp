// The randomised operation mix, and the invariants it checks.
//
// Design. One controller process owns the seed's random stream and drives a
// population of agent processes: it spawns agents (spawn_monitor, so it sees
// every agent's DOWN), ends them from outside with exit(pid, reason), and
// sends each a stream of commands (send data to X, link to X, monitor X, trap
// exits, register a name, receive selectively with a timeout, crash, return,
// ...). An agent runs its commands in order, between handling whatever else
// arrives. The operations race with each other as they would in a real
// system; the seed fixes the sequence of commands, not the interleaving.
//
// Bookkeeping that no process could keep alone lives in a ledger shared by
// all of them under a mutex (this is test code; the runtime knows nothing of
// it): how many data messages each sender sent to each receiver, which pairs
// are linked, and which processes are dead, in the order their DOWN reached
// the controller.
//
// Invariants, and where each is checked:
//   exactly once, in order   every data message carries a per-pair sequence
//                            number; the receiver checks each is the previous
//                            plus one (a repeat is a duplicate, a jump a loss or
//                            a reordering), and at the end that it has
//                            received as many as the ledger says were sent to it
//                            (a live receiver must get every message sent to it).
//   one DOWN per monitor     an agent keeps its monitors; a DOWN for a monitor it
//                            does not hold (never held, already DOWN, or
//                            demonitored) is a violation, and at the end every
//                            monitor of a dead process must have had its DOWN.
//                            The controller checks the same for its monitors of
//                            the agents: exactly one DOWN each.
//   links                    at the end, an agent still alive must have received
//                            an EXIT from every link partner that died with a
//                            reason other than normal (had it not trapped exits,
//                            it would have died with the partner).
//   registry                 on every DOWN, no name may map to the dead pid; a
//                            whereis may not return a pid whose DOWN had reached
//                            the controller before the whereis began; at the end
//                            no name is registered.
//   timeouts                 a receive timeout never fires early.
//   no leak                  at the end the process count is zero and the
//                            runtime's memory is back where it started.
//
// The end of a run: the controller asks every agent to quiesce (it answers
// once it has run every command sent before), waits for deaths to settle
// (exit cascades), asks every agent to check, then stops them all and waits
// for every agent's DOWN.
#include <algorithm>
#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <ostream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "scenario.hpp"

namespace stress {

namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

// ---------------------------------------------------------------- operations

enum class op : std::uint8_t {
  spawn,
  exit_normal,
  crash,
  exit_from_outside,
  link,
  unlink,
  monitor,
  demonitor,
  trap_on,
  trap_off,
  register_name,
  unregister_name,
  whereis,
  selective_receive,
  send_data,
  send_to_dead,
  send_to_name,
};
inline constexpr std::size_t op_count = 17;
constexpr std::array<const char*, op_count> op_names = {
    "spawn",           "exit_normal", "crash",   "exit_from_outside", "link",
    "unlink",          "monitor",     "demonitor", "trap_on",         "trap_off",
    "register",        "unregister",  "whereis", "selective_receive", "send_data",
    "send_to_dead",    "send_to_name"};

// How often the controller picks each operation (relative weights).
constexpr std::array<unsigned, op_count> op_weights = {
    3,  // spawn (besides keeping the population up)
    2,  // exit_normal
    3,  // crash
    4,  // exit_from_outside
    6,  // link
    3,  // unlink
    8,  // monitor
    3,  // demonitor
    4,  // trap_on
    3,  // trap_off
    5,  // register
    3,  // unregister
    5,  // whereis
    6,  // selective_receive
    30, // send_data
    3,  // send_to_dead
    5,  // send_to_name
};

// The population the controller keeps up, and its pacing: after every
// `pace_batch` commands it pauses for `pace_pause`, so agents keep up and
// their mailboxes stay short.
constexpr std::size_t population = 48;
constexpr std::size_t pace_batch = 32;
constexpr auto pace_pause = 200us;
// How many recently dead pids it remembers, to send to, link and monitor.
constexpr std::size_t dead_memory = 64;
// Quiet time that counts as "deaths have settled" before the checks.
constexpr auto settle_quiet = 50ms;
constexpr std::size_t name_pool = 16;
// How often the end-of-run requests are repeated to agents that have not answered.
constexpr auto resend_interval = 500ms;
constexpr std::uint32_t max_data_burst = 8;
constexpr std::uint32_t max_selective_us = 2000;

// ---------------------------------------------------------------- messages

struct data {
  rt::pid from;
  std::uint64_t seq;  // 1, 2, ... per (sender, receiver) pair
};
struct by_name {};
struct stray {};
struct token {
  std::uint64_t k;
};
struct command {
  op what;
  rt::pid target;
  std::uint32_t arg;
};
struct quiesce {};
struct quiet {
  rt::pid who;
};
struct check {};
struct checked {
  rt::pid who;
};
struct stop {};

std::string pool_name(std::size_t i) { return "stress.mix." + std::to_string(i); }

std::string str(rt::pid p) { return p.to_string(); }

// ---------------------------------------------------------------- ledger

class ledger {
 public:
  explicit ledger(report& rep) : rep_(rep) {}

  // The next sequence number from `from` to `to` (counted as sent).
  std::uint64_t next_seq(rt::pid from, rt::pid to) {
    std::lock_guard g(mu_);
    return ++sent_[to][from];
  }
  std::vector<std::pair<rt::pid, std::uint64_t>> sent_to(rt::pid to) {
    std::lock_guard g(mu_);
    auto it = sent_.find(to);
    if (it == sent_.end()) return {};
    return {it->second.begin(), it->second.end()};
  }

  // Links, as unordered pairs. add_link is false if the pair is linked already.
  bool add_link(rt::pid a, rt::pid b) {
    std::lock_guard g(mu_);
    return links_[a].insert(b).second && links_[b].insert(a).second;
  }
  void remove_link(rt::pid a, rt::pid b) {
    std::lock_guard g(mu_);
    links_[a].erase(b);
    links_[b].erase(a);
  }
  std::vector<rt::pid> partners(rt::pid p) {
    std::lock_guard g(mu_);
    auto it = links_.find(p);
    if (it == links_.end()) return {};
    return {it->second.begin(), it->second.end()};
  }

  // Deaths, numbered in the order their DOWN reached the controller.
  void record_death(rt::pid p, rt::exit_reason why) {
    std::lock_guard g(mu_);
    dead_.emplace(p, death{++deaths_, std::move(why)});
  }
  std::uint64_t deaths_so_far() {
    std::lock_guard g(mu_);
    return deaths_;
  }
  struct death {
    std::uint64_t number;
    rt::exit_reason reason;
  };
  std::optional<death> death_of(rt::pid p) {
    std::lock_guard g(mu_);
    auto it = dead_.find(p);
    if (it == dead_.end()) return std::nullopt;
    return it->second;
  }

  void count(op o) { counts_[static_cast<std::size_t>(o)].fetch_add(1, std::memory_order_relaxed); }
  std::uint64_t count_of(std::size_t i) const { return counts_[i].load(std::memory_order_relaxed); }
  void count_messages(std::uint64_t n) { messages_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t messages() const { return messages_.load(std::memory_order_relaxed); }

  void violation(const std::string& what) { rep_.violation(what); }

 private:
  report& rep_;
  std::mutex mu_;
  std::unordered_map<rt::pid, std::unordered_map<rt::pid, std::uint64_t>> sent_;  // receiver -> sender -> n
  std::unordered_map<rt::pid, std::unordered_set<rt::pid>> links_;
  std::unordered_map<rt::pid, death> dead_;
  std::uint64_t deaths_ = 0;
  // Counters only (relaxed): read after every process has ended.
  std::array<std::atomic<std::uint64_t>, op_count> counts_{};
  std::atomic<std::uint64_t> messages_{0};  // data messages received
};

bool abnormal(const rt::exit_reason& r) { return !r.is_normal(); }

// ---------------------------------------------------------------- agents

class agent {
 public:
  agent(ledger& l, rt::pid controller) : l_(l), controller_(controller), me_(rt::self()) {}

  void on_data(const data& d) {
    std::uint64_t& last = last_seq_[d.from];
    if (d.seq == last + 1) {
      last = d.seq;
      l_.count_messages(1);
      return;
    }
    std::ostringstream os;
    if (d.seq <= last) {
      os << "exactly-once/FIFO: " << str(me_) << " received message " << d.seq << " from " << str(d.from)
         << " after message " << last << " (a duplicate or a reordering)";
    } else {
      os << "exactly-once/FIFO: " << str(me_) << " received message " << d.seq << " from " << str(d.from)
         << " right after message " << last << " (";
      if (d.seq == last + 2) {
        os << "message " << last + 1;
      } else {
        os << "messages " << last + 1 << ".." << d.seq - 1;
      }
      os << " lost or reordered)";
    }
    l_.violation(os.str());
    last = std::max(last, d.seq);
  }

  void on_exit_msg(const rt::exit_msg& m) {
    if (m.from != controller_) l_.remove_link(me_, m.from);  // the link is gone with its EXIT
  }

  void on_down(const rt::down_msg& d) {
    auto it = monitors_.find(d.monitor);
    if (it == monitors_.end()) {
      l_.violation("DOWN: " + str(me_) + " received a DOWN for " + str(d.who) + " (monitor " +
                   std::to_string(d.monitor.id) + ") that it does not hold: a second DOWN, or one after demonitor");
    } else {
      if (it->second != d.who) {
        l_.violation("DOWN: " + str(me_) + " monitored " + str(it->second) + " but its DOWN names " + str(d.who));
      }
      monitors_.erase(it);
    }
    for (std::size_t i = 0; i < name_pool; ++i) {
      if (rt::whereis(pool_name(i)) == d.who) {
        l_.violation("registry: " + pool_name(i) + " still maps to " + str(d.who) + " after " + str(me_) +
                     " received its DOWN (" + d.reason.to_string() + ")");
      }
    }
  }

  // Runs one command; false to end normally (a crash throws).
  rt::task<bool> perform(command c) {
    l_.count(c.what);
    switch (c.what) {
      case op::exit_normal:
        co_return false;
      case op::crash:
        throw std::runtime_error("stress crash");
      case op::send_data:
        for (std::uint32_t i = 0; i < c.arg % max_data_burst + 1; ++i) {
          // No suspension between numbering and sending: a message numbered is a message sent.
          const std::uint64_t seq = l_.next_seq(me_, c.target);
          co_await rt::send(c.target, data{me_, seq});
        }
        break;
      case op::send_to_dead:
        (void)rt::send(c.target, stray{});
        break;
      case op::send_to_name:
        (void)rt::send(pool_name(c.arg % name_pool), by_name{});
        break;
      case op::link:
        if (c.target != me_ && l_.add_link(me_, c.target)) rt::link(c.target);
        break;
      case op::unlink: {
        const auto ps = l_.partners(me_);
        if (ps.empty()) break;
        const rt::pid p = ps[c.arg % ps.size()];
        l_.remove_link(me_, p);
        rt::unlink(p);
        break;
      }
      case op::monitor:
        monitors_.emplace(rt::monitor(c.target), c.target);
        break;
      case op::demonitor: {
        if (monitors_.empty()) break;
        auto it = std::next(monitors_.begin(), static_cast<std::ptrdiff_t>(c.arg % monitors_.size()));
        rt::demonitor(it->first);
        monitors_.erase(it);
        break;
      }
      case op::trap_on:
        rt::trap_exit(true);
        break;
      case op::trap_off:
        rt::trap_exit(false);
        break;
      case op::register_name:
        (void)rt::register_name(pool_name(c.arg % name_pool), me_);
        break;
      case op::unregister_name:
        (void)rt::unregister_name(pool_name(c.arg % name_pool));
        break;
      case op::whereis: {
        const std::uint64_t before = l_.deaths_so_far();
        const auto found = rt::whereis(pool_name(c.arg % name_pool));
        if (found) {
          const auto d = l_.death_of(*found);
          if (d && d->number <= before) {
            l_.violation("registry: whereis(" + pool_name(c.arg % name_pool) + ") from " + str(me_) + " returned " +
                         str(*found) + ", whose DOWN had already been delivered (" + d->reason.to_string() + ")");
          }
        }
        break;
      }
      case op::selective_receive:
        co_await selective_receive(c.arg);
        break;
      case op::spawn:
      case op::exit_from_outside:
        break;  // the controller's
    }
    co_return true;
  }

  // The end-of-run checks (see the top of the file).
  rt::task<void> run_checks() {
    while (co_await drain_one()) {
    }
    for (const auto& [from, n] : l_.sent_to(me_)) {
      const std::uint64_t got = last_seq_.count(from) != 0 ? last_seq_[from] : 0;
      if (got != n) {
        l_.violation("exactly-once: " + str(me_) + " received " + std::to_string(got) + " of the " + std::to_string(n) +
                     " messages " + str(from) + " sent it while it was alive (messages lost)");
      }
    }
    // Copy: waiting may receive other DOWNs, which erase from monitors_.
    const std::vector<std::pair<rt::ref, rt::pid>> mons(monitors_.begin(), monitors_.end());
    for (const auto& [ref, target] : mons) {
      if (monitors_.count(ref) == 0) continue;
      const auto d = l_.death_of(target);
      if (!d) continue;
      const bool got = co_await rt::receive(
          rt::on<rt::down_msg>([ref](const rt::down_msg& m) { return m.monitor == ref; },
                               [this](rt::down_msg m) { on_down(m); return true; }),
          rt::after(must_happen_within, [] { return false; }));
      if (!got) {
        l_.violation("DOWN: " + str(me_) + " never received the DOWN of its monitor of " + str(target) + ", dead with " +
                     d->reason.to_string());
      }
    }
    for (const rt::pid p : l_.partners(me_)) {
      const auto d = l_.death_of(p);
      if (!d || !abnormal(d->reason)) continue;
      const bool got = co_await rt::receive(
          rt::on<rt::exit_msg>([p](const rt::exit_msg& m) { return m.from == p; },
                               [this](rt::exit_msg m) { on_exit_msg(m); return true; }),
          rt::after(must_happen_within, [] { return false; }));
      if (!got) {
        l_.violation("links: " + str(me_) + " is linked to " + str(p) + ", which died with " + d->reason.to_string() +
                     ", yet lives on without an EXIT from it");
      }
    }
  }

  // Handles one message that may still be in flight; false when there is none.
  rt::task<bool> drain_one() {
    co_return co_await rt::receive([this](data d) { on_data(d); return true; },
                                   [this](rt::exit_msg m) { on_exit_msg(m); return true; },
                                   [this](rt::down_msg d) { on_down(d); return true; },
                                   [](by_name) { return true; }, [](stray) { return true; },
                                   [](token) { return true; }, rt::after(0ms, [] { return false; }));
  }

 private:
  rt::task<void> selective_receive(std::uint32_t arg) {
    const auto delay = std::chrono::microseconds(arg % max_selective_us);
    const auto timeout = std::chrono::microseconds((arg / max_selective_us) % max_selective_us);
    const std::uint64_t k = ++token_;
    rt::send_after(delay, me_, token{k});
    const auto t0 = clock_type::now();
    const bool got = co_await rt::receive(
        rt::on<token>([k](const token& t) { return t.k == k; }, [](token) { return true; }),
        rt::after(timeout, [] { return false; }));
    const auto waited = clock_type::now() - t0;
    if (!got && waited < timeout) {
      l_.violation("receive: a " + std::to_string(timeout.count()) + " us timeout in " + str(me_) + " fired after " +
                   std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(waited).count()) + " us");
    }
  }

  ledger& l_;
  rt::pid controller_;
  rt::pid me_;
  std::unordered_map<rt::pid, std::uint64_t> last_seq_;  // by sender
  struct ref_less {
    bool operator()(const rt::ref& a, const rt::ref& b) const noexcept { return a.id < b.id; }
  };
  std::map<rt::ref, rt::pid, ref_less> monitors_;  // ordered: demonitor picks by index
  std::uint64_t token_ = 0;
};

rt::proc agent_body(ledger& l, rt::pid controller) {
  agent a(l, controller);
  bool checked_already = false;  // a repeated request is answered, not run again
  for (;;) {
    std::optional<command> cmd;
    bool do_check = false;
    const bool go_on = co_await rt::receive(
        [&a](data d) { a.on_data(d); return true; }, [&a](rt::exit_msg m) { a.on_exit_msg(m); return true; },
        [&a](rt::down_msg d) { a.on_down(d); return true; }, [](by_name) { return true; },
        [](stray) { return true; }, [](token) { return true; },
        [&cmd](command c) { cmd = c; return true; },
        [controller](quiesce) { (void)rt::send(controller, quiet{rt::self()}); return true; },
        [&do_check](check) { do_check = true; return true; }, [](stop) { return false; });
    if (!go_on) co_return;
    if (cmd && !co_await a.perform(*cmd)) co_return;
    if (do_check && !checked_already) {
      checked_already = true;
      co_await a.run_checks();
      (void)rt::send(controller, checked{rt::self()});
    } else if (do_check) {
      (void)rt::send(controller, checked{rt::self()});
    }
  }
}

// ---------------------------------------------------------------- controller

class controller {
 public:
  controller(ledger& l, const options& o) : l_(l), o_(o), rng_(o.seed) {
    std::uint64_t total = 0;
    for (unsigned w : op_weights) total += w;
    pick_op_ = std::uniform_int_distribution<std::uint64_t>(0, total - 1);
  }

  rt::task<void> run() {
    const auto deadline = clock_type::now() + o_.duration;
    std::size_t step = 0;
    while (clock_type::now() < deadline) {
      for (std::size_t i = 0; i < pace_batch; ++i, ++step) {
        while (live_.size() < population) spawn_agent();
        co_await one_operation();
      }
      // Pace, and take the DOWNs that arrived.
      co_await rt::receive([this](rt::down_msg d) { on_down(d); }, rt::after(pace_pause, [] {}));
      while (co_await take_down(0ms)) {
      }
    }
    co_await finish();
  }

 private:
  void spawn_agent() {
    ledger& l = l_;
    const rt::pid me = rt::self();
    auto [p, ref] = rt::spawn_monitor([&l, me]() -> rt::proc { return agent_body(l, me); });
    l_.count(op::spawn);
    live_.push_back(p);
    agents_.emplace(ref.id, p);
  }

  rt::pid random_live() { return live_[std::uniform_int_distribution<std::size_t>(0, live_.size() - 1)(rng_)]; }
  rt::pid random_target() {
    // One target in ten is a dead pid, where there are some.
    if (!dead_.empty() && std::uniform_int_distribution<int>(0, 9)(rng_) == 0) {
      return dead_[std::uniform_int_distribution<std::size_t>(0, dead_.size() - 1)(rng_)];
    }
    return random_live();
  }

  op pick() {
    std::uint64_t x = pick_op_(rng_);
    for (std::size_t i = 0; i < op_count; ++i) {
      if (x < op_weights[i]) return static_cast<op>(i);
      x -= op_weights[i];
    }
    return op::send_data;
  }

  rt::exit_reason random_exit_reason() {
    switch (std::uniform_int_distribution<int>(0, 3)(rng_)) {
      case 0: return rt::exit_reason::kill();
      case 1: return rt::exit_reason::normal();
      case 2: return rt::exit_reason::shutdown();
      default: return rt::exit_reason::other("stress exit");
    }
  }

  rt::detail::yield_awaiter one_operation() {
    const op o = pick();
    const std::uint32_t arg = static_cast<std::uint32_t>(rng_());
    switch (o) {
      case op::spawn:
        spawn_agent();
        return rt::reduce(0);
      case op::exit_from_outside:
        l_.count(o);
        rt::exit(random_live(), random_exit_reason());
        return rt::reduce(1);
      case op::send_to_dead:
        if (dead_.empty()) return rt::reduce(0);
        return rt::send(random_live(), command{o, dead_[arg % dead_.size()], arg});
      default:
        return rt::send(random_live(), command{o, random_target(), arg});
    }
  }

  void on_down(const rt::down_msg& d) {
    auto it = agents_.find(d.monitor.id);
    if (it == agents_.end()) {
      l_.violation("DOWN: the controller received a second DOWN, or one it never asked for, for " + str(d.who));
      return;
    }
    if (it->second != d.who) {
      l_.violation("DOWN: the controller's monitor of " + str(it->second) + " came back naming " + str(d.who));
    }
    agents_.erase(it);
    l_.record_death(d.who, d.reason);
    live_.erase(std::remove(live_.begin(), live_.end(), d.who), live_.end());
    if (dead_.size() == dead_memory) dead_.erase(dead_.begin());
    dead_.push_back(d.who);
    for (std::size_t i = 0; i < name_pool; ++i) {
      if (rt::whereis(pool_name(i)) == d.who) {
        l_.violation("registry: " + pool_name(i) + " still maps to " + str(d.who) +
                     " after the controller received its DOWN (" + d.reason.to_string() + ")");
      }
    }
  }

  rt::task<bool> take_down(std::chrono::milliseconds wait) {
    co_return co_await rt::receive([this](rt::down_msg d) { on_down(d); return true; },
                                   rt::after(wait, [] { return false; }));
  }

  // Sends `request` to every live agent and waits, until `deadline`, for each
  // to answer with Reply or die; asks again every `resend_interval` (a
  // planted fault may drop requests; answering twice is harmless). Returns
  // the agents that did neither.
  template <class Request, class Reply>
  rt::task<std::vector<rt::pid>> round(Request request, clock_type::time_point deadline) {
    std::unordered_set<rt::pid> waiting(live_.begin(), live_.end());
    while (!waiting.empty() && clock_type::now() < deadline) {
      for (const rt::pid p : waiting) (void)rt::send(p, request);
      const auto resend_at = std::min(deadline, clock_type::now() + resend_interval);
      for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(resend_at - clock_type::now());
        if (left.count() <= 0 || waiting.empty()) break;
        const bool any = co_await rt::receive(
            [&waiting](Reply r) { waiting.erase(r.who); return true; },
            [this, &waiting](rt::down_msg d) { waiting.erase(d.who); on_down(d); return true; },
            rt::after(left, [] { return false; }));
        if (!any) break;
      }
    }
    co_return std::vector<rt::pid>(waiting.begin(), waiting.end());
  }

  rt::task<void> finish() {
    for (const rt::pid p : co_await round<quiesce, quiet>(quiesce{}, clock_type::now() + must_happen_within)) {
      l_.violation("end: agent " + str(p) + " never answered quiesce (a command or the request was lost)");
    }
    while (co_await take_down(std::chrono::duration_cast<std::chrono::milliseconds>(settle_quiet))) {
    }
    for (const rt::pid p : co_await round<check, checked>(check{}, clock_type::now() + 6 * must_happen_within)) {
      l_.violation("end: agent " + str(p) + " never finished its checks");
    }
    for (const rt::pid p : live_) {
      (void)rt::send(p, stop{});
      rt::exit(p, rt::exit_reason::kill());  // in case stop is lost (a planted fault)
    }
    const auto deadline = clock_type::now() + must_happen_within;
    while (!agents_.empty() && clock_type::now() < deadline) {
      if (!co_await take_down(std::chrono::duration_cast<std::chrono::milliseconds>(must_happen_within))) break;
    }
    for (const auto& [ref, p] : agents_) {
      l_.violation("DOWN: the controller never received the DOWN of agent " + str(p));
    }
    for (std::size_t i = 0; i < name_pool; ++i) {
      if (auto p = rt::whereis(pool_name(i))) {
        l_.violation("registry: " + pool_name(i) + " still maps to " + str(*p) + " after every agent has ended");
      }
    }
  }

  ledger& l_;
  const options& o_;
  std::mt19937_64 rng_;
  std::uniform_int_distribution<std::uint64_t> pick_op_;
  std::vector<rt::pid> live_;
  std::vector<rt::pid> dead_;                      // the most recent dead_memory
  std::unordered_map<std::uint64_t, rt::pid> agents_;  // by the controller's monitor ref: alive, DOWN not yet seen
};

}  // namespace

void run_mix(const options& o, report& rep, std::ostream& progress) {
  progress << "stress: mix: " << population << " agents, " << o.duration.count() << " ms, seed " << o.seed << "\n";
  ledger l(rep);
  const auto t0 = clock_type::now();
  {
    rt::runtime r{runtime_config(o)};
    const std::size_t start_bytes = r.live_bytes();
    r.spawn([&l, &o]() -> rt::proc {
      controller c(l, o);
      co_await c.run();
    });
    check_runtime_drained(r, start_bytes, rep);
  }
  const double secs = seconds_since(t0);
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < op_count; ++i) {
    rep.figure(std::string("ops.") + op_names[i], fmt_count(static_cast<double>(l.count_of(i))));
    total += l.count_of(i);
  }
  rep.figure("ops.total", fmt_count(static_cast<double>(total)) + " (" + fmt_rate(total / secs) + ")");
  rep.figure("data messages received in order", fmt_count(static_cast<double>(l.messages())));
}

}  // namespace stress
