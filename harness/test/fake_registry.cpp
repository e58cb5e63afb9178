// Link-time injection: defines the catalog functions the real ab_workloads
// library defines, with the fakes, for actorbench_fake.
#include "fake_workloads.hpp"

namespace ab {

const std::vector<workload_info>& all_workloads() {
  return testing::fake_workloads();
}
const std::vector<std::string>& all_backends() {
  return testing::fake_backends();
}

const std::vector<unavailable_backend>& unavailable_backends() {
  return testing::fake_unavailable_backends();
}
std::vector<std::pair<std::string, std::string>> describe_backends(
    const std::vector<std::string>& backends, unsigned schedulers) {
  return testing::fake_backend_settings(backends, schedulers);
}

}  // namespace ab
