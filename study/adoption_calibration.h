#pragma once
// Calibrating the adoption parameters by approximate Bayesian computation
// (rejection with a quantile tolerance; docs/calibration.md): draw parameter
// sets from the plan's priors (a Sobol sequence), run each through 2025, keep
// the sets whose H2 2025 shares come closest to the observed patterns. Twice:
// on every observed economy (the posterior) and on two thirds of them (for
// the out-of-sample check of `fit`).

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/proto/calibration.pb.h"
#include "sim/validation.h"

namespace stackrace {

// Which economies a run is scored on.
enum class Scored { kAll, kTraining, kHeldOut };

struct Evaluation {
  PatternData data;  // the scored economies
  PatternDistance distance;
  // -affordability_elasticity x (1 - P_use) at the start, over the developing
  // economies weighted by population.
  double take_up_elasticity = 0;
  // Mean absolute error against the H1 2025 figures over every observed
  // economy, percentage points.
  double h1_mae_pp = 0;
};

// Runs `scenario` with `sets` (--set assignments) through the H2 2025 month.
// With Scored::kTraining or kHeldOut, the held-out third starts from its
// covariates (Spec::held_out) and only that part is scored.
Evaluation evaluate_adoption(const std::string& scenario, const std::vector<std::string>& sets,
                             std::uint64_t adopters, std::uint64_t seed, Scored scored);

// Loads and checks a plan: located errors (exit 2) for a prior with min >= max,
// a log scale over non-positive values, a point outside [min, max], a field
// that is not a scenario number or whose range excludes the prior's.
CalibrationPlan load_calibration_plan(const std::string& path);

// Loads and checks a posterior: every assignment must name an adoption.*
// field of the scenario and lie in its range (located at the line of the
// assignment).
AdoptionPosterior load_adoption_posterior(const std::string& path);

// A warning (one line, for stderr) when the posterior at `path` records that
// it was calibrated on a model other than this one (kModelHash), or on other
// world data than `world_digest` (the world of the scenario it is used with;
// 0 when there is none to compare): its sets may then no longer fit the 2025
// patterns. Empty when both are the same or the posterior records neither.
// Not an error: a user may reuse one knowingly.
std::string stale_posterior_warning(const AdoptionPosterior& posterior, const std::string& path,
                                    std::uint64_t world_digest);

// The scenario path of a plan, resolved against the plan's directory.
std::string plan_scenario(const CalibrationPlan& plan, const std::string& plan_path);

// Runs the calibration; `on_sample(done, total)` after each evaluated set.
AdoptionPosterior calibrate_adoption(const CalibrationPlan& plan, const std::string& plan_path,
                                     const std::function<void(int, int)>& on_sample);

// A Markdown table of each parameter's prior and accepted range (docs/calibration.md).
std::string posterior_markdown(const CalibrationPlan& plan, const AdoptionPosterior& posterior);

// The posterior as a textproto with a header saying how it was made.
std::string posterior_text(const AdoptionPosterior& posterior);

}  // namespace stackrace
