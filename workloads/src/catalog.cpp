// all_workloads() and all_backends(): what the harness can run.
#include "catalog.hpp"

#include "baselines/boost_fiber/backend.hpp"
#include "baselines/onetbb/backend.hpp"
#include "baselines/os_threads/backend.hpp"
#include "baselines/rt/backend.hpp"

namespace ab {

const std::vector<workload_info>& all_workloads() {
  static const std::vector<workload_info> all{
      ring_workload(),      fan_in_workload(), mailbox_flood_workload(), spawn_storm_workload(),
      ping_pong_workload(), skynet_workload(), big_workload(),           server_pool_workload(),
      crash_storm_workload(),
  };
  return all;
}

const std::vector<std::string>& all_backends() {
  static const std::vector<std::string> all{
      std::string(backends::rt::backend::name),
      std::string(backends::os_threads::backend::name),
      std::string(backends::boost_fiber::backend::name),
      std::string(backends::onetbb::backend::name),
  };
  return all;
}

}  // namespace ab
