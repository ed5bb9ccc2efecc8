#include "sim/validation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "sim/spec.h"
#include "support/files.h"

namespace stackrace {
namespace {

PatternData four_economies() {
  PatternData d;
  d.observed = {0.05, 0.10, 0.30, 0.40};
  d.simulated = d.observed;
  d.h1 = {0.04, 0.09, 0.28, 0.37};
  d.gdp_per_capita = {1000, 4000, 30000, 60000};
  d.developing = {true, true, false, false};
  return d;
}

TEST(PatternDistance, ZeroForAPerfectFitAndAddsItsParts) {
  PatternData d = four_economies();
  EXPECT_EQ(pattern_distance(d).total(), 0.0);
  for (double& s : d.simulated) s += 0.01;  // level off by 1 pp, gradient and gap intact
  const PatternDistance off = pattern_distance(d);
  EXPECT_NEAR(off.mae_pp, 1.0, 1e-9);
  EXPECT_NEAR(off.income_slope_error_pp, 0.0, 1e-9);
  EXPECT_NEAR(off.north_south_error_pp, 0.0, 1e-9);
  EXPECT_NEAR(off.growth_gradient_error_pp, 0.0, 1e-9);
  d.simulated = {0.10, 0.10, 0.30, 0.35};  // a flatter gradient, a smaller gap
  const PatternDistance flat = pattern_distance(d);
  EXPECT_GT(flat.income_slope_error_pp, 0.5);
  EXPECT_NEAR(flat.north_south_error_pp, 5.0, 1e-9);  // gap 0.325 - 0.075 = 0.25 vs 0.275
  EXPECT_NEAR(flat.total(),
              flat.mae_pp + flat.income_slope_error_pp + flat.north_south_error_pp + flat.growth_gradient_error_pp,
              1e-12);
}

TEST(PatternDistance, GrowthGradientSeesGrowthThatFailsToRiseWithTheLevel) {
  PatternData d = four_economies();  // observed growth 1, 1, 2, 3 pp: rising with the H1 share
  // Every economy grows 1.75 pp (the observed mean): the level is off by 0.75
  // pp on average, and the growth of the leaders is missed.
  for (std::size_t i = 0; i < d.simulated.size(); ++i) d.simulated[i] = d.h1[i] + 0.0175;
  const PatternDistance even = pattern_distance(d);
  // The H2 error (0.75, 0.75, -0.25, -1.25 pp) falls by 0.0597 pp per pp of
  // H1 share; the H1 shares' standard deviation is 13.5 pp.
  EXPECT_NEAR(even.growth_gradient_error_pp, 0.0597 * 13.5, 0.001);
  // Growth proportional to the level (the observed gradient) scores near
  // zero though the level errors are as large.
  for (std::size_t i = 0; i < d.simulated.size(); ++i) d.simulated[i] = d.observed[i] + (i % 2 == 0 ? 0.0075 : -0.0075);
  EXPECT_NEAR(pattern_distance(d).growth_gradient_error_pp, 0.194, 0.002);  // against 0.806 above
}

TEST(GrowthByLevel, GroupsByObservedH1AndAveragesEachSidesGrowth) {
  // Five economies given out of order; two groups: the two lowest H1, then three.
  const std::vector<double> h1 = {0.30, 0.05, 0.20, 0.10, 0.40};
  const std::vector<double> h2 = {0.33, 0.06, 0.22, 0.11, 0.44};
  const std::vector<double> sim_h1 = {0.30, 0.05, 0.21, 0.10, 0.40};
  const std::vector<double> sim_h2 = {0.31, 0.07, 0.22, 0.12, 0.41};
  const std::vector<GrowthBand> bands = growth_by_level(h1, h2, sim_h1, sim_h2, 2);
  ASSERT_EQ(bands.size(), 2u);
  EXPECT_NEAR(bands[0].observed_pp, 1.0, 1e-9);                     // 0.05 -> 0.06, 0.10 -> 0.11
  EXPECT_NEAR(bands[0].simulated_pp, 2.0, 1e-9);                    // 0.05 -> 0.07, 0.10 -> 0.12
  EXPECT_NEAR(bands[1].observed_pp, 3.0, 1e-9);                     // +2, +3, +4
  EXPECT_NEAR(bands[1].simulated_pp, 1.0, 1e-9);                    // +1, +1, +1
  EXPECT_TRUE(growth_by_level(h1, h2, sim_h1, sim_h2, 6).empty());  // more groups than economies
  EXPECT_TRUE(growth_by_level(h1, h2, {0.1}, sim_h2, 2).empty());   // sides that do not match
}

TEST(Baselines, PersistenceAndIncomeRegression) {
  const PatternData d = four_economies();
  EXPECT_NEAR(persistence_mae_pp(d.h1, d.observed), (1 + 1 + 2 + 3) / 4.0, 1e-9);
  // Shares exactly log-linear in GDP: the regression predicts them perfectly.
  PatternData exact = d;
  for (std::size_t i = 0; i < exact.observed.size(); ++i)
    exact.observed[i] = std::exp(-6.0 + 0.5 * std::log(exact.gdp_per_capita[i]));
  EXPECT_NEAR(income_regression_mae_pp(exact, exact), 0.0, 1e-9);
  EXPECT_GT(income_regression_mae_pp(exact, d), 1.0);
}

TEST(HoldoutSplit, AFixedThirdWithBlocksKeptTogether) {
  const Spec spec = load_spec(test_support::baseline_scenario().string());
  const std::vector<bool> split = holdout_split(spec.world);
  EXPECT_EQ(split, holdout_split(spec.world));
  int observed = 0, held = 0;
  std::map<std::tuple<std::string, double, double>, std::vector<bool>> blocks;
  for (std::size_t i = 0; i < spec.world.countries.size(); ++i) {
    const Country& c = spec.world.countries[i];
    if (!c.observed) {
      EXPECT_FALSE(split[i]) << c.iso3;
      continue;
    }
    ++observed;
    held += split[i];
    blocks[{c.region, c.target_h1_share, c.target_h2_share}].push_back(split[i]);
  }
  EXPECT_GT(held, observed / 5);
  EXPECT_LT(held, observed / 2);
  int shared = 0;
  for (const auto& [key, members] : blocks) {
    if (members.size() < 2) continue;
    ++shared;
    for (bool m : members) EXPECT_EQ(m, members.front()) << std::get<0>(key);
  }
  EXPECT_GT(shared, 0) << "the data has block estimates";
}

}  // namespace
}  // namespace stackrace
