#include "study/run_executor.h"

#include <limits>
#include <stdexcept>

#include "base/interrupt.h"
#include "sim/metrics.h"
#include "sim/runner.h"
#include "sim/simulation.h"
#include "sim/spec.h"
#include "study/study_branches.h"

namespace stackrace {

namespace {

// A run's months and, for each, the world metrics followed by the study's
// scoped series: what the outcomes read.
struct RunRows {
  std::vector<std::string> months;
  std::vector<std::vector<double>> values;
  double wall_s = 0;
};

// Runs the spec as `stackrace run` does (sim/runner.h) without writing
// outputs, from the start or continued from `from`, keeping each month's
// world row and, beside it, the country, region and group series the
// study's outcomes read (those of the months before `from` are its own).
RunRows simulate(const LoadedStudy& study, const Spec& spec, std::uint64_t seed, const BranchPoint* from) {
  std::vector<std::vector<double>> scoped;
  RunOptions options;
  options.seed = seed;
  if (from) {
    options.from = &from->checkpoint;
    options.from_path = from->path;
    scoped = from->series;
  }
  options.on_summary = [&](const Simulation& sim, const MonthSummary& summary) {
    if (!study.series.empty()) scoped.push_back(series_values(study.series, sim, summary));
    throw_if_interrupted();
  };
  RunReport report = run(spec, options);
  RunRows rows{std::move(report.months), std::move(report.global_values), report.wall_time_s};
  if (!study.series.empty()) {
    for (std::size_t i = 0; i < rows.values.size(); ++i)
      rows.values[i].insert(rows.values[i].end(), scoped.at(i).begin(), scoped.at(i).end());
  }
  return rows;
}

// The checkpoint a run of a study with branch_from continues from.
const BranchPoint& branch_point(const LoadedStudy& study, std::uint64_t seed) {
  if (study.branches) {
    const auto found = study.branches->by_seed.find(seed);
    if (found != study.branches->by_seed.end()) return found->second;
  }
  throw std::logic_error("no branch_from checkpoint was prepared for seed " + std::to_string(seed));
}

}  // namespace

RunResult execute_run(const LoadedStudy& study, std::size_t run) {
  const StudyPlan& plan = study.plan;
  RunResult result;
  result.run = run;
  try {
    const std::uint64_t seed = plan.run_seed(run);
    const RunRows rows =
        plan.branch_from
            ? simulate(study, branch_run_spec(study, run), seed, &branch_point(study, seed))
            : simulate(study, load_spec(study.base_path, {plan.overrides(plan.point_of(run)), std::nullopt}), seed,
                       nullptr);
    for (const OutcomeExpr& o : plan.outcomes) result.outcomes.push_back(evaluate_outcome(o, rows.months, rows.values));
    for (const StudyRecord& r : plan.records) {
      std::vector<RecordedValue>& series = result.recorded.emplace_back();
      for (std::size_t i = 0; i < rows.months.size(); ++i) {
        if (!r.at(i, rows.months.size())) continue;
        double sum = 0;
        for (const OutcomeTerm& t : r.terms) sum += t.sign * rows.values[i].at(static_cast<std::size_t>(t.column));
        series.push_back({rows.months[i], sum});
      }
    }
    result.wall_s = rows.wall_s;
  } catch (const Interrupted&) {
    throw;  // not the run's failure: it stops the study, and --resume runs it again
  } catch (const std::exception& e) {
    result.status = std::string("error: ") + e.what();
    result.outcomes.assign(plan.outcomes.size(), std::numeric_limits<double>::quiet_NaN());
    result.recorded.clear();
  }
  return result;
}

}  // namespace stackrace
