// One CAF actor system per run, configured for the benchmark.
//
// The settings (set in system.cpp, written down in baselines/README.md):
//   scheduler.policy          stealing: CAF's default work-stealing scheduler;
//   scheduler.max-threads     the run's thread count, as every backend gets;
//   scheduler.max-throughput  defaults::messages_per_turn (256), the turn every
//                             cooperative baseline gets: CAF's default,
//                             unlimited, lets an actor that keeps messaging
//                             itself (spawn_storm's spawner) hold its worker
//                             and starve what it spawned (measured: 13 k
//                             spawns/s unlimited, 87 k with 256);
//   work-stealing.*           CAF's defaults (aggressive polling first, then
//                             moderate, then relaxed sleeping).
// A system owns its threads: it is built in the constructor and joined in the
// destructor, after every actor is done.
#pragma once

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <cstddef>
#include <string>

namespace ab::backends::caf {

// The configuration a run with `threads` workers uses.
class config : public ::caf::actor_system_config {
 public:
  explicit config(unsigned threads);
};

class system {
 public:
  explicit system(unsigned threads) : config_(threads), system_(config_) {}
  system(const system&) = delete;
  system& operator=(const system&) = delete;

  ::caf::actor_system& get() noexcept { return system_; }

 private:
  config config_;
  ::caf::actor_system system_;
};

// "CAF 0.17.6, stealing, max-throughput unlimited" (for the results' context).
std::string describe();

}  // namespace ab::backends::caf
