#include "sim/calibration.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace stackrace {

namespace {
// Floor on the non-user share in the binomial recursion below, so that the
// ratio stays finite when every peer already uses AI (its terms are then 0).
constexpr double kNonUserShareFloor = 1e-12;
}  // namespace

double expected_imitation(const Adoption& a, unsigned k, double users, double users_among_online) {
  // E[X/k * 1{X >= ceil(theta k)}] with X ~ Binomial(k, users) and theta ~ U[0, threshold_max]:
  // P(ceil(theta k) <= x) = P(theta <= x / k).
  double peer = 0;
  double binom = std::pow(1.0 - users, k);  // P(X = 0)
  for (unsigned x = 0; x <= k; ++x) {
    if (x > 0) binom *= (static_cast<double>(k - x + 1) / x) * (users / std::max(1.0 - users, kNonUserShareFloor));
    const double pass = a.threshold_max() > 0 ? std::min(1.0, (static_cast<double>(x) / k) / a.threshold_max()) : 1.0;
    peer += binom * (static_cast<double>(x) / k) * pass;
  }
  if (users >= 1.0) peer = 1.0;
  return a.imitation_q_per_month() * (a.peer_weight() * peer + (1.0 - a.peer_weight()) * users_among_online);
}

namespace {

// Expected monthly growth of the user share at share `users` (mean field).
double expected_growth(const Spec& spec, double online, double users, double use_probability) {
  const Adoption& a = spec.scenario.adoption();
  const double imitation = expected_imitation(a, spec.scenario.population().peers_per_adopter(), users,
                                              users / std::max(online, kNonUserShareFloor));
  const double pool = std::max(online - users, 0.0);
  return (a.innovation_p_per_month() + imitation) * use_probability * pool -
         a.discontinue_max_per_month() * (1.0 - use_probability) * users;
}

// Scale k of the covariate start H1 ~ k x online x P_use, by least squares over
// the inhabited economies that are not held out.
double covariate_scale(const Spec& spec, const std::vector<double>& use_probability) {
  double xy = 0, xx = 0;
  for (std::size_t c = 0; c < spec.world.countries.size(); ++c) {
    const Country& country = spec.world.countries[c];
    if (!country.inhabited() || spec.is_held_out(c)) continue;
    const double x = country.internet_share * use_probability[c];
    xy += x * country.target_h1_share;
    xx += x * x;
  }
  return xx > 0 ? xy / xx : 0.0;
}

}  // namespace

std::vector<CountryStart> calibrate_start(const Spec& spec, const std::vector<double>& use_probability) {
  const int steps_h1 = spec.calibration_h1.index - spec.start.index + 1;
  const double scale = covariate_scale(spec, use_probability);
  std::vector<CountryStart> out(spec.world.countries.size());
  for (std::size_t c = 0; c < out.size(); ++c) {
    const Country& country = spec.world.countries[c];
    CountryStart& s = out[c];
    if (!country.inhabited()) continue;
    s.online = country.internet_share;
    const double h1 = spec.is_held_out(c) ? std::min(scale * s.online * use_probability[c], s.online)
                                          : country.target_h1_share;
    // Step back from H1 month by month along the model's expected path.
    double users = std::min(h1, s.online);
    for (int m = 0; m < steps_h1; ++m) {
      const double online = std::min(1.0, s.online + country.internet_growth_per_month * (steps_h1 - m - 1));
      users = std::clamp(users - expected_growth(spec, online, users, use_probability[c]), 0.0, s.online);
    }
    s.users = users;
  }
  return out;
}

namespace {

// Ranks from 1, ties get the mean of their ranks.
std::vector<double> ranks(const std::vector<double>& v) {
  std::vector<std::size_t> order(v.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return v[x] < v[y]; });
  std::vector<double> r(v.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]]) ++j;
    const double mean_rank = 0.5 * static_cast<double>(i + j) + 1.0;
    for (std::size_t k = i; k <= j; ++k) r[order[k]] = mean_rank;
    i = j + 1;
  }
  return r;
}

double pearson(const std::vector<double>& a, const std::vector<double>& b) {
  const double n = static_cast<double>(a.size());
  const double ma = std::accumulate(a.begin(), a.end(), 0.0) / n;
  const double mb = std::accumulate(b.begin(), b.end(), 0.0) / n;
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  return (saa > 0 && sbb > 0) ? sab / std::sqrt(saa * sbb) : 0.0;
}

}  // namespace

double spearman_rank_correlation(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size() || a.size() < 2) return 0.0;
  return pearson(ranks(a), ranks(b));
}

Fit fit(const std::vector<double>& simulated, const std::vector<double>& observed) {
  Fit f;
  f.economies = static_cast<int>(simulated.size());
  f.spearman = spearman_rank_correlation(simulated, observed);
  double err = 0;
  for (std::size_t i = 0; i < simulated.size(); ++i) err += std::fabs(simulated[i] - observed[i]);
  f.mae_pp = simulated.empty() ? 0.0 : 100.0 * err / static_cast<double>(simulated.size());
  return f;
}

}  // namespace stackrace
