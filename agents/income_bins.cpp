#include "agents/income_bins.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "agents/stratify.h"

namespace stackrace {

int income_bin(double income_usd, const Population& p) {
  const double lo = std::log(p.income_bin_min_usd()), hi = std::log(p.income_bin_max_usd());
  const double x = (std::log(std::max(income_usd, 1e-9)) - lo) / (hi - lo);
  return std::clamp(static_cast<int>(std::floor(x * kIncomeBins)), 0, kIncomeBins - 1);
}

double income_of_bin(int bin, const Population& p) {
  const double lo = std::log(p.income_bin_min_usd()), hi = std::log(p.income_bin_max_usd());
  return std::exp(lo + (hi - lo) * (bin + 0.5) / kIncomeBins);
}

HouseholdIncomeBins::HouseholdIncomeBins(double mean_income_usd, double log_sd, const Population& p)
    : mean_(mean_income_usd), sd_(log_sd), pop_(&p) {
  bounded_ = mean_ > 0 && sd_ >= kMinLogSd && std::isfinite(mean_) && std::isfinite(sd_);
  if (!bounded_) return;
  const double lo = std::log(p.income_bin_min_usd()), hi = std::log(p.income_bin_max_usd());
  const double mu = std::log(mean_) - 0.5 * sd_ * sd_;
  for (int b = 1; b < kIncomeBins; ++b) {
    const double z = (lo + (hi - lo) * b / kIncomeBins - mu) / sd_;
    bound_[b - 1] = 0.5 * std::erfc(-z / std::numbers::sqrt2);  // the standard normal's CDF at z
  }
}

int HouseholdIncomeBins::exact(double u) const {
  const double z = normal_quantile(u);
  return income_bin(mean_ * std::exp(sd_ * z - 0.5 * sd_ * sd_), *pop_);
}

int HouseholdIncomeBins::operator()(double u) const {
  if (!bounded_) return exact(u);
  int bin = 0;  // the bounds at or below u, counted without branches (u is random: a branch mispredicts)
  for (const double bound : bound_) bin += static_cast<int>(bound <= u);
  const bool near_below = bin > 0 && u - bound_[bin - 1] < kGuard;
  const bool near_above = bin < kIncomeBins - 1 && bound_[bin] - u < kGuard;
  return near_below || near_above ? exact(u) : bin;
}

}  // namespace stackrace
