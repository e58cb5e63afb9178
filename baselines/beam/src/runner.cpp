// Starting the Erlang VM for one run and reading its result.
//
// The VM runs as a child process with its stdout and stderr on one pipe; we
// read until the pipe closes or run_timeout passes (then the VM is killed and
// the run is an error), then reap it. Everything it printed is parsed by
// parse_output; lines the protocol does not know (a crash report, say) are
// kept to explain a failure.
//
// The VM's flags, the same for every workload:
//   -noshell          no shell, no input;
//   +S N:N            N schedulers, all online: the run's thread count, as
//                     every backend gets;
//   +P P              the process limit: at least default_process_limit and
//                     twice the largest parameter, so that skynet's and
//                     spawn_storm's processes fit (the VM's default is 262,144);
//   ERL_CRASH_DUMP_SECONDS=0  a crashing VM writes no erl_crash.dump.
// Per-workload settings (message_queue_data = off_heap for a flooded
// receiver) are in the Erlang modules, where the BEAM sets them: on spawn.
#include "baselines/beam/runner.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <sstream>

#include "workloads/backend.hpp"

extern char** environ;

namespace ab::backends::beam {

namespace {

// The process limit below which +P never goes: 4M, above skynet's 1,111,112
// processes at --size default with room to spare.
constexpr std::int64_t default_process_limit = std::int64_t{1} << 22;
// The most the VM accepts for +P.
constexpr std::int64_t max_process_limit = 134'217'727;

// The compiled modules (set by CMake when erlc was found), else empty.
#ifdef AB_BEAM_EBIN_DIR
constexpr const char* ebin_dir = AB_BEAM_EBIN_DIR;
#else
constexpr const char* ebin_dir = "";
#endif

bool is_executable_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

// `erl`'s full path from PATH, or empty.
std::string find_erl() {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return {};
  std::istringstream dirs(path);
  for (std::string dir; std::getline(dirs, dir, ':');) {
    if (dir.empty()) dir = ".";
    const std::string candidate = dir + "/erl";
    if (is_executable_file(candidate)) return candidate;
  }
  return {};
}

struct child_output {
  bool started = false;
  bool timed_out = false;
  int status = 0;
  std::string text;
  std::string error;  // why it could not be started
};

// Runs argv with stdout and stderr captured; kills it after `timeout`.
child_output run_child(const std::vector<std::string>& argv, std::chrono::seconds timeout) {
  child_output out;
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    out.error = std::string("pipe: ") + std::strerror(errno);
    return out;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<std::string> env_storage;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::strncmp(*e, "ERL_CRASH_DUMP_SECONDS=", 23) != 0) env_storage.emplace_back(*e);
  }
  env_storage.emplace_back("ERL_CRASH_DUMP_SECONDS=0");
  std::vector<char*> env;
  for (auto& e : env_storage) env.push_back(e.data());
  env.push_back(nullptr);
  pid_t pid = 0;
  const int rc = ::posix_spawn(&pid, argv[0].c_str(), &actions, nullptr, args.data(), env.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  if (rc != 0) {
    ::close(fds[0]);
    out.error = "cannot start " + argv[0] + ": " + std::strerror(rc);
    return out;
  }
  out.started = true;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  char buf[65536];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      out.timed_out = true;
      ::kill(pid, SIGKILL);
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(std::min<std::int64_t>(left.count(), 1000)));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    const ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.text.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  while (::waitpid(pid, &out.status, 0) < 0 && errno == EINTR) {
  }
  return out;
}

double to_double(const std::string& s) {
  return std::strtod(s.c_str(), nullptr);
}

std::int64_t to_int(const std::string& s) {
  return std::strtoll(s.c_str(), nullptr, 10);
}

// "V1 C1 V2 C2 ..." into a histogram.
histogram histogram_of(std::istringstream& pairs) {
  histogram h;
  std::int64_t value = 0;
  std::int64_t count = 0;
  while (pairs >> value >> count) h.record_count(value, count);
  return h;
}

std::string rest_of(std::istringstream& line) {
  std::string rest;
  std::getline(line >> std::ws, rest);
  return rest;
}

}  // namespace

std::string unavailable_reason() {
  if (std::string(ebin_dir).empty())
    return "erlc was not found when actorbench was built; install erlang-nox and rebuild";
  if (find_erl().empty()) return "erl is not on PATH; install erlang-nox";
  return {};
}

std::vector<std::string> command_line(const std::string& workload, const run_params& p) {
  std::int64_t largest = 0;
  for (const auto& [k, v] : p.values) largest = std::max(largest, v);
  const std::int64_t limit =
      std::min(max_process_limit, std::max(default_process_limit, 2 * largest));
  const unsigned schedulers = backend_options{p.schedulers}.resolved_threads();
  const std::string s = std::to_string(schedulers);
  std::vector<std::string> argv{
      find_erl(), "-noshell", "+S",   s + ":" + s, "+P",   std::to_string(limit),
      "-pa",      ebin_dir,   "-run", "ab_beam",   "main", workload};
  for (const auto& [k, v] : p.values) argv.push_back(k + "=" + std::to_string(v));
  return argv;
}

run_result parse_output(const std::string& output) {
  run_result r;
  std::string verdict;
  std::string reason;
  std::string unexpected;
  std::istringstream lines(output);
  for (std::string text; std::getline(lines, text);) {
    std::istringstream line(text);
    std::string key;
    line >> key;
    if (key == "vm") {
      continue;
    } else if (key == "result") {
      line >> verdict;
    } else if (key == "reason") {
      reason = rest_of(line);
    } else if (key == "seconds") {
      r.seconds = to_double(rest_of(line));
    } else if (key == "items") {
      r.items = to_double(rest_of(line));
    } else if (key == "unit") {
      r.items_unit = rest_of(line);
    } else if (key == "latency") {
      r.latency_ns = histogram_of(line);
    } else if (key == "latency_uncorrected") {
      r.extra["p99_uncorrected_ns"] = static_cast<double>(histogram_of(line).percentile(99));
    } else if (key == "bytes_per_process") {
      r.bytes_per_process = to_double(rest_of(line));
    } else if (key == "peak_rss_bytes") {
      r.peak_rss_bytes = to_int(rest_of(line));
    } else if (key == "extra") {
      std::string name;
      line >> name;
      r.extra[name] = to_double(rest_of(line));
    } else if (!text.empty() && unexpected.size() < 300) {
      unexpected += (unexpected.empty() ? "" : " | ") + text;
    }
  }
  if (verdict == "ok" && r.seconds > 0 && r.items > 0 && !r.items_unit.empty()) {
    r.ok = true;
    return r;
  }
  run_result bad;
  if (verdict == "unsupported") {
    bad.unsupported = true;
    bad.error = reason;
  } else if (verdict == "error") {
    bad.error = reason.empty() ? "the Erlang workload failed" : reason;
  } else {
    bad.error = verdict == "ok" ? "the VM reported no figures" : "the VM printed no result";
    if (!unexpected.empty()) bad.error += ": " + unexpected;
  }
  return bad;
}

run_result run(const std::string& workload, const run_params& p) {
  if (const std::string why = unavailable_reason(); !why.empty()) {
    run_result r;
    r.unsupported = true;
    r.error = "beam: " + why;
    return r;
  }
  const child_output out = run_child(command_line(workload, p), run_timeout);
  run_result r;
  if (!out.started) {
    r.error = "beam: " + out.error;
    return r;
  }
  if (out.timed_out) {
    r.error = "beam: the VM did not finish in " + std::to_string(run_timeout.count()) + " s";
    return r;
  }
  r = parse_output(out.text);
  if (r.ok && !(WIFEXITED(out.status) && WEXITSTATUS(out.status) == 0)) {
    r.ok = false;
    r.error = "beam: the VM exited abnormally after reporting its result";
  } else if (!r.ok && !r.unsupported && !(WIFEXITED(out.status) && WEXITSTATUS(out.status) == 0)) {
    r.error += WIFSIGNALED(out.status)
                   ? " (the VM was killed by signal " + std::to_string(WTERMSIG(out.status)) + ")"
                   : " (the VM exited with status " + std::to_string(WEXITSTATUS(out.status)) + ")";
  }
  return r;
}

std::string describe(unsigned schedulers) {
  if (const std::string why = unavailable_reason(); !why.empty()) return "unavailable: " + why;
  const std::string s = std::to_string(backend_options{schedulers}.resolved_threads());
  const child_output out = run_child(
      {find_erl(), "-noshell", "+S", s + ":" + s, "-eval",
       "io:format(\"OTP ~s, erts ~s, ~p, ~p schedulers\", [erlang:system_info(otp_release), "
       "erlang:system_info(version), erlang:system_info(emu_flavor), "
       "erlang:system_info(schedulers_online)]), halt()."},
      std::chrono::seconds(60));
  std::string vm = out.text;
  while (!vm.empty() && (vm.back() == '\n' || vm.back() == '\r')) vm.pop_back();
  return vm + "; erl -noshell +S " + s + ":" + s + " +P max(" +
         std::to_string(default_process_limit) +
         ", 2 x the largest parameter); message_queue_data=off_heap for the receivers of fan_in "
         "and mailbox_flood";
}

}  // namespace ab::backends::beam
