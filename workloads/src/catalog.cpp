// all_workloads(), all_backends(), unavailable_backends() and
// describe_backends(): what the harness can run, and on what.
//
// The C++ backends are types (dispatch.hpp); beam is the Erlang VM, so a run
// on "beam" goes to its runner with the workload's name instead. Each
// workload's run is wrapped once here for that, so that the workload files
// know nothing of the BEAM.
#include "catalog.hpp"

#include <array>
#include <cstddef>
#include <utility>

#include "baselines/beam/runner.hpp"
#include "baselines/boost_fiber/backend.hpp"
#include "baselines/onetbb/backend.hpp"
#include "baselines/os_threads/backend.hpp"
#include "baselines/rt/backend.hpp"
#ifdef AB_HAVE_CAF
#include "baselines/caf/backend.hpp"
#include "baselines/caf/system.hpp"
#endif

namespace ab {

namespace {

// Each workload file's definition, in the order `actorbench list` shows them.
constexpr std::array definitions{
    &ring_workload,      &fan_in_workload, &mailbox_flood_workload, &spawn_storm_workload,
    &ping_pong_workload, &skynet_workload, &big_workload,           &server_pool_workload,
    &crash_storm_workload,
};

// Workload I's run, with "beam" routed to the VM.
template <std::size_t I>
run_result run_anywhere(const std::string& backend, const run_params& p) {
  static const workload_info w = definitions[I]();
  if (backend == backends::beam::name) return backends::beam::run(w.name, p);
  return w.run(backend, p);
}

template <std::size_t... I>
std::vector<workload_info> every_workload(std::index_sequence<I...>) {
  std::vector<workload_info> all{definitions[I]()...};
  ((all[I].run = &run_anywhere<I>), ...);
  return all;
}

}  // namespace

const std::vector<workload_info>& all_workloads() {
  static const std::vector<workload_info> all =
      every_workload(std::make_index_sequence<definitions.size()>{});
  return all;
}

const std::vector<std::string>& all_backends() {
  static const std::vector<std::string> all = [] {
    std::vector<std::string> v{
        std::string(backends::rt::backend::name),
        std::string(backends::os_threads::backend::name),
        std::string(backends::boost_fiber::backend::name),
        std::string(backends::onetbb::backend::name),
    };
#ifdef AB_HAVE_CAF
    v.emplace_back(backends::caf::backend::name);
#endif
    if (backends::beam::unavailable_reason().empty()) v.emplace_back(backends::beam::name);
    return v;
  }();
  return all;
}

const std::vector<unavailable_backend>& unavailable_backends() {
  static const std::vector<unavailable_backend> all = [] {
    std::vector<unavailable_backend> v;
#ifndef AB_HAVE_CAF
    v.push_back({"caf", "CAF (libcaf-dev) was not found when actorbench was built"});
#endif
    if (std::string why = backends::beam::unavailable_reason(); !why.empty())
      v.push_back({std::string(backends::beam::name), std::move(why)});
    return v;
  }();
  return all;
}

std::vector<std::pair<std::string, std::string>> describe_backends(
    const std::vector<std::string>& names, unsigned schedulers) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& n : names) {
#ifdef AB_HAVE_CAF
    if (n == backends::caf::backend::name) out.emplace_back(n, backends::caf::describe());
#endif
    if (n == backends::beam::name) out.emplace_back(n, backends::beam::describe(schedulers));
  }
  return out;
}

}  // namespace ab
