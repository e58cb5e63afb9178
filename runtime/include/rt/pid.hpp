// Process identifiers.
//
// A pid names a slot of the runtime's process table and the serial number the
// slot had when the process was spawned. A slot's serial grows by one each time
// the slot is reused, so a pid is never reused while the runtime lives (a slot
// would have to be reused 2^32 times first). Pids print like the BEAM's:
// <0.SLOT.SERIAL>.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>

namespace rt {

class pid {
 public:
  constexpr pid() noexcept = default;
  constexpr pid(std::uint32_t slot, std::uint32_t serial) noexcept : slot_(slot), serial_(serial) {}

  // The null pid names no process; sending to it is a no-op.
  constexpr bool is_null() const noexcept { return serial_ == 0; }
  constexpr explicit operator bool() const noexcept { return !is_null(); }

  constexpr std::uint32_t slot() const noexcept { return slot_; }
  constexpr std::uint32_t serial() const noexcept { return serial_; }
  constexpr std::uint64_t bits() const noexcept {
    return (std::uint64_t{serial_} << 32) | slot_;
  }

  friend constexpr auto operator<=>(const pid&, const pid&) noexcept = default;

  std::string to_string() const;

 private:
  std::uint32_t slot_ = 0;
  std::uint32_t serial_ = 0;  // 0 only in the null pid; live serials start at 1
};

std::ostream& operator<<(std::ostream& os, const pid& p);

}  // namespace rt

template <>
struct std::hash<rt::pid> {
  std::size_t operator()(const rt::pid& p) const noexcept {
    return std::hash<std::uint64_t>{}(p.bits());
  }
};
