#include "rt/detail/registry.hpp"

#include "rt/detail/process.hpp"

namespace rt {

std::string_view to_string(registry_status s) noexcept {
  switch (s) {
    case registry_status::ok: return "ok";
    case registry_status::name_taken: return "name_taken";
    case registry_status::already_named: return "already_named";
    case registry_status::no_process: return "no_process";
    case registry_status::not_registered: return "not_registered";
    case registry_status::bad_name: return "bad_name";
  }
  return "?";
}

namespace detail {

namespace {
// Put in a process's name slot at exit, so no later register can name it.
const std::string exited_tombstone;
}  // namespace

const std::string* registry::intern(std::string_view name) {
  std::lock_guard lock(atoms_mu_);
  return &*atoms_.emplace(name).first;
}

registry_status registry::add(std::string_view name, pid p, process* proc) {
  if (name.empty()) return registry_status::bad_name;
  if (proc == nullptr) return registry_status::no_process;
  const std::string* atom = intern(name);
  shard& s = shard_for(name);
  std::unique_lock lock(s.mu);
  if (s.map.contains(*atom)) return registry_status::name_taken;
  const std::string* expected = nullptr;
  if (!proc->name.compare_exchange_strong(expected, atom, std::memory_order_seq_cst)) {
    return expected == &exited_tombstone ? registry_status::no_process : registry_status::already_named;
  }
  // A Dekker handshake with the exiting process, which closes its mailbox and
  // then reads its name (both seq_cst): either it sees our name, and erases
  // the entry under this shard's lock once we release it, or we see its
  // mailbox closed here and back out.
  if (proc->mbox.is_closed()) {
    proc->name.store(nullptr, std::memory_order_seq_cst);
    return registry_status::no_process;
  }
  s.map.emplace(*atom, p);
  return registry_status::ok;
}

std::optional<pid> registry::find(std::string_view name) const {
  shard& s = shard_for(name);
  std::shared_lock lock(s.mu);
  auto it = s.map.find(name);
  if (it == s.map.end()) return std::nullopt;
  return it->second;
}

registry_status registry::remove(std::string_view name, const process_table& table) {
  shard& s = shard_for(name);
  std::unique_lock lock(s.mu);
  auto it = s.map.find(name);
  if (it == s.map.end()) return registry_status::not_registered;
  if (process* proc = table.lookup(it->second)) {
    // Atoms are never freed, so reading the process's name is safe; the CAS
    // fails harmlessly if the process is exiting (tombstone).
    const std::string* atom = proc->name.load(std::memory_order_acquire);
    if (atom != nullptr && *atom == name) {
      proc->name.compare_exchange_strong(atom, nullptr, std::memory_order_acq_rel);
    }
  }
  s.map.erase(it);
  return registry_status::ok;
}

void registry::release(process* proc) {
  // Called before the mailbox is closed and again after it (see add and
  // exit_process). Most processes have no name: one load, no read-modify-write.
  if (proc->name.load(std::memory_order_seq_cst) == nullptr) return;
  const std::string* atom = proc->name.exchange(&exited_tombstone, std::memory_order_acq_rel);
  if (atom == nullptr || atom == &exited_tombstone) return;
  shard& s = shard_for(*atom);
  std::unique_lock lock(s.mu);
  auto it = s.map.find(*atom);
  if (it != s.map.end() && it->second == proc->self) s.map.erase(it);
}

std::size_t registry::size() const {
  std::size_t n = 0;
  for (auto& s : shards_) {
    std::shared_lock lock(s.mu);
    n += s.map.size();
  }
  return n;
}

}  // namespace detail
}  // namespace rt
