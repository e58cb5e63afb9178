// The beam backend: the workloads written in Erlang (src/ab_*.erl), run on
// the Erlang VM as a subprocess, their printed figures read back into a
// run_result. Unlike the other backends it is not a type the C++ workloads
// are instantiated for: the catalog routes a run on "beam" here.
#pragma once

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

// The VM's command line for a run with these params (for tests and the
// context): erl -noshell +S N:N +P ... -pa EBIN -run ab_beam main WORKLOAD k=v...
std::vector<std::string> command_line(const std::string& workload, const run_params& p);

// Runs `workload` once on the VM: ok with the figures the Erlang workload
// reported after verifying itself, unsupported or error as it said, or error
// when the VM could not be started, crashed, or printed something unreadable.
run_result run(const std::string& workload, const run_params& p);

// "OTP 25, erts 13.1.5, jit, flags +S 2:2 +P ..." (starts erl to ask it).
std::string describe(unsigned schedulers);

// Reads what ab_beam:main printed (its output protocol is documented in
// src/ab_beam.erl). Exposed for tests.
run_result parse_output(const std::string& output);

}  // namespace ab::backends::beam
