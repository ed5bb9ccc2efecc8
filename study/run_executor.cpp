#include "study/run_executor.h"

#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "base/interrupt.h"
#include "sim/metrics.h"
#include "sim/simulation.h"
#include "sim/spec.h"

namespace stackrace {

namespace {

// A run's months and, for each, the world metrics followed by the study's
// scoped series: what the outcomes read.
struct RunRows {
  std::vector<std::string> months;
  std::vector<std::vector<double>> values;
  double wall_s = 0;
};

// Steps the simulation as `stackrace run` does (sim/runner.cpp) without
// writing outputs, keeping each month's world row and, beside it, the
// country, region and group series the study's outcomes read.
RunRows simulate(const LoadedStudy& study, const Spec& spec, std::uint64_t seed) {
  const auto started = std::chrono::steady_clock::now();
  Simulation sim(spec, seed);
  RunRows rows;
  while (!sim.done()) {
    sim.step();
    const MonthSummary summary = summarize(sim);
    const Month m = sim.calendar_month();
    std::vector<double> row = global_values(summary);
    for (std::size_t j = 0; j < row.size(); ++j) {
      // A config can drive the model out of its domain: fail the run rather
      // than record NaN or infinity as its outcome.
      if (!std::isfinite(row[j])) {
        throw std::runtime_error(m.str() + ": " + global_column_names()[j] +
                                 " is not finite: the scenario drives the model out of its domain");
      }
    }
    if (!study.series.empty()) {
      const std::vector<double> scoped = series_values(study.series, sim, summary);
      row.insert(row.end(), scoped.begin(), scoped.end());
    }
    rows.months.push_back(m.str());
    rows.values.push_back(std::move(row));
    throw_if_interrupted();
  }
  rows.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return rows;
}

}  // namespace

RunResult execute_run(const LoadedStudy& study, std::size_t run) {
  const StudyPlan& plan = study.plan;
  RunResult result;
  result.run = run;
  try {
    const Spec spec = load_spec(study.base_path, {plan.overrides(plan.point_of(run)), std::nullopt});
    const RunRows rows = simulate(study, spec, plan.run_seed(run));
    for (const OutcomeExpr& o : plan.outcomes) result.outcomes.push_back(evaluate_outcome(o, rows.months, rows.values));
    for (const StudyRecord& r : plan.records) {
      std::vector<RecordedValue>& series = result.recorded.emplace_back();
      for (std::size_t i = 0; i < rows.months.size(); ++i) {
        if (!r.at(i)) continue;
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
