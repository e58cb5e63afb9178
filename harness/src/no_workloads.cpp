// The empty catalog actorbench links when the build has no ab_workloads
// target (the workloads/ folder is not there yet): the binary builds, `list`
// says that nothing is linked, and `run` refuses with exit status 2.
#include "workloads/workload.hpp"

namespace ab {

const std::vector<workload_info>& all_workloads() {
  static const std::vector<workload_info> none;
  return none;
}

const std::vector<std::string>& all_backends() {
  static const std::vector<std::string> none;
  return none;
}

const std::vector<unavailable_backend>& unavailable_backends() {
  static const std::vector<unavailable_backend> none;
  return none;
}

std::vector<std::pair<std::string, std::string>> describe_backends(const std::vector<std::string>&,
                                                                   unsigned) {
  return {};
}

}  // namespace ab
