#pragma once
// Income classes. A household's or organisation's income falls in one of
// kIncomeBins bins, equal on the log scale between the population's bounds;
// the choice tables are per bin.

#include <array>

#include "base/proto/scenario.pb.h"

namespace stackrace {

inline constexpr int kIncomeBins = 16;

// Income bin of an annual income on the log scale between the population's bounds.
int income_bin(double income_usd, const Population& p);
// The income at the centre of a bin (for price sensitivity tables).
double income_of_bin(int bin, const Population& p);

// The income bin of a household drawn at the uniform u, where households'
// incomes are lognormal with mean `mean_income_usd` and log-sd `log_sd`: the
// bin of mean x exp(log_sd z - log_sd^2 / 2), z = normal_quantile(u), exactly
// as income_bin gives it (`exact`). operator() finds the same bin by comparing
// u with the bins' bounds taken back to uniforms, once per country, so that
// most households need no quantile, exponential or logarithm; a u within
// kGuard of a bound, where the quantile's error (below 1.2e-9 relative) could
// tip it, takes the exact computation.
class HouseholdIncomeBins {
 public:
  // In u: over 300 times the most the quantile's error moves a bound (3e-10),
  // and far more than the exact path's rounding (about 1e-14 in log income,
  // 1e-14 / log_sd in z) while log_sd >= kMinLogSd; a smaller log-sd takes
  // the exact computation for every household.
  static constexpr double kGuard = 1e-7;
  static constexpr double kMinLogSd = 1e-6;

  HouseholdIncomeBins(double mean_income_usd, double log_sd, const Population& p);
  int operator()(double u) const;
  int exact(double u) const;

 private:
  double mean_, sd_;
  const Population* pop_;
  bool bounded_ = false;                         // bounds usable (a positive mean, log-sd >= kMinLogSd)
  std::array<double, kIncomeBins - 1> bound_{};  // bound_[b - 1]: the u from which the bin is at least b
};

}  // namespace stackrace
