// Tests study/study_loader.*: validation against the base scenario, and
// the shipped studies.
#include "study/study_loader.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "base/errors.h"
#include "sim/metrics.h"
#include "base/proto/scenario.pb.h"
#include "study/run_executor.h"
#include "study_test_util.h"

namespace stackrace {
namespace {

using study_test::replace_once;
using study_test::smoke_spec_text;
using study_test::TempDir;
using study_test::write_file;

std::string load_error(const std::string& text, std::string* where = nullptr) {
  TempDir dir;
  write_file(dir / "study.textproto", text);
  try {
    check_points(load_study((dir / "study.textproto").string()), 2);
  } catch (const InputError& e) {
    if (where) *where = e.where();
    return e.what();
  }
  return "no error";
}

TEST(StudyLoaderTest, ShippedSmokeStudyLoads) {
  const LoadedStudy s = load_study((study_test::repo_root() / "configs/studies/smoke.textproto").string());
  EXPECT_EQ(s.plan.run_count(), 16u);
  EXPECT_EQ(s.base_end.str(), "2026-12");
  EXPECT_EQ(s.fingerprint.size(), 16u);
  EXPECT_NO_THROW(check_points(s, 2));
}

TEST(StudyLoaderTest, ShippedLeversStudyLoads) {
  // levers_2028 varies five of the baseline's policy levers (policy.levers.*)
  // and reads the supply side's lead_months.
  const LoadedStudy s = load_study((study_test::repo_root() / "configs/studies/levers_2028.textproto").string());
  ASSERT_EQ(s.plan.factors.size(), 5u);
  for (const StudyFactor& f : s.plan.factors) EXPECT_EQ(f.path.rfind("policy.levers.", 0), 0u) << f.path;
  EXPECT_EQ(s.plan.run_count(), 256u * 7);
  EXPECT_EQ(s.base_end.str(), "2028-12");
  EXPECT_NO_THROW(check_points(s, 2));
  const auto& names = global_column_names();
  EXPECT_NE(std::find(names.begin(), names.end(), "lead_months"), names.end());
}

TEST(StudyLoaderTest, ShippedFrontsAndRobustnessStudiesLoad) {
  // fronts_2028: levers and unknowns together, with country and region
  // outcomes and two recorded series.
  const LoadedStudy fronts = load_study((study_test::repo_root() / "configs/studies/fronts_2028.textproto").string());
  EXPECT_EQ(fronts.plan.run_count(), 600u);
  EXPECT_EQ(fronts.plan.factors.size(), 12u);
  EXPECT_EQ(fronts.plan.series.size(), 4u);  // sub-Saharan Africa and Kenya, closed and open
  EXPECT_EQ(fronts.plan.records.size(), 2u);
  EXPECT_FALSE(fronts.plan.common_random_numbers);
  EXPECT_NO_THROW(check_points(fronts, 2));
  // robust_2028: three options over 30 states, on common random numbers.
  const LoadedStudy robust = load_study((study_test::repo_root() / "configs/studies/robust_2028.textproto").string());
  EXPECT_EQ(robust.plan.options.size(), 3u);
  EXPECT_EQ(robust.plan.state_count(), 30u);
  EXPECT_EQ(robust.plan.run_count(), 180u);
  EXPECT_TRUE(robust.plan.common_random_numbers);
  EXPECT_NO_THROW(check_points(robust, 2));
}

TEST(StudyLoaderTest, AnOptionSetOutsideItsFieldRangeIsLocated) {
  std::string where;
  const std::string e = load_error(study_test::smoke_spec_text() +
                                       "option { name: \"a\" }\noption { name: \"b\" set: "
                                       "\"policy.levers.remote_access_closure=2\" }\n",
                                   &where);
  EXPECT_NE(e.find("option 'b': set \"policy.levers.remote_access_closure=2\""), std::string::npos) << e;
  EXPECT_NE(where.find("study.textproto:"), std::string::npos) << where;
}

TEST(StudyLoaderTest, FingerprintFollowsTheSpecAndTheBase) {
  TempDir dir;
  write_file(dir / "a.textproto", smoke_spec_text());
  write_file(dir / "b.textproto", replace_once(smoke_spec_text(), "seed: 7", "seed: 8"));
  write_file(dir / "c.textproto", smoke_spec_text() + "set: \"choice.switching_cost=1.5\"\n");
  const std::string a = load_study((dir / "a.textproto").string()).fingerprint;
  EXPECT_EQ(a, load_study((dir / "a.textproto").string()).fingerprint);
  EXPECT_NE(a, load_study((dir / "b.textproto").string()).fingerprint);
  EXPECT_NE(a, load_study((dir / "c.textproto").string()).fingerprint);
}

TEST(StudyLoaderTest, FactorValuesOutsideTheFieldRangeAreLocated) {
  std::string where;
  const std::string e = load_error(replace_once(smoke_spec_text(), "max: 0.5", "max: 500"), &where);
  EXPECT_NE(e.find("factor 'beta_price' = 500: choice.beta_price_per_ln_usd_mtok = 500: expected a value in [0, 100]"),
            std::string::npos)
      << e;
  EXPECT_NE(where.find("study.textproto:"), std::string::npos);
  EXPECT_NE(load_error(replace_once(smoke_spec_text(), "[0.015, 0.03, 0.06]", "[0.015, 0.03, 2]"))
                .find("adoption.imitation_q_per_month = 2: expected a value in [0, 1]"),
            std::string::npos);
}

TEST(StudyLoaderTest, UnknownIndexBadSetAndMissingBaseAreLocated) {
  const std::string index = load_error(replace_once(
      smoke_spec_text(), "\"government.cn_offer_value_at_full_promotion\"", "\"supply.lab[99].price_usd_per_mtok\""));
  EXPECT_NE(index.find("index 99 out of range: 'lab' has "), std::string::npos) << index;
  EXPECT_NE(load_error(replace_once(smoke_spec_text(), "set: \"population.adopters=", "set: \"population.adoptrs="))
                .find("unknown field 'adoptrs'"),
            std::string::npos);
  const std::string missing = load_error(replace_once(smoke_spec_text(), "configs/scenarios/baseline", "nowhere/x"));
  EXPECT_NE(missing.find("no such file"), std::string::npos) << missing;
}

TEST(StudyLoaderTest, TheScenarioSeedIsTheStudysToGive) {
  // A set, a factor or a command-line --set of the scenario's seed would be
  // replaced by each run's seed without a word.
  const std::string set = load_error(
      replace_once(smoke_spec_text(), "set: \"horizon.end_month=2026-12\"", "set: \"seed=5\""));
  EXPECT_NE(set.find("set \"seed=5\": the scenario's seed is given to each run by the study"), std::string::npos)
      << set;
  const std::string factor = load_error(replace_once(smoke_spec_text(), "\"adoption.imitation_q_per_month\"",
                                                     "\"seed\""));
  EXPECT_NE(factor.find("factor 'imitation_q': the scenario's seed is given"), std::string::npos) << factor;
  TempDir dir;
  write_file(dir / "study.textproto", smoke_spec_text());
  try {
    load_study((dir / "study.textproto").string(), {"seed=5"});
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where(), "--set seed=5");
    EXPECT_NE(e.message().find("set the study's `seed` instead"), std::string::npos) << e.what();
  }
}

TEST(StudyLoaderTest, AThresholdWithoutOptionsIsLocated) {
  // Nothing reads a threshold in a study without options: it would be ignored.
  std::string where;
  const std::string text = replace_once(smoke_spec_text(), "name: \"dev_share_cn_2026\"",
                                        "name: \"dev_share_cn_2026\" at_least: 0.15");
  const std::string e = load_error(text, &where);
  EXPECT_NE(e.find("outcome 'dev_share_cn_2026': a threshold (at_least, at_most) rates policy options"),
            std::string::npos)
      << e;
  EXPECT_NE(where.find("study.textproto:"), std::string::npos) << where;
}

TEST(StudyLoaderTest, AFixedSetThatBreaksTheScenarioIsLocatedAtItsLine) {
  // Each value is fine on its own; the scenario's cross-field check fails.
  std::string where;
  const std::string text =
      replace_once(smoke_spec_text(), "set: \"horizon.end_month=2026-12\"", "set: \"horizon.end_month=2024-12\"");
  const std::string e = load_error(text, &where);
  const std::size_t line = static_cast<std::size_t>(
      std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(text.find("set: \"horizon")), '\n') + 1);
  EXPECT_EQ(where.substr(where.rfind("study.textproto:")), "study.textproto:" + std::to_string(line) + ":1") << e;
  EXPECT_NE(e.find("set \"horizon.end_month=2024-12\": horizon.end_month 2024-12 is before start_month 2025-01"),
            std::string::npos)
      << e;
}

// Two factors on one field would override each other in every run, and the
// first's recorded values would be ones no run used.
TEST(StudyLoaderTest, TwoFactorsOnOneFieldAreRefused) {
  std::string where;
  const std::string e = load_error(replace_once(smoke_spec_text(), "path: \"government.cn_offer_value_at_full_promotion\"",
                                                "path: \"choice.beta_price_per_ln_usd_mtok\""),
                                   &where);
  EXPECT_NE(e.find("factor 'cn_offer' varies choice.beta_price_per_ln_usd_mtok, as factor 'beta_price' does: give "
                   "each field one factor"),
            std::string::npos)
      << e;
  EXPECT_NE(where.find("study.textproto:"), std::string::npos) << where;
}

// An error in the base scenario itself is reported at its line in that file,
// with every other one, not blamed on the study's first `set`.
TEST(StudyLoaderTest, AnErrorOfTheBaseScenarioIsLocatedInItsFile) {
  TempDir dir;
  write_file(dir / "base.textproto", "base: \"" + std::string(STACKRACE_ROOT) +
                                         "/configs/scenarios/baseline.textproto\"\npolicy {\n  levers {\n"
                                         "    enforcement_budget_musd_per_year: -5\n    us_export_promotion: 7\n  }\n}\n");
  write_file(dir / "study.textproto",
             replace_once(smoke_spec_text(), std::string(STACKRACE_ROOT) + "/configs/scenarios/baseline.textproto",
                          (dir / "base.textproto").string()));
  try {
    load_study((dir / "study.textproto").string());
    ADD_FAILURE() << "the base scenario's errors were not reported";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("the base scenario with the study's set does not load"), std::string::npos) << what;
    EXPECT_NE(what.find("base.textproto:4:5: policy.levers.enforcement_budget_musd_per_year = -5"), std::string::npos)
        << what;
    EXPECT_NE(what.find("base.textproto:5:5: policy.levers.us_export_promotion = 7"), std::string::npos) << what;
    EXPECT_EQ(what.find("set \"population.adopters"), std::string::npos) << what;
  }
}

TEST(StudyLoaderTest, OutcomeOutsideTheHorizonIsLocated) {
  const std::string e = load_error(replace_once(smoke_spec_text(), "@2026-06", "@2027-06"));
  EXPECT_NE(e.find("outside the base scenario's horizon 2025-01..2026-12"), std::string::npos) << e;
}

TEST(StudyLoaderTest, UnknownCountryOrRegionIsLocatedAndListsTheValidOnes) {
  std::string where;
  const std::string country =
      load_error(replace_once(smoke_spec_text(), "ai_user_share_world@2026-06", "ZZZ:ai_user_share@2026-06"), &where);
  EXPECT_NE(country.find("unknown country code 'ZZZ'"), std::string::npos) << country;
  EXPECT_NE(country.find("KEN"), std::string::npos) << country;
  EXPECT_NE(where.find("study.textproto:"), std::string::npos) << where;
  const std::string region = load_error(
      replace_once(smoke_spec_text(), "ai_user_share_world@2026-06", "region(africa):ai_user_share@2026-06"));
  EXPECT_NE(region.find("unknown region 'africa'"), std::string::npos) << region;
  EXPECT_NE(region.find("sub_saharan_africa"), std::string::npos) << region;
}

TEST(StudyLoaderTest, ScopedOutcomesAggregateAsTheWorldMetricsDo) {
  // group(developing) is the set of countries the world's dev_* columns
  // cover, weighted the same way; a country is its own countries.csv value.
  std::string text = smoke_spec_text();
  text = replace_once(text, "replicates: 2", "replicates: 1");
  text += "outcome { metric: \"group(developing):share_cn_open@2026-12\" name: \"g_cn_open\" }\n"
          "outcome { metric: \"dev_share_cn_open@2026-12\" name: \"w_cn_open\" }\n"
          "outcome { metric: \"group(developing):ai_user_share@2026-12\" name: \"g_users\" }\n"
          "outcome { metric: \"dev_ai_user_share@2026-12\" name: \"w_users\" }\n"
          "outcome { metric: \"KEN:population@2026-12\" name: \"ken_pop\" }\n"
          "outcome { metric: \"region(north_america):population - USA:population - CAN:population@2026-12\" "
          "name: \"rest_of_na\" }\n";
  TempDir dir;
  write_file(dir / "study.textproto", text);
  const LoadedStudy study = load_study((dir / "study.textproto").string());
  const RunResult r = execute_run(study, 0);
  ASSERT_EQ(r.status, "ok");
  const std::size_t first = study.plan.outcomes.size() - 6;
  EXPECT_GT(r.outcomes[first], 0.0);
  EXPECT_NEAR(r.outcomes[first], r.outcomes[first + 1], 1e-12);
  EXPECT_NEAR(r.outcomes[first + 2], r.outcomes[first + 3], 1e-12);
  const Country& kenya = study.base->base().world.countries[study.base->base().world.find("KEN")];
  EXPECT_EQ(r.outcomes[first + 4], kenya.population);
  EXPECT_GT(r.outcomes[first + 5], 0.0);  // Bermuda, Greenland, ... beside the US and Canada
}

TEST(StudyLoaderTest, PointsThatBreakACrossFieldRuleAreFoundBeforeAnyRun) {
  // firm_share + public_body_share must not exceed 1; each factor's range is
  // valid on its own, but the upper corner is not.
  std::string text = smoke_spec_text();
  text = replace_once(text, "\"choice.beta_price_per_ln_usd_mtok\"", "\"population.firm_share\"");
  text = replace_once(text, "min: 0.01\n  max: 0.5", "min: 0.5\n  max: 1");
  text = replace_once(text, "\"government.cn_offer_value_at_full_promotion\"", "\"population.public_body_share\"");
  text = replace_once(text, "min: 0\n  max: 2", "min: 0.2\n  max: 0.5");
  const std::string e = load_error(text);
  EXPECT_NE(e.find("design points give an invalid scenario"), std::string::npos) << e;
  EXPECT_NE(e.find("firm_share + public_body_share must not exceed 1"), std::string::npos) << e;
}

}  // namespace
}  // namespace stackrace
