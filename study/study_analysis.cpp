#include "study/study_analysis.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "study/sensitivity.h"
#include "study/study_streams.h"

namespace stackrace {

namespace {

// Per design point, the mean of an outcome over its replicates (in replicate order).
std::vector<double> point_means(const StudyPlan& plan, const std::vector<StoredRun>& runs, std::size_t outcome) {
  std::vector<double> sum(plan.point_count(), 0.0);
  for (const StoredRun& r : runs) sum[r.point] += r.outcomes[outcome];
  for (double& s : sum) s /= plan.replicates;
  return sum;
}

OutcomeSensitivity sobol(const StudyPlan& plan, const std::string& name, const std::vector<double>& y,
                         std::uint64_t seed) {
  OutcomeSensitivity out{
      name, "sobol", "ST", {"S1", "S1_ci95_low", "S1_ci95_high", "ST", "ST_ci95_low", "ST_ci95_high"}, {}};
  const SobolIndices s = sobol_indices(y, plan.saltelli_base_samples, static_cast<int>(plan.factors.size()),
                                       plan.bootstrap_resamples, seed);
  for (std::size_t f = 0; f < plan.factors.size(); ++f) {
    out.factors.push_back(
        {plan.factors[f].name,
         {s.first[f].value, s.first[f].low, s.first[f].high, s.total[f].value, s.total[f].low, s.total[f].high},
         s.total[f].value});
  }
  return out;
}

OutcomeSensitivity morris(const StudyPlan& plan, const std::string& name, const std::vector<double>& y,
                          std::uint64_t seed) {
  OutcomeSensitivity out{
      name, "morris", "mu_star", {"mu_star", "mu_star_ci95_low", "mu_star_ci95_high", "mu", "sigma"}, {}};
  const MorrisEffects m =
      morris_effects(y, plan.morris_steps, static_cast<int>(plan.factors.size()), plan.bootstrap_resamples, seed);
  for (std::size_t f = 0; f < plan.factors.size(); ++f) {
    out.factors.push_back({plan.factors[f].name,
                           {m.mu_star[f].value, m.mu_star[f].low, m.mu_star[f].high, m.mu[f], m.sigma[f]},
                           m.mu_star[f].value});
  }
  return out;
}

OutcomeSensitivity regression(const StudyPlan& plan, const std::string& name, const std::vector<double>& y) {
  OutcomeSensitivity out{name, "regression", "|SRC|", {"SRC", "R2"}, {}};
  const Regression r = standardised_regression(plan.points, y);
  for (std::size_t f = 0; f < plan.factors.size(); ++f)
    out.factors.push_back({plan.factors[f].name, {r.src[f], r.r2}, std::fabs(r.src[f])});
  return out;
}

}  // namespace

std::vector<OutcomeSensitivity> analyse_study(const StudyPlan& plan, const std::vector<StoredRun>& runs) {
  if (runs.size() != plan.run_count()) {
    throw std::runtime_error("the study is incomplete: " + std::to_string(runs.size()) + " of " +
                             std::to_string(plan.run_count()) + " runs");
  }
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (runs[i].run != static_cast<std::int64_t>(i))
      throw std::runtime_error("run " + std::to_string(i) + " is missing");
    if (!runs[i].ok()) throw std::runtime_error("run " + std::to_string(i) + " failed: " + runs[i].status);
  }
  std::vector<OutcomeSensitivity> out;
  for (std::size_t o = 0; o < plan.outcomes.size(); ++o) {
    const std::vector<double> y = point_means(plan, runs, o);
    // One bootstrap stream per outcome, so adding an outcome changes no other's intervals.
    const std::uint64_t seed = draw64(plan.seed, kStudyBootstrap, o, 0);
    switch (plan.design) {
      case DesignKind::kSaltelli:
        out.push_back(sobol(plan, plan.outcomes[o].name, y, seed));
        break;
      case DesignKind::kMorris:
        out.push_back(morris(plan, plan.outcomes[o].name, y, seed));
        break;
      default:
        out.push_back(regression(plan, plan.outcomes[o].name, y));
    }
  }
  return out;
}

std::vector<std::size_t> ranked(const OutcomeSensitivity& s) {
  std::vector<std::size_t> order(s.factors.size());
  std::iota(order.begin(), order.end(), 0);
  auto key = [&](std::size_t i) { return std::isnan(s.factors[i].importance) ? -INFINITY : s.factors[i].importance; };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key(a) > key(b); });
  return order;
}

}  // namespace stackrace
