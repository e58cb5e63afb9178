// Runs a workload template on the backend named at run time: the one place
// where a backend's name becomes its type. (caf only where CAF was found when
// this was built; beam is not a type: catalog.cpp routes it to the VM.)
#pragma once

#include <string>
#include <utility>

#include "baselines/boost_fiber/backend.hpp"
#include "baselines/onetbb/backend.hpp"
#include "baselines/os_threads/backend.hpp"
#include "baselines/rt/backend.hpp"
#include "workloads/backend.hpp"
#include "workloads/workload.hpp"
#ifdef AB_HAVE_CAF
#include "baselines/caf/backend.hpp"
#endif

namespace ab {

// Calls f.template operator()<B>() for the backend B named `name`.
template <class F>
run_result with_backend(const std::string& name, F&& f) {
  static_assert(backend<backends::rt::backend> && backend<backends::os_threads::backend> &&
                backend<backends::boost_fiber::backend> && backend<backends::onetbb::backend>);
  if (name == backends::rt::backend::name) return f.template operator()<backends::rt::backend>();
  if (name == backends::os_threads::backend::name)
    return f.template operator()<backends::os_threads::backend>();
  if (name == backends::boost_fiber::backend::name)
    return f.template operator()<backends::boost_fiber::backend>();
  if (name == backends::onetbb::backend::name)
    return f.template operator()<backends::onetbb::backend>();
#ifdef AB_HAVE_CAF
  static_assert(backend<backends::caf::backend>);
  if (name == backends::caf::backend::name) return f.template operator()<backends::caf::backend>();
#endif
  run_result r;
  r.error = "unknown backend '" + name + "'";
  return r;
}

inline backend_options options_of(const run_params& p) {
  return backend_options{p.schedulers, p.strategy, p.pin_threads, p.idle};
}

}  // namespace ab
