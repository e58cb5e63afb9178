#include "units.hpp"

#include <cmath>
#include <cstdio>

namespace ab {

std::string three_digits(double v) {
  char buf[64];
  const double a = std::fabs(v);
  // Thresholds at the rounding boundaries: 99.96 prints as "100", not "100.0".
  if (a >= 99.95 || a == 0) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else if (a >= 9.995) {
    std::snprintf(buf, sizeof buf, "%.1f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.2f", v);
  }
  return buf;
}

std::string format_si(double v) {
  static constexpr struct {
    double scale;
    const char* prefix;
  } prefixes[] = {{1e12, " T"}, {1e9, " G"}, {1e6, " M"}, {1e3, " k"}};
  if (!std::isfinite(v)) return "-";
  for (const auto& p : prefixes) {
    // 999.95 k rounds to "1000 k": move to the next prefix instead.
    if (std::fabs(v) >= p.scale * 0.9995) return three_digits(v / p.scale) + p.prefix;
  }
  return three_digits(v);
}

std::string format_rate(double per_second, std::string_view unit) {
  const std::string suffix = std::string(unit).append("/s");
  return format_si(per_second) + " " + suffix;
}

std::string format_ns(double ns) {
  if (!std::isfinite(ns)) return "-";
  if (ns < 999.5) return three_digits(ns) + " ns";
  if (ns < 999.5e3) return three_digits(ns / 1e3) + " µs";
  if (ns < 999.5e6) return three_digits(ns / 1e6) + " ms";
  return three_digits(ns / 1e9) + " s";
}

std::string format_bytes(double bytes) {
  if (!std::isfinite(bytes)) return "-";
  if (bytes < 1024) return three_digits(bytes) + " B";
  if (bytes < 1024.0 * 1024) return three_digits(bytes / 1024) + " KiB";
  if (bytes < 1024.0 * 1024 * 1024) return three_digits(bytes / (1024.0 * 1024)) + " MiB";
  return three_digits(bytes / (1024.0 * 1024 * 1024)) + " GiB";
}

std::string format_seconds(double seconds) {
  char buf[64];
  if (seconds < 10) {
    std::snprintf(buf, sizeof buf, "%.3f s", seconds);
  } else if (seconds < 120) {
    std::snprintf(buf, sizeof buf, "%.1f s", seconds);
  } else {
    std::snprintf(buf, sizeof buf, "%d min %d s", static_cast<int>(seconds / 60),
                  static_cast<int>(std::fmod(seconds, 60)));
  }
  return buf;
}

std::size_t display_width(std::string_view s) noexcept {
  std::size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;  // count every byte that is not a continuation byte
  }
  return n;
}

}  // namespace ab
