#include "sim/use_choice.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numeric>

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
  EXPECT_NEAR(inclusive_value({0, 0, kNegInf, kNegInf, kNegInf}), std::log(2.0), 1e-12);
  EXPECT_NEAR(inclusive_value({1000, kNegInf, kNegInf, kNegInf, 1000}), 1000 + std::log(2.0), 1e-9);
  EXPECT_EQ(inclusive_value({kNegInf, kNegInf, kNegInf, kNegInf, kNegInf}), kNegInf);
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
  EXPECT_NEAR(mean_price({0, 0, kNegInf, kNegInf, kNegInf}, {2, 4, 100, 100, 100}), 3.0, 1e-12);
  EXPECT_NEAR(mean_price({std::log(3.0), 0, kNegInf, kNegInf, kNegInf}, {2, 6, 0, 0, 0}), 3.0, 1e-12);
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

TEST(StackConstants, ReproduceTheTargetMix) {
  // Two countries of one market, two classes each, unequal values.
  const std::vector<StackArray> mix = {{0.7, 0.1, 0.1, 0.05, 0.05}, {0.7, 0.1, 0.1, 0.05, 0.05}};
  const StackMarkets m = stack_markets(mix, {true, true});
  ASSERT_EQ(m.target.size(), 1u);
  std::vector<std::array<StackArray, kClassCount>> values(2);
  std::vector<std::array<double, kClassCount>> weight(2);
  for (auto& w : weight) w.fill(0.0);
  for (auto& v : values) v.fill({0, 0, 0, 0, 0});
  values[0][0] = {0.5, -1.0, 2.0, 0.0, 0.3};
  values[1][1] = {-0.5, 1.0, 0.0, 1.5, kNegInf};  // "other" unavailable there
  weight[0][0] = 3;
  weight[1][1] = 1;
  const auto asc = fit_stack_constants(m, values, weight, 2.0);
  StackArray share{};
  double total = 0;
  for (int c = 0; c < 2; ++c) {
    const int k = c;
    StackArray u;
    for (int s = 0; s < kStackCount; ++s) u[s] = values[c][k][s] + asc[0][s] + 2.0 * m.target[0][s];
    const double iv = inclusive_value(u);
    for (int s = 0; s < kStackCount; ++s)
      if (std::isfinite(u[s])) share[s] += weight[c][k] * std::exp(u[s] - iv);
    total += weight[c][k];
  }
  for (int s = 0; s < kStackCount; ++s) EXPECT_NEAR(share[s] / total, m.target[0][s], 1e-6) << s;
}

// --- The nested choice in a whole run ---

double final_share(const TinyWorld& w, const std::vector<std::string>& sets, int country) {
  SpecOptions o;
  o.adopters = 60000;
  o.overrides = sets;
  o.overrides.push_back("horizon.end_month=2027-12");
  const Spec spec = w.load(o);
  Simulation sim(spec, 5);
  while (!sim.done()) sim.step();
  return summarize(sim).countries[country].ai_user_share;
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

}  // namespace
}  // namespace stackrace
