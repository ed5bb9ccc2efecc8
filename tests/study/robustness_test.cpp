// Tests study/robustness.* and the policy options and common random numbers
// of study/study_plan.*: regret, percentiles, satisficing and paired
// differences on a hand-computed example; which seed each run gets.
#include "study/robustness.h"

#include <gtest/gtest.h>

#include <cmath>

#include "base/errors.h"
#include "study/study_plan.h"
#include "study/study_streams.h"
#include "study_test_util.h"

namespace stackrace {
namespace {

// Two states of the world (a factor with two levels) x three options.
const char* kSpec = R"(name: "robust"
base_scenario: "base.textproto"
factor { path: "choice.beta_price_per_ln_usd_mtok" name: "beta" levels: [0.1, 0.2] }
design { grid {} }
option { name: "a" set: "policy.levers.us_export_promotion=0" }
option { name: "b" set: "policy.levers.us_export_promotion=1" }
option { name: "c" set: "policy.levers.remote_access_closure=1" }
outcome { metric: "lead_months@2026-12" name: "lead" at_least: 5 }
outcome { metric: "dev_share_cn_open@2026-12" name: "cn" lower_is_better: true }
)";

// Outcome values [state][option]; both outcomes get the same numbers.
std::vector<StoredRun> runs_of(const StudyPlan& plan, const std::vector<std::vector<double>>& value) {
  std::vector<StoredRun> runs;
  for (std::size_t run = 0; run < plan.run_count(); ++run) {
    StoredRun r;
    r.run = static_cast<std::int64_t>(run);
    r.point = static_cast<std::int64_t>(plan.point_of(run));
    r.status = "ok";
    const double v = value[plan.state_of(plan.point_of(run))][plan.option_of(plan.point_of(run))];
    r.outcomes = {v, v};
    runs.push_back(r);
  }
  return runs;
}

TEST(RobustnessTest, OptionsRepeatEachStateAndApplyTheirSets) {
  const StudyPlan plan = plan_from_text(kSpec, "robust.textproto");
  ASSERT_EQ(plan.options.size(), 3u);
  EXPECT_EQ(plan.point_count(), 6u);
  EXPECT_EQ(plan.state_count(), 2u);
  EXPECT_EQ(plan.points[4], plan.points[3]);  // state 1, options b and c
  EXPECT_EQ(plan.option_of(4), 1u);
  const std::vector<std::string> o = plan.overrides(5);
  ASSERT_EQ(o.size(), 2u);
  EXPECT_EQ(o[0], "policy.levers.remote_access_closure=1");
  EXPECT_EQ(o[1], "choice.beta_price_per_ln_usd_mtok=0.2");
}

TEST(RobustnessTest, RegretPercentilesSatisficingAndPairedDifferences) {
  const StudyPlan plan = plan_from_text(kSpec, "robust.textproto");
  // state 0: a 4, b 10, c 7 (best b); state 1: a 8, b 6, c 9 (best c).
  const std::vector<OutcomeRobustness> r = analyse_robustness(plan, runs_of(plan, {{4, 10, 7}, {8, 6, 9}}));
  ASSERT_EQ(r.size(), 2u);
  const OutcomeRobustness& lead = r[0];
  EXPECT_EQ(lead.futures, 2u);
  EXPECT_EQ(lead.threshold, ">= 5");
  const OptionRobustness& a = lead.options[0];
  const OptionRobustness& b = lead.options[1];
  const OptionRobustness& c = lead.options[2];
  EXPECT_DOUBLE_EQ(a.mean, 6);
  EXPECT_DOUBLE_EQ(a.p10, 4.4);  // 4 + 0.1 (8 - 4)
  EXPECT_DOUBLE_EQ(a.p90, 7.6);
  // Regret: a 6 and 1, b 0 and 3, c 3 and 0.
  EXPECT_DOUBLE_EQ(a.mean_regret, 3.5);
  EXPECT_DOUBLE_EQ(a.max_regret, 6);
  EXPECT_DOUBLE_EQ(b.mean_regret, 1.5);
  EXPECT_DOUBLE_EQ(b.max_regret, 3);
  EXPECT_DOUBLE_EQ(c.max_regret, 3);
  // At least 5: a in one future of two, b and c in both.
  EXPECT_DOUBLE_EQ(a.satisficing_share, 0.5);
  EXPECT_DOUBLE_EQ(b.satisficing_share, 1.0);
  // b minus a, future by future: 6 and -2.
  EXPECT_TRUE(std::isnan(a.difference));
  EXPECT_DOUBLE_EQ(b.difference, 2);
  EXPECT_LT(b.difference_low, 2);
  EXPECT_GT(b.difference_high, 2);

  // Lower is better: state 0's best is a (4), state 1's is b (6).
  const OutcomeRobustness& cn = r[1];
  EXPECT_TRUE(cn.lower_is_better);
  EXPECT_DOUBLE_EQ(cn.options[0].max_regret, 2);  // 8 - 6
  EXPECT_DOUBLE_EQ(cn.options[1].max_regret, 6);  // 10 - 4
  EXPECT_DOUBLE_EQ(cn.options[2].mean_regret, 3);
  EXPECT_TRUE(std::isnan(cn.options[0].satisficing_share));  // no threshold
}

TEST(RobustnessTest, QuantileInterpolatesBetweenOrderStatistics) {
  EXPECT_DOUBLE_EQ(quantile({3, 1, 2, 4}, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(quantile({5}, 0.9), 5);
  EXPECT_DOUBLE_EQ(quantile({0, 10}, 0.1), 1);
  EXPECT_TRUE(std::isnan(quantile({}, 0.5)));
}

TEST(CommonRandomNumbersTest, OnByDefaultWithOptionsOffOtherwise) {
  std::string text = std::string(kSpec) + "replicates: 2\nseed: 11\n";
  const StudyPlan with_options = plan_from_text(text, "robust.textproto");
  EXPECT_TRUE(with_options.common_random_numbers);
  // Every point of replicate r: the seed of index r.
  for (std::size_t run = 0; run < with_options.run_count(); ++run)
    EXPECT_EQ(with_options.run_seed(run), study_run_seed(11, static_cast<std::uint64_t>(with_options.replicate_of(run))));
  EXPECT_NE(with_options.run_seed(0), with_options.run_seed(1));

  // A study without options keeps one seed per run, as before.
  const StudyPlan smoke = plan_from_text(study_test::smoke_spec_text(), "smoke.textproto");
  EXPECT_FALSE(smoke.common_random_numbers);
  for (std::size_t run = 0; run < smoke.run_count(); ++run) EXPECT_EQ(smoke.run_seed(run), study_run_seed(7, run));

  // Asked for, a study without options pairs its points too; asked against,
  // a study with options gives each run its own seed.
  const StudyPlan paired = plan_from_text(study_test::smoke_spec_text() + "common_random_numbers: true\n", "s");
  EXPECT_EQ(paired.run_seed(0), paired.run_seed(2));  // points 0 and 1, replicate 0
  const StudyPlan unpaired = plan_from_text(text + "common_random_numbers: false\n", "r");
  EXPECT_NE(unpaired.run_seed(0), unpaired.run_seed(2));
}

TEST(RobustnessTest, BadOptionsAreLocated) {
  auto error = [](const std::string& text) {
    try {
      plan_from_text(text, "robust.textproto");
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  std::string saltelli = kSpec;
  saltelli.replace(saltelli.find("grid {}"), 7, "saltelli { base_samples: 4 }");
  saltelli.replace(saltelli.find("levels: [0.1, 0.2]"), 18, "min: 0.1 max: 0.2");
  EXPECT_NE(error(saltelli).find("policy options need a grid, random or latin_hypercube"), std::string::npos);
  const std::string twice = std::string(kSpec) + "option { name: \"a\" }\n";
  EXPECT_NE(error(twice).find("option name 'a' is used twice"), std::string::npos) << error(twice);
  const std::string varied = std::string(kSpec) + "option { name: \"d\" set: \"choice.beta_price_per_ln_usd_mtok=1\" }\n";
  EXPECT_NE(error(varied).find("which the factor 'beta' varies"), std::string::npos) << error(varied);
  const std::string malformed = std::string(kSpec) + "option { name: \"d\" set: \"no_value\" }\n";
  EXPECT_NE(error(malformed).find("expected PATH=VALUE"), std::string::npos) << error(malformed);
}

}  // namespace
}  // namespace stackrace
