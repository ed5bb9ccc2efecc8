#include "sim/validation.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <tuple>

#include "base/state_archive.h"

namespace stackrace {

namespace {

constexpr double kPp = 100.0;
// Economies held out: those whose block hash is divisible by this.
constexpr std::uint64_t kFolds = 3;
// Floor on a share before its logarithm (the regression baseline).
constexpr double kMinShare = 1e-4;

// Ordinary least squares y = a + b x.
std::pair<double, double> ols(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  if (n < 2) return {0.0, 0.0};
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    mx += x[i] / n;
    my += y[i] / n;
  }
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
  }
  const double b = sxx > 0 ? sxy / sxx : 0.0;
  return {my - b * mx, b};
}

double income_slope(const std::vector<double>& share, const std::vector<double>& gdp) {
  std::vector<double> x(gdp.size());
  std::transform(gdp.begin(), gdp.end(), x.begin(), [](double g) { return std::log(g); });
  return ols(x, share).second;
}

double standard_deviation(const std::vector<double>& x) {
  if (x.empty()) return 0.0;
  const double n = static_cast<double>(x.size());
  double mean = 0, var = 0;
  for (double v : x) mean += v / n;
  for (double v : x) var += (v - mean) * (v - mean) / n;
  return std::sqrt(var);
}

double north_south_gap(const std::vector<double>& share, const std::vector<bool>& developing) {
  double north = 0, south = 0;
  int n = 0, s = 0;
  for (std::size_t i = 0; i < share.size(); ++i) {
    if (developing[i]) {
      south += share[i];
      ++s;
    } else {
      north += share[i];
      ++n;
    }
  }
  return (n > 0 ? north / n : 0.0) - (s > 0 ? south / s : 0.0);
}

}  // namespace

std::vector<bool> holdout_split(const World& world) {
  std::map<std::tuple<std::string, double, double>, std::string> block_key;
  for (const Country& c : world.countries) {
    if (!c.observed) continue;
    auto [it, added] = block_key.emplace(std::make_tuple(c.region, c.target_h1_share, c.target_h2_share), c.iso3);
    if (!added) it->second = std::min(it->second, c.iso3);
  }
  std::vector<bool> out(world.countries.size(), false);
  for (std::size_t i = 0; i < world.countries.size(); ++i) {
    const Country& c = world.countries[i];
    if (!c.observed) continue;
    out[i] = digest_bytes(block_key.at(std::make_tuple(c.region, c.target_h1_share, c.target_h2_share))) % kFolds == 0;
  }
  return out;
}

PatternData observed_side(const World& world, const std::vector<bool>& held_out, bool want_held_out) {
  PatternData d;
  for (std::size_t i = 0; i < world.countries.size(); ++i) {
    const Country& c = world.countries[i];
    if (!c.observed || (i < held_out.size() && held_out[i]) != want_held_out) continue;
    d.observed.push_back(c.target_h2_share);
    d.h1.push_back(c.target_h1_share);
    d.gdp_per_capita.push_back(c.gdp_per_capita_usd);
    d.developing.push_back(c.developing());
  }
  return d;
}

PatternDistance pattern_distance(const PatternData& d) {
  PatternDistance out;
  if (d.simulated.empty()) return out;
  double err = 0;
  for (std::size_t i = 0; i < d.simulated.size(); ++i) err += std::fabs(d.simulated[i] - d.observed[i]);
  out.mae_pp = kPp * err / static_cast<double>(d.simulated.size());
  out.income_slope_error_pp =
      kPp * std::fabs(income_slope(d.simulated, d.gdp_per_capita) - income_slope(d.observed, d.gdp_per_capita));
  out.north_south_error_pp =
      kPp * std::fabs(north_south_gap(d.simulated, d.developing) - north_south_gap(d.observed, d.developing));
  if (d.h1.size() != d.simulated.size())
    throw std::invalid_argument("pattern_distance: an H1 share per economy is needed for the growth gradient");
  std::vector<double> miss(d.simulated.size());
  for (std::size_t i = 0; i < miss.size(); ++i) miss[i] = d.simulated[i] - d.observed[i];
  out.growth_gradient_error_pp = kPp * std::fabs(ols(d.h1, miss).second) * standard_deviation(d.h1);
  return out;
}

std::vector<GrowthBand> growth_by_level(const std::vector<double>& observed_h1, const std::vector<double>& observed_h2,
                                        const std::vector<double>& simulated_h1,
                                        const std::vector<double>& simulated_h2, int groups) {
  const std::size_t n = observed_h1.size();
  if (groups < 1 || n < static_cast<std::size_t>(groups) || observed_h2.size() != n || simulated_h1.size() != n ||
      simulated_h2.size() != n)
    return {};
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return observed_h1[a] < observed_h1[b]; });
  std::vector<GrowthBand> bands(static_cast<std::size_t>(groups));
  const auto g = static_cast<std::size_t>(groups);
  for (std::size_t k = 0; k < g; ++k) {
    const std::size_t from = k * n / g, to = (k + 1) * n / g;
    for (std::size_t j = from; j < to; ++j) {
      const std::size_t i = order[j];
      bands[k].observed_pp += kPp * (observed_h2[i] - observed_h1[i]) / static_cast<double>(to - from);
      bands[k].simulated_pp += kPp * (simulated_h2[i] - simulated_h1[i]) / static_cast<double>(to - from);
    }
  }
  return bands;
}

double persistence_mae_pp(const std::vector<double>& h1, const std::vector<double>& h2) {
  if (h1.empty()) return 0.0;
  double err = 0;
  for (std::size_t i = 0; i < h1.size(); ++i) err += std::fabs(h2[i] - h1[i]);
  return kPp * err / static_cast<double>(h1.size());
}

double income_regression_mae_pp(const PatternData& train, const PatternData& test) {
  std::vector<double> x, y;
  for (std::size_t i = 0; i < train.observed.size(); ++i) {
    x.push_back(std::log(train.gdp_per_capita[i]));
    y.push_back(std::log(std::max(train.observed[i], kMinShare)));
  }
  const auto [a, b] = ols(x, y);
  if (test.observed.empty()) return 0.0;
  double err = 0;
  for (std::size_t i = 0; i < test.observed.size(); ++i)
    err += std::fabs(std::exp(a + b * std::log(test.gdp_per_capita[i])) - test.observed[i]);
  return kPp * err / static_cast<double>(test.observed.size());
}

}  // namespace stackrace
