// fan_in: P producers each send K messages to one consumer, the seeds' "a
// process is a bottleneck".
//
// What it measures: the consumer's throughput (items: messages received) and
// the send->receive latency of every message. Closed loop (rate = 0): the
// producers send as fast as they can, in turns of `batch` messages (after each
// turn a producer sends itself `next`, so it lets others run the way an actor
// does); latency is then mostly time spent queued behind other messages.
// Open loop (rate = R > 0, messages per second over all producers): producer
// i sends its j-th message at the intended time t0 + (j*P + i)/R, whether or
// not the consumer keeps up, and latency is measured from that intended time,
// not from when the message was actually sent: a backend that stalls the
// producers is charged for the messages that should have been sent meanwhile
// (the correction for coordinated omission, as wrk2 makes it). The extra
// `p99_uncorrected_ns` is the same percentile measured from the actual send,
// to show the difference. A producer paces itself with send_after, so the open
// loop needs timers.
//
// Verification: each message carries its producer and sequence number; the
// consumer checks that each producer's messages arrive once each, in order,
// and that all P*K arrive.
#include <string>
#include <vector>

#include "catalog.hpp"
#include "dispatch.hpp"
#include "outcome.hpp"

namespace ab {

namespace {

struct shared {
  histogram latency;
  histogram uncorrected;
  std::int64_t t0 = 0;
  std::int64_t t1 = 0;
  std::int64_t received = 0;
  std::string error;
};

struct sample {
  std::int64_t producer;
  std::int64_t seq;
  std::int64_t intended_ns;  // when it should have been sent (closed loop: when it was)
  std::int64_t sent_ns;      // when it was sent
};

template <class B>
struct consumer {
  using message = sample;

  shared* out;
  std::int64_t producers;
  std::int64_t per_producer;
  std::vector<std::int64_t> next_seq =
      std::vector<std::int64_t>(static_cast<std::size_t>(producers), 0);

  void on_message(auto& ctx, message&& m) {
    const std::int64_t now = now_ns();
    out->latency.record(now - m.intended_ns);
    out->uncorrected.record(now - m.sent_ns);
    if (m.producer < 0 || m.producer >= producers) {
      fail("a message from unknown producer " + std::to_string(m.producer));
    } else if (auto& expected = next_seq[static_cast<std::size_t>(m.producer)]; m.seq != expected) {
      fail("producer " + std::to_string(m.producer) + ": got message " + std::to_string(m.seq) +
           ", expected " + std::to_string(expected));
      expected = m.seq + 1;
    } else {
      ++expected;
    }
    if (++out->received == producers * per_producer) {
      out->t1 = now;
      ctx.stop();
    }
  }
  void fail(std::string what) {
    if (out->error.empty()) out->error = std::move(what);
  }
};

// A producer's own reminder to send its next turn.
struct next_turn {};

template <class B>
struct producer {
  using message = next_turn;

  typename B::template address<sample> to;
  std::int64_t id;
  std::int64_t count;
  std::int64_t batch;
  std::int64_t t0;           // open loop: when message 0 of producer 0 is due
  std::int64_t interval_ns;  // open loop: between two messages of this producer; 0 = closed loop
  std::int64_t phase_ns;     // open loop: this producer's offset within an interval
  std::int64_t seq = 0;

  void on_start(auto& ctx) { on_message(ctx, next_turn{}); }

  void on_message(auto& ctx, message&&) {
    if (interval_ns == 0) {
      const std::int64_t end = std::min(count, seq + batch);
      for (; seq < end; ++seq) {
        const std::int64_t now = now_ns();
        ctx.send(to, sample{id, seq, now, now});
      }
    } else if constexpr (B::has_timers) {
      // Send every message that is due (all of them if we fell behind), then
      // sleep until the next one is.
      const std::int64_t now = now_ns();
      for (; seq < count && due(seq) <= now; ++seq)
        ctx.send(to, sample{id, seq, due(seq), now_ns()});
      if (seq < count) {
        ctx.send_after(std::chrono::nanoseconds(due(seq) - now), next_turn{});
        return;
      }
    }
    if (seq == count) return ctx.stop();
    if (interval_ns == 0) ctx.send(ctx.self(), next_turn{});
  }

  std::int64_t due(std::int64_t s) const { return t0 + phase_ns + s * interval_ns; }
};

// Spawns the consumer and the producers, then ends.
template <class B>
struct root {
  using message = next_turn;

  shared* out;
  std::int64_t producers;
  std::int64_t per_producer;
  std::int64_t batch;
  std::int64_t rate;

  void on_start(auto& ctx) {
    auto c = ctx.template spawn<consumer<B>>(out, producers, per_producer);
    // Open loop: producer i sends at t0 + (j * P + i) / rate; the first
    // message is due a little after the spawns, so none starts late.
    constexpr std::int64_t start_delay_ns = 1'000'000;
    const double per_message_ns = rate > 0 ? 1e9 / static_cast<double>(rate) : 0;
    const auto interval =
        static_cast<std::int64_t>(per_message_ns * static_cast<double>(producers));
    out->t0 = now_ns() + (rate > 0 ? start_delay_ns : 0);
    for (std::int64_t i = 0; i < producers; ++i) {
      ctx.template spawn<producer<B>>(
          c, i, per_producer, batch, out->t0, interval,
          static_cast<std::int64_t>(per_message_ns * static_cast<double>(i)));
    }
    ctx.stop();
  }
  void on_message(auto&, message&&) {}
};

template <class B>
run_result run_on(const run_params& p) {
  const std::int64_t producers = p.get("producers");
  const std::int64_t per_producer = p.get("messages");
  const std::int64_t batch = p.get("batch");
  const std::int64_t rate = p.get("rate");
  if (producers < 1 || per_producer < 1 || batch < 1 || rate < 0) {
    return failed("need producers, messages, batch >= 1 and rate >= 0");
  }
  if (rate > 0 && !B::has_timers) {
    return unsupported(std::string(B::name) +
                       " has no timers: an open-loop producer cannot wait for its next send time");
  }
  if (rate > 0 && producers * std::int64_t{1'000'000'000} / rate < 1) {
    return failed("rate too high: a producer's interval would be under 1 ns");
  }
  if (too_many_processes<B>(static_cast<std::size_t>(producers) + 2)) {
    return too_many_processes_result<B>(static_cast<std::size_t>(producers) + 2);
  }
  shared s;
  const run_status st =
      B::template run<root<B>>(options_of(p), &s, producers, per_producer, batch, rate);
  if (!s.error.empty()) return failed(s.error);
  if (st.ok && s.received != producers * per_producer) {
    return failed(std::to_string(s.received) + " of " + std::to_string(producers * per_producer) +
                  " messages received");
  }
  run_result r;
  r.seconds = static_cast<double>(s.t1 - s.t0) * 1e-9;
  r.items = static_cast<double>(producers * per_producer);
  r.items_unit = "messages";
  r.extra["p99_uncorrected_ns"] = static_cast<double>(s.uncorrected.percentile(99));
  if (rate > 0) {
    r.extra["offered_rate"] = static_cast<double>(rate);
    r.extra["achieved_rate"] = r.items / r.seconds;
  }
  r.latency_ns = std::move(s.latency);
  return verified(std::move(r), st);
}

}  // namespace

workload_info fan_in_workload() {
  return {
      "fan_in",
      "P producers each send K messages to one consumer: its throughput and every message's "
      "latency.",
      {
          {"producers", "producers (P)", 4, 8, 64},
          {"messages", "messages per producer (K)", 5'000, 250'000, 1'000'000},
          {"batch", "closed loop: messages a producer sends per turn", 64, 64, 64},
          {"rate", "open loop: messages per second over all producers; 0 = closed loop", 0, 0, 0},
      },
      [](const std::string& backend, const run_params& p) {
        return with_backend(backend, [&]<class B>() { return run_on<B>(p); });
      },
  };
}

}  // namespace ab
