// Printing and parsing of the runtime's small value types.
#include <ostream>
#include <string>

#include "rt/config.hpp"
#include "rt/exit_reason.hpp"
#include "rt/pid.hpp"

namespace rt {

std::string pid::to_string() const {
  return "<0." + std::to_string(slot_) + "." + std::to_string(serial_) + ">";
}
std::ostream& operator<<(std::ostream& os, const pid& p) { return os << p.to_string(); }

std::string_view to_string(exit_reason::kind k) noexcept {
  switch (k) {
    case exit_reason::kind::normal: return "normal";
    case exit_reason::kind::kill: return "kill";
    case exit_reason::kind::killed: return "killed";
    case exit_reason::kind::noproc: return "noproc";
    case exit_reason::kind::shutdown: return "shutdown";
    case exit_reason::kind::heap_limit: return "heap_limit";
    case exit_reason::kind::mailbox_limit: return "mailbox_limit";
    case exit_reason::kind::error: return "error";
    case exit_reason::kind::other: return "other";
  }
  return "?";
}

std::string exit_reason::to_string() const {
  if (kind_ == kind::other) return text_;
  std::string s(rt::to_string(kind_));
  if (!text_.empty()) s += ": " + text_;
  return s;
}
std::ostream& operator<<(std::ostream& os, const exit_reason& r) { return os << r.to_string(); }

std::string_view to_string(strategy_kind k) noexcept {
  switch (k) {
    case strategy_kind::work_stealing: return "work_stealing";
    case strategy_kind::global_queue: return "global_queue";
    case strategy_kind::static_placement: return "static";
    case strategy_kind::balancing: return "balancing";
  }
  return "?";
}
std::optional<strategy_kind> parse_strategy(std::string_view s) noexcept {
  if (s == "work_stealing") return strategy_kind::work_stealing;
  if (s == "global_queue") return strategy_kind::global_queue;
  if (s == "static") return strategy_kind::static_placement;
  if (s == "balancing") return strategy_kind::balancing;
  return std::nullopt;
}
std::string_view to_string(idle_policy p) noexcept {
  return p == idle_policy::park ? "park" : "spin_then_park";
}
std::optional<idle_policy> parse_idle_policy(std::string_view s) noexcept {
  if (s == "spin_then_park") return idle_policy::spin_then_park;
  if (s == "park") return idle_policy::park;
  return std::nullopt;
}

void config::validate() const {
  if (schedulers == 0) throw config_error("rt::config: schedulers must be at least 1");
  if (schedulers > 1024) throw config_error("rt::config: schedulers must be at most 1024");
  if (reductions == 0) throw config_error("rt::config: reductions (the budget per slice) must be at least 1");
  if (reductions > (1u << 30)) throw config_error("rt::config: reductions must be at most 2^30");
  if (max_processes == 0) throw config_error("rt::config: max_processes must be at least 1");
  if (max_processes > (std::size_t{1} << 32)) throw config_error("rt::config: max_processes must be at most 2^32");
}

}  // namespace rt

#include "rt/gen_server.hpp"

namespace rt::gen {
std::string_view to_string(call_error e) noexcept {
  switch (e) {
    case call_error::none: return "none";
    case call_error::timeout: return "timeout";
    case call_error::noproc: return "noproc";
    case call_error::server_died: return "server_died";
  }
  return "?";
}
}  // namespace rt::gen
