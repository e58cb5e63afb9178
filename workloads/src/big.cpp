// big: W processes each ping random peers and answer the pings they get
// (after bencherl's "big"): all-to-all traffic, genuinely parallel.
//
// What it measures: items are round trips (ping + pong), seconds from the
// start signal to the last worker finishing. Each worker keeps `window`
// pings outstanding and sends a new one for each pong until it has made
// `pings`; meanwhile it answers everyone else's. With W*window messages in
// flight every thread has work, so this is the many-cores, many-messages
// case, where a backend's per-message costs and its contention both show.
//
// The workers find each other through a directory the root fills before it
// sends `start` (the start message orders the filling before every read).
//
// Verification: every pong answers a ping its receiver sent (it echoes the
// ping's sender and a per-worker sequence number that must be outstanding);
// each worker gets exactly `pings` pongs; the total number of pings answered
// is W*pings.
#include <string>
#include <vector>

#include "catalog.hpp"
#include "dispatch.hpp"
#include "outcome.hpp"
#include "workloads/busy_work.hpp"

namespace ab {

namespace {

template <class B>
struct to_worker {
  enum class kind : std::uint8_t { start, ping, pong, stop } what;
  std::int64_t from = 0;  // ping: the sender's index; pong: the original sender's index
  std::int64_t seq = 0;   // per original sender
};

struct to_root {
  std::int64_t worker;
  std::int64_t pongs;
  std::int64_t answered;
};

template <class B>
struct directory {
  std::vector<typename B::template address<to_worker<B>>> workers;
};

struct shared {
  std::int64_t t0 = 0;
  std::int64_t t1 = 0;
  std::int64_t pongs = 0;
  std::int64_t answered = 0;
  std::int64_t done = 0;
  std::string error;
};

template <class B>
struct worker {
  using message = to_worker<B>;

  const directory<B>* dir;
  typename B::template address<to_root> root;
  std::int64_t index;
  std::int64_t pings;
  std::int64_t window;
  fast_rng rng{static_cast<std::uint64_t>(index) + 1};
  std::int64_t sent = 0;
  std::int64_t pongs = 0;
  std::int64_t answered = 0;
  // Pongs come back in any order: which of our pings await theirs.
  std::vector<bool> outstanding = std::vector<bool>(static_cast<std::size_t>(pings), false);
  bool bad = false;

  void on_message(auto& ctx, message&& m) {
    switch (m.what) {
      case message::kind::start:
        for (std::int64_t i = 0; i < window && sent < pings; ++i) ping_someone(ctx);
        return;
      case message::kind::ping:
        ++answered;
        ctx.send(dir->workers[static_cast<std::size_t>(m.from)],
                 message{message::kind::pong, m.from, m.seq});
        return;
      case message::kind::pong:
        if (m.from != index || m.seq < 0 || m.seq >= sent ||
            !outstanding[static_cast<std::size_t>(m.seq)]) {
          bad = true;
        } else {
          outstanding[static_cast<std::size_t>(m.seq)] = false;
        }
        ++pongs;
        if (sent < pings) {
          ping_someone(ctx);
        } else if (pongs == pings) {
          ctx.send(root, to_root{bad ? -1 - index : index, pongs, answered});
        }
        return;
      case message::kind::stop:
        ctx.send(root, to_root{index, -1, answered});
        ctx.stop();
        return;
    }
  }

  void ping_someone(auto& ctx) {
    const auto w = static_cast<std::int64_t>(dir->workers.size());
    std::int64_t peer = static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(w - 1)));
    if (peer >= index) ++peer;  // anyone but ourselves
    outstanding[static_cast<std::size_t>(sent)] = true;
    ctx.send(dir->workers[static_cast<std::size_t>(peer)],
             message{message::kind::ping, index, sent});
    ++sent;
  }
};

template <class B>
struct root {
  using message = to_root;

  shared* out;
  directory<B>* dir;
  std::int64_t w;
  std::int64_t pings;
  std::int64_t window;
  std::int64_t finished = 0;
  std::int64_t stopped = 0;

  void on_start(auto& ctx) {
    dir->workers.reserve(static_cast<std::size_t>(w));
    for (std::int64_t i = 0; i < w; ++i) {
      dir->workers.push_back(ctx.template spawn<worker<B>>(dir, ctx.self(), i, pings, window));
    }
    out->t0 = now_ns();
    for (const auto& a : dir->workers) ctx.send(a, to_worker<B>{to_worker<B>::kind::start});
  }

  void on_message(auto& ctx, message&& m) {
    if (m.pongs < 0) {  // a worker's answer to stop: its final count of pings answered
      out->answered += m.answered;
      if (++stopped == w) ctx.stop();
      return;
    }
    if (m.worker < 0 && out->error.empty()) {
      out->error = "worker " + std::to_string(-1 - m.worker) + " got a pong it did not expect";
    }
    out->pongs += m.pongs;
    // Every worker has all its pongs, so no ping is in flight any more: stop them.
    if (++finished == w) {
      out->t1 = now_ns();
      for (const auto& a : dir->workers) ctx.send(a, to_worker<B>{to_worker<B>::kind::stop});
    }
  }
};

template <class B>
run_result run_on(const run_params& p) {
  const std::int64_t w = p.get("workers");
  const std::int64_t pings = p.get("pings");
  const std::int64_t window = p.get("window");
  if (w < 2 || pings < 1 || window < 1)
    return failed("need workers >= 2, pings >= 1 and window >= 1");
  if (too_many_processes<B>(static_cast<std::size_t>(w) + 1)) {
    return too_many_processes_result<B>(static_cast<std::size_t>(w) + 1);
  }
  shared s;
  directory<B> dir;
  const run_status st = B::template run<root<B>>(options_of(p), &s, &dir, w, pings, window);
  if (!s.error.empty()) return failed(s.error);
  if (st.ok && (s.pongs != w * pings || s.answered != w * pings)) {
    return failed(std::to_string(s.pongs) + " pongs received and " + std::to_string(s.answered) +
                  " pings answered, expected " + std::to_string(w * pings));
  }
  run_result r;
  r.seconds = static_cast<double>(s.t1 - s.t0) * 1e-9;
  r.items = static_cast<double>(w * pings);
  r.items_unit = "round trips";
  return verified(std::move(r), st);
}

}  // namespace

workload_info big_workload() {
  return {
      "big",
      "W processes ping random peers and answer their pongs: all-to-all, parallel.",
      {
          {"workers", "processes (W)", 50, 1'000, 5'000},
          {"pings", "pings each worker makes", 100, 300, 1'000},
          {"window", "pings a worker keeps outstanding", 4, 4, 4},
      },
      [](const std::string& backend, const run_params& p) {
        return with_backend(backend, [&]<class B>() { return run_on<B>(p); });
      },
  };
}

}  // namespace ab
