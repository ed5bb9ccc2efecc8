#include "spec.h"

#include <gtest/gtest.h>

#include <string>

#include "errors.h"
#include "support/tiny_world.h"

namespace stackrace {
namespace {

using namespace test_support;
namespace fs = std::filesystem;

// The InputError message of loading the world's scenario.
std::string error_of(const TinyWorld& w, const SpecOptions& options = {}) {
  try {
    w.load(options);
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no InputError";
  return "";
}

SpecOptions sets(std::vector<std::string> overrides) {
  SpecOptions o;
  o.overrides = std::move(overrides);
  return o;
}

// "file:line:column" of the first occurrence of `needle` in `text`.
std::string at(const fs::path& file, const std::string& text, const std::string& needle) {
  return file.string() + ":" + std::to_string(line_of(text, needle)) + ":" + std::to_string(column_of(text, needle));
}

TinyWorldTexts with_scenario(const std::string& from, const std::string& to) {
  TinyWorldTexts t = tiny_world_texts();
  t.scenario = replace_once(t.scenario, from, to);
  return t;
}

TEST(LoadSpec, TinyWorldLoads) {
  const TinyWorld w;
  const Spec spec = w.load();
  EXPECT_EQ(spec.config_path, w.scenario_path().string());
  EXPECT_EQ(spec.scenario.name(), "tiny");
  ASSERT_EQ(spec.world.countries.size(), 4u);
  EXPECT_EQ(spec.start, Month::from_year_month(2025, 1));
  EXPECT_EQ(spec.end, Month::from_year_month(2025, 12));
  EXPECT_EQ(spec.months, 12);
  EXPECT_EQ(spec.calibration_h1, Month::from_year_month(2025, 6));
  EXPECT_EQ(spec.calibration_h2, Month::from_year_month(2025, 12));
  ASSERT_EQ(spec.available.size(), 4u);
  EXPECT_FALSE(spec.available[kCHN][US_CLOSED]);
  EXPECT_FALSE(spec.available[kCHN][US_OPEN]);
  EXPECT_TRUE(spec.available[kCHN][CN_CLOSED]);
  for (int s = 0; s < kStackCount; ++s) {
    EXPECT_TRUE(spec.available[kUSA][s]);
    EXPECT_TRUE(spec.available[kIND][s]);
  }
  // Supply path: knots as given, linear in between, constant outside.
  EXPECT_DOUBLE_EQ(spec.supply.price(US_CLOSED, Month::from_year_month(2025, 1)), 6.0);
  EXPECT_DOUBLE_EQ(spec.supply.price(US_CLOSED, Month::from_year_month(2024, 1)), 6.0);
  EXPECT_DOUBLE_EQ(spec.supply.price(US_CLOSED, Month::from_year_month(2035, 1)), 0.3);
  EXPECT_NEAR(spec.supply.capability(CN_OPEN, Month{Month::from_year_month(2025, 1).index + 35}),
              25.8 + (32.2 - 25.8) * 35.0 / 71.0, 1e-12);
}

TEST(LoadSpec, OverridesAndAdoptersAreApplied) {
  const TinyWorld w;
  SpecOptions o = sets({"adoption.peer_weight=0.25", "horizon.end_month=2026-06"});
  o.adopters = 1234;
  const Spec spec = w.load(o);
  EXPECT_DOUBLE_EQ(spec.scenario.adoption().peer_weight(), 0.25);
  EXPECT_EQ(spec.months, 18);
  EXPECT_EQ(spec.scenario.population().adopters(), 1234u);
  EXPECT_EQ(spec.overrides, (std::vector<std::string>{"adoption.peer_weight=0.25", "horizon.end_month=2026-06"}));
}

TEST(LoadSpecErrors, MissingScenarioFile) {
  const TinyWorld w;
  const std::string path = (w.root() / "scenarios/none.textproto").string();
  try {
    load_spec(path);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), path + ": cannot open file (does it exist and is it readable?)");
  }
}

TEST(LoadSpecErrors, ValueOutOfRangeInScenarioFile) {
  const TinyWorld w(with_scenario("review_probability_per_month: 0.08", "review_probability_per_month: 1.5"));
  EXPECT_EQ(error_of(w), at(w.scenario_path(), w.texts().scenario, "review_probability_per_month") +
                             ": adoption.review_probability_per_month = 1.5: expected a value in [0, 1] (per month)");
}

TEST(LoadSpecErrors, EveryProblemIsListed) {
  TinyWorldTexts t = with_scenario("review_probability_per_month: 0.08", "review_probability_per_month: 1.5");
  t.scenario = replace_once(t.scenario, "peers_per_adopter: 8", "peers_per_adopter: 33");
  const TinyWorld w(t);
  const std::string msg = error_of(w);
  // One problem per line, in schema order.
  const auto lines = split_lines(msg);
  ASSERT_EQ(lines.size(), 2u) << msg;
  EXPECT_EQ(lines[0], at(w.scenario_path(), t.scenario, "peers_per_adopter") +
                          ": population.peers_per_adopter = 33: expected a value in [1, 32] (links)");
  EXPECT_EQ(lines[1], at(w.scenario_path(), t.scenario, "review_probability_per_month") +
                          ": adoption.review_probability_per_month = 1.5: expected a value in [0, 1] (per month)");
}

TEST(LoadSpecErrors, ValueOutOfRangeInDataFiles) {
  {
    TinyWorldTexts t = tiny_world_texts();
    t.world_config = replace_once(t.world_config, "alignment: 0.9", "alignment: 1.5");
    const TinyWorld w(t);
    EXPECT_EQ(error_of(w), at(w.world_config_path(), t.world_config, "alignment: 1.5") +
                               ": region[0].alignment = 1.5: expected a value in [-1, 1] (1)");
  }
  {
    TinyWorldTexts t = tiny_world_texts();
    t.observed = replace_once(t.observed, "h2_2025_pct: 16.3", "h2_2025_pct: 163");
    const TinyWorld w(t);
    EXPECT_EQ(error_of(w), at(w.observed_path(), t.observed, "h2_2025_pct: 163") +
                               ": economy[0].h2_2025_pct = 163: expected a value in [0, 100] (%)");
  }
}

TEST(LoadSpecErrors, SetOutOfRangeReportsTheSetAndTheRange) {
  const TinyWorld w;
  EXPECT_EQ(error_of(w, sets({"adoption.review_probability_per_month=2"})),
            "--set adoption.review_probability_per_month=2: adoption.review_probability_per_month = 2: expected a value "
            "in [0, 1] (per month)");
  SpecOptions o;
  o.adopters = 0;
  EXPECT_NE(error_of(w, o).find("population.adopters = 0: expected a value in [1, 200000000] (agents)"),
            std::string::npos);
}

TEST(LoadSpecErrors, SetUnknownPathListsKnownFields) {
  const TinyWorld w;
  const std::string msg = error_of(w, sets({"choice.beta_netwrok=1"}));
  EXPECT_EQ(msg.rfind("--set choice.beta_netwrok=1: unknown field 'beta_netwrok' in stackrace.Choice (known: ", 0), 0u)
      << msg;
  EXPECT_NE(msg.find("beta_network"), std::string::npos) << msg;
}

TEST(LoadSpecErrors, SetNonNumericValue) {
  const TinyWorld w;
  EXPECT_EQ(error_of(w, sets({"choice.beta_network=high"})),
            "--set choice.beta_network=high: 'high' is not a finite number (field choice.beta_network)");
}

TEST(LoadSpecErrors, SetIndexOutOfRange) {
  const TinyWorld w;
  EXPECT_EQ(error_of(w, sets({"supply_path.stack[5].point[0].price_usd_per_mtok=1"})),
            "--set supply_path.stack[5].point[0].price_usd_per_mtok=1: index 5 out of range: 'stack' has 5 entries");
  EXPECT_EQ(error_of(w, sets({"supply_path.blocked[0].iso3[1]=IND"})),
            "--set supply_path.blocked[0].iso3[1]=IND: index 1 out of range: 'iso3' has 1 entries");
}

TEST(LoadSpecErrors, UnknownIsoInBlockedList) {
  const TinyWorld w(with_scenario("iso3: [\"CHN\"]\n  }\n  blocked {\n    stack: US_OPEN",
                                  "iso3: [\"CHN\", \"XXX\"]\n  }\n  blocked {\n    stack: US_OPEN"));
  const std::string expected = w.scenario_path().string() + ":" +
                               std::to_string(line_of(w.texts().scenario, "\"XXX\"")) + ":";
  const std::string msg = error_of(w);
  EXPECT_EQ(msg.rfind(expected, 0), 0u) << msg;
  EXPECT_NE(msg.find("unknown ISO3 code 'XXX'"), std::string::npos) << msg;
  // Also when the bad code comes from --set.
  const TinyWorld plain;
  EXPECT_EQ(error_of(plain, sets({"supply_path.blocked[1].iso3[0]=ZZZ"})),
            "--set supply_path.blocked[1].iso3[0]=ZZZ: unknown ISO3 code 'ZZZ'");
}

TEST(LoadSpecErrors, DuplicateIsoInBlockedList) {
  const TinyWorld w(with_scenario("iso3: [\"CHN\"]\n  }\n  blocked {\n    stack: US_OPEN",
                                  "iso3: [\"CHN\", \"CHN\"]\n  }\n  blocked {\n    stack: US_OPEN"));
  const std::string msg = error_of(w);
  EXPECT_EQ(msg.rfind(w.scenario_path().string() + ":" + std::to_string(line_of(w.texts().scenario, "\"CHN\", \"CHN\"")),
                      0),
            0u)
      << msg;
  EXPECT_NE(msg.find("duplicate ISO3 code 'CHN' in this list"), std::string::npos) << msg;
}

TEST(LoadSpecErrors, DuplicateStackPath) {
  const TinyWorld w(with_scenario("stack: OTHER", "stack: US_OPEN"));
  const std::string& text = w.texts().scenario;
  // The second US_OPEN path is the duplicate; OTHER is then missing.
  const auto second = text.find("stack: US_OPEN", text.find("stack: US_OPEN") + 1);
  const std::string second_at = w.scenario_path().string() + ":" +
                                std::to_string(1 + std::count(text.begin(), text.begin() + second, '\n')) + ":5";
  EXPECT_EQ(error_of(w), second_at + ": duplicate supply path for stack US_OPEN\n" +
                             at(w.scenario_path(), text, "supply_path") + ": no supply path for stack OTHER");
}

TEST(LoadSpecErrors, SupplyPointProblems) {
  {
    const TinyWorld w(with_scenario("month: \"2030-12\" capability_log10_flop: 32.9",
                                    "month: \"2024-12\" capability_log10_flop: 32.9"));
    const std::string msg = error_of(w);
    EXPECT_EQ(msg, at(w.scenario_path(), w.texts().scenario, "month: \"2024-12\"") +
                       ": points must be in increasing month order");
  }
  {
    const TinyWorld w(with_scenario("month: \"2030-12\" capability_log10_flop: 32.9",
                                    "month: \"2030-13\" capability_log10_flop: 32.9"));
    EXPECT_EQ(error_of(w), at(w.scenario_path(), w.texts().scenario, "month: \"2030-13\"") +
                               ": \"2030-13\": expected a month as YYYY-MM");
  }
}

TEST(LoadSpecErrors, MissingDataFile) {
  const TinyWorld w(with_scenario("world_config: \"../data/world.textproto\"", "world_config: \"../data/wrld.textproto\""));
  const std::string expected = at(w.scenario_path(), w.texts().scenario, "world_config") +
                               ": world_config = \"../data/wrld.textproto\": no such file (" +
                               (w.root() / "data/wrld.textproto").string() + ")";
  EXPECT_EQ(error_of(w), expected);
  const TinyWorld empty(with_scenario("observed_adoption: \"../data/observed.textproto\"", "observed_adoption: \"\""));
  EXPECT_EQ(error_of(empty), at(empty.scenario_path(), empty.texts().scenario, "observed_adoption") +
                                 ": observed_adoption is empty: expected a path relative to the scenario file");
}

TEST(LoadSpecErrors, DataFileSyntaxErrorAndUnknownField) {
  {
    TinyWorldTexts t = tiny_world_texts();
    t.world_data = replace_once(t.world_data, "population: 330000000", "populaton: 330000000");
    const TinyWorld w(t);
    const std::string msg = error_of(w);
    EXPECT_EQ(msg.rfind(w.world_data_path().string() + ":" + std::to_string(line_of(t.world_data, "populaton")) + ":",
                        0),
              0u)
        << msg;
    EXPECT_NE(msg.find("no field named \"populaton\""), std::string::npos) << msg;
  }
  {
    TinyWorldTexts t = tiny_world_texts();
    t.observed = replace_once(t.observed, "economy { iso3: \"IND\"", "economy { iso3 \"IND\"");
    const TinyWorld w(t);
    const std::string msg = error_of(w);
    const std::string expected = w.observed_path().string() + ":" + std::to_string(line_of(t.observed, "iso3 \"IND\"")) +
                                 ":" + std::to_string(column_of(t.observed, "\"IND\"")) + ": ";
    EXPECT_EQ(msg.rfind(expected, 0), 0u) << msg;
  }
}

TEST(LoadSpecErrors, WorldProblemsNameTheDataFile) {
  {
    TinyWorldTexts t = tiny_world_texts();
    t.world_config = replace_once(t.world_config, "iso3: [\"USA\"]", "iso3: [\"USA\", \"QQQ\"]");
    const TinyWorld w(t);
    EXPECT_EQ(error_of(w), at(w.world_config_path(), t.world_config, "iso3: [\"USA\", \"QQQ\"]") +
                               ": unknown ISO3 code 'QQQ'");
  }
  {
    TinyWorldTexts t = tiny_world_texts();
    t.world_data += "country {\n  iso3: \"CHN\"\n  region: \"east_asia_pacific\"\n}\n";
    const TinyWorld w(t);
    const std::string msg = error_of(w);
    EXPECT_EQ(msg, w.world_data_path().string() + ":" + std::to_string(split_lines(t.world_data).size() - 2) +
                       ":3: duplicate country id 'CHN'");
  }
  {
    TinyWorldTexts t = tiny_world_texts();
    t.observed = replace_once(t.observed, "iso3: \"USA\"", "iso3: \"USB\"");
    const TinyWorld w(t);
    EXPECT_EQ(error_of(w), at(w.observed_path(), t.observed, "iso3: \"USB\"") + ": unknown ISO3 code 'USB'");
  }
}

TEST(LoadSpecErrors, HorizonEndBeforeStart) {
  const TinyWorld w(with_scenario("end_month: \"2025-12\"", "end_month: \"2024-12\""));
  const std::string msg = error_of(w);
  EXPECT_NE(msg.find(at(w.scenario_path(), w.texts().scenario, "end_month") +
                     ": horizon.end_month 2024-12 is before start_month 2025-01"),
            std::string::npos)
      << msg;
  const TinyWorld plain;
  EXPECT_EQ(error_of(plain, sets({"horizon.end_month=2024-11"})),
            "--set horizon.end_month=2024-11: horizon.end_month 2024-11 is before start_month 2025-01");
  EXPECT_NE(error_of(plain, sets({"horizon.end_month=2200-12"})).find("horizon longer than 100 years"),
            std::string::npos);
}

TEST(LoadSpecErrors, BadMonthStrings) {
  const TinyWorld w(with_scenario("start_month: \"2025-01\"", "start_month: \"2025-1\""));
  EXPECT_EQ(error_of(w), at(w.scenario_path(), w.texts().scenario, "start_month") +
                             ": horizon.start_month = \"2025-1\": expected a month as YYYY-MM, e.g. \"2025-01\"");
  const TinyWorld plain;
  for (const std::string bad : {"2025-13", "25-01", "abcd-ef", ""}) {
    EXPECT_EQ(error_of(plain, sets({"horizon.end_month=" + bad})),
              "--set horizon.end_month=" + bad + ": horizon.end_month = \"" + bad +
                  "\": expected a month as YYYY-MM, e.g. \"2025-01\"");
  }
  EXPECT_NE(error_of(plain, sets({"adoption.calibration_h2_month=2025-12-01"}))
                .find("adoption.calibration_h2_month = \"2025-12-01\": expected a month"),
            std::string::npos);
}

TEST(LoadSpecErrors, CalibrationMonthsMustFitTheHorizon) {
  const TinyWorld w;
  EXPECT_EQ(error_of(w, sets({"horizon.start_month=2025-07"})),
            w.scenario_path().string() + ":" + std::to_string(line_of(w.texts().scenario, "calibration_h1_month")) +
                ":3: calibration_h1_month 2025-06 is before the horizon start 2025-07: the run is initialised from the "
                "2025 observations, so it must start no later than the first calibration month");
  EXPECT_EQ(error_of(w, sets({"adoption.calibration_h2_month=2025-06"})),
            "--set adoption.calibration_h2_month=2025-06: calibration_h2_month must come after calibration_h1_month");
}

TEST(LoadSpecErrors, PopulationConsistency) {
  const TinyWorld w;
  EXPECT_EQ(error_of(w, sets({"population.firm_share=0.7", "population.public_body_share=0.4"})),
            "--set population.firm_share=0.7: firm_share + public_body_share must not exceed 1");
  EXPECT_EQ(error_of(w, sets({"population.income_bin_max_usd=50"})),
            "--set population.income_bin_max_usd=50: income_bin_max_usd must exceed income_bin_min_usd");
}

}  // namespace
}  // namespace stackrace
