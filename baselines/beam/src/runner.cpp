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
//
// Busy work (`work` in mailbox_flood and server_pool): the C++ workloads spin
// `work` steps of ab::busy_work per message, a dependent chain whose step
// takes a few ns, and one step in Erlang (32-bit values, so that no
// intermediate becomes a bignum) takes longer, so the two cannot share a step
// count. What they share is the duration: busy_step_ns() times the C++ step
// here, the VM gets work_ns = work x that, times its own step at start-up
// (ab_beam:iteration_ns, the fastest of several rounds too) and spins
// work_ns / its step per message. Rejected: assuming a step takes 1 ns (it
// takes 2.5 on the reference machine, so the Erlang side did 40% of the work
// or less), and a fixed ratio of Erlang to C++ steps (it depends on the CPU,
// the compiler and whether the VM has a JIT).
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
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <sstream>

#include "baselines/defaults.hpp"
#include "workloads/backend.hpp"
#include "workloads/busy_work.hpp"

extern char** environ;

namespace ab::backends::beam {

namespace {

// The process limit below which +P never goes: 4M, above skynet's 1,111,112
// processes at --size default with room to spare.
constexpr std::int64_t default_process_limit = std::int64_t{1} << 22;
// The most the VM accepts for +P.
constexpr std::int64_t max_process_limit = 134'217'727;

// The parameter that is busy-work steps, and the one the VM gets for it.
constexpr const char* work_param = "work";
constexpr const char* work_ns_param = "work_ns";

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

// One timing of the busy work: the fastest of busy_step_rounds runs. The seed
// is read from, and each result stored to, a volatile, so the chain can be
// neither computed at compile time nor moved out from between the two clock
// reads.
double measure_busy_step_ns() {
  volatile std::uint64_t chain = 1;
  double fastest = std::numeric_limits<double>::infinity();
  for (int round = 0; round < baselines::defaults::busy_step_rounds; ++round) {
    const auto t0 = std::chrono::steady_clock::now();
    chain = busy_work(chain, baselines::defaults::busy_step_iterations);
    const auto t1 = std::chrono::steady_clock::now();
    fastest = std::min(fastest, std::chrono::duration<double, std::nano>(t1 - t0).count() /
                                    static_cast<double>(baselines::defaults::busy_step_iterations));
  }
  return fastest;
}

std::string fixed3(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

}  // namespace

double busy_step_ns() {
  static const double ns = measure_busy_step_ns();
  return ns;
}

std::int64_t work_ns(std::int64_t work) {
  if (work <= 0) return 0;
  return std::max<std::int64_t>(1, std::llround(static_cast<double>(work) * busy_step_ns()));
}

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
  if (const auto work = p.values.find(work_param); work != p.values.end())
    argv.push_back(std::string(work_ns_param) + "=" + std::to_string(work_ns(work->second)));
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
  if (r.ok && p.values.count(work_param) != 0)
    r.extra["work_cxx_ns_per_iteration"] = busy_step_ns();
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
  const child_output out =
      run_child({find_erl(), "-noshell", "+S", s + ":" + s, "-pa", ebin_dir, "-eval",
                 "io:format(\"OTP ~s, erts ~s, ~p, ~p schedulers~n~.3f~n\", "
                 "[erlang:system_info(otp_release), "
                 "erlang:system_info(version), erlang:system_info(emu_flavor), "
                 "erlang:system_info(schedulers_online), ab_beam:iteration_ns()]), halt()."},
                std::chrono::seconds(60));
  std::istringstream lines(out.text);
  std::string vm;
  std::string erlang_step;
  std::getline(lines, vm);
  std::getline(lines, erlang_step);
  const double cxx_ns = busy_step_ns();
  const double erlang_ns = to_double(erlang_step);
  std::string busy =
      "busy work (`work` of mailbox_flood and server_pool): cxx_ns_per_step=" + fixed3(cxx_ns) +
      " (ab::busy_work here, fastest of " + std::to_string(baselines::defaults::busy_step_rounds) +
      " runs of " + std::to_string(baselines::defaults::busy_step_iterations) +
      " steps), work_ns = work x cxx_ns_per_step per message";
  if (erlang_ns > 0) {
    busy += ", erlang_ns_per_step=" + fixed3(erlang_ns) +
            " (ab_beam:busy_work, timed by a VM here; each run's VM times its own at start-up), "
            "erlang_steps_per_work=" +
            fixed3(cxx_ns / erlang_ns) +
            " (a message's Erlang steps are work x this; each run's extra has its work_ns, "
            "work_iterations, work_ns_per_iteration and work_cxx_ns_per_iteration)";
  } else {
    busy += ", erlang_ns_per_step unknown (the VM did not time its step: " + erlang_step + ")";
  }
  return vm + "; erl -noshell +S " + s + ":" + s + " +P max(" +
         std::to_string(default_process_limit) +
         ", 2 x the largest parameter); message_queue_data=off_heap for the receivers of fan_in "
         "and mailbox_flood; " +
         busy;
}

}  // namespace ab::backends::beam
