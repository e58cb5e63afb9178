// mailbox_flood: producers send as fast as they can to one consumer that is
// slower (it does `work` iterations of busy work per message), so its mailbox
// grows; then it drains.
//
// What it measures (items: messages; seconds: first send to last receive):
//   send_rate        messages/s the producers achieved together (first send to
//                    the last producer's last send);
//   drain_rate       messages/s the consumer handled (its first to its last);
//   peak_queued      messages sent but not yet handled when the last producer
//                    finished (the consumer's view at its next check);
//   bytes_per_queued_message  (RSS then - RSS before the flood) / peak_queued:
//                    what a queued message costs, allocator overhead included;
//   retained_bytes   RSS after the drain - RSS before the flood: whether the
//                    memory came back (allocators may keep it for reuse);
//   peak_rss_bytes   the RSS at the peak.
// What it does not: backpressure (none of the backends has any; that is the
// point) or fairness between producers.
//
// The consumer checks the producers' progress every `check_every` messages:
// each producer publishes its count of messages sent (a relaxed atomic in a
// cache line of its own, read by the consumer) and sets a flag when done.
//
// Verification: each producer's messages arrive once each, in order; all
// P*K arrive; the busy work's checksum matches the one computed here.
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "catalog.hpp"
#include "dispatch.hpp"
#include "memory.hpp"
#include "outcome.hpp"
#include "workloads/busy_work.hpp"

namespace ab {

namespace {

// How often the consumer looks at the producers' progress and the RSS.
constexpr std::int64_t check_every = 4096;

struct alignas(64) progress {
  std::atomic<std::int64_t> sent{0};     // written by its producer only
  std::atomic<std::int64_t> done_ns{0};  // set once, when the producer finished
};

struct shared {
  explicit shared(std::int64_t producers)
      : per_producer(std::make_unique<progress[]>(static_cast<std::size_t>(producers))) {}
  std::unique_ptr<progress[]> per_producer;
  std::int64_t rss_before = 0;
  std::int64_t rss_peak = 0;
  std::int64_t rss_after = 0;
  std::int64_t peak_queued = 0;
  std::int64_t t_start = 0;       // the root, before the producers exist
  std::int64_t t_first_send = 0;  // set by the root just before spawning them
  std::int64_t t_first_receive = 0;
  std::int64_t t_last_receive = 0;
  std::int64_t received = 0;
  std::uint64_t checksum = 0;
  std::string error;
};

struct item {
  std::int64_t producer;
  std::int64_t seq;
};

template <class B>
struct consumer {
  using message = item;

  shared* out;
  std::int64_t producers;
  std::int64_t per_producer;
  std::int64_t work;
  std::vector<std::int64_t> next_seq =
      std::vector<std::int64_t>(static_cast<std::size_t>(producers), 0);
  bool producers_done = false;

  void on_message(auto& ctx, message&& m) {
    if (out->received == 0) out->t_first_receive = now_ns();
    out->checksum += busy_work(static_cast<std::uint64_t>(m.producer * per_producer + m.seq), work);
    if (m.producer < 0 || m.producer >= producers) {
      fail("a message from unknown producer " + std::to_string(m.producer));
    } else if (auto& expected = next_seq[static_cast<std::size_t>(m.producer)]; m.seq != expected) {
      fail("producer " + std::to_string(m.producer) + ": got message " + std::to_string(m.seq) +
           ", expected " + std::to_string(expected));
      expected = m.seq + 1;
    } else {
      ++expected;
    }
    ++out->received;
    if (!producers_done && out->received % check_every == 0) look_at_producers();
    if (out->received == producers * per_producer) {
      out->t_last_receive = now_ns();
      if (!producers_done) look_at_producers();  // they finished before our first check
      out->rss_after = rss_bytes();
      ctx.stop();
    }
  }

  // Once every producer has finished, the mailbox is at its largest: record it.
  void look_at_producers() {
    std::int64_t sent = 0;
    for (std::int64_t i = 0; i < producers; ++i) {
      const progress& pr = out->per_producer[static_cast<std::size_t>(i)];
      if (pr.done_ns.load(std::memory_order_acquire) == 0) return;
      sent += pr.sent.load(std::memory_order_relaxed);
    }
    producers_done = true;
    out->peak_queued = sent - out->received;
    out->rss_peak = rss_bytes();
  }

  void fail(std::string what) {
    if (out->error.empty()) out->error = std::move(what);
  }
};

struct next_turn {};

template <class B>
struct producer {
  using message = next_turn;

  typename B::template address<item> to;
  progress* mine;
  std::int64_t id;
  std::int64_t count;
  std::int64_t batch;
  std::int64_t seq = 0;

  void on_start(auto& ctx) { on_message(ctx, next_turn{}); }

  void on_message(auto& ctx, message&&) {
    const std::int64_t end = std::min(count, seq + batch);
    for (; seq < end; ++seq) ctx.send(to, item{id, seq});
    // Relaxed: the count is a progress report; done_ns's release publishes it.
    mine->sent.store(seq, std::memory_order_relaxed);
    if (seq == count) {
      mine->done_ns.store(now_ns(),
                          std::memory_order_release);  // pairs with look_at_producers' acquire
      return ctx.stop();
    }
    ctx.send(ctx.self(), next_turn{});
  }
};

template <class B>
struct root {
  using message = next_turn;

  shared* out;
  std::int64_t producers;
  std::int64_t per_producer;
  std::int64_t batch;
  std::int64_t work;

  void on_start(auto& ctx) {
    out->t_start = now_ns();
    auto c = ctx.template spawn<consumer<B>>(out, producers, per_producer, work);
    release_cached_memory();
    out->rss_before = rss_bytes();
    out->t_first_send = now_ns();
    for (std::int64_t i = 0; i < producers; ++i) {
      ctx.template spawn<producer<B>>(c, &out->per_producer[static_cast<std::size_t>(i)], i,
                                      per_producer, batch);
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
  const std::int64_t work = p.get("work");
  if (producers < 1 || per_producer < 1 || batch < 1 || work < 0) {
    return failed("need producers, messages, batch >= 1 and work >= 0");
  }
  if (too_many_processes<B>(static_cast<std::size_t>(producers) + 2)) {
    return too_many_processes_result<B>(static_cast<std::size_t>(producers) + 2);
  }
  shared s(producers);
  const run_status st =
      B::template run<root<B>>(options_of(p), &s, producers, per_producer, batch, work);
  if (!s.error.empty()) return failed(s.error);
  const std::int64_t total = producers * per_producer;
  if (st.ok && s.received != total) {
    return failed(std::to_string(s.received) + " of " + std::to_string(total) +
                  " messages received");
  }
  std::uint64_t expected = 0;
  for (std::int64_t i = 0; i < total; ++i)
    expected += busy_work(static_cast<std::uint64_t>(i), work);
  if (st.ok && s.checksum != expected) return failed("the consumer's checksum does not match");

  std::int64_t last_send = 0;
  for (std::int64_t i = 0; i < producers; ++i) {
    last_send = std::max(last_send, s.per_producer[static_cast<std::size_t>(i)].done_ns.load());
  }
  run_result r;
  r.seconds = static_cast<double>(s.t_last_receive - s.t_first_send) * 1e-9;
  r.items = static_cast<double>(total);
  r.items_unit = "messages";
  r.extra["send_rate"] =
      static_cast<double>(total) / (static_cast<double>(last_send - s.t_first_send) * 1e-9);
  r.extra["drain_rate"] = static_cast<double>(total) /
                          (static_cast<double>(s.t_last_receive - s.t_first_receive) * 1e-9);
  r.extra["peak_queued"] = static_cast<double>(s.peak_queued);
  if (s.peak_queued > 0 && s.rss_before > 0 && s.rss_peak > 0) {
    r.extra["bytes_per_queued_message"] =
        static_cast<double>(s.rss_peak - s.rss_before) / static_cast<double>(s.peak_queued);
  }
  if (s.rss_before > 0 && s.rss_after > 0)
    r.extra["retained_bytes"] = static_cast<double>(s.rss_after - s.rss_before);
  if (s.rss_peak > 0) r.peak_rss_bytes = s.rss_peak;
  return verified(std::move(r), st);
}

}  // namespace

workload_info mailbox_flood_workload() {
  return {
      "mailbox_flood",
      "Producers flood one slower consumer: send and drain rates, memory per queued message, "
      "memory returned.",
      {
          {"producers", "producers", 2, 2, 4},
          {"messages", "messages per producer", 20'000, 500'000, 4'000'000},
          {"batch", "messages a producer sends per turn", 256, 256, 256},
          {"work", "busy-work iterations per message in the consumer (a few ns each)", 50, 200, 200},
      },
      [](const std::string& backend, const run_params& p) {
        return with_backend(backend, [&]<class B>() { return run_on<B>(p); });
      },
  };
}

}  // namespace ab
