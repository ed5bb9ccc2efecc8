// Tests the noise floor of study/study_analysis.*: the seed's own effect as a
// dummy factor beside Sobol indices, Morris mu* and regression coefficients,
// and which factors clear it.
#include <gtest/gtest.h>

#include <cmath>

#include "study/study_analysis.h"
#include "study/study_plan.h"
#include "study/summary_stats.h"
#include "study_test_util.h"

namespace stackrace {
namespace {

std::string spec(const std::string& design, int replicates) {
  return R"(name: "noise"
base_scenario: "base.textproto"
factor { path: "choice.beta_price_per_ln_usd_mtok" name: "strong" min: 0 max: 1 }
factor { path: "choice.switching_cost" name: "inert" min: 0 max: 1 }
design { )" + design + R"( }
bootstrap_resamples: 200
outcome { metric: "lead_months@2026-12" name: "y" }
replicates: )" + std::to_string(replicates) + "\n";
}

// y = 10 x_strong, plus +n on replicate 0 and -n on replicate 1: the point
// means are exact, the replicates spread by n around them (pooled variance
// 2 n^2).
std::vector<StoredRun> runs_of(const StudyPlan& plan, double n) {
  std::vector<StoredRun> runs;
  for (std::size_t run = 0; run < plan.run_count(); ++run) {
    const double noise = plan.replicates == 1 ? 0 : (plan.replicate_of(run) == 0 ? n : -n);
    runs.push_back(study_test::planned_run(plan, run, {10 * plan.points[plan.point_of(run)][0] + noise}));
  }
  return runs;
}

TEST(NoiseFloorTest, SobolGainsTheSeedRowAndMarksTheInertFactor) {
  const StudyPlan plan = plan_from_text(spec("saltelli { base_samples: 64 }", 2), "noise.textproto");
  const std::vector<OutcomeSensitivity> s = analyse_study(plan, runs_of(plan, 1.0));
  ASSERT_EQ(s[0].factors.size(), 3u);
  const FactorSensitivity& seed = s[0].factors[2];
  EXPECT_TRUE(is_noise_floor(seed));
  // s^2 / (R V) with s^2 = 2, R = 2 and V = var(10 x) over A and B (~100/12).
  EXPECT_GT(seed.importance, 0.08);
  EXPECT_LT(seed.importance, 0.16);
  EXPECT_FALSE(below_noise_floor(s[0], 0));  // ST ~1
  EXPECT_TRUE(below_noise_floor(s[0], 1));   // ST 0
  EXPECT_FALSE(below_noise_floor(s[0], 2));  // the floor itself
}

TEST(NoiseFloorTest, MorrisFloorFollowsTheReplicateSpread) {
  const StudyPlan plan = plan_from_text(spec("morris { trajectories: 20 levels: 4 }", 2), "noise.textproto");
  const std::vector<OutcomeSensitivity> s = analyse_study(plan, runs_of(plan, 1.0));
  ASSERT_EQ(s[0].factors.size(), 3u);
  // 2 s / sqrt(pi R) / delta, s = sqrt(2), R = 2, delta = 2/3.
  EXPECT_NEAR(s[0].factors[2].importance, 2 * std::sqrt(2.0) / std::sqrt(M_PI * 2) * 1.5, 1e-12);
  EXPECT_FALSE(below_noise_floor(s[0], 0));  // mu* 10
  EXPECT_TRUE(below_noise_floor(s[0], 1));
}

TEST(NoiseFloorTest, RegressionGainsTheSeedRowAndIntervals) {
  const StudyPlan plan = plan_from_text(spec("grid { levels_per_range: 3 }", 2), "noise.textproto");
  const std::vector<OutcomeSensitivity> s = analyse_study(plan, runs_of(plan, 1.0));
  ASSERT_EQ(s[0].factors.size(), 3u);
  EXPECT_EQ(s[0].columns, (std::vector<std::string>{"SRC", "SRC_ci95_low", "SRC_ci95_high", "R2"}));
  // Noise sd of a point mean s / sqrt(R) = 1; sd(y) of 10 x over the 9 points
  // (x = 0, 0.5, 1 three times each) = 10 sqrt(0.1875); SRC's standard error
  // 1 / (sd(y) sqrt(8)) for orthogonal factors.
  const double se = 1 / (10 * std::sqrt(0.1875) * std::sqrt(8.0));
  EXPECT_NEAR(s[0].factors[2].importance, std::sqrt(2 / M_PI) * se, 1e-12);
  EXPECT_NEAR(s[0].factors[0].values[0], 1, 1e-12);
  // A Student-t interval on the 9 x (2 - 1) degrees of freedom of the replicates' spread.
  EXPECT_NEAR(s[0].factors[0].values[1], 1 - student_t_975(9) * se, 1e-9);
  EXPECT_FALSE(below_noise_floor(s[0], 0));
  EXPECT_TRUE(below_noise_floor(s[0], 1));  // SRC 0
}

TEST(NoiseFloorTest, TwoLevelsOfAnInertFactorAreNoise) {
  // The case a perfect fit hides: one factor, two levels, no effect. Point
  // means that differ by their seeds' noise alone give SRC +-1 and R^2 1.
  const StudyPlan plan = plan_from_text(R"(name: "inert"
base_scenario: "base.textproto"
factor { path: "choice.switching_cost" name: "inert" levels: [0, 1] }
design { grid { } }
outcome { metric: "lead_months@2026-12" name: "y" }
replicates: 2
)",
                                        "inert.textproto");
  std::vector<StoredRun> runs;
  for (std::size_t run = 0; run < plan.run_count(); ++run) {
    const double value = (plan.point_of(run) == 0 ? 0.3 : -0.3) + (plan.replicate_of(run) == 0 ? 1.0 : -1.0);
    runs.push_back(study_test::planned_run(plan, run, {value}));
  }
  const std::vector<OutcomeSensitivity> s = analyse_study(plan, runs);
  ASSERT_EQ(s[0].factors.size(), 2u);
  EXPECT_NEAR(std::fabs(s[0].factors[0].values[0]), 1, 1e-12);
  EXPECT_NEAR(s[0].factors[0].values[3], 1, 1e-12);  // R^2
  EXPECT_TRUE(below_noise_floor(s[0], 0));
}

TEST(NoiseFloorTest, CommonRandomNumbersLeaveOutTheNoiseThePointsShare) {
  // Replicate 0 is +5 and replicate 1 is -5 at every point: with common random
  // numbers that part cancels in every comparison of points, and the floor
  // is what the replicates do not share (nothing, here).
  const std::string crn = spec("grid { levels_per_range: 3 }", 2) + "common_random_numbers: true\n";
  const StudyPlan plan = plan_from_text(crn, "noise.textproto");
  ASSERT_TRUE(plan.common_random_numbers);
  const std::vector<OutcomeSensitivity> s = analyse_study(plan, runs_of(plan, 5.0));
  ASSERT_EQ(s[0].factors.size(), 3u);
  EXPECT_NEAR(s[0].factors[2].importance, 0, 1e-12);
  EXPECT_NEAR(s[0].factors[0].values[1], 1, 1e-9);  // an interval of no width
  // Independent seeds: the same spread is noise, and the floor says so.
  const StudyPlan independent = plan_from_text(spec("grid { levels_per_range: 3 }", 2), "noise.textproto");
  EXPECT_GT(analyse_study(independent, runs_of(independent, 5.0))[0].factors[2].importance, 0.1);
}

TEST(NoiseFloorTest, OneReplicateHasNoFloor) {
  const StudyPlan plan = plan_from_text(spec("saltelli { base_samples: 16 }", 1), "noise.textproto");
  const std::vector<OutcomeSensitivity> s = analyse_study(plan, runs_of(plan, 0));
  ASSERT_EQ(s[0].factors.size(), 2u);
  EXPECT_FALSE(below_noise_floor(s[0], 1));
}

}  // namespace
}  // namespace stackrace
