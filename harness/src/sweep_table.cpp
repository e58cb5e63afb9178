#include "sweep_table.hpp"

#include <ostream>
#include <string>

#include "text_table.hpp"
#include "units.hpp"

namespace ab {

namespace {

const cell_summary* find_cell(const std::vector<cell_summary>& cells, const std::string& strategy,
                              unsigned schedulers) {
  for (const auto& c : cells) {
    if (c.setup.strategy == strategy && c.setup.schedulers == schedulers) return &c;
  }
  return nullptr;
}

std::string cell_text(const cell_summary* c) {
  if (!c) return "-";
  if (!c->items_per_second) return c->status == cell_status::unsupported ? "unsupported" : "FAILED";
  return format_si(c->items_per_second->median) + (c->status == cell_status::partial ? "!" : "");
}

}  // namespace

void print_sweep_table(std::ostream& os, const planned_workload& w,
                       const std::vector<cell_summary>& cells, const suite_plan& plan) {
  std::string params;
  for (const auto& [k, v] : w.params.values) {
    params += (params.empty() ? "" : ", ") + k + "=" + std::to_string(v);
  }
  const backend_setup first = plan.setups.empty() ? backend_setup{} : plan.setups.front();
  os << w.info->name << (params.empty() ? "" : " (" + params + ")") << " - size "
     << to_string(plan.size) << ", " << plan.repetitions
     << (plan.repetitions == 1 ? " repetition, " : " repetitions, ") << first.backend << " pin "
     << pin_name(first.pin_threads) << ", idle " << first.idle << "\n";

  std::string unit = "items";
  for (const auto& c : cells) {
    if (c.items_per_second) {
      unit = c.items_unit;
      break;
    }
  }
  os << "  median " << unit << "/s by strategy and schedulers\n";

  const std::vector<unsigned> counts = plan.scheduler_counts();
  std::vector<text_column> columns{{"strategy", text_align::left}};
  bool any_oversubscribed = false;
  for (unsigned n : counts) {
    const bool over = n > plan.cpus;
    any_oversubscribed = any_oversubscribed || over;
    columns.push_back({std::to_string(n) + (over ? "*" : ""), text_align::right});
  }
  text_table table{columns};
  for (const auto& strategy : plan.strategies()) {
    std::vector<std::string> row{strategy};
    for (unsigned n : counts) row.push_back(cell_text(find_cell(cells, strategy, n)));
    table.add_row(std::move(row));
  }
  table.print(os);
  if (plan.strategies().size() > 1) {
    // Under the table, not in it: a row of strategy names would widen every column.
    std::string fastest;
    for (unsigned n : counts) {
      const cell_summary* best = nullptr;
      for (const auto& c : cells) {
        if (c.setup.schedulers != n || !c.items_per_second) continue;
        if (!best || c.items_per_second->median > best->items_per_second->median) best = &c;
      }
      fastest += std::string(fastest.empty() ? "" : "; ") + "at " + std::to_string(n) +
                 (n > plan.cpus ? "*" : "") + ": " + (best ? best->setup.strategy : "-");
    }
    os << "  fastest " << fastest << "\n";
  }
  if (any_oversubscribed) {
    os << "  * oversubscribed: more schedulers than the " << plan.cpus
       << " CPUs this process may run on\n";
  }
  for (const auto& c : cells) {
    if (c.status == cell_status::partial) {
      os << "  ! " << plan.label(c.setup) << ": " << c.failed_count << " of "
         << (c.failed_count + c.ok_count) << " repetitions failed; first: " << c.reason << "\n";
    } else if (c.status == cell_status::failed) {
      os << "  ! " << plan.label(c.setup) << ": FAILED: " << c.reason << "\n";
    } else if (c.status == cell_status::unsupported) {
      os << "  ! " << plan.label(c.setup) << ": unsupported"
         << (c.reason.empty() ? "" : ": " + c.reason) << "\n";
    }
  }
  os << "\n" << std::flush;
}

}  // namespace ab
