// Fuzzes the result-file reader (harness/src/results_file.cpp), which
// `report` and `compare` use on files from anywhere.
//
// Whatever the input, it must return a result or a one-line error naming the
// file, never crash, throw or hang.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <variant>

#include "results_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto parsed = ab::parse_results_file(text, "fuzz.json");
  if (const auto* e = std::get_if<std::string>(&parsed)) {
    if (!e->starts_with("fuzz.json") || e->find('\n') != std::string::npos) {
      std::fprintf(stderr, "results_file fuzz: malformed error: %s\n", e->c_str());
      std::abort();
    }
  }
  return 0;
}
