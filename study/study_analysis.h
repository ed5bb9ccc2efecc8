#pragma once
// The sensitivity of each outcome to each factor, as the study's design
// allows: Sobol indices (Saltelli), Morris mu* and sigma (Morris), or
// standardised regression coefficients with R^2 (grid, random, Latin
// hypercube). Input: the runs of a complete study; each point's outcome is the
// mean over its replicates.

#include <string>
#include <vector>

#include "study/study_db.h"
#include "study/study_plan.h"

namespace stackrace {

struct FactorSensitivity {
  std::string factor;
  std::vector<double> values;  // one per OutcomeSensitivity::columns
  double importance = 0;       // what levers are ranked by: ST, mu* or |SRC|
};

struct OutcomeSensitivity {
  std::string outcome;
  std::string method;                      // "sobol", "morris" or "regression"
  std::string importance_name;             // "ST", "mu_star" or "|SRC|"
  std::vector<std::string> columns;        // e.g. S1, S1_ci95_low, ...
  std::vector<FactorSensitivity> factors;  // in the study's factor order
  // R^2 of the linear fit of the point means on the factors (every method):
  // how much of the outcome's variance the factors' straight-line effects
  // explain. Low for noise, and for strongly non-linear responses.
  double linear_r2 = 0;
};

// The row that every analysis adds after the factors when the study has
// replicates: the seed's own effect, as a dummy factor that changes nothing
// but the random numbers. It is the index (ST), mu* or |SRC| a factor without
// any effect would show from noise alone, estimated from the spread of the
// replicates around their point means (pooled variance s^2 over R
// replicates): ST = s^2 / (R V), V the variance of the point means; mu* =
// E|difference of two point means| / delta = 2 s / sqrt(pi R) / delta;
// |SRC| = sqrt(2 / pi) s / sqrt(R) / (sd(y) sqrt(P - 1)) over P points. A
// factor does not clear the floor when its index (its interval's lower end
// where there is one) is not above it.
inline constexpr const char* kNoiseFloorFactor = "(seed)";

// Whether factor row i of `s` is the noise floor's, and whether it (a factor
// row) does not clear the floor; false when there is no floor.
bool is_noise_floor(const FactorSensitivity& f);
bool below_noise_floor(const OutcomeSensitivity& s, std::size_t i);

// Per design point, the mean of outcome `outcome` over its replicates.
std::vector<double> point_means(const StudyPlan& plan, const std::vector<StoredRun>& runs, std::size_t outcome);

// Throws std::runtime_error unless every run of the plan is present, in run
// order, and ok: what every analysis of a whole study needs.
void require_complete(const StudyPlan& plan, const std::vector<StoredRun>& runs);

// What to do with the study in `dir` that an analysis found unfinished:
// ": finish it with `stackrace study SPEC --out DIR --resume` ... first".
std::string finish_study_advice(const std::string& dir);

// Throws std::runtime_error unless every run of the plan is present and ok.
std::vector<OutcomeSensitivity> analyse_study(const StudyPlan& plan, const std::vector<StoredRun>& runs);

// Factor indices of `s.factors` from most to least important (NaN last; ties
// keep the study's order).
std::vector<std::size_t> ranked(const OutcomeSensitivity& s);

}  // namespace stackrace
