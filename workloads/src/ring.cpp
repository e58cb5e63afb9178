// ring: N processes in a ring pass tokens from each to the next.
//
// What it measures: with one token, the cost of one hop (a send, a receive,
// and a wake-up of the next process) with no parallelism at all; items are
// hops. With T tokens in flight at once (param tokens), T processes are
// runnable at any time, which exposes whether the backend spreads them over
// its threads. What it does not: spawn cost (the ring is built before the
// clock starts).
//
// Protocol: the root spawns N nodes, sends each `link(next)` and waits for N
// acks. Then it starts T tokens at evenly spaced nodes, each with hops/T hops
// to go (the first token also takes the remainder). A node that receives a
// token with hops left forwards it; one with none left reports it to the root.
// When all T have been reported the root sends every node `stop`.
//
// Verification: a token carries its id, its starting node, the hops it has
// made and the hops left; the node that ends it must be start + hops (mod N),
// its hop count must be what it was given, and every token must end once.
#include <string>
#include <vector>

#include "catalog.hpp"
#include "dispatch.hpp"
#include "outcome.hpp"

namespace ab {

namespace {

struct shared {
  std::int64_t t0 = 0;
  std::int64_t t1 = 0;
  std::int64_t tokens_done = 0;
  std::int64_t hops_done = 0;
  std::string error;
};

template <class B>
struct to_root;

template <class B>
struct to_node {
  enum class kind : std::uint8_t { link, token, stop } what;
  typename B::template address<to_node> next{};  // link
  std::int64_t token_id = 0;                     // token
  std::int64_t start = 0;                        // token: the node it started at
  std::int64_t hops_made = 0;                    // token
  std::int64_t hops_left = 0;                    // token
};

template <class B>
struct to_root {
  enum class kind : std::uint8_t { linked, token_done } what;
  std::int64_t node = 0;  // who sends it
  std::int64_t token_id = 0;
  std::int64_t start = 0;
  std::int64_t hops_made = 0;
};

template <class B>
struct node {
  using message = to_node<B>;

  typename B::template address<to_root<B>> root;
  std::int64_t index;
  typename B::template address<to_node<B>> next{};

  void on_message(auto& ctx, message&& m) {
    switch (m.what) {
      case message::kind::link:
        next = m.next;
        ctx.send(root, to_root<B>{to_root<B>::kind::linked, index});
        return;
      case message::kind::token:
        if (m.hops_left == 0) {
          ctx.send(root, to_root<B>{to_root<B>::kind::token_done, index, m.token_id, m.start,
                                    m.hops_made});
          return;
        }
        ++m.hops_made;
        --m.hops_left;
        ctx.send(next, std::move(m));
        return;
      case message::kind::stop:
        ctx.stop();
        return;
    }
  }
};

template <class B>
struct root {
  using message = to_root<B>;

  shared* out;
  std::int64_t n;
  std::int64_t hops;
  std::int64_t tokens;
  std::vector<typename B::template address<to_node<B>>> nodes{};
  std::vector<bool> token_seen{};
  std::int64_t linked = 0;

  void on_start(auto& ctx) {
    nodes.reserve(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i)
      nodes.push_back(ctx.template spawn<node<B>>(ctx.self(), i));
    for (std::int64_t i = 0; i < n; ++i) {
      to_node<B> link{to_node<B>::kind::link};
      link.next = nodes[static_cast<std::size_t>((i + 1) % n)];
      ctx.send(nodes[static_cast<std::size_t>(i)], std::move(link));
    }
  }

  void on_message(auto& ctx, message&& m) {
    if (m.what == message::kind::linked) {
      if (++linked == n) start_tokens(ctx);
      return;
    }
    check(m);
    if (++out->tokens_done == tokens) {
      out->t1 = now_ns();
      for (const auto& a : nodes) ctx.send(a, to_node<B>{to_node<B>::kind::stop});
      ctx.stop();
    }
  }

  std::int64_t hops_of(std::int64_t id) const {
    return hops / tokens + (id == 0 ? hops % tokens : 0);
  }

  void start_tokens(auto& ctx) {
    token_seen.assign(static_cast<std::size_t>(tokens), false);
    out->t0 = now_ns();
    for (std::int64_t id = 0; id < tokens; ++id) {
      to_node<B> t{to_node<B>::kind::token};
      t.token_id = id;
      t.start = id * n / tokens;
      t.hops_left = hops_of(id);
      ctx.send(nodes[static_cast<std::size_t>(t.start)], std::move(t));
    }
  }

  void check(const message& m) {
    if (!out->error.empty()) return;
    const auto fail = [&](const std::string& what) {
      out->error = "token " + std::to_string(m.token_id) + ": " + what;
    };
    if (m.token_id < 0 || m.token_id >= tokens) return fail("unknown token");
    if (token_seen[static_cast<std::size_t>(m.token_id)]) return fail("ended twice");
    token_seen[static_cast<std::size_t>(m.token_id)] = true;
    const std::int64_t expected_hops = hops_of(m.token_id);
    if (m.hops_made != expected_hops) {
      return fail("made " + std::to_string(m.hops_made) + " hops, expected " +
                  std::to_string(expected_hops));
    }
    if (m.node != (m.start + expected_hops) % n) {
      return fail("ended at node " + std::to_string(m.node) + ", expected " +
                  std::to_string((m.start + expected_hops) % n));
    }
    out->hops_done += m.hops_made;
  }
};

template <class B>
run_result run_on(const run_params& p) {
  const std::int64_t n = p.get("processes");
  const std::int64_t hops = p.get("hops");
  const std::int64_t tokens = p.get("tokens");
  if (n < 2 || hops < 1 || tokens < 1 || tokens > n || tokens > hops) {
    return failed("need processes >= 2, hops >= 1 and 1 <= tokens <= min(processes, hops)");
  }
  if (too_many_processes<B>(static_cast<std::size_t>(n) + 1))
    return too_many_processes_result<B>(n + 1);
  shared s;
  const run_status st = B::template run<root<B>>(options_of(p), &s, n, hops, tokens);
  if (!s.error.empty()) return failed(s.error);
  if (st.ok && (s.tokens_done != tokens || s.hops_done != hops)) {
    return failed(std::to_string(s.tokens_done) + " tokens and " + std::to_string(s.hops_done) +
                  " hops completed");
  }
  run_result r;
  r.seconds = static_cast<double>(s.t1 - s.t0) * 1e-9;
  r.items = static_cast<double>(hops);
  r.items_unit = "hops";
  r.extra["ns_per_hop"] = static_cast<double>(s.t1 - s.t0) / static_cast<double>(hops);
  return verified(std::move(r), st);
}

}  // namespace

workload_info ring_workload() {
  return {
      "ring",
      "N processes in a ring pass T tokens, M hops in all; tokens > 1 exposes parallelism.",
      {
          {"processes", "processes in the ring", 100, 1'000, 5'000},
          {"hops", "hops in all (split between the tokens)", 10'000, 300'000, 3'000'000},
          {"tokens", "tokens in flight at once", 1, 1, 1},
      },
      [](const std::string& backend, const run_params& p) {
        return with_backend(backend, [&]<class B>() { return run_on<B>(p); });
      },
  };
}

}  // namespace ab
