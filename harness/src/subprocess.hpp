// Runs another program and waits for it: how the paired gate
// (gate_paired_run.hpp) runs each build's `actorbench run`.
//
// The program is started directly (posix_spawn, no shell, so arguments need
// no quoting), with its standard output and error both written to one file
// and its standard input from /dev/null. Called from one thread at a time;
// it blocks until the program ends.
#pragma once

#include <string>
#include <vector>

namespace ab {

struct program_outcome {
  bool started = false;  // false: it could not be started (error says why)
  int exit_status = -1;  // its exit status; -1 when it was killed by a signal
  int signal = 0;        // the signal that ended it, or 0
  std::string error;     // why it could not be started
};

// argv[0] is the program's path (not looked up on PATH); `output` receives
// its standard output and error, replaced if it exists.
program_outcome run_program(const std::vector<std::string>& argv, const std::string& output);

// "PATH is not executable" and the like, or "" when `path` names a regular
// file that this process may execute.
std::string why_not_executable(const std::string& path);

}  // namespace ab
