#include "machine.hpp"

#include <gtest/gtest.h>

namespace {

TEST(machine, cache_sizes_are_read_as_the_kernel_writes_them) {
  EXPECT_EQ(ab::parse_cache_size("32K"), 32 * 1024);
  EXPECT_EQ(ab::parse_cache_size("2048K"), 2048 * 1024);
  EXPECT_EQ(ab::parse_cache_size("1M"), 1024 * 1024);
  EXPECT_EQ(ab::parse_cache_size("512"), 512);
  EXPECT_EQ(ab::parse_cache_size("12Q"), 0);
  EXPECT_EQ(ab::parse_cache_size(""), 0);
}

TEST(machine, cpu_lists_are_counted) {
  EXPECT_EQ(ab::count_cpu_list("0"), 1);
  EXPECT_EQ(ab::count_cpu_list("0-3"), 4);
  EXPECT_EQ(ab::count_cpu_list("0-3,8,10-11"), 7);
  EXPECT_EQ(ab::count_cpu_list("3-1"), 0);
  EXPECT_EQ(ab::count_cpu_list("x"), 0);
}

TEST(machine, the_probe_finds_this_machines_cpus) {
  const auto m = ab::probe_machine();
  EXPECT_GT(m.num_cpus, 0);
  EXPECT_GT(m.num_cores, 0);
  EXPECT_LE(m.num_cores, m.num_cpus);
  EXPECT_GT(m.cpus_allowed, 0);
  EXPECT_FALSE(m.host_name.empty());
  EXPECT_FALSE(m.kernel.empty());
  EXPECT_GT(m.memory_bytes, 0);
  for (const auto& c : m.caches) {
    EXPECT_TRUE(c.type == "Data" || c.type == "Instruction" || c.type == "Unified") << c.type;
    EXPECT_GT(c.level, 0);
    EXPECT_GT(c.size, 0);
  }
}

}  // namespace
