#pragma once
// Sensitivity measures computed from a finished study's outcomes, one value
// per design point (the mean over its replicates). Every sum runs in point
// order, so the measures are identical however the runs were scheduled.

#include <cstdint>
#include <vector>

#include "study/design.h"

namespace stackrace {

// An estimate with a bootstrap percentile interval (low and high are NaN
// without resamples).
struct Estimate {
  double value = 0, low = 0, high = 0;
};

struct SobolIndices {
  std::vector<Estimate> first, total;  // per factor
};

// First-order indices by Saltelli et al. (2010, eq. (b) of their Table 2) and
// total indices by Jansen (1999), from outcomes in saltelli_design()'s order.
// The variance is that of the A and B outputs together. Intervals resample the
// base samples with replacement, seeded by `seed`. All NaN when the outcome
// does not vary.
SobolIndices sobol_indices(const std::vector<double>& y, int base_samples, int factors, int resamples,
                           std::uint64_t seed);

struct MorrisEffects {
  std::vector<double> mu, sigma;  // per factor: mean and sd (n - 1) of the elementary effects
  std::vector<Estimate> mu_star;  // mean of |elementary effect|, interval by resampling trajectories
};

// Elementary effects (y after the step - y before) / delta, delta being the
// step as a fraction of the factor's range: the change in the outcome per
// whole range of the factor, comparable across factors of different units.
// y in morris_design()'s point order.
MorrisEffects morris_effects(const std::vector<double>& y, const std::vector<std::vector<MorrisStep>>& steps,
                             int factors, int resamples, std::uint64_t seed);

struct Regression {
  std::vector<double> src;  // standardised regression coefficient per factor (NaN for a constant factor)
  double r2 = 0;            // of the linear fit
  // Per factor, the standard error of its SRC per unit of noise sd in y
  // (y's own unit): sqrt of the factor's diagonal of (Z'Z)^-1, over sd(y).
  // Noise of sd sigma in each y gives SRC i a standard error of
  // sigma * noise_gain[i]. NaN for a constant factor.
  std::vector<double> noise_gain;
};

// Least squares of the standardised outcome on the standardised factors:
// coefficient i is the change in sd(y) per sd(x_i). Meaningful as a ranking
// when R^2 is high (the model is close to linear in the factors).
Regression standardised_regression(const std::vector<std::vector<double>>& x, const std::vector<double>& y);

}  // namespace stackrace
