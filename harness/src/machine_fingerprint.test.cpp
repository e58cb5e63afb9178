#include "machine_fingerprint.hpp"

#include <gtest/gtest.h>

namespace {

TEST(machine_fingerprint, a_slug_keeps_the_models_distinctive_words_and_the_core_count) {
  EXPECT_EQ(ab::machine_slug("Intel(R) Xeon(R) Processor", 2), "xeon-2c");
  EXPECT_EQ(ab::machine_slug("Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz", 32),
            "xeon-platinum-8375c-32c");
  EXPECT_EQ(ab::machine_slug("AMD EPYC 7763 64-Core Processor", 64), "epyc-7763-64c");
  EXPECT_EQ(ab::machine_slug("Intel(R) Core(TM) i7-10700K CPU @ 3.80GHz", 8), "i7-10700k-8c");
  EXPECT_EQ(ab::machine_slug("AMD Ryzen 7 5800X 8-Core Processor", 8), "ryzen-7-5800x-8c");
  EXPECT_EQ(ab::machine_slug("Apple M2", 8), "apple-m2-8c");
  EXPECT_EQ(ab::machine_slug("", 4), "cpu-4c");
}

ab::machine_info a_machine() {
  ab::machine_info m;
  m.host_name = "ci-1";
  m.cpu_model = "Intel(R) Xeon(R) Processor";
  m.num_cpus = 2;
  m.num_cores = 2;
  m.cpus_allowed = 2;
  m.memory_bytes = std::int64_t{8} * 1024 * 1024 * 1024 - 123456;
  m.caches = {{"Data", 1, 48 * 1024, 1}, {"Unified", 2, 2 * 1024 * 1024, 1}};
  m.kernel = "Linux 6.1.0 #1 SMP x86_64";
  m.mhz_per_cpu = 2000;
  return m;
}

TEST(machine_fingerprint, the_fingerprint_is_the_hardwares_not_the_hosts) {
  const auto m = a_machine();
  const std::string fp = ab::fingerprint(ab::facts_of(m));
  EXPECT_EQ(fp.size(), 16u);
  auto other_host = m;
  other_host.host_name = "ci-2";
  other_host.mhz_per_cpu = 2100;
  other_host.kernel = "Linux 6.5.0 #2 SMP x86_64";
  other_host.memory_bytes += 1000;
  EXPECT_EQ(ab::fingerprint(ab::facts_of(other_host)), fp);
  auto more_cpus = m;
  more_cpus.num_cpus = 4;
  EXPECT_NE(ab::fingerprint(ab::facts_of(more_cpus)), fp);
  auto other_model = m;
  other_model.cpu_model = "AMD EPYC 7763 64-Core Processor";
  EXPECT_NE(ab::fingerprint(ab::facts_of(other_model)), fp);
}

TEST(machine_fingerprint, a_result_files_context_gives_the_same_facts_as_the_probe) {
  const auto m = a_machine();
  nlohmann::json context = {
      {"cpu_model", m.cpu_model},
      {"num_cpus", m.num_cpus},
      {"num_cores", m.num_cores},
      {"cpus_allowed", m.cpus_allowed},
      {"memory_bytes", m.memory_bytes},
      {"kernel", m.kernel},
      {"caches",
       {{{"type", "Data"}, {"level", 1}, {"size", 48 * 1024}, {"num_sharing", 1}},
        {{"type", "Unified"}, {"level", 2}, {"size", 2 * 1024 * 1024}, {"num_sharing", 1}}}},
  };
  const auto facts = ab::facts_of_context(context);
  EXPECT_EQ(ab::fingerprint(facts), ab::fingerprint(ab::facts_of(m)));
  EXPECT_EQ(facts.memory_gib, 8);
  EXPECT_EQ(facts.arch, "x86_64");
  EXPECT_EQ(facts.caches, "L1 Data 48K x1, L2 Unified 2M x1");
  EXPECT_EQ(ab::describe(facts).front(),
            (std::pair<std::string, std::string>{"cpu_model", m.cpu_model}));
}

// Found by the fuzzer: a huge float where a count belongs was converted to int,
// which is undefined behaviour. Out-of-range, fractional and non-number values
// read as unknown (0); whole floats in range are taken.
TEST(machine_fingerprint, counts_out_of_range_or_not_whole_read_as_unknown) {
  nlohmann::json context = {
      {"num_cpus", 2.66667e+54},
      {"num_cores", -3},
      {"cpus_allowed", 4.0},
      {"memory_bytes", 18446744073709551615u},
      {"caches",
       {{{"type", "Data"}, {"level", 1.5}, {"size", -1e300}, {"num_sharing", "two"}}}},
  };
  const auto facts = ab::facts_of_context(context);
  EXPECT_EQ(facts.num_cpus, 0);
  EXPECT_EQ(facts.num_cores, 0);
  EXPECT_EQ(facts.cpus_allowed, 4);
  EXPECT_EQ(facts.memory_gib, 0);
  EXPECT_EQ(facts.caches, "L0 Data 0 x0");
}

}  // namespace
