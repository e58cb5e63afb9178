// Why a process ended: the value carried by EXIT and DOWN messages.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>

namespace rt {

class exit_reason {
 public:
  enum class kind : std::uint8_t {
    normal,      // the body returned
    kill,        // the untrappable reason given to exit(pid, kill)
    killed,      // what a process killed with `kill` exits with
    noproc,      // the process did not exist (link or monitor of a dead pid)
    shutdown,    // the runtime stopped, or a supervisor-style orderly stop
    heap_limit,  // the process went over its max_heap
    mailbox_limit,  // its mailbox went over a kill_receiver limit (mailbox_limit.hpp)
    error,       // an exception escaped the body; text() is its what()
    other,       // a user-chosen reason; text() names it
  };

  exit_reason() noexcept = default;
  exit_reason(kind k, std::string text = {}) : kind_(k), text_(std::move(text)) {}

  static exit_reason normal() { return {kind::normal}; }
  static exit_reason kill() { return {kind::kill}; }
  static exit_reason killed() { return {kind::killed}; }
  static exit_reason noproc() { return {kind::noproc}; }
  static exit_reason shutdown() { return {kind::shutdown}; }
  static exit_reason heap_limit() { return {kind::heap_limit}; }
  static exit_reason mailbox_limit() { return {kind::mailbox_limit}; }
  static exit_reason error(std::string what) { return {kind::error, std::move(what)}; }
  static exit_reason other(std::string name) { return {kind::other, std::move(name)}; }

  kind what() const noexcept { return kind_; }
  const std::string& text() const noexcept { return text_; }
  bool is_normal() const noexcept { return kind_ == kind::normal; }

  std::string to_string() const;
  friend bool operator==(const exit_reason&, const exit_reason&) = default;

 private:
  kind kind_ = kind::normal;
  std::string text_;
};

std::string_view to_string(exit_reason::kind k) noexcept;
std::ostream& operator<<(std::ostream& os, const exit_reason& r);

}  // namespace rt
