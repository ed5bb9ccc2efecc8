#include <cmath>
#include <limits>
#include <stdexcept>
#include <tuple>

#include "study/bootstrap.h"
#include "study/sensitivity.h"

namespace stackrace {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::uint32_t kMorrisPurpose = 2;  // bootstrap purpose, apart from Sobol's

// mu* of each factor over the listed trajectories.
std::vector<double> mu_star(const std::vector<std::vector<double>>& effects, const std::vector<std::size_t>& rows) {
  std::vector<double> out(effects.size(), kNaN);
  for (std::size_t f = 0; f < effects.size(); ++f) {
    double sum = 0;
    for (std::size_t t : rows) sum += std::fabs(effects[f][t]);
    if (!rows.empty()) out[f] = sum / static_cast<double>(rows.size());
  }
  return out;
}

// effects[factor][trajectory]: each factor moves exactly once per trajectory,
// so every entry is set.
std::vector<std::vector<double>> elementary_effects(const std::vector<double>& y,
                                                    const std::vector<std::vector<MorrisStep>>& steps, int factors) {
  const std::size_t trajectories = steps.size();
  std::vector<std::vector<double>> effects(factors, std::vector<double>(trajectories, kNaN));
  for (std::size_t t = 0; t < trajectories; ++t) {
    const std::size_t first = t * (factors + 1);
    for (std::size_t s = 0; s < steps[t].size(); ++s) {
      const MorrisStep& step = steps[t][s];
      effects[step.factor][t] = (y[first + s + 1] - y[first + s]) / step.delta;
    }
  }
  return effects;
}

// mu and sigma (sample standard deviation; NaN from one trajectory) of each
// factor's effects, and mu* over every trajectory without an interval yet.
void point_estimates(const std::vector<std::vector<double>>& effects, std::size_t trajectories, MorrisEffects& out) {
  const std::size_t factors = effects.size();
  out.mu.assign(factors, kNaN);
  out.sigma.assign(factors, kNaN);
  std::vector<std::size_t> all(trajectories);
  for (std::size_t t = 0; t < trajectories; ++t) all[t] = t;
  const std::vector<double> star = mu_star(effects, all);
  for (std::size_t f = 0; f < factors; ++f) {
    double sum = 0;
    for (double e : effects[f]) sum += e;
    out.mu[f] = sum / static_cast<double>(trajectories);
    if (trajectories > 1) {
      double squares = 0;
      for (double e : effects[f]) squares += (e - out.mu[f]) * (e - out.mu[f]);
      out.sigma[f] = std::sqrt(squares / static_cast<double>(trajectories - 1));
    }
    out.mu_star.push_back({star[f], kNaN, kNaN});
  }
}

// 95% bootstrap intervals of mu*, resampling whole trajectories.
void bootstrap_mu_star(const std::vector<std::vector<double>>& effects, std::size_t trajectories, int resamples,
                       std::uint64_t seed, MorrisEffects& out) {
  const std::size_t factors = effects.size();
  std::vector<std::vector<double>> boot(factors);
  for (int r = 0; r < resamples; ++r) {
    const std::vector<double> b = mu_star(effects, bootstrap_rows(seed, kMorrisPurpose, r, trajectories));
    for (std::size_t f = 0; f < factors; ++f) boot[f].push_back(b[f]);
  }
  for (std::size_t f = 0; f < factors; ++f) std::tie(out.mu_star[f].low, out.mu_star[f].high) = interval_95(boot[f]);
}

}  // namespace

MorrisEffects morris_effects(const std::vector<double>& y, const std::vector<std::vector<MorrisStep>>& steps,
                             int factors, int resamples, std::uint64_t seed) {
  const std::size_t trajectories = steps.size();
  if (y.size() != trajectories * static_cast<std::size_t>(factors + 1))
    throw std::invalid_argument("morris_effects: expected trajectories * (factors + 1) outputs");
  const std::vector<std::vector<double>> effects = elementary_effects(y, steps, factors);
  MorrisEffects out;
  point_estimates(effects, trajectories, out);
  if (resamples > 0) bootstrap_mu_star(effects, trajectories, resamples, seed, out);
  return out;
}

}  // namespace stackrace
