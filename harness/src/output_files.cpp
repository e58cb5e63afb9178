#include "output_files.hpp"

#include <ostream>

#include "atomic_file.hpp"
#include "context.hpp"
#include "summary.hpp"

namespace ab {

namespace {

namespace fs = std::filesystem;

// Each cell with latencies: its workload, file key and merged histogram.
template <class F>
void for_each_latency(const suite_plan& plan, const suite_results& results, F&& f) {
  for (const auto& wr : results.workloads) {
    const auto summaries = summarize(wr);
    for (const auto& s : summaries) {
      if (s.latency_ns && s.latency_ns->count() > 0)
        f(wr.workload->info->name, plan.file_key(s.setup), *s.latency_ns);
    }
  }
}

}  // namespace

fs::path output_plan::hgrm_path(const std::string& workload, const std::string& key) const {
  return *hgrm_dir / (hgrm_prefix + workload + "." + key + ".hgrm");
}

std::variant<output_plan, usage_error> plan_outputs(const suite_options& options,
                                                    const std::string& cmd, bool hgrm_beside_json) {
  const std::string prefix = "actorbench " + cmd + ": ";
  output_plan out;
  if (options.json_path) {
    out.json = fs::path(*options.json_path);
    if (out.json->filename().empty() || fs::is_directory(*out.json)) {
      return usage_error{prefix + "--json " + *options.json_path + " is a directory, not a file"};
    }
    if (auto e = ensure_writable_directory(out.json->parent_path())) {
      return usage_error{prefix + "cannot write --json " + *options.json_path + ": " + *e};
    }
    if (auto e = check_replaceable(*out.json)) {
      return usage_error{prefix + "cannot write --json " + *options.json_path + ": " + *e};
    }
    if (hgrm_beside_json) {
      out.hgrm_dir = out.json->parent_path();
      out.hgrm_prefix = out.json->stem().string() + ".";
    }
  }
  if (options.hgrm_dir) {
    out.hgrm_dir = fs::path(*options.hgrm_dir);
    out.hgrm_prefix.clear();
    if (auto e = ensure_writable_directory(*out.hgrm_dir)) {
      return usage_error{prefix + "cannot write --hgrm-dir " + *options.hgrm_dir + ": " + *e};
    }
  }
  return out;
}

hgrm_paths hgrm_files_for(const output_plan& out, const suite_plan& plan,
                          const suite_results& results) {
  hgrm_paths paths;
  if (!out.hgrm_dir) return paths;
  for_each_latency(
      plan, results, [&](const std::string& w, const std::string& b, const histogram&) {
        fs::path p = out.hgrm_path(w, b);
        if (out.json) {
          const fs::path json_dir =
              out.json->parent_path().empty() ? fs::path(".") : out.json->parent_path();
          std::error_code base_error, path_error;
          const fs::path base = fs::absolute(json_dir, base_error);
          const fs::path abs = fs::absolute(p, path_error);
          if (!base_error && !path_error) p = abs.lexically_proximate(base);
        }
        paths[{w, b}] = p.string();
      });
  return paths;
}

std::optional<std::string> write_outputs(const output_plan& out, const suite_plan& plan,
                                         const suite_results& results,
                                         const nlohmann::ordered_json& document) {
  std::optional<std::string> first_error;
  if (out.hgrm_dir) {
    for_each_latency(
        plan, results, [&](const std::string& w, const std::string& b, const histogram& h) {
          auto e = write_file_atomically(
              out.hgrm_path(w, b), [&](std::ostream& os) { h.write_hgrm(os, hgrm_unit_ratio); });
          if (e && !first_error) first_error = e;
        });
  }
  if (out.json) {
    auto e =
        write_file_atomically(*out.json, [&](std::ostream& os) { os << document.dump(2) << "\n"; });
    if (e && !first_error) first_error = e;
  }
  return first_error;
}

}  // namespace ab
