#pragma once
// `stackrace compare`: runs each scenario of a Comparison (configs/compare.textproto)
// for a number of replicates and sets every metric beside the paper's figure:
// mean and 90% interval (5th and 95th percentiles) over replicates.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "base/proto/compare.pb.h"
#include "sim/spec.h"
#include "study/outcome.h"

namespace stackrace {

struct CompareOptions {
  std::optional<std::uint32_t> replicates;
  std::optional<std::uint64_t> seed, adopters;
  std::vector<std::string> overrides;  // --set, applied to every scenario
  // --posterior: an adoption posterior (configs/calibration/); replicate r of
  // every scenario runs its accepted set r mod N, so that the intervals carry
  // parameter uncertainty as well as seed noise.
  std::optional<std::string> posterior;
};

struct LoadedComparison {
  std::string path;
  Comparison config;
  std::vector<Spec> specs;         // one per scenario, in file order
  std::vector<std::string> names;  // scenario names, also the names of their run directories
  // With a posterior: replicate_specs[scenario][replicate], each with its
  // accepted set applied (then --set); empty without one.
  std::vector<std::vector<Spec>> replicate_specs;
  std::uint32_t posterior_sets = 0;
  // stale_posterior_warning's line for the posterior; empty when none.
  std::string posterior_warning;
  // horizon_warning's lines for the scenarios, each said once (they usually
  // share a horizon); empty when every horizon is within the projections.
  std::vector<std::string> horizon_warnings;
  std::vector<OutcomeExpr> metric, minus;  // per row; minus has no terms when absent
  std::uint32_t replicates = 0;
  std::uint64_t seed = 0;
};

// Loads and validates everything before any run: the scenarios (with the
// options' overrides), every metric and its months against each scenario's
// horizon, every paper figure's scenario and bounds. Throws InputError
// located in the comparison file.
LoadedComparison load_comparison(const std::string& path, const CompareOptions& options);

struct CompareCell {
  std::vector<double> values;  // per replicate
  double mean = 0, p05 = 0, p95 = 0;
};

struct FigureResult {
  PaperFigure figure;
  CompareCell cell;  // the scenario's cell, or the per-replicate difference
  bool has_bounds = false, within = true;
};

// The four fronts of the competition, in scoreboard order: the values of
// CompareRow.front, and their titles.
const std::vector<std::string>& front_names();
std::string front_title(const std::string& front);

struct CompareRowResult {
  std::string name, metric;
  std::string front;  // "" for rows outside the scoreboard
  std::vector<CompareCell> cells;  // per scenario
  std::vector<FigureResult> figures;
};

struct CompareResult {
  std::vector<std::string> scenarios;
  std::vector<CompareRowResult> rows;
  std::uint32_t replicates = 0;
  std::uint64_t seed = 0;
  std::uint32_t posterior_sets = 0;  // 0: the scenarios' own parameters
  double wall_time_s = 0;
};

// Runs scenarios x replicates side by side on TBB (each run also parallel
// inside); on_run(done, total) after each run. Results do not depend on the
// thread count. With `runs_dir`, the first replicate of each scenario also
// writes its run outputs (as `stackrace run --out`) to runs_dir/NAME, for
// `view` and `render`; the results are the same either way. Throws
// Interrupted (base/interrupt.h) after a SIGINT or SIGTERM.
CompareResult run_comparison(const LoadedComparison& loaded, const std::function<void(int, int)>& on_run = {},
                             const std::optional<std::filesystem::path>& runs_dir = std::nullopt);

CompareCell summarize_cell(std::vector<double> values);
void print_comparison(const CompareResult& result, std::ostream& out);
// compare.csv: row,metric,scenario,replicates,mean,p05,p95,paper,min,max,within,front
void write_comparison_csv(const CompareResult& result, std::ostream& out);
// Failed checks, one line each ("" if every figure with bounds holds).
std::string failed_figures(const CompareResult& result);

}  // namespace stackrace
