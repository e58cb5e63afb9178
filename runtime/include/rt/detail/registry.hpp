// The name registry: one pid per name, one name per pid.
//
// Names are interned on registration (like the BEAM's atoms, they are never
// freed while the runtime lives), so a process can point at its name without
// owning it and introspection can read it from any thread. The name -> pid map
// is split into defaults::registry_shards shards, each under its own
// reader-writer lock: lookups take one shard's shared lock, there is no global
// lock on lookup. Interning takes the atom table's mutex, on register only.
//
// A process's name pointer changes only under its name's shard lock, except at
// exit, where it is swapped for a tombstone first (so no later register can
// succeed) and the map entry is then erased under the shard lock. A name is
// therefore released before the process's DOWN and EXIT signals are sent.
#pragma once

#include <array>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "rt/defaults.hpp"
#include "rt/detail/process_table.hpp"
#include "rt/pid.hpp"

namespace rt {

// Outcome of a registry operation (errors are values, as erlang:register/2's
// badarg cases, here named).
enum class registry_status : std::uint8_t {
  ok,
  name_taken,      // another process holds the name
  already_named,   // the process already has a (different) name
  no_process,      // the pid is not alive
  not_registered,  // unregister of a name nobody holds
  bad_name,        // empty name
};
std::string_view to_string(registry_status s) noexcept;

namespace detail {

class registry {
 public:
  // Caller must be inside an epoch-protected section; `proc` is the live
  // process of `p` (or nullptr if it is dead).
  registry_status add(std::string_view name, pid p, process* proc);
  std::optional<pid> find(std::string_view name) const;
  // Caller must be inside an epoch-protected section.
  registry_status remove(std::string_view name, const process_table& table);
  // The exiting process `proc` (owner only) gives up its name.
  void release(process* proc);
  std::size_t size() const;

 private:
  struct shard {
    alignas(64) mutable std::shared_mutex mu;
    std::unordered_map<std::string_view, pid> map;  // keys point into atoms_
  };
  shard& shard_for(std::string_view name) const noexcept {
    return shards_[std::hash<std::string_view>{}(name) % shards_.size()];
  }
  const std::string* intern(std::string_view name);
  bool clear_name(process* proc, const std::string* atom) noexcept;

  mutable std::array<shard, defaults::registry_shards> shards_;
  std::mutex atoms_mu_;
  std::unordered_set<std::string> atoms_;  // node-based: element addresses are stable
};

}  // namespace detail
}  // namespace rt
