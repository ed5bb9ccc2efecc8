#include "sim/use_choice.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <utility>

#include "base/distinct_rows.h"

namespace stackrace {

namespace {
// The contraction stops once, in every market, the steps of its stacks agree
// to this (log units): the shares are then the target's. Where a market's
// target names a stack that is unavailable there (US services in Russia and
// Iran, used through VPNs), the available stacks cannot reach their targets
// and keep a common step; a common shift of the constants leaves the shares
// as they are, so agreement, not a zero step, is the test.
constexpr double kContractionTolerance = 1e-9;
// A cap that a geometric contraction stays far below (the shipped worlds
// converge in under 100 rounds at open_weight_nest_lambda 0.5).
constexpr int kContractionRoundsMax = 2000;
// A stack available in a market but absent from its starting mix is taken to
// hold this share, so that its constant stays finite.
constexpr double kAbsentShare = 1e-3;
constexpr double kNegInf = -std::numeric_limits<double>::infinity();
}  // namespace

namespace {

// ln(sum of exp(x)) over the finite entries; -infinity when none is.
template <std::size_t N>
double log_sum_exp(const std::array<double, N>& x) {
  double top = kNegInf;
  for (double e : x)
    if (std::isfinite(e)) top = std::max(top, e);
  if (!std::isfinite(top)) return kNegInf;
  double sum = 0;
  for (double e : x)
    if (std::isfinite(e)) sum += std::exp(e - top);
  return top + std::log(sum);
}

// Within the nest: e^(v / lambda - top of the nest) per member (0 elsewhere),
// their sum, and the nest's term lambda x ln(sum over the nest of e^(v / lambda)).
struct Nest {
  StackArray within{};
  double sum = 0, term = kNegInf;
};

Nest nest_of(const StackArray& v, double nest_lambda) {
  Nest n;
  double top = kNegInf;
  for (int s = 0; s < kStackCount; ++s)
    if (is_open_weights(s) && std::isfinite(v[s])) top = std::max(top, v[s] / nest_lambda);
  if (!std::isfinite(top)) return n;
  for (int s = 0; s < kStackCount; ++s) {
    if (!is_open_weights(s) || !std::isfinite(v[s])) continue;
    n.within[s] = std::exp(v[s] / nest_lambda - top);
    n.sum += n.within[s];
  }
  n.term = nest_lambda * (top + std::log(n.sum));
  return n;
}

}  // namespace

namespace {

// The nested log-sum: the singletons' terms and the nest's.
double nested_value(const StackArray& v, const Nest& nest) {
  std::array<double, kStackCount + 1> terms;
  for (int s = 0; s < kStackCount; ++s) terms[s] = is_open_weights(s) ? kNegInf : v[s];
  terms[kStackCount] = nest.term;
  return log_sum_exp(terms);
}

}  // namespace

double inclusive_value(const StackArray& v, double nest_lambda) {
  if (nest_lambda == 1.0) return log_sum_exp(v);
  return nested_value(v, nest_of(v, nest_lambda));
}

namespace {

// The nested shares, relative to the largest of the singletons and the
// nest's term (`top`): the contraction calls this for every class in every
// round, so each exponential is taken once. `terms` is the sum that the
// nested log-sum takes over the same exponentials, singletons first and the
// nest's last (nested_value's order), so that top + ln(terms) is
// nested_value exactly.
struct NestedShares {
  StackArray p{};
  double top = kNegInf, terms = 0;
};

NestedShares nested_shares(const StackArray& v, const Nest& nest) {
  NestedShares out;
  StackArray& p = out.p;
  double top = nest.term;
  for (int s = 0; s < kStackCount; ++s)
    if (!is_open_weights(s) && std::isfinite(v[s])) top = std::max(top, v[s]);
  if (!std::isfinite(top)) return out;
  out.top = top;
  const double nest_weight = std::isfinite(nest.term) ? std::exp(nest.term - top) : 0.0;
  double total = nest_weight;
  for (int s = 0; s < kStackCount; ++s) {
    if (is_open_weights(s) || !std::isfinite(v[s])) continue;
    p[s] = std::exp(v[s] - top);
    total += p[s];
    out.terms += p[s];
  }
  if (std::isfinite(nest.term)) out.terms += nest_weight;
  for (int s = 0; s < kStackCount; ++s) {
    if (!is_open_weights(s)) {
      p[s] /= total;
    } else if (nest.sum > 0) {
      p[s] = nest_weight / total * (nest.within[s] / nest.sum);
    }
  }
  return out;
}

StackArray nested_probabilities(const StackArray& v, const Nest& nest) { return nested_shares(v, nest).p; }

}  // namespace

namespace {

// The plain logit's shares, given its log-sum `iv`.
StackArray plain_probabilities(const StackArray& v, double iv) {
  StackArray p{};
  if (!std::isfinite(iv)) return p;
  for (int s = 0; s < kStackCount; ++s)
    if (std::isfinite(v[s])) p[s] = std::exp(v[s] - iv);
  return p;
}

double weighted_price(const StackArray& v, const StackArray& share, const StackArray& price) {
  double p = 0;
  for (int s = 0; s < kStackCount; ++s)
    if (std::isfinite(v[s])) p += share[s] * price[s];
  return p;
}

}  // namespace

StackArray stack_probabilities(const StackArray& v, double nest_lambda) {
  if (nest_lambda != 1.0) return nested_probabilities(v, nest_of(v, nest_lambda));
  return plain_probabilities(v, log_sum_exp(v));
}

double mean_price(const StackArray& v, const StackArray& price, double nest_lambda) {
  return weighted_price(v, stack_probabilities(v, nest_lambda), price);
}

OfferSummary summarise_offers(const StackArray& v, const StackArray& price, double nest_lambda) {
  if (nest_lambda == 1.0) {
    const double iv = log_sum_exp(v);
    return {weighted_price(v, plain_probabilities(v, iv), price), iv};
  }
  const NestedShares shares = nested_shares(v, nest_of(v, nest_lambda));
  const double iv = std::isfinite(shares.top) ? shares.top + std::log(shares.terms) : kNegInf;
  return {weighted_price(v, shares.p, price), iv};
}

double use_probability(const Adoption& a, AdopterKind kind, const UseInputs& in) {
  if (!std::isfinite(in.iv)) return 0.0;
  // ln(cost share / reference cost share); a free offer costs nothing at all.
  const double cost =
      std::log(std::max(in.price, kFreePriceUsdPerMtok) / std::max(in.reference_price, kFreePriceUsdPerMtok)) -
      std::log(in.income / in.reference_income);
  double u = a.use_constant() - a.affordability_elasticity() * cost + a.inclusive_value_weight() * in.iv;
  if (kind == AdopterKind::kFirm) u += a.use_constant_firm();
  if (kind == AdopterKind::kPublicBody) u += a.use_constant_public_body();
  return 1.0 / (1.0 + std::exp(-u));
}

std::array<double, kClassCount> class_weights(double gdp_per_capita, const Population& p) {
  std::array<double, kClassCount> w{};
  const double organisations = p.firm_share() + p.public_body_share();
  const double households = std::max(0.0, 1.0 - organisations);
  const double sd = p.income_log_sd();
  const double mu = std::log(std::max(gdp_per_capita, 1.0)) - 0.5 * sd * sd;
  const double lo = std::log(p.income_bin_min_usd()), hi = std::log(p.income_bin_max_usd());
  // Mass of each bin; the outer bins take the tails (as income_bin clamps).
  double below = 0;
  for (int b = 0; b < kIncomeBins; ++b) {
    const double edge = lo + (hi - lo) * (b + 1) / kIncomeBins;
    const double cdf = b + 1 == kIncomeBins ? 1.0
                       : sd > 0             ? 0.5 * std::erfc(-(edge - mu) / (sd * std::sqrt(2.0)))
                                            : (mu < edge ? 1.0 : 0.0);
    w[class_of(AdopterKind::kHousehold, b)] = households * (cdf - below);
    below = cdf;
  }
  const int org_bin = income_bin(gdp_per_capita * p.organisation_income_multiple(), p);
  w[class_of(AdopterKind::kFirm, org_bin)] += p.firm_share();
  w[class_of(AdopterKind::kPublicBody, org_bin)] += p.public_body_share();
  return w;
}

StackMarkets stack_markets(const std::vector<StackArray>& initial_mix, const std::vector<bool>& inhabited,
                           const std::vector<std::array<bool, kStackCount>>& available) {
  StackMarkets m;
  m.market_of_country.assign(initial_mix.size(), -1);
  std::map<std::pair<StackArray, std::array<bool, kStackCount>>, int> ids;
  for (std::size_t c = 0; c < initial_mix.size(); ++c) {
    if (!inhabited[c]) continue;
    auto [it, added] = ids.emplace(std::pair{initial_mix[c], available[c]}, static_cast<int>(m.target.size()));
    if (added) {
      StackArray t = initial_mix[c];
      double sum = 0, reached = 0;
      for (int s = 0; s < kStackCount; ++s) {
        sum += t[s];
        if (available[c][s]) reached += t[s];
      }
      // The mix over what the country reaches, where that is some of it.
      const bool part = reached > 0 && reached < sum;
      for (int s = 0; s < kStackCount; ++s) {
        if (part) {
          t[s] = available[c][s] ? t[s] / reached : 0.0;
        } else {
          t[s] = sum > 0 ? t[s] / sum : 1.0 / kStackCount;
        }
      }
      m.target.push_back(t);
    }
    m.market_of_country[c] = it->second;
  }
  return m;
}

namespace {

// The classes with users, in order, each with its market and the id of its
// row (market, values) among the distinct ones: in the shipped world about
// 800 of 2,700, since countries with the same offers and the same starting
// mix share them. The contraction takes the shares of each distinct row once
// a round, the exponentials being most of its work; a class's shares are
// those of its row, so the sums come out as before.
struct ClassTerms {
  struct Term {
    int market;
    std::uint32_t distinct;
    double weight;
  };
  std::vector<Term> terms;
  DistinctRows<1 + kStackCount> distinct;  // market, values
};

ClassTerms class_terms(const StackMarkets& m, const std::vector<std::array<StackArray, kClassCount>>& values,
                       const std::vector<std::array<double, kClassCount>>& weight) {
  ClassTerms out;
  for (std::size_t c = 0; c < values.size(); ++c) {
    const int g = m.market_of_country[c];
    if (g < 0) continue;
    for (int k = 0; k < kClassCount; ++k) {
      if (weight[c][k] <= 0) continue;
      std::array<double, 1 + kStackCount> row{static_cast<double>(g)};
      std::copy(values[c][k].begin(), values[c][k].end(), row.begin() + 1);
      out.terms.push_back({g, out.distinct.add(row), weight[c][k]});
    }
  }
  return out;
}

// Predicted stack shares among users, per market, given the constants.
std::vector<StackArray> predicted_mix(const StackMarkets& m, const std::vector<StackArray>& asc,
                                      const ClassTerms& classes, double beta_network, double nest_lambda) {
  std::vector<StackArray> share(classes.distinct.size());
  std::vector<std::array<bool, kStackCount>> finite(classes.distinct.size());
  for (std::uint32_t d = 0; d < classes.distinct.size(); ++d) {
    const auto& row = classes.distinct[d];
    const auto g = static_cast<std::size_t>(row[0]);
    StackArray u;
    for (int s = 0; s < kStackCount; ++s) {
      u[s] = row[1 + s] + asc[g][s] + beta_network * m.target[g][s];
      finite[d][s] = std::isfinite(u[s]);
    }
    share[d] = stack_probabilities(u, nest_lambda);
  }
  std::vector<StackArray> out(m.target.size(), StackArray{});
  for (const ClassTerms::Term& t : classes.terms) {
    for (int s = 0; s < kStackCount; ++s)
      if (finite[t.distinct][s]) out[t.market][s] += t.weight * share[t.distinct][s];
  }
  return out;
}

}  // namespace

std::vector<StackArray> fit_stack_constants(const StackMarkets& m,
                                            const std::vector<std::array<StackArray, kClassCount>>& values,
                                            const std::vector<std::array<double, kClassCount>>& weight,
                                            double beta_network, double nest_lambda) {
  std::vector<StackArray> asc(m.target.size(), StackArray{});
  const ClassTerms classes = class_terms(m, values, weight);
  // A nest member's step is nest_lambda times its log ratio, a singleton's
  // the whole of it: the standard contraction for a nested logit.
  for (int round = 0; round < kContractionRoundsMax; ++round) {
    const std::vector<StackArray> pred = predicted_mix(m, asc, classes, beta_network, nest_lambda);
    double spread = 0;  // the largest disagreement of the steps within a market
    for (std::size_t g = 0; g < asc.size(); ++g) {
      double total = 0;
      for (double x : pred[g]) total += x;
      if (!(total > 0)) continue;
      double lo = std::numeric_limits<double>::infinity(), hi = -lo;
      for (int s = 0; s < kStackCount; ++s) {
        if (!(pred[g][s] > 0)) continue;  // unavailable throughout the market
        const double scale = is_open_weights(s) ? nest_lambda : 1.0;
        const double step = scale * (std::log(std::max(m.target[g][s], kAbsentShare)) - std::log(pred[g][s] / total));
        asc[g][s] += step;
        lo = std::min(lo, step);
        hi = std::max(hi, step);
      }
      spread = std::max(spread, hi - lo);
    }
    if (spread < kContractionTolerance) break;
  }
  return asc;
}

}  // namespace stackrace
