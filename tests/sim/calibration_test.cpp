#include "sim/calibration.h"

#include <gtest/gtest.h>

#include <cmath>

#include "sim/metrics.h"
#include "sim/runner.h"
#include "sim/simulation.h"
#include "support/tiny_world.h"

namespace stackrace {
namespace {

using namespace test_support;

TEST(Spearman, PerfectAndReversed) {
  EXPECT_DOUBLE_EQ(spearman_rank_correlation({1, 2, 3, 4, 5}, {10, 20, 30, 40, 50}), 1.0);
  EXPECT_DOUBLE_EQ(spearman_rank_correlation({1, 2, 3, 4, 5}, {50, 40, 30, 20, 10}), -1.0);
  // Ranks, not values: any increasing transform is a perfect correlation.
  EXPECT_DOUBLE_EQ(
      spearman_rank_correlation({0.1, 0.5, 0.2, 0.9}, {std::exp(0.1), std::exp(0.5), std::exp(0.2), std::exp(0.9)}),
      1.0);
}

TEST(Spearman, KnownValue) {
  // Ranks (1,2,3,4,5) vs (2,1,4,3,5): d^2 = 4, rho = 1 - 6*4/(5*24) = 0.8.
  EXPECT_NEAR(spearman_rank_correlation({1, 2, 3, 4, 5}, {20, 10, 40, 30, 50}), 0.8, 1e-12);
}

TEST(Spearman, TiesGetTheirMeanRank) {
  // Ranks of a: 1, 2.5, 2.5, 4; of b: 1, 2, 3, 4 -> Pearson = 4.5 / sqrt(4.5 * 5) = 3 / sqrt(10).
  EXPECT_NEAR(spearman_rank_correlation({1, 2, 2, 3}, {1, 2, 3, 4}), 3.0 / std::sqrt(10.0), 1e-12);
  // Tied on both sides in the same places: still perfect.
  EXPECT_NEAR(spearman_rank_correlation({1, 1, 2, 3}, {5, 5, 6, 9}), 1.0, 1e-12);
}

TEST(Spearman, DegenerateInputs) {
  EXPECT_EQ(spearman_rank_correlation({1, 1, 1}, {1, 2, 3}), 0.0);  // no variance
  EXPECT_EQ(spearman_rank_correlation({1, 2}, {1, 2, 3}), 0.0);     // sizes differ
  EXPECT_EQ(spearman_rank_correlation({1}, {1}), 0.0);
  EXPECT_EQ(spearman_rank_correlation({}, {}), 0.0);
}

TEST(Fit, MeanAbsoluteErrorInPercentagePoints) {
  const Fit f = fit({0.10, 0.20, 0.30}, {0.12, 0.18, 0.30});
  EXPECT_EQ(f.economies, 3);
  EXPECT_NEAR(f.mae_pp, 4.0 / 3.0, 1e-9);
  EXPECT_DOUBLE_EQ(f.spearman, 1.0);
  const Fit perfect = fit({0.5, 0.1}, {0.5, 0.1});
  EXPECT_DOUBLE_EQ(perfect.mae_pp, 0.0);
  const Fit empty = fit({}, {});
  EXPECT_EQ(empty.economies, 0);
  EXPECT_EQ(empty.mae_pp, 0.0);
}

Adoption adoption(double q, double peer_weight, double threshold_max) {
  Adoption a;
  a.set_imitation_q_per_month(q);
  a.set_peer_weight(peer_weight);
  a.set_threshold_max(threshold_max);
  return a;
}

TEST(ExpectedImitation, ZeroAtZeroAndQWhenEveryoneUses) {
  for (double threshold : {0.0, 0.3, 1.0}) {
    const Adoption a = adoption(0.03, 0.6, threshold);
    EXPECT_EQ(expected_imitation(a, 8, 0.0, 0.0), 0.0) << threshold;
    EXPECT_NEAR(expected_imitation(a, 8, 1.0, 1.0), 0.03, 1e-15) << threshold;
  }
}

TEST(ExpectedImitation, MonotoneInUsers) {
  for (double threshold : {0.0, 0.3, 0.8}) {
    const Adoption a = adoption(0.03, 0.6, threshold);
    double previous = 0;
    for (int i = 1; i <= 100; ++i) {
      const double users = i / 100.0;
      const double v = expected_imitation(a, 8, users, users);
      EXPECT_GT(v, previous) << "threshold " << threshold << " users " << users;
      previous = v;
    }
  }
}

TEST(ExpectedImitation, WithoutThresholdsItIsTheMeanField) {
  // E[X/k] = users for binomial peers: q * (w * users + (1 - w) * users_among_online).
  const Adoption a = adoption(0.03, 0.6, 0.0);
  for (double users : {0.05, 0.2, 0.5, 0.9})
    EXPECT_NEAR(expected_imitation(a, 8, users, 0.4), 0.03 * (0.6 * users + 0.4 * 0.4), 1e-12) << users;
  // Thresholds only remove imitation.
  const Adoption gated = adoption(0.03, 0.6, 0.3);
  for (double users : {0.05, 0.2, 0.5})
    EXPECT_LT(expected_imitation(gated, 8, users, 0.4), expected_imitation(a, 8, users, 0.4)) << users;
}

TEST(CalibrateStart, StartsFromTheH1FigureAlone) {
  const TinyWorld w;
  const Spec spec = w.load();
  // At a high use probability few users stop, so the model grows towards H1.
  const std::vector<double> use(spec.world.countries.size(), 0.9);
  const std::vector<CountryStart> start = calibrate_start(spec, use);
  ASSERT_EQ(start.size(), 4u);
  EXPECT_EQ(start[kATA].online, 0.0);
  EXPECT_EQ(start[kATA].users, 0.0);
  Spec other_h2 = spec;
  for (Country& c : other_h2.world.countries) c.target_h2_share *= 2;
  const std::vector<CountryStart> same = calibrate_start(other_h2, use);
  for (int c : {kCHN, kIND, kUSA}) {
    const Country& country = spec.world.countries[c];
    // Below H1 (the model grows towards it), never above the online share.
    EXPECT_LT(start[c].users, country.target_h1_share) << c;
    EXPECT_GT(start[c].users, 0.5 * country.target_h1_share) << c;
    EXPECT_LE(start[c].users, start[c].online) << c;
    EXPECT_EQ(start[c].users, same[c].users) << "the H2 figure must not set the start";
  }
}

TEST(CalibrateStart, FasterExpectedGrowthStartsLower) {
  const TinyWorld w;
  const Spec spec = w.load();
  SpecOptions o;
  o.overrides = {"adoption.innovation_p_per_month=0.01"};
  const Spec faster = w.load(o);
  const std::vector<double> use(spec.world.countries.size(), 0.9);
  const auto slow_start = calibrate_start(spec, use);
  const auto fast_start = calibrate_start(faster, use);
  for (int c : {kCHN, kIND, kUSA}) EXPECT_LT(fast_start[c].users, slow_start[c].users) << c;
}

// A share P_use of the aware use AI: the aware at H1 are H1 / P_use, and the
// start cannot put more users online than P_use of the online.
TEST(CalibrateStart, TheAwareAreTheUsersOverTheUseProbability) {
  const TinyWorld w;
  const Spec spec = w.load();
  const auto start = calibrate_start(spec, std::vector<double>(spec.world.countries.size(), 0.5));
  const auto scarce = calibrate_start(spec, std::vector<double>(spec.world.countries.size(), 0.01));
  for (int c : {kCHN, kIND, kUSA}) {
    EXPECT_NEAR(start[c].users, 0.5 * start[c].aware, 1e-12) << c;
    EXPECT_LE(start[c].aware, start[c].online) << c;
    EXPECT_GT(start[c].aware, start[c].users) << c;
    EXPECT_LE(scarce[c].users, 0.01 * scarce[c].online + 1e-12) << c;
  }
}

TEST(CalibrateStart, HeldOutEconomiesStartFromCovariates) {
  const TinyWorld w;
  Spec spec = w.load();
  spec.held_out.assign(spec.world.countries.size(), false);
  spec.held_out[kIND] = true;
  const std::vector<double> use(spec.world.countries.size(), 0.6);
  const auto base = calibrate_start(spec, use);
  Spec changed = spec;
  changed.world.countries[kIND].target_h1_share *= 3;  // unseen: must not matter
  const auto again = calibrate_start(changed, use);
  EXPECT_EQ(base[kIND].users, again[kIND].users);
  EXPECT_GT(base[kIND].users, 0.0);
  changed.world.countries[kUSA].target_h1_share *= 1.5;  // seen: moves the covariate scale
  EXPECT_GT(calibrate_start(changed, use)[kIND].users, base[kIND].users);
}

TEST(CalibrateStart, TinyWorldHitsItsTargets) {
  const TinyWorld w;
  SpecOptions o;
  o.adopters = 300000;
  const Spec spec = w.load(o);
  Simulation sim(spec, 11);
  while (!sim.done()) sim.step();
  ASSERT_EQ(sim.calendar_month(), spec.calibration_h2);
  const MonthSummary s = summarize(sim);
  for (int c : {kCHN, kIND, kUSA}) {
    const Country& country = spec.world.countries[c];
    EXPECT_NEAR(s.countries[c].ai_user_share, country.target_h2_share, 0.015) << country.iso3;
  }
}

// The calibration target: simulated AI user share at 2025-12 against the
// observed H2 2025 values, with the default 1,000,000 adopters. Only the months
// up to 2025-12 are needed (~0.3 s in Release, ~0.5 s under ASan).
TEST(CalibrationTarget, BaselineMatchesObservedH2Shares) {
  SpecOptions o;
  o.adopters = 1000000;
  o.overrides = {"horizon.end_month=2025-12"};
  const Spec spec = load_spec(baseline_scenario().string(), o);
  RunOptions ro;
  ro.seed = spec.scenario.seed();
  const RunReport r = run(spec, ro);
  EXPECT_EQ(r.calibration_month, "2025-12");
  EXPECT_EQ(r.fit_h2.economies, 146);
  EXPECT_EQ(r.simulated_h2.size(), 146u);
  EXPECT_GE(r.fit_h2.spearman, 0.9);
  EXPECT_LE(r.fit_h2.mae_pp, 2.0);
  EXPECT_GE(r.fit_h1.spearman, 0.9);
  EXPECT_LE(r.fit_h1.mae_pp, 2.0);
  RecordProperty("spearman_h2", std::to_string(r.fit_h2.spearman));
  RecordProperty("mae_pp_h2", std::to_string(r.fit_h2.mae_pp));
}

}  // namespace
}  // namespace stackrace
