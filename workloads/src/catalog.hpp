// The workloads this library defines, one function per workload file.
#pragma once

#include "workloads/workload.hpp"

namespace ab {

workload_info ring_workload();
workload_info fan_in_workload();
workload_info mailbox_flood_workload();
workload_info spawn_storm_workload();
workload_info ping_pong_workload();
workload_info skynet_workload();
workload_info big_workload();
workload_info server_pool_workload();
workload_info crash_storm_workload();

}  // namespace ab
