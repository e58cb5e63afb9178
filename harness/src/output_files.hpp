// Where `actorbench run` and `actorbench sweep` write: the JSON file (--json)
// and the .hgrm percentile distributions, one per workload and backend setup
// with latencies — beside the JSON as STEM.WORKLOAD.KEY.hgrm (run only: a
// sweep writes one file), or in --hgrm-dir as WORKLOAD.KEY.hgrm, where KEY is
// the plan's file_key ("rt"; "rt.static.s4" in a sweep). Destinations are
// checked (and their directories created) before anything runs; files are
// written at the end, each whole or not at all (atomic_file.hpp).
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>

#include "options.hpp"
#include "plan.hpp"
#include "results_json.hpp"
#include "suite.hpp"

namespace ab {

struct output_plan {
  std::optional<std::filesystem::path> json;
  std::optional<std::filesystem::path> hgrm_dir;  // where .hgrm files go; none: not written
  std::string hgrm_prefix;                        // "STEM." beside the JSON, "" in --hgrm-dir

  std::filesystem::path hgrm_path(const std::string& workload, const std::string& key) const;
};

// Checks that the destinations can be written; a usage_error (naming `cmd`)
// if not. hgrm_beside_json: without --hgrm-dir, put the .hgrm files beside
// the JSON.
std::variant<output_plan, usage_error> plan_outputs(const suite_options& options,
                                                    const std::string& cmd = "run",
                                                    bool hgrm_beside_json = true);

// The .hgrm file of every cell with latencies, as the JSON names it: relative
// to the JSON file's directory (or as given, without --json).
hgrm_paths hgrm_files_for(const output_plan& out, const suite_plan& plan,
                          const suite_results& results);

// Writes the .hgrm files and then the JSON document. Returns the first error.
std::optional<std::string> write_outputs(const output_plan& out, const suite_plan& plan,
                                         const suite_results& results,
                                         const nlohmann::ordered_json& document);

}  // namespace ab
