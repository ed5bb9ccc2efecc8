#include "sim/calibration.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

namespace stackrace {

namespace {
// Floor on the non-user share in the binomial recursion below, so that the
// ratio stays finite when every peer already uses AI (its terms are then 0).
constexpr double kNonUserShareFloor = 1e-12;
// Shares below this (0.01%) count as this inside a logarithm.
constexpr double kCovariateFloor = 1e-4;
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

// Expected monthly growth of the aware share at share `aware`, of whom a
// share `use_probability` use AI (mean field): the unaware consider AI with
// the Bass hazard, users who stop become unaware again.
double expected_growth(const Spec& spec, double online, double aware, double use_probability) {
  const Adoption& a = spec.scenario.adoption();
  const double users = aware * use_probability;
  const double imitation = expected_imitation(a, spec.scenario.population().peers_per_adopter(), users,
                                              users / std::max(online, kNonUserShareFloor));
  const double pool = std::max(online - aware, 0.0);
  return (a.innovation_p_per_month() + imitation) * pool -
         a.discontinue_max_per_month() * (1.0 - use_probability) * users;
}

// The covariate start of an economy without a figure of its own:
// ln H1 = a + b ln(online x P_use) + c ln(GDP per head), fitted by least
// squares over the economies observed in H1 2025 that are not held out.
// Online share and the use probability carry internet access, income and what
// is on offer; GDP per head what the coarse online shares by income group miss.
struct CovariateStart {
  double a = 0, b = 1, c = 0;
  static double reach(double online, double use_probability) {
    return std::log(std::max(online * use_probability, kCovariateFloor));
  }
  double h1(double online, double use_probability, double gdp_per_capita) const {
    return std::min(std::exp(a + b * reach(online, use_probability) + c * std::log(gdp_per_capita)), online);
  }
};

CovariateStart covariate_start(const Spec& spec, const std::vector<double>& use_probability) {
  std::vector<std::array<double, 3>> rows;  // x1, x2, y
  for (std::size_t c = 0; c < spec.world.countries.size(); ++c) {
    const Country& country = spec.world.countries[c];
    if (!country.inhabited() || !country.observed || spec.is_held_out(c)) continue;
    rows.push_back({CovariateStart::reach(country.internet_share, use_probability[c]),
                    std::log(country.gdp_per_capita_usd),
                    std::log(std::max(country.target_h1_share, kCovariateFloor))});
  }
  CovariateStart out;
  if (rows.empty()) return out;
  const double n = static_cast<double>(rows.size());
  std::array<double, 3> mean{};
  for (const auto& r : rows)
    for (int k = 0; k < 3; ++k) mean[k] += r[k] / n;
  // Too few economies for three coefficients: H1 proportional to reach.
  out.a = mean[2] - mean[0];
  if (rows.size() < 3) return out;
  double s11 = 0, s12 = 0, s22 = 0, s1y = 0, s2y = 0;
  for (const auto& r : rows) {
    const double d1 = r[0] - mean[0], d2 = r[1] - mean[1], dy = r[2] - mean[2];
    s11 += d1 * d1;
    s12 += d1 * d2;
    s22 += d2 * d2;
    s1y += d1 * dy;
    s2y += d2 * dy;
  }
  const double det = s11 * s22 - s12 * s12;
  if (!(det > 0)) return out;
  out.b = (s22 * s1y - s12 * s2y) / det;
  out.c = (s11 * s2y - s12 * s1y) / det;
  out.a = mean[2] - out.b * mean[0] - out.c * mean[1];
  return out;
}

}  // namespace

std::vector<CountryStart> calibrate_start(const Spec& spec, const std::vector<double>& use_probability) {
  const int steps_h1 = spec.calibration_h1.index - spec.start.index + 1;
  const CovariateStart covariates = covariate_start(spec, use_probability);
  std::vector<CountryStart> out(spec.world.countries.size());
  for (std::size_t c = 0; c < out.size(); ++c) {
    const Country& country = spec.world.countries[c];
    CountryStart& s = out[c];
    if (!country.inhabited()) continue;
    s.online = country.internet_share;
    s.use_probability = use_probability[c];
    const double h1 =
        spec.is_held_out(c) ? covariates.h1(s.online, use_probability[c], country.gdp_per_capita_usd) : country.target_h1_share;
    // Step back from H1 month by month along the model's expected path. The
    // aware at H1 are the users over P_use, at most everyone online (where
    // P_use cannot reach H1 even then, the start falls short of it).
    const double p = use_probability[c];
    double aware = p > 0 ? std::min(h1 / p, s.online) : s.online;
    for (int m = 0; m < steps_h1; ++m) {
      const double online = std::min(1.0, s.online + country.internet_growth_per_month * (steps_h1 - m - 1));
      aware = std::clamp(aware - expected_growth(spec, online, aware, p), 0.0, s.online);
    }
    s.aware = aware;
    s.users = std::min(aware * p, s.online);
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
