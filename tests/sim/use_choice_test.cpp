#include "sim/use_choice.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string>

#include "base/errors.h"
#include "sim/metrics.h"
#include "sim/simulation.h"
#include "support/tiny_world.h"

namespace stackrace {
namespace {

using namespace test_support;
constexpr double kNegInf = -std::numeric_limits<double>::infinity();

Adoption upper_level() {
  Adoption a;
  a.set_use_constant(0.2);
  a.set_affordability_elasticity(0.5);
  a.set_inclusive_value_weight(0.3);
  a.set_use_constant_firm(1.0);
  return a;
}

TEST(InclusiveValue, LogSumOverAvailableStacks) {
  EXPECT_NEAR(inclusive_value({0, 0, kNegInf, kNegInf, kNegInf}, 1), std::log(2.0), 1e-12);
  EXPECT_NEAR(inclusive_value({1000, kNegInf, kNegInf, kNegInf, 1000}, 1), 1000 + std::log(2.0), 1e-9);
  EXPECT_EQ(inclusive_value({kNegInf, kNegInf, kNegInf, kNegInf, kNegInf}, 1), kNegInf);
  EXPECT_EQ(inclusive_value({kNegInf, kNegInf, kNegInf, kNegInf, kNegInf}, 0.5), kNegInf);
}

// --- The nest of the open-weight stacks (US_OPEN, CN_OPEN) ---

// The plain logit's log-sum and shares, as the lower level computed them
// before the nest.
double plain_log_sum(const StackArray& v) {
  double top = kNegInf;
  for (double x : v)
    if (std::isfinite(x)) top = std::max(top, x);
  if (!std::isfinite(top)) return kNegInf;
  double sum = 0;
  for (double x : v)
    if (std::isfinite(x)) sum += std::exp(x - top);
  return top + std::log(sum);
}

const std::vector<StackArray> kValues = {{0.5, -1.0, 2.0, 0.0, 0.3},
                                         {-0.5, 1.0, 0.0, 1.5, kNegInf},
                                         {kNegInf, 3.0, kNegInf, -2.0, 0.1},
                                         {700, 699, kNegInf, kNegInf, 701},
                                         {0.2, kNegInf, 0.4, kNegInf, kNegInf}};

TEST(InclusiveValue, LambdaOneIsThePlainLogitExactly) {
  const StackArray price{5, 0.3, 1.2, 0.1, 2};
  for (const StackArray& v : kValues) {
    const double iv = plain_log_sum(v);
    EXPECT_EQ(inclusive_value(v, 1), iv);
    const StackArray p = stack_probabilities(v, 1);
    double mean = 0;
    for (int s = 0; s < kStackCount; ++s) {
      EXPECT_EQ(p[s], std::isfinite(v[s]) ? std::exp(v[s] - iv) : 0.0) << s;
      if (std::isfinite(v[s])) mean += std::exp(v[s] - iv) * price[s];
    }
    EXPECT_EQ(mean_price(v, price, 1), mean);
  }
}

TEST(InclusiveValue, NestedLogSum) {
  // ln(sum over singletons e^v + (e^(v_us_open / lambda) + e^(v_cn_open / lambda))^lambda)
  const StackArray v{0.5, -1.0, 2.0, 0.0, 0.3};
  for (const double lambda : {0.9, 0.5, 0.3, 0.05}) {
    const double nest = std::pow(std::exp(-1.0 / lambda) + std::exp(0.0 / lambda), lambda);
    EXPECT_NEAR(inclusive_value(v, lambda), std::log(std::exp(0.5) + std::exp(2.0) + std::exp(0.3) + nest), 1e-12)
        << lambda;
  }
  // Large values stay finite; a nest of one stack is that stack.
  EXPECT_NEAR(inclusive_value({700, 699, kNegInf, kNegInf, 701}, 0.5),
              701 + std::log(1 + std::exp(-1.0) + std::exp(-2.0)), 1e-9);
  // Identical open-weight stacks are one stack at lambda -> 0 and two at 1.
  const StackArray twins{kNegInf, 0, kNegInf, 0, kNegInf};
  EXPECT_NEAR(inclusive_value(twins, 0.05), 0.05 * std::log(2.0), 1e-12);
  EXPECT_NEAR(inclusive_value(twins, 1), std::log(2.0), 1e-12);
}

TEST(StackProbabilities, NestedSharesSumToOneAndFollowTheFormula) {
  for (const double lambda : {0.8, 0.5, 0.3}) {
    for (const StackArray& v : kValues) {
      const StackArray p = stack_probabilities(v, lambda);
      // Relative to the largest value, as the values reach 700.
      double top = kNegInf;
      for (const double x : v) top = std::max(top, x);
      double singles = 0, nest = 0;
      for (int s = 0; s < kStackCount; ++s) {
        if (!std::isfinite(v[s])) continue;
        if (is_open_weights(s)) {
          nest += std::exp((v[s] - top) / lambda);
        } else {
          singles += std::exp(v[s] - top);
        }
      }
      const double d = singles + std::pow(nest, lambda);
      double sum = 0;
      for (int s = 0; s < kStackCount; ++s) {
        sum += p[s];
        if (!std::isfinite(v[s])) {
          EXPECT_EQ(p[s], 0.0);
          continue;
        }
        const double x = v[s] - top;
        const double expected =
            is_open_weights(s) ? std::pow(nest, lambda) / d * std::exp(x / lambda) / nest : std::exp(x) / d;
        EXPECT_NEAR(p[s], expected, 1e-12) << "lambda " << lambda << " stack " << s;
      }
      EXPECT_NEAR(sum, 1.0, 1e-12) << lambda;
    }
  }
}

TEST(StackProbabilities, AWeakerUsOpenStackLosesMoreToCnOpenInTheNest) {
  const StackArray before{0, 0, 0, 0, 0}, after{0, -1.5, 0, 0, 0};
  double to_cn_open[2] = {};  // CN open's gain over US open's loss: plain, nested
  for (const double lambda : {1.0, 0.5}) {
    const StackArray p0 = stack_probabilities(before, lambda), p1 = stack_probabilities(after, lambda);
    to_cn_open[lambda < 1 ? 1 : 0] = (p1[CN_OPEN] - p0[CN_OPEN]) / (p0[US_OPEN] - p1[US_OPEN]);
  }
  EXPECT_NEAR(to_cn_open[0], 0.25, 1e-12) << "the plain logit spreads in proportion";
  EXPECT_GT(to_cn_open[1], to_cn_open[0] + 0.1) << "nested " << to_cn_open[1];
  // The upper level sees a nest of close substitutes as worth less than two
  // distinct stacks.
  EXPECT_LT(inclusive_value(before, 0.5), inclusive_value(before, 1));
}

TEST(UseProbability, CheaperBetterAndRicherRaiseIt) {
  const Adoption a = upper_level();
  const UseInputs base{2000, 13000, 5.0, 5.0, 1.0};
  const double p = use_probability(a, AdopterKind::kHousehold, base);
  UseInputs cheaper = base;
  cheaper.price = 2.5;
  UseInputs better = base;
  better.iv = 2.0;
  UseInputs richer = base;
  richer.income = 20000;
  EXPECT_GT(use_probability(a, AdopterKind::kHousehold, cheaper), p);
  EXPECT_GT(use_probability(a, AdopterKind::kHousehold, better), p);
  EXPECT_GT(use_probability(a, AdopterKind::kHousehold, richer), p);
  EXPECT_GT(use_probability(a, AdopterKind::kFirm, base), p);  // use_constant_firm > 0
  // Halving the price is worth affordability_elasticity x ln 2 in utility.
  const double logit = std::log(p / (1 - p));
  const double q = use_probability(a, AdopterKind::kHousehold, cheaper);
  EXPECT_NEAR(std::log(q / (1 - q)) - logit, 0.5 * std::log(2.0), 1e-9);
}

TEST(UseProbability, NothingAvailableMeansNoUse) {
  const UseInputs none{2000, 13000, 0.0, 5.0, kNegInf};
  EXPECT_EQ(use_probability(upper_level(), AdopterKind::kHousehold, none), 0.0);
}

TEST(MeanPrice, WeightsPricesByTheLogitShares) {
  EXPECT_NEAR(mean_price({0, 0, kNegInf, kNegInf, kNegInf}, {2, 4, 100, 100, 100}, 1), 3.0, 1e-12);
  EXPECT_NEAR(mean_price({std::log(3.0), 0, kNegInf, kNegInf, kNegInf}, {2, 6, 0, 0, 0}, 1), 3.0, 1e-12);
  // Nested: the weights are the nested shares.
  const StackArray v{0.5, -1.0, 2.0, 0.0, 0.3}, price{5, 0.3, 1.2, 0.1, 2};
  const StackArray p = stack_probabilities(v, 0.4);
  double expected = 0;
  for (int s = 0; s < kStackCount; ++s) expected += p[s] * price[s];
  EXPECT_NEAR(mean_price(v, price, 0.4), expected, 1e-12);
}

// The month's tables take the mean price and the inclusive value from one
// pass over the nest: exactly what mean_price and inclusive_value give one
// at a time, with stacks unavailable, the nest empty or everything blocked.
TEST(MeanPrice, SummaryIsMeanPriceAndInclusiveValueExactly) {
  const StackArray price{2.0, 0.3, 0.5, 0.1, 1.0};
  const std::vector<StackArray> values = {{1.0, -0.5, 0.3, 0.7, -2.0},
                                          {1.0, kNegInf, 0.3, 0.7, -2.0},
                                          {1.0, kNegInf, 0.3, kNegInf, -2.0},
                                          {kNegInf, 0.4, kNegInf, 2.5, kNegInf},
                                          {kNegInf, kNegInf, kNegInf, kNegInf, kNegInf},
                                          {40.0, -30.0, 3.0, 12.0, 0.0}};
  for (const double lambda : {0.05, 0.3, 0.5, 1.0}) {
    for (const StackArray& v : values) {
      const OfferSummary summary = summarise_offers(v, price, lambda);
      EXPECT_EQ(summary.mean_price, mean_price(v, price, lambda)) << "lambda " << lambda;
      EXPECT_EQ(summary.inclusive_value, inclusive_value(v, lambda)) << "lambda " << lambda;
    }
  }
}

TEST(ClassWeights, SumToOneAndFollowIncome) {
  Population p;
  p.set_firm_share(0.05);
  p.set_public_body_share(0.01);
  p.set_income_log_sd(0.9);
  p.set_organisation_income_multiple(20);
  p.set_income_bin_min_usd(100);
  p.set_income_bin_max_usd(400000);
  const auto poor = class_weights(1000, p), rich = class_weights(60000, p);
  EXPECT_NEAR(std::accumulate(poor.begin(), poor.end(), 0.0), 1.0, 1e-9);
  EXPECT_NEAR(std::accumulate(rich.begin(), rich.end(), 0.0), 1.0, 1e-9);
  double mean_bin_poor = 0, mean_bin_rich = 0;
  for (int b = 0; b < kIncomeBins; ++b) {
    mean_bin_poor += b * poor[class_of(AdopterKind::kHousehold, b)];
    mean_bin_rich += b * rich[class_of(AdopterKind::kHousehold, b)];
  }
  EXPECT_LT(mean_bin_poor + 3, mean_bin_rich);
}

class StackConstants : public ::testing::TestWithParam<double> {};

// In the tests below, `values` and `weight` start value-initialised: every
// class of every country at 0 (no users) until a test sets it.

using Reach = std::array<bool, kStackCount>;
constexpr Reach kAll = {true, true, true, true, true};

// Each market's share among its users at the constants, the peer term at its
// target (the fit's mean field).
std::vector<StackArray> fitted_mix(const StackMarkets& m, const std::vector<StackArray>& asc,
                                   const std::vector<std::array<StackArray, kClassCount>>& values,
                                   const std::vector<std::array<double, kClassCount>>& weight, double lambda) {
  std::vector<StackArray> share(m.target.size(), StackArray{});
  std::vector<double> total(m.target.size(), 0.0);
  for (std::size_t c = 0; c < values.size(); ++c) {
    const int g = m.market_of_country[c];
    for (int k = 0; k < kClassCount; ++k) {
      if (weight[c][k] <= 0) continue;
      StackArray u;
      for (int s = 0; s < kStackCount; ++s) u[s] = values[c][k][s] + asc[g][s] + 2.0 * m.target[g][s];
      const StackArray p = stack_probabilities(u, lambda);
      for (int s = 0; s < kStackCount; ++s) share[g][s] += weight[c][k] * p[s];
      total[g] += weight[c][k];
    }
  }
  for (std::size_t g = 0; g < share.size(); ++g)
    for (double& x : share[g]) x /= total[g];
  return share;
}

// The contraction, with a nest member's step nest_lambda, reaches the target
// at lambda 1 (the plain logit) and at a tight nest; a country without
// "other" is a market of its own, fitted to the mix over what it reaches.
TEST_P(StackConstants, ReproduceTheTargetMix) {
  const double lambda = GetParam();
  const StackArray mix = {0.7, 0.1, 0.1, 0.05, 0.05};
  const StackMarkets m = stack_markets({mix, mix}, {true, true}, {kAll, {true, true, true, true, false}});
  ASSERT_EQ(m.target.size(), 2u);
  std::vector<std::array<StackArray, kClassCount>> values(2);
  std::vector<std::array<double, kClassCount>> weight(2);
  values[0][0] = {0.5, -1.0, 2.0, 0.0, 0.3};
  values[0][1] = {-0.5, 1.0, 0.0, 1.5, 0.2};
  values[1][1] = {-0.5, 1.0, 0.0, 1.5, kNegInf};  // "other" unavailable there
  weight[0][0] = 3;
  weight[0][1] = 1;
  weight[1][1] = 5;
  const auto asc = fit_stack_constants(m, values, weight, 2.0, lambda);
  const std::vector<StackArray> share = fitted_mix(m, asc, values, weight, lambda);
  for (int s = 0; s < kStackCount; ++s) {
    EXPECT_NEAR(share[0][s], mix[s], 1e-6) << s;
    EXPECT_NEAR(share[1][s], s == OTHER ? 0.0 : mix[s] / 0.95, 1e-6) << s;
  }
}

// A stack that no class of a market reaches leaves its part to the others in
// proportion, in the nest as out of it.
TEST_P(StackConstants, AStackReachedNowhereLeavesItsPartInProportion) {
  const double lambda = GetParam();
  const StackArray mix = {0.2, 0.1, 0.3, 0.3, 0.1};
  const StackMarkets m = stack_markets({mix}, {true}, {{false, true, true, true, true}});
  std::vector<std::array<StackArray, kClassCount>> values(1);
  std::vector<std::array<double, kClassCount>> weight(1);
  values[0][0] = {kNegInf, 0.4, -0.3, 1.0, 0.0};  // US closed blocked, as in Russia
  weight[0][0] = 1;
  const auto asc = fit_stack_constants(m, values, weight, 2.0, lambda);
  const StackArray p = fitted_mix(m, asc, values, weight, lambda)[0];
  EXPECT_EQ(p[US_CLOSED], 0.0);
  for (int s = 1; s < kStackCount; ++s) EXPECT_NEAR(p[s], mix[s] / 0.8, 1e-6) << s;
}

INSTANTIATE_TEST_SUITE_P(NestLambda, StackConstants, ::testing::Values(1.0, 0.5, 0.3));

// A stack blocked in one country of a market leaves the constants, and so
// the choice in the other countries, as they were: its neighbours are not
// made to take up that country's part of the blocked stack, and the blocking
// country reproduces the mix over what it reaches.
TEST(StackConstants, ABlockInOneCountryDoesNotSpillOntoItsNeighbours) {
  const StackArray mix = {0.7, 0.1, 0.1, 0.05, 0.05};
  std::vector<std::array<StackArray, kClassCount>> values(2);
  std::vector<std::array<double, kClassCount>> weight(2);
  for (int c = 0; c < 2; ++c) {
    values[c][0] = {0.5, -1.0, 2.0, 0.0, 0.3};
    weight[c][0] = c == 0 ? 1.0 : 5.0;  // the blocking country is the larger
  }
  const StackMarkets open = stack_markets({mix, mix}, {true, true}, {kAll, kAll});
  ASSERT_EQ(open.target.size(), 1u);
  const StackArray before =
      fitted_mix(open, fit_stack_constants(open, values, weight, 2.0, 0.5), values, weight, 0.5)[0];
  values[1][0][CN_CLOSED] = kNegInf;
  values[1][0][CN_OPEN] = kNegInf;
  const StackMarkets blocked = stack_markets({mix, mix}, {true, true}, {kAll, {true, true, false, false, true}});
  ASSERT_EQ(blocked.target.size(), 2u);
  const auto after = fitted_mix(blocked, fit_stack_constants(blocked, values, weight, 2.0, 0.5), values, weight, 0.5);
  for (int s = 0; s < kStackCount; ++s) {
    EXPECT_NEAR(after[0][s], mix[s], 1e-6) << s;  // country 0 starts in equilibrium
    EXPECT_NEAR(after[0][s], before[s], 1e-6) << s;
    EXPECT_NEAR(after[1][s], is_cn_stack(s) ? 0.0 : mix[s] / 0.85, 1e-6) << s;
  }
}

// Blocks that do not nest (one country without a Chinese stack, another
// without "other") each leave their country the mix over what it reaches,
// and the third, which reaches everything, the whole mix.
TEST(StackConstants, BlocksThatDoNotNestEachReachTheirMix) {
  const StackArray mix = {0.6, 0.1, 0.1, 0.1, 0.1};
  const std::vector<Reach> reach = {{true, true, false, true, true}, {true, true, true, true, false}, kAll};
  const StackMarkets m = stack_markets({mix, mix, mix}, {true, true, true}, reach);
  ASSERT_EQ(m.target.size(), 3u);
  std::vector<std::array<StackArray, kClassCount>> values(3);
  std::vector<std::array<double, kClassCount>> weight(3);
  for (int c = 0; c < 3; ++c) {
    values[c][0] = {0.5, -1.0, 2.0, 0.0, 0.3};
    values[c][1] = {-0.5, 1.0, 0.0, 1.5, 0.2};
    for (int s = 0; s < kStackCount; ++s)
      if (!reach[c][s]) values[c][0][s] = values[c][1][s] = kNegInf;
    weight[c][0] = 1.0 + c;
    weight[c][1] = 10.0 - c;
  }
  const auto share = fitted_mix(m, fit_stack_constants(m, values, weight, 2.0, 0.5), values, weight, 0.5);
  for (int c = 0; c < 3; ++c) {
    const int g = m.market_of_country[c];
    for (int s = 0; s < kStackCount; ++s)
      EXPECT_NEAR(share[g][s], reach[c][s] ? mix[s] / (c == 2 ? 1.0 : 0.9) : 0.0, 1e-6) << c << s;
  }
}

// Countries share a market where they share both the starting mix and what
// they reach; a mix with nothing reachable in it is kept as it is.
TEST(StackMarkets, GroupByMixAndReach) {
  const StackArray a = {0.7, 0.1, 0.1, 0.05, 0.05}, b = {0.2, 0.1, 0.3, 0.3, 0.1};
  const Reach no_cn = {true, true, false, false, true}, only_other = {false, false, false, false, true};
  const StackArray only_us = {0.5, 0.5, 0, 0, 0};
  const StackMarkets m = stack_markets({a, a, b, a, a, only_us}, {true, true, true, true, false, true},
                                       {kAll, no_cn, kAll, kAll, kAll, only_other});
  EXPECT_EQ(m.market_of_country, (std::vector<int>{0, 1, 2, 0, -1, 3}));
  ASSERT_EQ(m.target.size(), 4u);
  EXPECT_EQ(m.target[0], a);
  EXPECT_NEAR(m.target[1][US_CLOSED], 0.7 / 0.85, 1e-12);
  EXPECT_EQ(m.target[1][CN_OPEN], 0.0);
  EXPECT_EQ(m.target[3], only_us);
}

// Classes with the same values share their shares within a market, not
// across markets: two countries of one market and one of another hold the
// same values, and each market still reaches its own target.
TEST(StackConstants, SameValuesInTwoMarketsReachEachTarget) {
  const std::vector<StackArray> mix = {
      {0.7, 0.1, 0.1, 0.05, 0.05}, {0.7, 0.1, 0.1, 0.05, 0.05}, {0.2, 0.1, 0.3, 0.3, 0.1}};
  const StackMarkets m = stack_markets(mix, {true, true, true}, {kAll, kAll, kAll});
  ASSERT_EQ(m.target.size(), 2u);
  std::vector<std::array<StackArray, kClassCount>> values(3);
  std::vector<std::array<double, kClassCount>> weight(3);
  const StackArray same = {0.5, -1.0, 2.0, 0.0, 0.3};
  for (int c = 0; c < 3; ++c) values[c][0] = same;
  values[0][1] = {-0.5, 1.0, 0.0, 1.5, 0.2};
  weight[0][0] = 2;
  weight[1][0] = 1;
  weight[2][0] = 4;
  weight[0][1] = 1;
  const auto share = fitted_mix(m, fit_stack_constants(m, values, weight, 2.0, 0.5), values, weight, 0.5);
  for (int g = 0; g < 2; ++g)
    for (int s = 0; s < kStackCount; ++s) EXPECT_NEAR(share[g][s], m.target[g][s], 1e-6) << g << s;
}

// --- The nested choice in a whole run ---

// A country's summary at the end of 2027 (60,000 adopters, seed 5).
auto final_country(const TinyWorld& w, const std::vector<std::string>& sets, int country) {
  SpecOptions o;
  o.adopters = 60000;
  o.overrides = sets;
  o.overrides.push_back("horizon.end_month=2027-12");
  const Spec spec = w.load(o);
  Simulation sim(spec, 5);
  while (!sim.done()) sim.step();
  return summarize(sim).countries[country];
}

double final_share(const TinyWorld& w, const std::vector<std::string>& sets, int country) {
  return final_country(w, sets, country).ai_user_share;
}

TEST(NestedChoice, AFreeStackRaisesAdoption) {
  const TinyWorld w;
  const double base = final_share(w, {}, kIND);
  // lab[3] is the tiny world's only CN_OPEN lab: free from the start.
  const double free = final_share(w, {"supply.lab[3].price_usd_per_mtok=0"}, kIND);
  EXPECT_GT(free, base + 0.001) << "base " << base << " free " << free;
}

TEST(NestedChoice, RemovingTheOnlyStackLowersAdoption) {
  // CHN has no US stacks; taking its cheapest one (CN open) away as well
  // leaves less worth using.
  const TinyWorldTexts t = tiny_world_texts();
  const TinyWorld w(t);
  const double base = final_share(w, {}, kCHN);
  TinyWorldTexts blocked = t;
  const std::size_t at = blocked.scenario.find("access {\n");
  ASSERT_NE(at, std::string::npos);
  blocked.scenario.insert(at + 9, "  blocked { stack: CN_OPEN iso3: [\"CHN\"] }\n");
  const TinyWorld wb(blocked);
  const double less = final_share(wb, {}, kCHN);
  EXPECT_LT(less, base - 0.001) << "base " << base << " blocked " << less;
}

// A block from a later month (access.blocked's from_month) is a policy: the
// run is the run without it until then, and from its month no one in the
// country uses the blocked stacks; taking the cheap Chinese stacks away
// lowers the country's take-up. A block from the start is part of the
// world the start is fitted to.
TEST(NestedChoice, ABlockFromAMonthActsFromThatMonth) {
  const TinyWorldTexts t = tiny_world_texts();
  TinyWorldTexts dated = t;
  const std::size_t at = dated.scenario.find("access {\n");
  ASSERT_NE(at, std::string::npos);
  dated.scenario.insert(at + 9,
                        "  blocked { stack: CN_CLOSED iso3: [\"IND\"] from_month: \"2025-07\" }\n"
                        "  blocked { stack: CN_OPEN iso3: [\"IND\"] from_month: \"2025-07\" }\n");
  const TinyWorld w(t), wd(dated);
  SpecOptions o;
  o.adopters = 60000;
  const Spec spec = w.load(o), spec_dated = wd.load(o);
  ASSERT_EQ(spec_dated.dated_blocks.size(), 2u);
  EXPECT_TRUE(spec_dated.available[kIND][CN_OPEN]);  // reachable at the start
  Simulation sim(spec, 5), with(spec_dated, 5);
  for (int month = 0; !sim.done(); ++month) {
    sim.step();
    with.step();
    const MonthSummary a = summarize(sim), b = summarize(with);
    if (month < 6) {
      EXPECT_EQ(global_values(a), global_values(b)) << "month " << month;
      continue;
    }
    EXPECT_EQ(b.countries[kIND].stack_share[CN_CLOSED] + b.countries[kIND].stack_share[CN_OPEN], 0.0) << month;
    EXPECT_GT(a.countries[kIND].stack_share[CN_OPEN], 0.0) << month;
    EXPECT_LT(b.countries[kIND].ai_user_share, a.countries[kIND].ai_user_share) << month;
  }
  // A month that is not one is refused where it is written.
  TinyWorldTexts bad = t;
  bad.scenario.insert(at + 9, "  blocked { stack: CN_OPEN iso3: [\"IND\"] from_month: \"July\" }\n");
  const TinyWorld wbad(bad);
  try {
    wbad.load(o);
    ADD_FAILURE() << "a from_month of July loaded";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("access.blocked[0].from_month = \"July\": expected a month as YYYY-MM"),
              std::string::npos)
        << e.what();
  }
}

TEST(NestedChoice, IncomeGrowthRaisesAdoptionAndTheWillingnessToPay) {
  // Every income group's GDP per head 10% a year richer from the start:
  // a month of typical use weighs less (more take AI up) and price less
  // (fewer of the users are drawn to the cheapest stack, CN open).
  const TinyWorld w;
  const std::vector<std::string> growth = {
      "population.income_growth_per_year.low=0.1", "population.income_growth_per_year.lower_middle=0.1",
      "population.income_growth_per_year.upper_middle=0.1", "population.income_growth_per_year.high=0.1"};
  const auto flat = final_country(w, {}, kIND), richer = final_country(w, growth, kIND);
  EXPECT_GT(richer.ai_user_share, flat.ai_user_share + 0.002)
      << "flat " << flat.ai_user_share << " richer " << richer.ai_user_share;
  EXPECT_LT(richer.stack_share[CN_OPEN], flat.stack_share[CN_OPEN] - 0.005)
      << "flat " << flat.stack_share[CN_OPEN] << " richer " << richer.stack_share[CN_OPEN];
}

// CN open's share of India's AI users at the end of 2027 with the US
// open-weight restriction at `restriction` and the open-weight nest at `lambda`.
double cn_open_share(const TinyWorld& w, double lambda, double restriction, std::uint64_t seed) {
  SpecOptions o;
  o.adopters = 30000;
  o.overrides = {"choice.open_weight_nest_lambda=" + std::to_string(lambda),
                 "policy.levers.us_open_weight_restriction=" + std::to_string(restriction),
                 "horizon.end_month=2027-12"};
  const Spec spec = w.load(o);
  Simulation sim(spec, seed);
  while (!sim.done()) sim.step();
  return summarize(sim).countries[kIND].stack_share[CN_OPEN];
}

TEST(NestedChoice, RestrictingUsOpenWeightsRaisesCnOpenMoreInTheNest) {
  const TinyWorld w;
  double gain[2] = {};  // plain logit, nest at 0.5: mean over paired seeds
  for (const std::uint64_t seed : {5, 6}) {
    for (const double lambda : {1.0, 0.5}) {
      gain[lambda < 1 ? 1 : 0] += (cn_open_share(w, lambda, 1, seed) - cn_open_share(w, lambda, 0, seed)) / 2;
    }
  }
  EXPECT_GT(gain[0], 0.0) << "the restriction helps CN open under the plain logit too";
  EXPECT_GT(gain[1], gain[0] * 1.5) << "plain " << gain[0] << " nested " << gain[1];
}

}  // namespace
}  // namespace stackrace
