// Writing a result file whole or not at all: into a temporary file in the
// same directory, then renamed over the destination (rename is atomic within
// a file system), so a reader never sees half a file and an interrupted run
// leaves the previous file, if any, untouched.
#pragma once

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>

namespace ab {

// An error ("it exists and ...") if `path` exists and is not a regular file (a device, a pipe, a
// directory): renaming over it would replace it, which is never what the user
// asked for (--json /dev/null, run as root, would delete the device).
std::optional<std::string> check_replaceable(const std::filesystem::path& path);

// Calls write(os) on the temporary file. Returns an error message (and leaves
// no temporary file behind) when the file cannot be written or write throws.
std::optional<std::string> write_file_atomically(const std::filesystem::path& path,
                                                 const std::function<void(std::ostream&)>& write);

// Makes sure files can be created in `dir`: creates it (and its parents) if
// needed and creates and removes a probe file. Returns an error message.
std::optional<std::string> ensure_writable_directory(const std::filesystem::path& dir);

}  // namespace ab
