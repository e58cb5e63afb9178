#include "comparison.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <ostream>
#include <set>
#include <tuple>

#include "catalog.hpp"
#include "harness/clock.hpp"
#include "text_table.hpp"
#include "units.hpp"

namespace ab {

namespace {

using cell_key = std::tuple<std::string, std::string, std::string, unsigned>;

cell_key key_of(const result_cell& c) {
  return {c.workload, c.backend, c.strategy, c.schedulers};
}

std::map<cell_key, const result_cell*> index(const results_file& f) {
  std::map<cell_key, const result_cell*> out;
  for (const auto& c : f.cells) out.emplace(key_of(c), &c);
  return out;
}

std::string figure(const result_cell* c) {
  if (!c) return "-";
  if (!c->measured()) return c->outcome == cell_outcome::unsupported ? "unsupported" : "FAILED";
  return format_si(c->median);
}

std::string describe_file(const std::string& tag, const results_file& f) {
  return tag + ": " + f.path + " - " + f.command + " on " + f.slug + " (" + f.hardware.cpu_model +
         ", " + std::to_string(f.hardware.num_cpus) + " CPUs, " +
         std::to_string(f.hardware.num_cores) + " cores; fingerprint " + f.fingerprint + ")";
}

// "rt work_stealing", or just "work_stealing" when every setup is on rt.
std::string setup_name(const result_cell& c, bool all_rt) {
  if (all_rt && !c.strategy.empty()) return c.strategy;
  return c.backend + (c.strategy.empty() ? "" : " " + c.strategy);
}

}  // namespace

std::vector<ranking> rankings(const results_file& a, const results_file& b) {
  const auto ib = index(b);
  // (workload, schedulers) -> the cells measured in both, as pairs.
  std::map<std::pair<std::string, unsigned>,
           std::vector<std::pair<const result_cell*, const result_cell*>>>
      groups;
  std::vector<std::pair<std::string, unsigned>> order;
  bool all_rt = true;
  for (const auto& c : a.cells) {
    const auto it = ib.find(key_of(c));
    if (it == ib.end() || !c.measured() || !it->second->measured()) continue;
    const auto g = std::make_pair(c.workload, c.schedulers);
    if (!groups.count(g)) order.push_back(g);
    groups[g].emplace_back(&c, it->second);
    all_rt = all_rt && c.backend == "rt";
  }
  std::vector<ranking> out;
  for (const auto& g : order) {
    auto& pairs = groups[g];
    if (pairs.size() < 2) continue;
    ranking r;
    r.workload = g.first;
    r.schedulers = g.second;
    auto ranked = [&](bool first) {
      auto p = pairs;
      std::stable_sort(p.begin(), p.end(), [&](const auto& x, const auto& y) {
        return (first ? x.first : x.second)->median > (first ? y.first : y.second)->median;
      });
      std::vector<std::string> names;
      for (const auto& [ca, cb] : p) names.push_back(setup_name(*ca, all_rt));
      return names;
    };
    r.a = ranked(true);
    r.b = ranked(false);
    out.push_back(std::move(r));
  }
  return out;
}

void print_comparison(std::ostream& os, const results_file& a, const results_file& b) {
  os << describe_file("A", a) << "\n" << describe_file("B", b) << "\n";
  const bool same_machine = a.fingerprint == b.fingerprint;
  if (same_machine) {
    os << "Same machine (hardware fingerprint " << a.fingerprint << ").\n";
  } else {
    os << "The machines differ:";
    const auto fa = describe(a.hardware);
    const auto fb = describe(b.hardware);
    std::string sep = " ";
    for (std::size_t i = 0; i < fa.size() && i < fb.size(); ++i) {
      if (fa[i].second == fb[i].second) continue;
      os << sep << fa[i].first << " (A: " << fa[i].second << "; B: " << fb[i].second << ")";
      sep = ", ";
    }
    os << ".\n";
  }
  std::vector<std::string> software;
  for (const char* key :
       {"os", "kernel", "compiler", "build_type", "library_build_type", "git_commit"}) {
    if (a.context_text(key) != b.context_text(key)) software.push_back(key);
  }
  // The timestamp clock by source only: its description carries a rate that
  // varies from run to run.
  if (source_of_description(a.context_text("clock")) !=
      source_of_description(b.context_text("clock"))) {
    software.push_back("clock");
  }
  if (!software.empty()) os << "Software differs in: " << join(software) << ".\n";
  for (const auto* f : {&a, &b}) {
    const std::string warning = f->context_text("warning");
    if (!warning.empty()) os << "WARNING: " << f->path << ": " << warning << "\n";
  }

  const auto ib = index(b);
  std::set<cell_key> paired;
  double log_sum = 0;
  std::size_t ratios = 0;
  std::vector<std::string> workloads = a.workloads();
  for (const auto& w : b.workloads()) {
    if (std::find(workloads.begin(), workloads.end(), w) == workloads.end()) workloads.push_back(w);
  }
  for (const auto& w : workloads) {
    std::string unit = "items";
    std::set<std::string> params_a, params_b;
    for (const auto* f : {&a, &b}) {
      for (const auto& c : f->cells) {
        if (c.workload != w) continue;
        if (c.measured()) unit = c.items_unit;
        (f == &a ? params_a : params_b).insert(c.params);
      }
    }
    os << "\n" << w << " (median " << unit << "/s; B/A above 1: B is faster; ~ ranges overlap)\n";
    text_table t{{{"backend", text_align::left},
                  {"strategy", text_align::left},
                  {"schedulers"},
                  {"A"},
                  {"B"},
                  {"B/A"},
                  {"", text_align::left}}};
    std::vector<std::string> only_a, only_b;
    for (const auto& c : a.cells) {
      if (c.workload != w) continue;
      const auto it = ib.find(key_of(c));
      const std::string name = c.backend + (c.strategy.empty() ? "" : " " + c.strategy) + " x" +
                               std::to_string(c.schedulers);
      if (it == ib.end()) {
        only_a.push_back(name);
        continue;
      }
      paired.insert(key_of(c));
      const result_cell& cb = *it->second;
      std::string ratio = "-", note;
      if (c.measured() && cb.measured() && c.median > 0 && cb.median > 0) {
        const double r = cb.median / c.median;
        ratio = three_digits(r) + "x";
        log_sum += std::log(r);
        ++ratios;
        if (c.min <= cb.max && cb.min <= c.max) note = "~";
      }
      if (c.oversubscribed || cb.oversubscribed) {
        note += std::string(note.empty() ? "" : " ") + "oversubscribed on " +
                (c.oversubscribed && cb.oversubscribed ? "both"
                 : c.oversubscribed                    ? "A"
                                                       : "B");
      }
      t.add_row({c.backend, c.strategy.empty() ? "-" : c.strategy, std::to_string(c.schedulers),
                 figure(&c), figure(&cb), ratio, note});
    }
    for (const auto& c : b.cells) {
      if (c.workload == w && !paired.count(key_of(c))) {
        only_b.push_back(c.backend + (c.strategy.empty() ? "" : " " + c.strategy) + " x" +
                         std::to_string(c.schedulers));
      }
    }
    if (t.rows() > 0) t.print(os);
    if (params_a != params_b && !params_a.empty() && !params_b.empty()) {
      os << "  ! parameters differ: A "
         << join(std::vector<std::string>(params_a.begin(), params_a.end()), "; ") << "; B "
         << join(std::vector<std::string>(params_b.begin(), params_b.end()), "; ") << "\n";
    }
    // A workload only one file ran is one line, not a list of its setups.
    auto only = [&](const char* tag, const std::vector<std::string>& setups) {
      if (setups.empty()) return;
      os << "  only in " << tag;
      if (t.rows() == 0) {
        os << " (" << setups.size() << (setups.size() == 1 ? " setup" : " setups") << ")\n";
      } else {
        os << ": " << join(setups) << "\n";
      }
    };
    only("A", only_a);
    only("B", only_b);
  }
  os << "\n";
  if (ratios > 0) {
    os << "Geometric mean of B/A over " << ratios
       << " pair(s): " << three_digits(std::exp(log_sum / static_cast<double>(ratios))) << "x\n";
  } else {
    os << "No workload was measured on the same backend, strategy and scheduler count in both "
          "files.\n";
  }

  if (same_machine) return;
  const auto ranks = rankings(a, b);
  os << "\nRanking on each machine (fastest first, by median), over the setups both ran:\n";
  if (ranks.empty()) {
    os << "  (no workload has two or more setups measured in both files)\n";
    return;
  }
  std::size_t same_order = 0, same_winner = 0;
  for (const auto& r : ranks) {
    const std::string where = r.workload + ", " + std::to_string(r.schedulers) +
                              (r.schedulers == 1 ? " scheduler" : " schedulers");
    const bool same = r.a == r.b;
    same_order += same ? 1 : 0;
    same_winner += r.a.front() == r.b.front() ? 1 : 0;
    os << "  " << where << ": "
       << (same                         ? "same order"
           : r.a.front() == r.b.front() ? "same fastest, order differs"
                                        : "fastest differs")
       << "\n    A: " << join(r.a, " > ") << "\n    B: " << join(r.b, " > ") << "\n";
  }
  os << "Same order in " << same_order << " of " << ranks.size() << "; same fastest in "
     << same_winner << " of " << ranks.size() << ".\n";
}

}  // namespace ab
