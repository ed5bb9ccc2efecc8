#pragma once
// How a run starts in 2025 and how fast each country adopts, from the
// observed H1/H2 2025 AI user shares (see docs/calibration.md):
//  - the share grows linearly between the two observations, so the share at
//    the start is extrapolated back from H1 along that line;
//  - each country's innovation hazard p is set so that the expected monthly
//    adoption at the midpoint of the calibration window equals that growth,
//    net of what imitation (Bass q, peers with thresholds) already supplies.

#include <vector>

#include "sim/spec.h"

namespace stackrace {

struct CountryStart {
  double online = 0;        // share of population online at the start
  double users = 0;         // share of population using AI at the start
  double innovation_p = 0;  // per month
};

std::vector<CountryStart> calibrate_start(const Spec& spec);

// Expected imitation hazard of a non-user when a share `users` of the
// population uses AI and `users_among_online` of the online do (mean-field,
// with binomial peers and uniform thresholds).
double expected_imitation(const Adoption& a, unsigned peers, double users, double users_among_online);

// Fit of simulated to observed shares over the observed economies.
struct Fit {
  int economies = 0;
  double spearman = 0;
  double mae_pp = 0;  // mean absolute error, percentage points
};

Fit fit(const std::vector<double>& simulated, const std::vector<double>& observed);
double spearman_rank_correlation(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace stackrace
