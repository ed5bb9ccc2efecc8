#include "study/run_executor.h"

#include <limits>

#include "base/interrupt.h"
#include "sim/runner.h"
#include "sim/spec.h"

namespace stackrace {

RunResult execute_run(const LoadedStudy& study, std::size_t run) {
  const StudyPlan& plan = study.plan;
  RunResult result;
  result.run = run;
  try {
    const Spec spec = load_spec(study.base_path, {plan.overrides(plan.point_of(run)), std::nullopt});
    RunOptions options;
    options.seed = plan.run_seed(run);
    options.on_month = [](int, int) { throw_if_interrupted(); };
    const RunReport report = stackrace::run(spec, options);
    for (const OutcomeExpr& o : plan.outcomes)
      result.outcomes.push_back(evaluate_outcome(o, report.months, report.global_values));
    result.wall_s = report.wall_time_s;
  } catch (const Interrupted&) {
    throw;  // not the run's failure: it stops the study, and --resume runs it again
  } catch (const std::exception& e) {
    result.status = std::string("error: ") + e.what();
    result.outcomes.assign(plan.outcomes.size(), std::numeric_limits<double>::quiet_NaN());
  }
  return result;
}

}  // namespace stackrace
