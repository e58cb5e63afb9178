// Building a run_result: exactly one of ok, unsupported or error.
#pragma once

#include <string>

#include "workloads/backend.hpp"
#include "workloads/workload.hpp"

namespace ab {

inline run_result unsupported(std::string why) {
  run_result r;
  r.unsupported = true;
  r.error = std::move(why);
  return r;
}

inline run_result failed(std::string why) {
  run_result r;
  r.error = std::move(why);
  return r;
}

// The result of a run that has passed its own verification: failed if the
// backend reported a problem, else ok.
inline run_result verified(run_result r, const run_status& s) {
  if (!s.ok) return failed(s.error);
  r.ok = true;
  r.unsupported = false;
  r.error.clear();
  return r;
}

// A backend that cannot hold `needed` live actors at once.
template <class B>
bool too_many_processes(std::size_t needed) {
  return needed > B::max_live_processes();
}
template <class B>
run_result too_many_processes_result(std::size_t needed) {
  return unsupported(std::string(B::name) + " can keep at most " +
                     std::to_string(B::max_live_processes()) +
                     " processes alive at once; this run may need " + std::to_string(needed));
}

}  // namespace ab
