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

}  // namespace ab
