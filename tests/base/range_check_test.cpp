#include "base/range_check.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "base/proto/scenario.pb.h"
#include "base/set_override.h"
#include "base/textproto_parse.h"
#include "support/files.h"

namespace stackrace {
namespace {

using test_support::column_of;
using test_support::line_of;
using test_support::replace_once;

namespace pb = google::protobuf;

std::vector<Problem> range_problems(const std::string& text,
                                    const std::map<std::string, std::string>& overridden = {}) {
  Scenario s;
  const SourceMap source = parse_textproto(text, "t.textproto", s);
  std::vector<Problem> problems;
  check_ranges(s, source, overridden, problems);
  return problems;
}

// A scenario text whose every ranged scalar is valid (unset fields are checked too).
const std::string kValid = R"(population {
  adopters: 1000
  min_adopters_per_country: 1
  peers_per_adopter: 8
  organisation_income_multiple: 20
  income_bin_min_usd: 100
  income_bin_max_usd: 400000
}
choice { reference_income_usd: 13000 open_weight_nest_lambda: 1 }
government { review_interval_months: 12 }
supply {
  enforcement_scale_musd: 500
  chip_market { initial_price_usd_per_h100e: 25000 rental_price_share_per_month: 0.06 tier2_partner_cap_multiplier: 2 }
  capability { pre_start_frontier_growth_log10_per_year: 0.9 open_weight_threshold_h100e: 32000 }
  distillation { detection_per_mexchange: 0.05 saturation_mexchanges: 5 }
  services { tokens_per_h100e_month: 1.5e9 initial_cost_share_of_price: 0.4 competitor_range_log10: 0.3 }
}
resilience { automatable_width_log10: 1 reemployment_congestion_share: 0.05 }
)";

TEST(CheckRanges, ValidScenarioHasNoProblems) {
  for (const Problem& p : range_problems(kValid)) ADD_FAILURE() << p.str();
}

TEST(CheckRanges, OutOfRangeNamesLocationPathValueAndRange) {
  const std::string text =
      kValid + "adoption {\n  imitation_q_per_month: 0.03\n  review_probability_per_month: 1.5\n}\n";
  const auto problems = range_problems(text);
  ASSERT_EQ(problems.size(), 1u);
  const std::string expected_where =
      "t.textproto:" + std::to_string(line_of(text, "review_probability_per_month")) + ":3";
  EXPECT_EQ(problems[0].where, expected_where);
  EXPECT_EQ(problems[0].what, "adoption.review_probability_per_month = 1.5: expected a value in [0, 1] (per month)");
  EXPECT_EQ(problems[0].str(), expected_where + ": " + problems[0].what);
}

TEST(CheckRanges, NegativeAndExclusiveBounds) {
  const std::string text =
      replace_once(replace_once(kValid, "organisation_income_multiple: 20", "organisation_income_multiple: -1"),
                   "choice {", "choice { beta_network: -0.5");
  const auto problems = range_problems(text);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_NE(problems[0].what.find("population.organisation_income_multiple = -1: expected a value in (0, 1000]"),
            std::string::npos)
      << problems[0].what;
  EXPECT_NE(problems[1].what.find("choice.beta_network = -0.5: expected a value in [0, 100] (utility)"),
            std::string::npos)
      << problems[1].what;
  EXPECT_EQ(problems[1].where, "t.textproto:" + std::to_string(line_of(text, "beta_network")) + ":" +
                                   std::to_string(column_of(text, "beta_network")));
}

TEST(CheckRanges, UnsetFieldsAreCheckedAndSaySo) {
  // population.adopters must be >= 1; absent, it is 0.
  const auto problems = range_problems(replace_once(kValid, "  adopters: 1000\n", ""));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].where, "t.textproto");
  EXPECT_EQ(problems[0].what, "population.adopters = 0 (not set): expected a value in [1, 200000000] (agents)");
}

TEST(CheckRanges, NonFiniteValuesAreRejected) {
  const auto problems = range_problems(kValid + "adoption { peer_weight: nan }\n");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].what.find("adoption.peer_weight = nan"), std::string::npos) << problems[0].what;
}

TEST(CheckRanges, RepeatedMessagesAreLocatedByIndex) {
  // Labs whose every ranged scalar is valid, but for one price.
  const std::string lab = R"(initial_compute_h100e: 1000 initial_capability_log10_flop: 26 release_interval_months: 3)";
  const std::string text =
      replace_once(kValid, "supply {\n",
                   "supply {\n  lab { stack: US_CLOSED price_usd_per_mtok: 1 " + lab + " }\n" +
                       "  lab { stack: US_OPEN\n    " + lab + "\n    price_usd_per_mtok: 2000\n  }\n");
  const auto problems = range_problems(text);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].where, "t.textproto:" + std::to_string(line_of(text, "price_usd_per_mtok: 2000")) + ":" +
                                   std::to_string(column_of(text, "price_usd_per_mtok: 2000")));
  EXPECT_EQ(problems[0].what,
            "supply.lab[1].price_usd_per_mtok = 2000: expected a value in [0, 1000] (USD per million tokens)");
}

TEST(CheckRanges, OverriddenFieldIsReportedAsItsSet) {
  Scenario s;
  const SourceMap source = parse_textproto(kValid, "t.textproto", s);
  const std::string path = apply_override(s, "adoption.review_probability_per_month=2");
  EXPECT_EQ(path, "adoption.review_probability_per_month");
  std::vector<Problem> problems;
  check_ranges(s, source, {{path, "2"}}, problems);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].where, "--set adoption.review_probability_per_month=2");
  EXPECT_EQ(problems[0].what, "adoption.review_probability_per_month = 2: expected a value in [0, 1] (per month)");
}

TEST(FieldOptions, UnitAndRangeAsWritten) {
  const pb::Descriptor& adoption = *Adoption::descriptor();
  EXPECT_EQ(field_unit(*adoption.FindFieldByName("imitation_q_per_month")), "per month");
  EXPECT_EQ(field_range(*adoption.FindFieldByName("imitation_q_per_month")), "[0, 1]");
  EXPECT_EQ(field_unit(*adoption.FindFieldByName("calibration_h1_month")), "");
  EXPECT_EQ(field_range(*adoption.FindFieldByName("calibration_h1_month")), "");
  const pb::Descriptor& population = *Population::descriptor();
  EXPECT_EQ(field_range(*population.FindFieldByName("organisation_income_multiple")), "(0, 1000]");
  EXPECT_EQ(field_range(*population.FindFieldByName("adopters")), "[1, 200000000]");
  EXPECT_EQ(field_unit(*population.FindFieldByName("adopters")), "agents");
}

}  // namespace
}  // namespace stackrace
