#include "rt/runtime.hpp"

#include <sstream>

#include "rt/detail/signals.hpp"

namespace rt {

runtime::runtime(config cfg) : core_(std::make_unique<detail::runtime_core>(cfg)) {}
runtime::~runtime() = default;

void runtime::exit(pid target, exit_reason reason) {
  auto* m = detail::make_signal<detail::exit_signal>(pid{}, std::move(reason), false);
  core_->deliver(target, m);
}

registry_status runtime::register_name(std::string_view name, pid p) {
  if (detail::tls_context.w != nullptr && &detail::tls_context.w->rt() == core_.get()) {
    return core_->names().add(name, p, core_->table().lookup(p));
  }
  detail::runtime_core::external_guard g(*core_);
  return core_->names().add(name, p, core_->table().lookup(p));
}
registry_status runtime::unregister_name(std::string_view name) {
  if (detail::tls_context.w != nullptr && &detail::tls_context.w->rt() == core_.get()) {
    return core_->names().remove(name, core_->table());
  }
  detail::runtime_core::external_guard g(*core_);
  return core_->names().remove(name, core_->table());
}
std::optional<pid> runtime::whereis(std::string_view name) { return core_->names().find(name); }

std::size_t runtime::process_count() const noexcept { return core_->process_count(); }
std::size_t runtime::live_bytes() const {
  const std::int64_t n = detail::node_allocator::live_bytes();
  return n > 0 ? static_cast<std::size_t>(n) : 0;
}
std::vector<pid> runtime::processes() { return core_->list_processes(); }
std::optional<process_info> runtime::info(pid p) { return core_->info(p); }
std::vector<scheduler_info> runtime::schedulers() const { return core_->scheduler_stats(); }
unsigned runtime::scheduler_count() const noexcept { return core_->cfg().schedulers; }
const config& runtime::settings() const noexcept { return core_->cfg(); }

std::string runtime::describe() const {
  const config& c = core_->cfg();
  std::ostringstream os;
  os << "schedulers=" << c.schedulers << " strategy=" << to_string(c.strategy)
     << " reductions=" << c.reductions << " idle=" << to_string(c.idle)
     << " spin_us=" << c.spin.count() << " pin_threads=" << (c.pin_threads ? "true" : "false")
     << " max_processes=" << c.max_processes << " default_max_heap=" << c.default_max_heap;
  if (c.test_drop_one_in != 0) os << " test_drop_one_in=" << c.test_drop_one_in;
  return os.str();
}

void runtime::wait_idle() { core_->wait_until_no_processes(); }
void runtime::shutdown() { core_->shutdown(); }

}  // namespace rt
