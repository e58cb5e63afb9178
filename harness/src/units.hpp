// Human-readable quantities for the table and the progress lines: three
// significant digits and an SI prefix ("12.3 M hops/s", "850 ns", "4.56 ms").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ab {

// 12345678, "hops" -> "12.3 M hops/s"
std::string format_rate(double per_second, std::string_view unit);
// 12345678 -> "12.3 M", 850 -> "850": three significant digits, SI prefix.
std::string format_si(double v);
// nanoseconds -> "850 ns", "12.3 µs", "4.56 ms", "1.23 s"
std::string format_ns(double ns);
// bytes -> "512 B", "1.50 KiB", "3.20 MiB", "1.10 GiB"
std::string format_bytes(double bytes);
// seconds -> "0.412 s", "12.3 s", "2 min 5 s"
std::string format_seconds(double seconds);
// Three significant digits: 1.23, 12.3, 123, 1234.
std::string three_digits(double v);

// The number of characters `s` shows as (UTF-8 code points), for padding.
std::size_t display_width(std::string_view s) noexcept;

}  // namespace ab
