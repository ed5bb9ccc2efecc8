// Tests agents/supply_agents.*: the rules of fabs, smugglers, labs and remote
// operators, each on its own.
#include "agents/supply_agents.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace stackrace {
namespace {

Fab fab(double capacity, double yield, double growth) {
  Fab f;
  f.set_name("fab");
  f.set_capacity_h100e_per_month(capacity);
  f.set_yield(yield);
  f.set_capacity_growth_per_year(growth);
  return f;
}

// The shipped capability model (configs/supply/world_supply.textproto).
CapabilityModel capability_model() {
  CapabilityModel m;
  m.set_base_algorithmic_progress_log10_per_year(0.45);
  m.set_experiment_elasticity(0.3);
  m.set_pre_start_frontier_growth_log10_per_year(0.9);
  m.set_open_weight_threshold_h100e(32000);
  return m;
}

Lab lab() {
  Lab l;
  l.set_name("lab");
  l.set_stack(US_CLOSED);
  l.set_initial_compute_h100e(500000);
  l.set_capex_musd_per_month(3000);
  l.set_capex_growth_per_year(0.7);
  l.set_revenue_reinvested(0.8);
  l.set_training_share(0.35);
  l.set_experiment_share(0.3);
  l.set_initial_capability_log10_flop(26.4);
  l.set_release_interval_months(3);
  l.set_first_release_offset_months(1);
  l.set_price_usd_per_mtok(6);
  l.set_price_decline_per_year(0.39);
  return l;
}

// The shipped distillation model.
DistillationModel distillation() {
  DistillationModel d;
  d.set_attempted_mexchanges_per_month(5);
  d.set_deterrence_volume_elasticity(2.5);
  d.set_detection_per_mexchange(0.05);
  d.set_threat_intel_detection_gain(9);
  d.set_max_gap_closed_per_month(0.3);
  d.set_saturation_mexchanges(5);
  d.set_open_weight_mexchanges_per_month(1);
  d.set_cost_musd_per_mexchange(0.05);
  return d;
}

// The shipped services model.
Services services() {
  Services sv;
  sv.set_tokens_per_user_per_month(300000);
  sv.set_tokens_per_firm_user_per_month(5e6);
  sv.set_tokens_per_public_body_user_per_month(2e6);
  sv.set_tokens_per_h100e_month(1.5e9);
  sv.set_paid_token_share_household(0.3);
  sv.set_paid_token_share_organisation(0.9);
  sv.set_usage_growth_per_year(0.8);
  sv.set_price_scale(1);
  sv.set_initial_cost_share_of_price(0.4);
  sv.set_competitor_range_log10(0.3);
  sv.set_competition_markup_sensitivity(0.3);
  return sv;
}

// ---- helpers ----------------------------------------------------------------

TEST(SupplyAgents, MonthlyFactorCompoundsToTheYearlyRate) {
  EXPECT_DOUBLE_EQ(monthly_factor(0), 1.0);
  EXPECT_NEAR(std::pow(monthly_factor(1.25), 12), 2.25, 1e-12);
  EXPECT_NEAR(std::pow(monthly_factor(-0.39), 12), 0.61, 1e-12);
  EXPECT_LT(monthly_factor(-0.5), 1.0);
}

TEST(SupplyAgents, StackClassification) {
  EXPECT_TRUE(is_cn_stack(CN_CLOSED));
  EXPECT_TRUE(is_cn_stack(CN_OPEN));
  EXPECT_FALSE(is_cn_stack(US_CLOSED));
  EXPECT_FALSE(is_cn_stack(OTHER));
  EXPECT_TRUE(is_open_weights(US_OPEN));
  EXPECT_TRUE(is_open_weights(CN_OPEN));
  EXPECT_FALSE(is_open_weights(CN_CLOSED));
  EXPECT_FALSE(is_open_weights(OTHER));
}

// ---- fabs -------------------------------------------------------------------

TEST(Fab, OutputIsCapacityTimesYield) {
  const Fab f = fab(110000, 0.5, 0.05);
  const FabState start = initial_fab(f);
  EXPECT_DOUBLE_EQ(start.capacity_h100e_per_month, 110000);
  EXPECT_DOUBLE_EQ(start.output_h100e, 0);
  const FabState next = step_fab(f, start, 0.0);
  EXPECT_DOUBLE_EQ(next.output_h100e, 110000 * 0.5);
  // Output is last month's capacity (before this month's growth) times yield.
  const FabState after = step_fab(f, next, 0.0);
  EXPECT_DOUBLE_EQ(after.output_h100e, next.capacity_h100e_per_month * 0.5);
  EXPECT_DOUBLE_EQ(step_fab(fab(1000, 0.0, 1.0), initial_fab(fab(1000, 0.0, 1.0)), 0.0).output_h100e, 0.0);
}

TEST(Fab, CapacityGrowsByTheMonthlyFactorOfGrowthPlusSubsidy) {
  const Fab f = fab(550000, 0.9, 1.25);
  FabState s = initial_fab(f);
  for (int m = 0; m < 12; ++m) {
    const FabState next = step_fab(f, s, 0.0);
    EXPECT_NEAR(next.capacity_h100e_per_month, s.capacity_h100e_per_month * std::pow(2.25, 1.0 / 12.0),
                1e-9 * s.capacity_h100e_per_month);
    s = next;
  }
  EXPECT_NEAR(s.capacity_h100e_per_month, 550000 * 2.25, 1e-6);
  // A subsidy adds to the yearly rate before compounding: (1 + 0.05 + 0.08)^(1/12).
  const Fab huawei = fab(110000, 0.5, 0.05);
  const FabState subsidised = step_fab(huawei, initial_fab(huawei), 0.08);
  EXPECT_NEAR(subsidised.capacity_h100e_per_month, 110000 * std::pow(1.13, 1.0 / 12.0), 1e-6);
  EXPECT_GT(subsidised.capacity_h100e_per_month, step_fab(huawei, initial_fab(huawei), 0.0).capacity_h100e_per_month);
  // The subsidy raises capacity, not this month's output.
  EXPECT_DOUBLE_EQ(subsidised.output_h100e, 110000 * 0.5);
  // Shrinking fabs shrink.
  const Fab shrinking = fab(1000, 1.0, -0.5);
  EXPECT_NEAR(step_fab(shrinking, initial_fab(shrinking), 0.0).capacity_h100e_per_month, 1000 * std::pow(0.5, 1.0 / 12),
              1e-9);
}

// ---- smugglers --------------------------------------------------------------

TEST(Smuggler, DetectionProbabilityFormula) {
  // 1 - exp(-budget / scale x capacity).
  EXPECT_DOUBLE_EQ(detection_probability(0, 500, 0.7), 0.0);
  EXPECT_NEAR(detection_probability(100, 500, 0.7), 1 - std::exp(-0.14), 1e-15);
  EXPECT_NEAR(detection_probability(100, 500, 0.7), 0.1306, 1e-4);  // the shipped config's "~13% through Singapore"
  EXPECT_NEAR(detection_probability(1000, 500, 0.45), 1 - std::exp(-0.9), 1e-15);
  EXPECT_DOUBLE_EQ(detection_probability(100, 500, 0.0), 0.0);  // no enforcement capacity in transit
  // Rises with the budget and with the transit country's capacity, towards 1.
  EXPECT_LT(detection_probability(100, 500, 0.5), detection_probability(200, 500, 0.5));
  EXPECT_LT(detection_probability(100, 500, 0.5), detection_probability(100, 500, 0.9));
  EXPECT_GT(detection_probability(1e5, 1, 1.0), 0.999999);
  EXPECT_LE(detection_probability(1e5, 1, 1.0), 1.0);
}

TEST(Smuggler, WillingnessIsOneWithoutEnforcementAndZeroWhenUnprofitable) {
  for (double margin : {0.1, 0.5, 1.0, 3.0}) {
    SCOPED_TRACE(margin);
    EXPECT_DOUBLE_EQ(smuggling_willingness(margin, 0.0), 1.0);
    // Break-even: margin (1 - p) = p, i.e. p = margin / (1 + margin).
    const double breakeven = margin / (1 + margin);
    EXPECT_NEAR(smuggling_willingness(margin, breakeven), 0.0, 1e-12);
    EXPECT_DOUBLE_EQ(smuggling_willingness(margin, std::min(1.0, breakeven + 0.01)), 0.0);
    EXPECT_DOUBLE_EQ(smuggling_willingness(margin, 1.0), 0.0);
    // In between: the expected profit relative to the margin.
    const double p = breakeven / 2;
    EXPECT_NEAR(smuggling_willingness(margin, p), (margin * (1 - p) - p) / margin, 1e-12);
  }
}

TEST(Smuggler, WillingnessFallsMonotonicallyWithDetection) {
  for (double margin : {0.2, 1.0, 5.0}) {
    double previous = 2.0;
    for (int k = 0; k <= 100; ++k) {
      const double w = smuggling_willingness(margin, k / 100.0);
      EXPECT_GE(w, 0.0);
      EXPECT_LE(w, 1.0);
      EXPECT_LE(w, previous) << "margin " << margin << " p " << k / 100.0;
      if (previous > 0 && previous <= 1) {
        EXPECT_LT(w, previous) << "strictly while still smuggling";
      }
      previous = w;
    }
  }
  // A higher margin keeps a network going under more enforcement.
  EXPECT_GT(smuggling_willingness(2.0, 0.4), smuggling_willingness(1.0, 0.4));
}

// ---- labs -------------------------------------------------------------------

TEST(Lab, ComputeSplitsIntoTrainingExperimentsAndInference) {
  const ComputeSplit s = split_compute(lab(), 1000);
  EXPECT_DOUBLE_EQ(s.training, 350);
  EXPECT_DOUBLE_EQ(s.experiments, 300);
  EXPECT_DOUBLE_EQ(s.inference, 350);
  Lab all_training = lab();
  all_training.set_training_share(1.0);
  all_training.set_experiment_share(0.0);
  const ComputeSplit t = split_compute(all_training, 1000);
  EXPECT_DOUBLE_EQ(t.training, 1000);
  EXPECT_DOUBLE_EQ(t.inference, 0);
  EXPECT_DOUBLE_EQ(split_compute(lab(), 0).inference, 0);
}

TEST(Lab, TrainedCapabilityIsLogOfEffectiveCompute) {
  EXPECT_NEAR(trained_capability(1e5, 0.0), 5.0, 1e-12);
  EXPECT_NEAR(trained_capability(1e6, 0.0) - trained_capability(1e5, 0.0), 1.0, 1e-12);
  EXPECT_NEAR(trained_capability(1e5, 0.7) - trained_capability(1e5, 0.0), 0.7, 1e-12);
  EXPECT_NEAR(trained_capability(0.5, 0.0), 0.0, 1e-12);  // less than one H100e counts as one
}

TEST(Lab, InitialLabReproducesItsInitialCapability) {
  for (double compute : {1000.0, 50000.0, 500000.0}) {
    Lab l = lab();
    l.set_initial_compute_h100e(compute);
    const LabState s = initial_lab(l);
    EXPECT_DOUBLE_EQ(s.owned_h100e, compute);
    EXPECT_DOUBLE_EQ(s.capability_log10, 26.4);
    EXPECT_NEAR(trained_capability(split_compute(l, s.owned_h100e).training, s.algorithmic_log10), 26.4, 1e-12);
    EXPECT_DOUBLE_EQ(s.capex_musd, 3000);
    EXPECT_DOUBLE_EQ(s.price_usd_per_mtok, 6);
    EXPECT_FALSE(s.released);
  }
  // Less compute for the same model means better algorithms.
  Lab small = lab();
  small.set_initial_compute_h100e(1000);
  EXPECT_GT(initial_lab(small).algorithmic_log10, initial_lab(lab()).algorithmic_log10);
}

TEST(Lab, DemandSpendsTheBudgetOnChipsAndRental) {
  Lab l = lab();
  l.set_rental_budget_share(0.25);
  LabState s = initial_lab(l);
  s.revenue_musd = 1000;
  s.pending_cost_musd = 100;
  // Budget: capex 3000 + 0.8 x revenue 1000 - distillation 100 = USD 3.7B.
  const LabDemand d = lab_demand(l, s, 25000, 1500);
  EXPECT_NEAR(d.chips_h100e, 3.7e9 * 0.75 / 25000, 1e-6);
  EXPECT_NEAR(d.rental_h100e, 3.7e9 * 0.25 / 1500, 1e-6);
  // Never negative.
  s.capex_musd = 0;
  s.revenue_musd = 0;
  const LabDemand none = lab_demand(l, s, 25000, 1500);
  EXPECT_DOUBLE_EQ(none.chips_h100e, 0);
  EXPECT_DOUBLE_EQ(none.rental_h100e, 0);
}

TEST(Lab, StepAddsDeliveriesAndRetiresOwnedCompute) {
  const Lab l = lab();
  const CapabilityModel m = capability_model();
  LabState start = initial_lab(l);
  start.cost_usd_per_mtok = 2.4;
  LabInputs in;
  in.month = 0;
  in.delivered_h100e = 20000;
  in.rented_h100e = 5000;
  in.depreciation_monthly = 0.01;
  const LabState next = step_lab(l, start, m, in);
  EXPECT_DOUBLE_EQ(next.owned_h100e, 500000 * 0.99 + 20000);
  EXPECT_DOUBLE_EQ(next.rented_h100e, 5000);
  EXPECT_NEAR(next.capex_musd, 3000 * std::pow(1.7, 1.0 / 12), 1e-9);
  // Serving cost falls; the price is set by the market (sim/supply_side.cpp).
  EXPECT_NEAR(next.cost_usd_per_mtok, 2.4 * std::pow(0.61, 1.0 / 12), 1e-12);
  // Rented compute is this month's only.
  in.rented_h100e = 0;
  EXPECT_DOUBLE_EQ(step_lab(l, next, m, in).rented_h100e, 0);
}

TEST(Lab, AlgorithmicProgressIsSlowerWithLessExperimentComputeThanTheLargest) {
  const Lab l = lab();
  const CapabilityModel m = capability_model();
  const LabState start = initial_lab(l);
  LabInputs in;
  in.month = 0;
  const double experiments = split_compute(l, start.owned_h100e).experiments;
  // The largest lab progresses at the base rate.
  in.largest_experiments_h100e = experiments;
  const double largest = step_lab(l, start, m, in).algorithmic_log10 - start.algorithmic_log10;
  EXPECT_NEAR(largest, 0.45 / 12, 1e-12);
  // A tenth of the largest: 10^-0.3 of the pace.
  in.largest_experiments_h100e = 10 * experiments;
  const double tenth = step_lab(l, start, m, in).algorithmic_log10 - start.algorithmic_log10;
  EXPECT_NEAR(tenth, 0.45 / 12 * std::pow(0.1, 0.3), 1e-12);
  EXPECT_LT(tenth, largest);
  in.largest_experiments_h100e = 100 * experiments;
  EXPECT_LT(step_lab(l, start, m, in).algorithmic_log10 - start.algorithmic_log10, tenth);
  // Without elasticity compute does not matter.
  CapabilityModel flat = m;
  flat.set_experiment_elasticity(0);
  EXPECT_NEAR(step_lab(l, start, flat, in).algorithmic_log10 - start.algorithmic_log10, 0.45 / 12, 1e-12);
}

TEST(Lab, ReleasesOnlyOnItsCadence) {
  const Lab l = lab();  // every 3 months from month 1
  const CapabilityModel m = capability_model();
  LabState s = initial_lab(l);
  LabInputs in;
  in.delivered_h100e = 50000;
  in.depreciation_monthly = 0.01;
  for (int month = 0; month < 24; ++month) {
    in.month = month;
    in.largest_experiments_h100e = split_compute(l, s.owned_h100e * 0.99 + 50000).experiments;
    const LabState next = step_lab(l, s, m, in);
    const bool due = month >= 1 && (month - 1) % 3 == 0;
    EXPECT_EQ(next.released, due) << "month " << month;
    if (!next.released) {
      EXPECT_DOUBLE_EQ(next.capability_log10, s.capability_log10) << "no new model between releases";
    } else {
      EXPECT_NEAR(next.capability_log10,
                  std::max(s.capability_log10,
                           trained_capability(split_compute(l, next.owned_h100e).training, next.algorithmic_log10)),
                  1e-12);
      EXPECT_GT(next.capability_log10, s.capability_log10) << "a growing lab improves at each release";
    }
    s = next;
  }
}

TEST(Lab, CapabilityNeverDecreases) {
  // A lab losing its compute (no deliveries, heavy retirement) keeps its best model.
  const Lab l = lab();
  const CapabilityModel m = capability_model();
  LabState s = initial_lab(l);
  LabInputs in;
  in.depreciation_monthly = 0.5;
  in.largest_experiments_h100e = 1e9;
  for (int month = 0; month < 36; ++month) {
    in.month = month;
    const LabState next = step_lab(l, s, m, in);
    EXPECT_GE(next.capability_log10, s.capability_log10) << "month " << month;
    s = next;
  }
  EXPECT_DOUBLE_EQ(s.capability_log10, 26.4);
  EXPECT_LT(s.owned_h100e, 1.0);
}

TEST(Distillation, DeterrenceCutsAttemptedVolumeSmoothly) {
  const DistillationModel d = distillation();
  EXPECT_DOUBLE_EQ(distillation_attempted(d, 0), 5.0);
  EXPECT_NEAR(distillation_attempted(d, 1), 5.0 * std::exp(-2.5), 1e-12);
  double previous = distillation_attempted(d, 0);
  for (int k = 1; k <= 10; ++k) {
    const double v = distillation_attempted(d, k / 10.0);
    EXPECT_LT(v, previous) << k;
    EXPECT_GT(v, 0.75 * previous) << "no step larger than a quarter: " << k;
    previous = v;
  }
  // Deterrence does not speed up detection.
  EXPECT_DOUBLE_EQ(distillation_hazard(d, 0), 0.05);
}

TEST(Distillation, ThreatIntelRaisesDetectionAndShortensCampaigns) {
  const DistillationModel d = distillation();
  EXPECT_NEAR(distillation_hazard(d, 1), 0.5, 1e-12);
  EXPECT_GT(distillation_hazard(d, 0.5), distillation_hazard(d, 0));
  // The same attempted volume yields less before the accounts are closed...
  const double v = distillation_attempted(d, 0);
  EXPECT_LT(distillation_harvested(v, distillation_hazard(d, 1)), distillation_harvested(v, distillation_hazard(d, 0)));
  // ...never more than it attempted, nor more than 1 / hazard.
  for (const double h : {0.01, 0.05, 0.5, 5.0}) {
    EXPECT_LE(distillation_harvested(v, h), v);
    EXPECT_LE(distillation_harvested(1e6, h), 1.0 / h + 1e-9);
  }
  EXPECT_DOUBLE_EQ(distillation_harvested(v, 0), v);
  // Threat intel does not change what labs attempt.
  const DistillationFlow shared = distillation_flow(d, 0, 1, 26.0, 26.5, 0);
  const DistillationFlow alone = distillation_flow(d, 0, 0, 26.0, 26.5, 0);
  EXPECT_DOUBLE_EQ(shared.attempted_mexchanges, alone.attempted_mexchanges);
  EXPECT_LT(shared.harvested_mexchanges, alone.harvested_mexchanges);
  EXPECT_LT(shared.gain_log10, alone.gain_log10);
}

TEST(Distillation, YieldRisesWithVolumeAndGapAndSaturates) {
  const DistillationModel d = distillation();
  EXPECT_DOUBLE_EQ(distillation_closure(d, 0), 0.0);
  EXPECT_LT(distillation_closure(d, 1), distillation_closure(d, 2));
  EXPECT_LT(distillation_closure(d, 1e6), 0.3 + 1e-12);
  EXPECT_NEAR(distillation_closure(d, 1e6), 0.3, 1e-9);
  // Twice the gap, twice the gain.
  const DistillationFlow small = distillation_flow(d, 0, 0, 26.0, 26.2, 0);
  const DistillationFlow large = distillation_flow(d, 0, 0, 26.0, 26.4, 0);
  EXPECT_NEAR(large.gain_log10, 2 * small.gain_log10, 1e-12);
  EXPECT_GT(small.gain_log10, 0.0);
  EXPECT_NEAR(small.cost_musd, 5 * 0.05, 1e-12);
  // No gain, no queries, from a model no better than its own.
  const DistillationFlow none = distillation_flow(d, 0, 0, 26.0, 25.9, 25.8);
  EXPECT_DOUBLE_EQ(none.gain_log10, 0.0);
  EXPECT_DOUBLE_EQ(none.attempted_mexchanges, 0.0);
}

// A lab with too little compute to train on what it harvests makes less of
// it: the factor is 1 from full_rate_compute_ratio of the target's training
// compute up, falls as the ratio to the power compute_elasticity below it,
// and scales the gain from each target on its own.
TEST(Distillation, ALabWithLessComputeThanItsTargetDistilsLess) {
  DistillationModel d = distillation();
  EXPECT_DOUBLE_EQ(distillation_compute_factor(d, 1, 1000), 1.0);  // elasticity 0: no limit
  d.set_compute_elasticity(2);
  d.set_full_rate_compute_ratio(0.15);
  EXPECT_DOUBLE_EQ(distillation_compute_factor(d, 150, 1000), 1.0);
  EXPECT_DOUBLE_EQ(distillation_compute_factor(d, 900, 1000), 1.0);
  EXPECT_NEAR(distillation_compute_factor(d, 75, 1000), 0.25, 1e-12);
  EXPECT_NEAR(distillation_compute_factor(d, 15, 1000), 0.01, 1e-12);
  EXPECT_LT(distillation_compute_factor(d, 50, 1000), distillation_compute_factor(d, 100, 1000));
  EXPECT_DOUBLE_EQ(distillation_compute_factor(d, 0, 1000), 0.0);
  EXPECT_DOUBLE_EQ(distillation_compute_factor(d, 10, 0), 1.0);  // a target without compute bounds nothing
  d.set_full_rate_compute_ratio(0);                              // the full rate at any compute: no limit
  EXPECT_DOUBLE_EQ(distillation_compute_factor(d, 15, 1000), 1.0);
  d.set_full_rate_compute_ratio(0.15);
  const DistillationFlow full = distillation_flow(d, 0, 0, 26.0, 26.3, 26.2);
  const DistillationFlow quarter = distillation_flow(d, 0, 0, 26.0, 26.3, 26.2, {0.25, 1});
  EXPECT_NEAR(quarter.gain_log10, 0.25 * full.gain_log10, 1e-12);
  EXPECT_DOUBLE_EQ(quarter.attempted_mexchanges, full.attempted_mexchanges);  // the queries are made all the same
  EXPECT_DOUBLE_EQ(quarter.cost_musd, full.cost_musd);
  // With the closed target cut to nothing the open one is the better source.
  const DistillationFlow open_only = distillation_flow(d, 0, 0, 26.0, 26.3, 26.2, {0, 1});
  EXPECT_NEAR(open_only.gain_log10, distillation_closure(d, 1) * 0.2, 1e-12);
}

TEST(Distillation, OpenWeightsAreDistilledWithoutDetectionOrDeterrence) {
  const DistillationModel d = distillation();
  const double closed_unreachable = -1;  // no closed model worth distilling
  const DistillationFlow free = distillation_flow(d, 0, 0, 26.0, closed_unreachable, 26.3);
  const DistillationFlow deterred = distillation_flow(d, 1, 1, 26.0, closed_unreachable, 26.3);
  EXPECT_GT(free.gain_log10, 0.0);
  EXPECT_DOUBLE_EQ(free.gain_log10, deterred.gain_log10);
  EXPECT_DOUBLE_EQ(deterred.harvested_mexchanges, 0.0);
  // Full deterrence leaves the open model as the better source.
  const DistillationFlow both = distillation_flow(d, 1, 1, 26.0, 26.3, 26.3);
  EXPECT_DOUBLE_EQ(both.gain_log10, free.gain_log10);
  EXPECT_GT(distillation_flow(d, 0, 0, 26.0, 26.3, 26.3).gain_log10, both.gain_log10);
}

TEST(Lab, OpenWeightRestrictionHoldsReleasesBelowWhatWasTrained) {
  const Lab l = lab();
  const CapabilityModel m = capability_model();
  LabState s = initial_lab(l);
  s.capability_log10 = 20;  // any release beats it
  LabInputs in;
  in.month = 1;  // a release month (offset 1)
  in.largest_experiments_h100e = 1e9;
  const double free = step_lab(l, s, m, in).capability_log10;
  const double training = split_compute(l, s.owned_h100e).training;
  CapabilityModel threshold = m;
  threshold.set_open_weight_threshold_h100e(training / 100);  // trained with 100x the threshold
  in.release_restriction = 1;
  EXPECT_NEAR(step_lab(l, s, threshold, in).capability_log10, free - 2, 1e-9);
  in.release_restriction = 0.5;  // the lever scales the lag
  EXPECT_NEAR(step_lab(l, s, threshold, in).capability_log10, free - 1, 1e-9);
  // A lab that trains below the threshold releases what it trained.
  threshold.set_open_weight_threshold_h100e(training * 2);
  in.release_restriction = 1;
  EXPECT_DOUBLE_EQ(step_lab(l, s, threshold, in).capability_log10, free);
  // It never takes away a model already released.
  threshold.set_open_weight_threshold_h100e(training / 100);
  s.capability_log10 = free;
  EXPECT_DOUBLE_EQ(step_lab(l, s, threshold, in).capability_log10, free);
}

// ---- prices and revenue -----------------------------------------------------

TEST(Prices, ACompetitorInRangeLowersTheMarkup) {
  const Services sv = services();
  const double alone = competition_index(sv, 26.4, 6, {});
  EXPECT_DOUBLE_EQ(alone, 1.0);
  // A rival as good and as cheap, everywhere: one full competitor.
  EXPECT_NEAR(competition_index(sv, 26.4, 6, {{26.4, 6, 1.0}}), 1.3, 1e-12);
  // Further behind, dearer, or in fewer markets: it counts for less.
  const double close = competition_index(sv, 26.4, 6, {{26.3, 6, 1.0}});
  const double far = competition_index(sv, 26.4, 6, {{25.4, 6, 1.0}});
  EXPECT_GT(close, far);
  EXPECT_GT(far, alone);
  EXPECT_LT(competition_index(sv, 26.4, 6, {{26.4, 12, 1.0}}), competition_index(sv, 26.4, 6, {{26.4, 6, 1.0}}));
  EXPECT_LT(competition_index(sv, 26.4, 6, {{26.4, 6, 0.2}}), competition_index(sv, 26.4, 6, {{26.4, 6, 1.0}}));
  // A better rival counts fully; a cheaper one no more than an equally priced one.
  EXPECT_DOUBLE_EQ(competition_index(sv, 26.4, 6, {{27.0, 6, 1.0}}), 1.3);
  EXPECT_DOUBLE_EQ(competition_index(sv, 26.4, 6, {{26.4, 0.5, 1.0}}), 1.3);
  // The price: cost x (1 + markup), the markup scaled by start / now competition.
  EXPECT_NEAR(competitive_price(sv, 2.4, 1.5, 1.0, 1.0), 6.0, 1e-12);
  EXPECT_LT(competitive_price(sv, 2.4, 1.5, 1.0, close), 6.0);
  EXPECT_GT(competitive_price(sv, 2.4, 1.5, close, 1.0), 6.0);
}

TEST(Prices, PriceScaleScalesEveryPrice) {
  Services sv = services();
  const double list = competitive_price(sv, 2.4, 1.5, 1.3, 1.6);
  sv.set_price_scale(0.5);
  EXPECT_NEAR(competitive_price(sv, 2.4, 1.5, 1.3, 1.6), list / 2, 1e-12);
}

TEST(Prices, ComputeSubsidyMovesServingCostFromItsListPriceLevel) {
  // At the lever's pre value the list price stands; a fuller subsidy lowers
  // the cost, a smaller one raises it, in proportion to what the state pays.
  EXPECT_DOUBLE_EQ(subsidised_cost_factor(0.3, 0.5, 0.5), 1.0);
  EXPECT_NEAR(subsidised_cost_factor(0.3, 1.0, 0.5), 0.7 / 0.85, 1e-12);
  EXPECT_NEAR(subsidised_cost_factor(0.3, 0.0, 0.5), 1.0 / 0.85, 1e-12);
  EXPECT_DOUBLE_EQ(subsidised_cost_factor(0.0, 1.0, 0.5), 1.0);  // no vouchers, no effect
  double previous = 2;
  for (double lever = 0; lever <= 1.0; lever += 0.1) {
    const double f = subsidised_cost_factor(0.3, lever, 0.5);
    EXPECT_LT(f, previous);
    previous = f;
  }
}

TEST(Revenue, MoreUsersMoreRevenueAndMoreChips) {
  const Services sv = services();
  const UserKinds kinds{0.94, 0.05, 0.01};
  // 0.94 x 300k x 0.3 + (0.05 x 5M + 0.01 x 2M) x 0.9 paid tokens a user a month.
  const double paid = paid_tokens_per_user(sv, kinds, 0);
  EXPECT_NEAR(paid, 0.94 * 3e5 * 0.3 + (0.05 * 5e6 + 0.01 * 2e6) * 0.9, 1e-6);
  EXPECT_GT(tokens_per_user(sv, kinds, 0), paid);
  EXPECT_NEAR(tokens_per_user(sv, kinds, 12), 1.8 * tokens_per_user(sv, kinds, 0), 1e-6);
  // 700M users at USD 6 per million tokens: ~USD 1.4B a month.
  const double revenue = service_revenue_musd(7e8, paid, 6);
  EXPECT_NEAR(revenue, 7e8 * paid * 6 / 1e12, 1e-6);
  EXPECT_GT(revenue, 1000);
  EXPECT_LT(revenue, 2000);
  EXPECT_NEAR(service_revenue_musd(1.4e9, paid, 6), 2 * revenue, 1e-6);
  // Revenue buys chips next month.
  const Lab l = lab();
  LabState s = initial_lab(l);
  s.revenue_musd = service_revenue_musd(7e8, paid, 6);
  const double few = lab_demand(l, s, 25000, 1500).chips_h100e;
  s.revenue_musd = service_revenue_musd(1.4e9, paid, 6);
  const double more = lab_demand(l, s, 25000, 1500).chips_h100e;
  EXPECT_NEAR(more - few, 0.8 * revenue * 1e6 / 25000, 1e-3);
}

// ---- remote operators -------------------------------------------------------

TEST(RemoteOperator, RentableComputeIsTheOpenShareOfTheRentableShare) {
  RemoteOperator op;
  op.set_name("dc");
  op.set_initial_hosted_h100e(100000);
  op.set_capex_musd_per_month(250);
  op.set_rentable_share(0.15);
  const OperatorState s = initial_operator(op);
  EXPECT_DOUBLE_EQ(s.hosted_h100e, 100000);
  EXPECT_DOUBLE_EQ(s.capex_musd, 250);
  EXPECT_DOUBLE_EQ(s.rented_out_h100e, 0);
  EXPECT_DOUBLE_EQ(rentable_compute(op, s, 0.0), 15000);
  EXPECT_DOUBLE_EQ(rentable_compute(op, s, 0.4), 9000);
  EXPECT_DOUBLE_EQ(rentable_compute(op, s, 1.0), 0.0);
  EXPECT_LE(rentable_compute(op, s, 0.0), s.hosted_h100e);
}

}  // namespace
}  // namespace stackrace
