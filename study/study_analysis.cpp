#include "study/study_analysis.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>
#include <stdexcept>

#include "study/sensitivity.h"
#include "study/summary_stats.h"
#include "study/study_streams.h"

namespace stackrace {

namespace {

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

// The seed's noise in one run's outcome, as it affects differences between
// points: its variance and degrees of freedom (NaN with one replicate).
struct SeedNoise {
  double variance = std::nan("");
  int dof = 0;
};

// Independent seeds: the pooled variance of the replicates around their
// point means. Common random numbers: replicate r's seed is shared by every
// point, and its common part cancels in every comparison of points; what is
// left is the residual of a two-way fit of point and replicate,
// sum (y_pr - mean_p - mean_r + mean)^2 / ((P - 1)(R - 1)).
SeedNoise seed_noise(const StudyPlan& plan, const std::vector<StoredRun>& runs, std::size_t outcome,
                     const std::vector<double>& means) {
  const auto points = static_cast<int>(plan.point_count());
  const int replicates = plan.replicates;
  if (replicates < 2) return {};
  std::vector<double> replicate_mean(static_cast<std::size_t>(replicates), 0.0);
  double grand = 0;
  if (plan.common_random_numbers) {
    for (const StoredRun& r : runs) replicate_mean[static_cast<std::size_t>(r.replicate)] += r.outcomes[outcome] / points;
    for (double m : replicate_mean) grand += m / replicates;
  }
  double squares = 0;
  for (const StoredRun& r : runs) {
    double d = r.outcomes[outcome] - means[r.point];
    if (plan.common_random_numbers) d -= replicate_mean[static_cast<std::size_t>(r.replicate)] - grand;
    squares += d * d;
  }
  const int dof = plan.common_random_numbers ? (points - 1) * (replicates - 1) : points * (replicates - 1);
  if (dof < 1) return {};
  return {squares / dof, dof};
}

// SRC with its 95% interval from the seed's noise in the point means (their
// variance noise.variance / replicates, a Student-t interval on its degrees
// of freedom; none with one replicate), and the noise floor: the |SRC| a
// factor without effect would show on average, sqrt(2 / pi) times the
// standard error of an SRC orthogonal to the other factors (noise sd /
// (sd(y) sqrt(points - 1))). The interval holds sd(y) fixed.
OutcomeSensitivity regression(const StudyPlan& plan, const std::string& name, const std::vector<double>& y,
                              const SeedNoise& noise) {
  OutcomeSensitivity out{name, "regression", "|SRC|", {"SRC", "SRC_ci95_low", "SRC_ci95_high", "R2"}, {}};
  const Regression r = standardised_regression(plan.points, y);
  const double within = noise.variance;
  const double noise_sd = std::sqrt(within / plan.replicates);  // NaN with one replicate
  const double t = noise.dof > 0 ? student_t_975(noise.dof) : std::nan("");
  for (std::size_t f = 0; f < plan.factors.size(); ++f) {
    const double half = t * noise_sd * r.noise_gain[f];
    out.factors.push_back({plan.factors[f].name, {r.src[f], r.src[f] - half, r.src[f] + half, r.r2},
                           std::fabs(r.src[f])});
  }
  if (std::isnan(within)) return out;
  double mean = 0, squares = 0;
  for (double v : y) mean += v / static_cast<double>(y.size());
  for (double v : y) squares += (v - mean) * (v - mean);
  const double sd = std::sqrt(squares / static_cast<double>(y.size() - 1));
  const double nan = std::nan("");
  const double floor = sd > 0 ? std::sqrt(2 / std::numbers::pi) * noise_sd / (sd * std::sqrt(y.size() - 1.0)) : nan;
  out.factors.push_back({kNoiseFloorFactor, {floor, nan, nan, r.r2}, floor});
  return out;
}

// The noise floor row (kNoiseFloorFactor) for a Sobol or Morris analysis.
void add_noise_floor(const StudyPlan& plan, const std::vector<double>& y, double within, OutcomeSensitivity& s) {
  if (std::isnan(within)) return;
  const double nan = std::nan("");
  const double replicates = plan.replicates;
  if (s.method == "sobol") {
    // The variance of the point means over the A and B rows, as the indices use it.
    const auto factors = static_cast<std::size_t>(plan.factors.size());
    double sum = 0, squares = 0;
    std::size_t n = 0;
    for (std::size_t j = 0; j < static_cast<std::size_t>(plan.saltelli_base_samples); ++j) {
      for (std::size_t k : {j * (factors + 2), j * (factors + 2) + factors + 1}) {
        sum += y[k];
        ++n;
      }
    }
    const double mean = sum / static_cast<double>(n);
    for (std::size_t j = 0; j < static_cast<std::size_t>(plan.saltelli_base_samples); ++j)
      for (std::size_t k : {j * (factors + 2), j * (factors + 2) + factors + 1}) squares += (y[k] - mean) * (y[k] - mean);
    const double variance = squares / static_cast<double>(n);
    const double floor = variance > 0 ? within / (replicates * variance) : nan;
    s.factors.push_back({kNoiseFloorFactor, {nan, nan, nan, floor, nan, nan}, floor});
  } else if (s.method == "morris") {
    const double delta = plan.morris_steps.empty() || plan.morris_steps[0].empty()
                             ? nan
                             : std::fabs(plan.morris_steps[0][0].delta);
    const double floor = 2 * std::sqrt(within) / std::sqrt(std::numbers::pi * replicates) / delta;
    s.factors.push_back({kNoiseFloorFactor, {floor, nan, nan, nan, nan}, floor});
  }
}

}  // namespace

// In replicate order.
std::vector<double> point_means(const StudyPlan& plan, const std::vector<StoredRun>& runs, std::size_t outcome) {
  std::vector<double> sum(plan.point_count(), 0.0);
  for (const StoredRun& r : runs) sum[r.point] += r.outcomes[outcome];
  for (double& s : sum) s /= plan.replicates;
  return sum;
}

bool is_noise_floor(const FactorSensitivity& f) { return f.factor == kNoiseFloorFactor; }

bool below_noise_floor(const OutcomeSensitivity& s, std::size_t i) {
  if (s.factors.empty() || !is_noise_floor(s.factors.back()) || is_noise_floor(s.factors[i])) return false;
  const double floor = s.factors.back().importance;
  if (std::isnan(floor)) return false;
  const std::vector<double>& v = s.factors[i].values;
  if (s.method == "regression") {
    // SRC is signed, and noise does not bias it away from 0: noise when its
    // interval holds 0 (the floor row is the reference). A constant factor
    // has no SRC, and is not noise.
    if (std::isnan(v[0])) return false;
    return std::isnan(v[1]) ? !(std::fabs(v[0]) > floor) : v[1] <= 0 && v[2] >= 0;
  }
  // ST and mu* only grow with noise: noise when the interval's lower end
  // (ST_ci95_low or mu_star_ci95_low, where there is one) is not above the floor.
  const double low = s.method == "sobol" ? v[4] : v[1];
  return !((std::isnan(low) ? s.factors[i].importance : low) > floor);
}

void require_complete(const StudyPlan& plan, const std::vector<StoredRun>& runs) {
  if (runs.size() != plan.run_count()) {
    throw std::runtime_error("the study is incomplete: " + std::to_string(runs.size()) + " of " +
                             std::to_string(plan.run_count()) + " runs");
  }
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (runs[i].run != static_cast<std::int64_t>(i))
      throw std::runtime_error("run " + std::to_string(i) + " is missing");
    if (!runs[i].ok()) throw std::runtime_error("run " + std::to_string(i) + " failed: " + runs[i].status);
  }
}

std::string finish_study_advice(const std::string& dir) {
  return ": finish it with `stackrace study SPEC --out " + dir +
         " --resume` and the --set it was started with, if any (or merge its shards) first";
}

std::vector<OutcomeSensitivity> analyse_study(const StudyPlan& plan, const std::vector<StoredRun>& runs) {
  require_complete(plan, runs);
  std::vector<OutcomeSensitivity> out;
  for (std::size_t o = 0; o < plan.outcomes.size(); ++o) {
    const std::vector<double> y = point_means(plan, runs, o);
    // One bootstrap stream per outcome, so adding an outcome changes no other's intervals.
    const std::uint64_t seed = draw64(plan.seed, kStudyBootstrap, o, 0);
    switch (plan.design) {
      case DesignKind::kSaltelli:
        out.push_back(sobol(plan, plan.outcomes[o].name, y, seed));
        add_noise_floor(plan, y, seed_noise(plan, runs, o, y).variance, out.back());
        break;
      case DesignKind::kMorris:
        out.push_back(morris(plan, plan.outcomes[o].name, y, seed));
        add_noise_floor(plan, y, seed_noise(plan, runs, o, y).variance, out.back());
        break;
      default:
        out.push_back(regression(plan, plan.outcomes[o].name, y, seed_noise(plan, runs, o, y)));
    }
    out.back().linear_r2 = standardised_regression(plan.points, y).r2;
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
