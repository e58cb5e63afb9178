// Fuzzes one process's mailbox against a reference model.
//
// The input is a program for a single process: sends to itself of three
// message types, selective receives with guards and several clauses, with a
// timeout of 0 (a poll) or a small one. Encoding, per operation: a code byte
// and an argument byte. An even code sends (bits 1-3 pick the type, the
// argument is the value); an odd code receives (bits 1-3 pick the clause set,
// bit 7 a small timeout instead of a poll, the argument the guards). Because only the process sends to its
// own mailbox, the outcome is fully determined, and the model says what it
// must be: a FIFO queue, where a receive takes the oldest message that matches
// any clause (clauses tried in order for each message) and times out when
// none does. The first input byte may set a drop_newest mailbox limit, which
// the model applies too. Any difference aborts, which the fuzzer reports.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <future>
#include <string>
#include <variant>
#include <vector>

#include "rt/rt.hpp"

namespace {

using namespace std::chrono_literals;

struct tagged {
  int key;
  int value;
  friend bool operator==(const tagged&, const tagged&) = default;
};
using value = std::variant<int, std::string, tagged>;

// The longest program run per input, so that a run stays fast.
constexpr std::size_t max_ops = 512;
// The small timeout of a receive that is not a poll.
constexpr auto small_timeout = 100us;

// A reader of the input bytes; past the end it reads zeros.
class input {
 public:
  input(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  bool done() const noexcept { return at_ >= size_; }
  std::uint8_t byte() noexcept { return at_ < size_ ? data_[at_++] : 0; }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t at_ = 0;
};

// What one receive of the program looks for.
struct receive_op {
  int kind;        // which clause set (see run_receive)
  int modulus;     // guards: value % modulus == remainder
  int remainder;
  bool poll;       // timeout 0, else small_timeout
};

bool int_guard(const receive_op& r, int v) { return v % r.modulus == r.remainder; }
bool string_guard(const receive_op& r, const std::string& s) {
  return static_cast<int>(s.size()) % r.modulus == r.remainder;
}
bool tagged_guard(const receive_op& r, const tagged& t) { return t.key == r.remainder; }

// The clause sets, as the model sees them: which clause (0-based) matches v,
// or -1.
int model_match(const receive_op& r, const value& v) {
  switch (r.kind) {
    case 0:  // any int
      return std::holds_alternative<int>(v) ? 0 : -1;
    case 1:  // int with a guard
      return std::holds_alternative<int>(v) && int_guard(r, std::get<int>(v)) ? 0 : -1;
    case 2:  // string with a guard, then any int
      if (std::holds_alternative<std::string>(v) && string_guard(r, std::get<std::string>(v))) return 0;
      return std::holds_alternative<int>(v) ? 1 : -1;
    case 3:  // tagged with a key, then string
      if (std::holds_alternative<tagged>(v) && tagged_guard(r, std::get<tagged>(v))) return 0;
      return std::holds_alternative<std::string>(v) ? 1 : -1;
    default:  // anything of the three types
      return static_cast<int>(v.index());
  }
}

struct outcome {
  int clause = -1;  // -1: timed out
  value got;
  friend bool operator==(const outcome&, const outcome&) = default;
};

outcome model_receive(std::deque<value>& q, const receive_op& r) {
  for (auto it = q.begin(); it != q.end(); ++it) {
    const int c = model_match(r, *it);
    if (c >= 0) {
      outcome o{c, std::move(*it)};
      q.erase(it);
      return o;
    }
  }
  return {};
}

// The same receive, done by the runtime.
rt::task<outcome> run_receive(const receive_op& r) {
  const auto timeout = r.poll ? std::chrono::microseconds(0) : small_timeout;
  auto timed_out = [] { return outcome{}; };
  switch (r.kind) {
    case 0:
      co_return co_await rt::receive([](int v) { return outcome{0, v}; }, rt::after(timeout, timed_out));
    case 1:
      co_return co_await rt::receive(
          rt::on<int>([&](int v) { return int_guard(r, v); }, [](int v) { return outcome{0, v}; }),
          rt::after(timeout, timed_out));
    case 2:
      co_return co_await rt::receive(
          rt::on<std::string>([&](const std::string& s) { return string_guard(r, s); },
                              [](std::string s) { return outcome{0, std::move(s)}; }),
          [](int v) { return outcome{1, v}; }, rt::after(timeout, timed_out));
    case 3:
      co_return co_await rt::receive(
          rt::on<tagged>([&](const tagged& t) { return tagged_guard(r, t); },
                         [](tagged t) { return outcome{0, t}; }),
          [](std::string s) { return outcome{1, std::move(s)}; }, rt::after(timeout, timed_out));
    default:
      co_return co_await rt::receive([](int v) { return outcome{0, v}; },
                                     [](std::string s) { return outcome{1, std::move(s)}; },
                                     [](tagged t) { return outcome{2, t}; }, rt::after(timeout, timed_out));
  }
}

[[noreturn]] void mismatch(std::size_t op, const char* what) {
  std::fprintf(stderr, "mailbox fuzz: op %zu: %s differs from the model\n", op, what);
  std::abort();
}

rt::proc program(std::vector<std::uint8_t> bytes, std::size_t limit, std::promise<void>* finished) {
  input in(bytes.data(), bytes.size());
  std::deque<value> model;
  for (std::size_t op = 0; op < max_ops && !in.done(); ++op) {
    const std::uint8_t code = in.byte();
    if (code % 2 == 0) {  // send
      const int n = in.byte();
      value v;
      switch ((code >> 1 & 7) % 3) {
        case 0: v = n; break;
        case 1: v = std::string(static_cast<std::size_t>(n % 40), 'x'); break;
        default: v = tagged{n % 4, n}; break;
      }
      const bool fits = limit == 0 || model.size() < limit;
      if (fits) model.push_back(v);
      std::visit([](const auto& x) { (void)rt::send(rt::self(), x); }, v);
      continue;
    }
    const std::uint8_t arg = in.byte();
    receive_op r{(code >> 1 & 7) % 5, arg % 3 + 1, 0, (code & 0x80) == 0};
    r.remainder = (arg / 3) % r.modulus;
    if (r.kind == 3) r.remainder = (arg / 3) % 4;
    const outcome expected = model_receive(model, r);
    const outcome got = co_await run_receive(r);
    if (!(got == expected)) mismatch(op, "a receive");
  }
  // What is left must be the model's queue, in order.
  receive_op any{4, 1, 0, true};
  for (std::size_t i = 0;; ++i) {
    const outcome expected = model_receive(model, any);
    const outcome got = co_await run_receive(any);
    if (!(got == expected)) mismatch(max_ops + i, "the final drain");
    if (got.clause < 0) break;
  }
  finished->set_value();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // One runtime for the whole run: starting schedulers per input would
  // dominate the time. Two schedulers, so that wake-ups cross threads.
  static rt::runtime r{rt::config{.schedulers = 2}};
  if (size == 0) return 0;
  // First byte: a drop_newest limit of 1..15 messages when its high bit is set.
  const std::size_t limit = (data[0] & 0x80) != 0 ? data[0] % 16 + 1 : 0;
  rt::spawn_options o;
  o.mailbox = {limit, rt::overflow_policy::drop_newest};
  std::promise<void> finished;
  r.spawn(o, [&finished, limit, bytes = std::vector<std::uint8_t>(data + 1, data + size)] {
    return program(bytes, limit, &finished);
  });
  finished.get_future().wait();
  r.wait_idle();
  return 0;
}
