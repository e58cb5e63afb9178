// skynet: the 1,000,000-leaf, 10-way spawn tree that sums its leaves
// (github.com/atemerev/skynet; Boost.Fiber runs it as its own benchmark).
//
// What it measures: spawning and ending processes in a tree, each sending one
// message to its parent: 1,111,111 processes for a million leaves. Items are
// processes; seconds from the root's start to the root's result. It is spawn,
// one send and exit, all in a burst that every thread can share.
//
// Each node of `size` leaves starting at number `num` spawns `fanout`
// children of size/fanout leaves each (a leaf, size 1, sends its number);
// a node sums its children's values and sends the sum to its parent.
//
// Verification: the sum is leaves*(leaves-1)/2 (499999500000 for a million),
// and every node heard from exactly `fanout` children.
#include <string>

#include "catalog.hpp"
#include "dispatch.hpp"
#include "outcome.hpp"

namespace ab {

namespace {

struct shared {
  std::int64_t t0 = 0;
  std::int64_t t1 = 0;
  std::int64_t result = -1;
};

struct value {
  std::int64_t v;
};

template <class B>
struct node {
  using message = value;

  typename B::template address<value> parent;
  std::int64_t num;
  std::int64_t size;
  std::int64_t fanout;
  std::int64_t sum = 0;
  std::int64_t heard = 0;

  void on_start(auto& ctx) {
    if (size == 1) {
      ctx.send(parent, value{num});
      return ctx.stop();
    }
    const std::int64_t sub = size / fanout;
    for (std::int64_t i = 0; i < fanout; ++i) {
      ctx.template spawn<node>(ctx.self(), num + i * sub, sub, fanout);
    }
  }

  void on_message(auto& ctx, message&& m) {
    sum += m.v;
    if (++heard == fanout) {
      ctx.send(parent, value{sum});
      ctx.stop();
    }
  }
};

template <class B>
struct root {
  using message = value;

  shared* out;
  std::int64_t leaves;
  std::int64_t fanout;

  void on_start(auto& ctx) {
    out->t0 = now_ns();
    ctx.template spawn<node<B>>(ctx.self(), std::int64_t{0}, leaves, fanout);
  }
  void on_message(auto& ctx, message&& m) {
    out->t1 = now_ns();
    out->result = m.v;
    ctx.stop();
  }
};

template <class B>
run_result run_on(const run_params& p) {
  const std::int64_t leaves = p.get("leaves");
  const std::int64_t fanout = p.get("fanout");
  std::int64_t processes = 0;
  std::int64_t level = 1;
  for (; level < leaves; level *= fanout) processes += level;
  if (fanout < 2 || leaves < 1 || level != leaves)
    return failed("leaves must be a power of fanout (>= 2)");
  processes += leaves;
  // Every node above the leaves waits for its children: in the worst case the
  // whole tree is alive at once.
  if (too_many_processes<B>(static_cast<std::size_t>(processes) + 1)) {
    return too_many_processes_result<B>(static_cast<std::size_t>(processes) + 1);
  }
  shared s;
  const run_status st = B::template run<root<B>>(options_of(p), &s, leaves, fanout);
  const std::int64_t expected = leaves * (leaves - 1) / 2;
  if (st.ok && s.result != expected) {
    return failed("sum " + std::to_string(s.result) + ", expected " + std::to_string(expected));
  }
  run_result r;
  r.seconds = static_cast<double>(s.t1 - s.t0) * 1e-9;
  r.items = static_cast<double>(processes);
  r.items_unit = "processes";
  r.extra["sum"] = static_cast<double>(s.result);
  return verified(std::move(r), st);
}

}  // namespace

workload_info skynet_workload() {
  return {
      "skynet",
      "A 10-way spawn tree of 1,000,000 leaves summing its leaves' numbers (1,111,111 processes).",
      {
          {"leaves", "leaves of the tree (a power of fanout)", 1'000, 1'000'000, 10'000'000},
          {"fanout", "children per node", 10, 10, 10},
      },
      [](const std::string& backend, const run_params& p) {
        return with_backend(backend, [&]<class B>() { return run_on<B>(p); });
      },
  };
}

}  // namespace ab
