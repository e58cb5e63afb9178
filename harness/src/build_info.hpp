// How this binary was built: compiler, build type, flags, and the git commit
// of the sources. Recorded in every result file's context.
//
// build_info.cpp is generated at build time from build_info.cpp.in by
// cmake/build_info.cmake, so the commit is that of the last build, not of the
// last configure; the file is rewritten only when its text changes.
#pragma once

#include <string>

namespace ab {

struct build_info {
  std::string version;      // the project's version (top-level CMakeLists.txt)
  std::string build_type;   // CMAKE_BUILD_TYPE: "Release", "Debug", ...
  std::string cxx_flags;    // CMAKE_CXX_FLAGS plus those of the build type
  std::string sanitizer;    // ACTORBENCH_SANITIZE: "", "address" or "thread"
  std::string git_commit;   // "unknown" outside a git checkout
  bool git_dirty = false;   // tracked files differed from the commit at build time
  std::string compiler;     // "GCC 12.2.0", "Clang 16.0.6"
  bool assertions = false;  // built without NDEBUG
  // True for anything whose numbers mean little: not optimised, assertions
  // on, or sanitized. Reported loudly.
  bool is_debug() const noexcept;
};

const build_info& this_build() noexcept;

}  // namespace ab
