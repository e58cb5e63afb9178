#include "atomic_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>

namespace ab {

namespace {

std::filesystem::path temporary_for(const std::filesystem::path& path) {
  std::filesystem::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid());
  return tmp;
}

}  // namespace

std::optional<std::string> check_replaceable(const std::filesystem::path& path) {
  std::error_code ec;
  const std::filesystem::file_status st = std::filesystem::status(path, ec);
  if (std::filesystem::exists(st) && !std::filesystem::is_regular_file(st)) {
    return "it exists and is not a regular file";
  }
  return std::nullopt;
}

std::optional<std::string> write_file_atomically(const std::filesystem::path& path,
                                                 const std::function<void(std::ostream&)>& write) {
  if (auto e = check_replaceable(path)) return "cannot write " + path.string() + ": " + *e;
  const std::filesystem::path tmp = temporary_for(path);
  std::error_code ignored;
  {
    std::ofstream out{tmp, std::ios::binary | std::ios::trunc};
    if (!out) return "cannot create " + tmp.string() + ": " + std::strerror(errno);
    try {
      write(out);
    } catch (const std::exception& e) {
      out.close();
      std::filesystem::remove(tmp, ignored);
      return "cannot write " + path.string() + ": " + e.what();
    }
    out.flush();
    if (!out) {
      out.close();
      std::filesystem::remove(tmp, ignored);
      return "cannot write " + tmp.string() + ": " + std::strerror(errno);
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ignored);
    return "cannot rename " + tmp.string() + " to " + path.string() + ": " + ec.message();
  }
  return std::nullopt;
}

std::optional<std::string> ensure_writable_directory(const std::filesystem::path& dir) {
  const std::filesystem::path d = dir.empty() ? std::filesystem::path(".") : dir;
  std::error_code ec;
  if (!std::filesystem::exists(d, ec)) {
    std::filesystem::create_directories(d, ec);
    if (ec) return "cannot create directory " + d.string() + ": " + ec.message();
  } else if (!std::filesystem::is_directory(d, ec)) {
    return d.string() + " is not a directory";
  }
  const std::filesystem::path probe = d / (".actorbench-probe." + std::to_string(::getpid()));
  {
    std::ofstream out{probe};
    if (!out) return "cannot create files in " + d.string() + ": " + std::strerror(errno);
  }
  std::filesystem::remove(probe, ec);
  return std::nullopt;
}

}  // namespace ab
