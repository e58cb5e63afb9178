// The beam backend: the workloads written in Erlang (src/ab_*.erl), run on
// the Erlang VM as a subprocess, their printed figures read back into a
// run_result. Unlike the other backends it is not a type the C++ workloads
// are instantiated for: the catalog routes a run on "beam" here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "workloads/workload.hpp"

namespace ab::backends::beam {

inline constexpr std::string_view name = "beam";

// Why the beam backend cannot run here (one line), or empty when it can:
// its modules were compiled when this binary was built (erlc was found) and
// `erl` is on PATH now.
std::string unavailable_reason();

// How long one step of ab::busy_work (workloads/busy_work.hpp) takes on this
// machine, in ns: the fastest of defaults::busy_step_rounds timed runs of
// defaults::busy_step_iterations steps. Measured on the first call and kept
// for the life of the process, so that every beam run of a suite hands the VM
// the same duration and the context reports the one the runs used. Any
// thread may call it.
double busy_step_ns();

// The busy work a workload's `work` parameter stands for, as a duration:
// `work` steps of ab::busy_work here, work x busy_step_ns() rounded to a ns
// (0 for no work). The VM gets it as work_ns and spins that long per message.
std::int64_t work_ns(std::int64_t work);

// The VM's command line for a run with these params (for tests and the
// context): erl -noshell +S N:N +P ... -pa EBIN -run ab_beam main WORKLOAD
// k=v..., and work_ns=D where the params have a `work`.
std::vector<std::string> command_line(const std::string& workload, const run_params& p);

// Runs `workload` once on the VM: ok with the figures the Erlang workload
// reported after verifying itself, unsupported or error as it said, or error
// when the VM could not be started, crashed, or printed something unreadable.
// With a `work` parameter the figures include the busy work's calibration:
// work_cxx_ns_per_iteration (busy_step_ns()), and from the VM work_ns,
// work_ns_per_iteration (its own step, timed at its start-up) and
// work_iterations (its steps per message).
run_result run(const std::string& workload, const run_params& p);

// "OTP 25, erts 13.1.5, jit, 2 schedulers; erl -noshell +S 2:2 +P ...; busy
// work: cxx_ns_per_step=2.489 ... erlang_ns_per_step=6.120 ..." (starts erl to ask
// it, and to time its busy-work step).
std::string describe(unsigned schedulers);

// Reads what ab_beam:main printed (its output protocol is documented in
// src/ab_beam.erl). Exposed for tests.
run_result parse_output(const std::string& output);

}  // namespace ab::backends::beam
