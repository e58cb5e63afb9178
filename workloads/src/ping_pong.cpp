// ping_pong: the round-trip latency between two processes.
//
// What it measures: a pinger sends ping(seq) and waits for pong(seq) before
// the next; every round trip's time goes into the histogram; items are round
// trips. It is the cost of two sends, two receives and two wake-ups when
// nothing else runs, so it shows a backend's fixed overhead per message.
// What it does not: throughput under load (fan_in, big) or parallelism.
// A warm-up of `warmup` round trips runs first and is not recorded.
//
// One clock read per round trip: the moment pong(seq) arrives is also the
// moment ping(seq+1) is sent (the pinger's bookkeeping in between, a
// histogram record and a compare, counts in the next round trip). So the
// round trips add up to the measured time, and the histogram's mean is the
// reciprocal of the throughput. A second read just before each send cost
// every backend a clock read a round that no round trip includes (about 30 ns
// on a 2-vCPU EPYC guest, a quarter of rt's round trip there).
//
// Verification: every pong carries the seq of the ping it answers; all
// `rounds` arrive, in order.
#include <string>

#include "catalog.hpp"
#include "dispatch.hpp"
#include "outcome.hpp"

namespace ab {

namespace {

struct shared {
  histogram rtt;
  std::int64_t t0 = 0;
  std::int64_t t1 = 0;
  std::int64_t completed = 0;
  std::string error;
};

template <class B>
struct pong {
  std::int64_t seq;
};

template <class B>
struct ping {
  typename B::template address<pong<B>> from;
  std::int64_t seq;  // -1: stop
};

template <class B>
struct ponger {
  using message = ping<B>;
  void on_message(auto& ctx, message&& m) {
    if (m.seq < 0) return ctx.stop();
    ctx.send(m.from, pong<B>{m.seq});
  }
};

template <class B>
struct pinger {
  using message = pong<B>;

  shared* out;
  std::int64_t warmup;
  std::int64_t rounds;
  typename B::template address<ping<B>> peer{};
  std::int64_t seq = 0;
  std::int64_t sent_at = 0;

  void on_start(auto& ctx) {
    peer = ctx.template spawn<ponger<B>>();
    send_ping(ctx, now_ns());
  }

  void on_message(auto& ctx, message&& m) {
    const std::int64_t now = now_ns();
    if (m.seq != seq) {
      out->error = "pong " + std::to_string(m.seq) + " answered ping " + std::to_string(seq);
      return finish(ctx);
    }
    if (seq >= warmup) {
      out->rtt.record(now - sent_at);
      ++out->completed;
    }
    ++seq;
    if (seq == warmup) out->t0 = now;
    if (seq == warmup + rounds) {
      out->t1 = now;
      return finish(ctx);
    }
    send_ping(ctx, now);
  }

  // `now`: the clock read just before, which times this ping's round trip.
  void send_ping(auto& ctx, std::int64_t now) {
    sent_at = now;
    ctx.send(peer, ping<B>{ctx.self(), seq});
  }
  void finish(auto& ctx) {
    ctx.send(peer, ping<B>{{}, -1});
    ctx.stop();
  }
};

template <class B>
run_result run_on(const run_params& p) {
  const std::int64_t rounds = p.get("rounds");
  const std::int64_t warmup = p.get("warmup");
  if (rounds < 1 || warmup < 0) return failed("rounds must be >= 1 and warmup >= 0");
  shared s;
  const run_status st = B::template run<pinger<B>>(options_of(p), &s, warmup, rounds);
  if (!s.error.empty()) return failed(s.error);
  if (st.ok && s.completed != rounds) {
    return failed(std::to_string(s.completed) + " of " + std::to_string(rounds) +
                  " round trips completed");
  }
  run_result r;
  r.seconds = static_cast<double>(s.t1 - s.t0) * 1e-9;
  r.items = static_cast<double>(rounds);
  r.items_unit = "round trips";
  r.latency_ns = std::move(s.rtt);
  return verified(std::move(r), st);
}

}  // namespace

workload_info ping_pong_workload() {
  return {
      "ping_pong",
      "Round-trip latency between two processes: ping(seq) -> pong(seq), one at a time.",
      {
          // 50,000 at default size: a few milliseconds on rt, and the thread
          // backend (a futex wake-up per message, 60-130 us a round trip on
          // 2-vCPU hosts) still finishes a repetition in seconds, not half a
          // minute.
          {"rounds", "round trips measured", 2'000, 50'000, 2'000'000},
          {"warmup", "round trips run first and not measured", 100, 10'000, 10'000},
      },
      [](const std::string& backend, const run_params& p) {
        return with_backend(backend, [&]<class B>() { return run_on<B>(p); });
      },
  };
}

}  // namespace ab
