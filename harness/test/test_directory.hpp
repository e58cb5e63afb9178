// A fresh directory for a test, removed with everything in it at the end.
#pragma once

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <string>
#include <vector>

namespace ab::testing {

class test_directory {
 public:
  test_directory() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("actorbench-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~test_directory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  test_directory(const test_directory&) = delete;
  test_directory& operator=(const test_directory&) = delete;

  const std::filesystem::path& path() const { return path_; }

  // Every file below the directory, relative to it, sorted.
  std::vector<std::string> files() const {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::recursive_directory_iterator(path_)) {
      if (e.is_regular_file()) out.push_back(e.path().lexically_relative(path_).string());
    }
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace ab::testing
