// Fuzzes the command-line parser (harness/src/options.cpp).
//
// The input is an argument list, one argument per line. Whatever it is, the
// parser must return either options or a usage error that is one line
// starting "actorbench", never crash, throw or hang.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "fake_workloads.hpp"
#include "options.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const ab::catalog catalog = ab::testing::fake_catalog();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> args;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    args.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  auto parsed = ab::parse_command_line(args, catalog);
  if (const auto* e = std::get_if<ab::usage_error>(&parsed)) {
    if (!e->message.starts_with("actorbench") || e->message.find('\n') != std::string::npos) {
      std::fprintf(stderr, "options fuzz: malformed usage error: %s\n", e->message.c_str());
      std::abort();
    }
  }
  return 0;
}
