// The process-side API (this_process.hpp) that is not a template.
#include "rt/this_process.hpp"

#include <algorithm>

#include "rt/detail/process_heap.hpp"
#include "rt/detail/signals.hpp"

namespace rt {

namespace detail {
process_heap& process::heap() {
  process_extras& e = ext();
  if (!e.heap) e.heap = std::make_unique<process_heap>(max_heap, heap_bytes);
  return *e.heap;
}

namespace {
// Delivers a signal from the running process `p`; if the target is dead,
// `on_dead` answers it (into p's own mailbox).
template <class OnDead>
void signal(process* p, pid to, message* m, OnDead&& on_dead) {
  p->rt->send_signal(tls_context.w, to, m, [&](message* undelivered) {
    destroy(undelivered);
    on_dead();
  });
}
void self_signal(process* p, message* m) {
  if (p->rt->push_to(tls_context.w, p, m)) return;
}
}  // namespace
}  // namespace detail

void link(pid other) {
  detail::process* p = detail::me("rt::link");
  if (other == p->self) return;
  auto& links = p->ext().links;
  if (std::find(links.begin(), links.end(), other) != links.end()) return;
  links.push_back(other);
  detail::signal(p, other, detail::make_signal<detail::link_signal>(p->self), [&] {
    // Linking to a dead process: an exit signal with reason noproc (BEAM).
    detail::self_signal(p, detail::make_signal<detail::exit_signal>(other, exit_reason::noproc(), true));
  });
}

void unlink(pid other) {
  detail::process* p = detail::me("rt::unlink");
  if (p->extras == nullptr) return;
  auto& links = p->extras->links;
  auto it = std::find(links.begin(), links.end(), other);
  if (it == links.end()) return;
  links.erase(it);
  detail::signal(p, other, detail::make_signal<detail::unlink_signal>(p->self), [] {});
}

ref monitor(pid other) {
  detail::process* p = detail::me("rt::monitor");
  const std::uint64_t r = p->rt->new_ref(detail::tls_context.w);
  p->ext().monitors.push_back({r, other});
  detail::signal(p, other, detail::make_signal<detail::monitor_signal>(p->self, r), [&] {
    detail::self_signal(p, detail::make_signal<detail::down_signal>(other, r, exit_reason::noproc()));
  });
  return ref{r};
}

void demonitor(ref r) {
  detail::process* p = detail::me("rt::demonitor");
  // A DOWN already turned into a message (the monitor ended then) is removed
  // from the private queue; one still in flight is dropped on arrival,
  // because the monitor is no longer listed.
  for (detail::message *m = p->queue_first, *prev = nullptr; m != nullptr; prev = m, m = m->next) {
    if (m->tag == detail::tag_v<down_msg> && detail::payload<down_msg>(m).monitor == r) {
      p->unlink_private(m, prev);
      p->add_queue_stats(-1, -static_cast<std::int64_t>(m->tag->node_size));
      if (p->limiter != nullptr) p->rt->limited_message_consumed(detail::tls_context.w, p);
      p->mbox.retire(m);
      break;
    }
  }
  if (p->extras == nullptr) return;
  auto& mons = p->extras->monitors;
  auto it = std::find_if(mons.begin(), mons.end(), [&](const detail::monitor_entry& e) { return e.ref == r.id; });
  if (it == mons.end()) return;
  const pid target = it->other;
  mons.erase(it);
  detail::signal(p, target, detail::make_signal<detail::demonitor_signal>(p->self, r.id), [] {});
}

bool trap_exit(bool on) {
  detail::process* p = detail::me("rt::trap_exit");
  return std::exchange(p->trap_exit, on);
}

void exit(pid target, exit_reason reason) {
  detail::process* p = detail::me("rt::exit");
  detail::signal(p, target, detail::make_signal<detail::exit_signal>(p->self, std::move(reason), false), [] {});
}

void exit_self(exit_reason reason) {
  (void)detail::me("rt::exit_self");
  throw detail::exit_request{std::move(reason)};
}

std::pmr::memory_resource* heap() { return detail::me("rt::heap")->heap().resource(); }

ref make_ref() {
  detail::process* p = detail::me("rt::make_ref");
  return ref{p->rt->new_ref(detail::tls_context.w)};
}

registry_status register_name(std::string_view name, pid who) {
  detail::process* p = detail::me("rt::register_name");
  return p->rt->names().add(name, who, p->rt->table().lookup(who));
}
registry_status unregister_name(std::string_view name) {
  detail::process* p = detail::me("rt::unregister_name");
  return p->rt->names().remove(name, p->rt->table());
}
std::optional<pid> whereis(std::string_view name) {
  return detail::me("rt::whereis")->rt->names().find(name);
}

}  // namespace rt
