// server_pool: C clients make synchronous calls to one server, then to a pool
// of S servers (the seeds: "a server process is sequential"; "a pool of
// processes can handle multiple requests concurrently").
//
// What it measures, for each phase: throughput (calls per second) and the
// latency of every call (request sent -> reply received). A call is
// synchronous: a client sends request{id, x} and sends nothing else until the
// reply comes back. Each request costs the server `work` iterations of busy
// work, so one server is a bottleneck that a pool on several threads can
// relieve. The result's main figures (seconds, items, latency_ns) are the pool
// phase's; the single server's are in extra (single_*), with
// `pool_speedup` = pool throughput / single throughput.
// In the pool phase client c sends call k to server (c + k) mod S: the load is
// spread evenly without a dispatcher process in the way.
//
// Protocol: the root spawns S servers (server 0 also serves the first phase),
// then C clients for phase 1; when all have reported, C more clients for
// phase 2; when those have reported it stops the servers.
//
// Verification: every reply carries the request's id and argument x, which
// the client checks, and f(x), which goes into a checksum that is compared
// after the run with f computed here; each client completes exactly `calls`
// calls.
#include <array>
#include <string>
#include <vector>

#include "catalog.hpp"
#include "dispatch.hpp"
#include "outcome.hpp"
#include "workloads/busy_work.hpp"

namespace ab {

namespace {

template <class B>
struct reply_msg {
  enum class kind : std::uint8_t { start, reply } what;
  std::int64_t id = 0;
  std::uint64_t x = 0;       // the request's argument, echoed
  std::uint64_t result = 0;  // f(x)
};

template <class B>
struct request {
  typename B::template address<reply_msg<B>> from;
  std::int64_t id;  // -1: stop
  std::uint64_t x;
};

struct client_report {
  std::int64_t client;
  std::int64_t calls;
  std::uint64_t checksum;  // the sum of the results it got
  bool bad;
};

struct shared {
  std::vector<std::vector<std::int64_t>> latencies;  // per client: written by that client only
  std::int64_t t0 = 0;
  std::int64_t t1 = 0;
  std::int64_t completed = 0;
  std::uint64_t checksum = 0;
  std::string error;
};

// A client's argument for its k-th call: distinct across clients and calls.
std::uint64_t argument(std::int64_t client, std::int64_t k) {
  return static_cast<std::uint64_t>(client) * 1'000'003u + static_cast<std::uint64_t>(k);
}

template <class B>
struct server {
  using message = request<B>;
  std::int64_t work;
  void on_message(auto& ctx, message&& m) {
    if (m.id < 0) return ctx.stop();
    ctx.send(m.from, reply_msg<B>{reply_msg<B>::kind::reply, m.id, m.x, busy_work(m.x, work)});
  }
};

template <class B>
struct client {
  using message = reply_msg<B>;

  shared* out;
  typename B::template address<client_report> root;
  const std::vector<typename B::template address<request<B>>>* servers;
  std::int64_t index;  // in this phase
  std::int64_t calls;
  std::int64_t done = 0;
  std::uint64_t x = 0;
  std::uint64_t checksum = 0;
  std::int64_t sent_at = 0;
  bool bad = false;

  void on_start(auto& ctx) { call(ctx); }

  void on_message(auto& ctx, message&& m) {
    const std::int64_t now = now_ns();
    // The id and the echoed argument are checked here; the results, whose
    // recomputation would double the work, through the checksum after the run.
    if (m.id != done || m.x != x) bad = true;
    checksum += m.result;
    out->latencies[static_cast<std::size_t>(index)].push_back(now - sent_at);
    if (++done == calls) {
      ctx.send(root, client_report{index, done, checksum, bad});
      return ctx.stop();
    }
    call(ctx);
  }

  void call(auto& ctx) {
    x = argument(index, done);
    const auto& s = *servers;
    const auto& to = s[static_cast<std::size_t>(index + done) % s.size()];
    sent_at = now_ns();
    ctx.send(to, request<B>{ctx.self(), done, x});
  }
};

template <class B>
struct root {
  using message = client_report;

  std::array<shared*, 2> phase;  // single server, pool
  std::int64_t clients;
  std::int64_t calls;
  std::int64_t pool_size;
  std::int64_t work;
  std::vector<typename B::template address<request<B>>> all{};
  std::vector<typename B::template address<request<B>>> single{};
  int current = 0;
  std::int64_t reported = 0;

  void on_start(auto& ctx) {
    for (std::int64_t i = 0; i < pool_size; ++i) all.push_back(ctx.template spawn<server<B>>(work));
    single.push_back(all.front());
    start_phase(ctx, &single);
  }

  void start_phase(auto& ctx,
                   const std::vector<typename B::template address<request<B>>>* servers) {
    shared* out = phase[current];
    out->latencies.assign(static_cast<std::size_t>(clients), {});
    for (auto& l : out->latencies) l.reserve(static_cast<std::size_t>(calls));
    out->t0 = now_ns();
    for (std::int64_t c = 0; c < clients; ++c) {
      ctx.template spawn<client<B>>(out, ctx.self(), servers, c, calls);
    }
  }

  void on_message(auto& ctx, message&& m) {
    shared* out = phase[current];
    if (m.bad && out->error.empty())
      out->error = "client " + std::to_string(m.client) + " got a wrong reply";
    out->completed += m.calls;
    out->checksum += m.checksum;
    if (++reported < clients) return;
    out->t1 = now_ns();
    reported = 0;
    if (current == 0) {
      current = 1;
      return start_phase(ctx, &all);
    }
    for (const auto& s : all) ctx.send(s, request<B>{{}, -1, 0});
    ctx.stop();
  }
};

template <class B>
run_result run_on(const run_params& p) {
  const std::int64_t clients = p.get("clients");
  const std::int64_t calls = p.get("calls");
  const std::int64_t pool_size = p.get("servers");
  const std::int64_t work = p.get("work");
  if (clients < 1 || calls < 1 || pool_size < 1 || work < 0) {
    return failed("need clients, calls, servers >= 1 and work >= 0");
  }
  if (too_many_processes<B>(static_cast<std::size_t>(clients + pool_size) + 1)) {
    return too_many_processes_result<B>(static_cast<std::size_t>(clients + pool_size) + 1);
  }
  shared single;
  shared pool;
  const run_status st = B::template run<root<B>>(
      options_of(p), std::array<shared*, 2>{&single, &pool}, clients, calls, pool_size, work);
  for (const shared* s : {&single, &pool}) {
    if (!s->error.empty()) return failed(s->error);
    if (st.ok && s->completed != clients * calls) {
      return failed(std::to_string(s->completed) + " of " + std::to_string(clients * calls) +
                    " calls completed");
    }
  }
  if (st.ok) {
    std::uint64_t expected = 0;
    for (std::int64_t c = 0; c < clients; ++c) {
      for (std::int64_t k = 0; k < calls; ++k) expected += busy_work(argument(c, k), work);
    }
    if (single.checksum != expected || pool.checksum != expected)
      return failed("the replies' checksum does not match");
  }
  auto histogram_of = [](const shared& s) {
    histogram h;
    for (const auto& per_client : s.latencies) {
      for (const std::int64_t l : per_client) h.record(l);
    }
    return h;
  };
  const histogram single_latency = histogram_of(single);
  const double total = static_cast<double>(clients * calls);
  const double single_seconds = static_cast<double>(single.t1 - single.t0) * 1e-9;
  run_result r;
  r.seconds = static_cast<double>(pool.t1 - pool.t0) * 1e-9;
  r.items = total;
  r.items_unit = "calls";
  r.latency_ns = histogram_of(pool);
  r.extra["single_calls_per_second"] = total / single_seconds;
  r.extra["single_p50_ns"] = static_cast<double>(single_latency.percentile(50));
  r.extra["single_p99_ns"] = static_cast<double>(single_latency.percentile(99));
  r.extra["pool_speedup"] = (total / r.seconds) / (total / single_seconds);
  return verified(std::move(r), st);
}

}  // namespace

workload_info server_pool_workload() {
  return {
      "server_pool",
      "C clients make synchronous calls to one server, then to a pool of S servers: latency and "
      "throughput of each.",
      {
          {"clients", "clients (C)", 8, 100, 1'000},
          {"calls", "calls per client", 100, 1'000, 2'000},
          {"servers", "servers in the pool (S)", 4, 8, 16},
          {"work", "busy-work iterations per call in the server (a few ns each)", 100, 500, 500},
      },
      [](const std::string& backend, const run_params& p) {
        return with_backend(backend, [&]<class B>() { return run_on<B>(p); });
      },
  };
}

}  // namespace ab
