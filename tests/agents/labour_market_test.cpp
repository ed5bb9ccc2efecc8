// agents/labour_market: automation, displacement, re-employment, stability
// and backlash in one country, month by month.
#include "agents/labour_market.h"

#include <gtest/gtest.h>

namespace stackrace {
namespace {

// The shipped scenario's parameters (configs/scenarios/baseline.textproto).
Resilience params() {
  Resilience p;
  p.set_automatable_share_max(0.6);
  p.set_automatable_midpoint_log10(4);
  p.set_automatable_width_log10(1);
  p.set_automation_adjustment_per_month(0.04);
  p.set_displacement_per_automated_work(0.5);
  p.set_reemployment_rate_per_month(0.05);
  p.set_reemployment_congestion_share(0.05);
  p.set_reemployment_gain_per_pct_gdp_retraining(0.5);
  p.set_productivity_gain_at_full(0.25);
  p.set_stability_displacement_weight(8);
  p.set_safety_net_cushion(0.7);
  p.set_stability_income_weight(1);
  p.set_stability_adjustment_per_month(0.1);
  p.set_backlash_stability_threshold(0.9);
  p.set_backlash_public_use_cut(0.5);
  p.set_backlash_automation_restriction(0.5);
  p.set_safety_net_cost_share_gdp_at_full(0.03);
  return p;
}

// A high-income economy with the IMF's advanced-economy exposure.
Country advanced(double coverage = 0.86) {
  Country c;
  c.iso3 = "XXX";
  c.population = 1e7;
  c.gdp_per_capita_usd = 50000;
  c.exposed_complementary_share = 0.27;
  c.exposed_substitutable_share = 0.33;
  c.social_protection_coverage = coverage;
  return c;
}

// The state after `months` months at fixed inputs.
LabourCell run(const Resilience& p, const Country& c, const LabourInputs& in, int months) {
  LabourCell cell;
  for (int m = 0; m < months; ++m) cell = step_labour(p, c, cell, in);
  return cell;
}

TEST(LabourMarket, MoreCapabilityAutomatesMore) {
  const Resilience p = params();
  EXPECT_LT(automatable_share(p, 1.0), automatable_share(p, 3.0));
  EXPECT_LT(automatable_share(p, 3.0), automatable_share(p, 5.0));
  EXPECT_NEAR(automatable_share(p, 4.0), 0.3, 1e-12);  // half the maximum at the midpoint
  EXPECT_LT(automatable_share(p, 50.0), 0.6 + 1e-12);
  const LabourCell low = run(p, advanced(), {1.0, 0.5, 0, 0}, 36);
  const LabourCell high = run(p, advanced(), {4.0, 0.5, 0, 0}, 36);
  EXPECT_GT(high.automated_share, 2 * low.automated_share);
  EXPECT_GT(high.displaced_share, 2 * low.displaced_share);
  EXPECT_GT(high.productivity_gain, low.productivity_gain);
}

TEST(LabourMarket, NoAdoptionNoAutomation) {
  const LabourCell cell = run(params(), advanced(), {6.0, 0.0, 0, 0}, 24);
  EXPECT_EQ(cell.automated_share, 0.0);
  EXPECT_EQ(cell.displaced_share, 0.0);
  EXPECT_EQ(cell.stability, 1.0);
}

TEST(LabourMarket, MoreRetrainingFasterReemployment) {
  const Resilience p = params();
  EXPECT_DOUBLE_EQ(reemployment_rate(p, 0.0, 0.0), 0.05);
  EXPECT_DOUBLE_EQ(reemployment_rate(p, 0.0, 0.01), 0.075);                     // +50% per percent of GDP
  EXPECT_LT(reemployment_rate(p, 0.05, 0.0), reemployment_rate(p, 0.01, 0.0));  // a slack labour market
  const LabourCell none = run(p, advanced(), {4.0, 0.6, 0.0, 0}, 48);
  const LabourCell retrained = run(p, advanced(), {4.0, 0.6, 0.01, 0}, 48);
  EXPECT_EQ(none.automated_share, retrained.automated_share);  // retraining does not slow automation
  EXPECT_LT(retrained.displaced_share, 0.8 * none.displaced_share);
  EXPECT_GT(retrained.stability, none.stability);
}

TEST(LabourMarket, WeakSafetyNetLargerStabilityDrop) {
  const Resilience p = params();
  const LabourInputs in{4.5, 0.7, 0, 0};
  const LabourCell strong = run(p, advanced(0.86), in, 48);
  const LabourCell weak = run(p, advanced(0.1), in, 48);
  EXPECT_EQ(strong.displaced_share, weak.displaced_share);
  EXPECT_LT(1.0 - strong.stability, 0.6 * (1.0 - weak.stability));
  // Expanding the safety net closes the gap and costs money.
  const LabourInputs expanded{4.5, 0.7, 0, 1.0};
  EXPECT_GT(run(p, advanced(0.1), expanded, 48).stability, weak.stability);
  EXPECT_EQ(resilience_spending_usd_per_year(p, advanced(0.1), in), 0.0);
  EXPECT_NEAR(resilience_spending_usd_per_year(p, advanced(0.1), expanded), 0.03 * 0.9 * 5e11, 1.0);
}

TEST(LabourMarket, BacklashOnlyBelowThreshold) {
  const Resilience p = params();
  EXPECT_EQ(backlash(p, 0.9), 0.0);
  EXPECT_EQ(backlash(p, 0.95), 0.0);
  EXPECT_DOUBLE_EQ(backlash(p, 0.45), 0.5);
  EXPECT_DOUBLE_EQ(backlash(p, 0.0), 1.0);
  // Low stability slows automation: the same month from an unstable start
  // automates less than from a stable one.
  LabourCell stable, unstable;
  unstable.stability = 0.0;
  const LabourInputs in{4.0, 0.6, 0, 0};
  const LabourCell a = step_labour(p, advanced(), stable, in);
  const LabourCell b = step_labour(p, advanced(), unstable, in);
  EXPECT_NEAR(b.automated_share, 0.5 * a.automated_share, 1e-15);
}

}  // namespace
}  // namespace stackrace
