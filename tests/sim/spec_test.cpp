#include "sim/spec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "base/errors.h"
#include "support/spec_loading.h"
#include "support/tiny_world.h"

namespace stackrace {
namespace {

using namespace test_support;
namespace fs = std::filesystem;

// The InputError message of loading the scenario at `path`.
std::string error_of_path(const std::string& path) {
  try {
    load_spec(path);
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no InputError";
  return "";
}

// One of the tiny world's data files: its text and where it is written.
struct TinyFile {
  std::string TinyWorldTexts::*text;
  fs::path (TinyWorld::*path)() const;
};
const TinyFile kWorldConfigFile{&TinyWorldTexts::world_config, &TinyWorld::world_config_path};
const TinyFile kObservedFile{&TinyWorldTexts::observed, &TinyWorld::observed_path};
const TinyFile kSupplyFile{&TinyWorldTexts::supply, &TinyWorld::supply_config_path};

// Loads the tiny world with `from` replaced by `to` in `file`: the error it
// gives, and "file:line:column" of the replacement, where it should point.
struct EditError {
  std::string error, edit_at;
};
EditError error_of_edit(const TinyFile& file, const std::string& from, const std::string& to) {
  TinyWorldTexts t = tiny_world_texts();
  t.*file.text = replace_once(t.*file.text, from, to);
  const TinyWorld w(t);
  return {error_of(w), at((w.*file.path)(), t.*file.text, to)};
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
  // The supply from supply_config, its references resolved to indices.
  const Supply& supply = spec.scenario.supply();
  ASSERT_EQ(supply.lab_size(), 5);
  for (int s = 0; s < kStackCount; ++s) EXPECT_EQ(supply.lab(s).stack(), s) << supply.lab(s).name();
  EXPECT_EQ(spec.supply_index.lab_home, (std::vector<int>{kUSA, kUSA, kCHN, kCHN, kIND}));
  EXPECT_EQ(spec.supply_index.smuggler_transit, (std::vector<int>{kIND}));
  EXPECT_EQ(spec.supply_index.operator_host, (std::vector<int>{kIND}));
  EXPECT_EQ(supply.fab(spec.supply_index.nvidia_fab).name(), "nvidia");
  EXPECT_EQ(supply.fab(spec.supply_index.huawei_fab).name(), "huawei");
  EXPECT_EQ(spec.supply_index.policy_start, Month::from_year_month(2025, 7));
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
    EXPECT_EQ(std::string(e.what()), path + ": no such file, expected a scenario");
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
    const EditError e = error_of_edit(kWorldConfigFile, "alignment: 0.9", "alignment: 1.5");
    EXPECT_EQ(e.error, e.edit_at + ": region[0].alignment = 1.5: expected a value in [-1, 1] (1)");
  }
  {
    const EditError e = error_of_edit(kObservedFile, "h2_2025_pct: 16.3", "h2_2025_pct: 163");
    EXPECT_EQ(e.error, e.edit_at + ": economy[0].h2_2025_pct = 163: expected a value in [0, 100] (%)");
  }
  {  // labour figures: an exposure share above 1, a missing coverage
    const EditError e =
        error_of_edit(kWorldConfigFile, "exposed_substitutable_share: 0.33", "exposed_substitutable_share: 1.33");
    EXPECT_EQ(e.error, e.edit_at +
                           ": labour.income_group[0].exposed_substitutable_share = 1.33: expected a value in "
                           "[0, 1] (share of employment)");
    const EditError m = error_of_edit(kWorldConfigFile, "social_protection_coverage: 0.1 }", "}");
    EXPECT_NE(m.error.find(
                  "world.textproto:" + std::to_string(line_of(tiny_world_texts().world_config, "group:LOW exposed")) +
                  ":3: missing social_protection_coverage"),
              std::string::npos)
        << m.error;
  }
}

TEST(LoadSpecErrors, SetOutOfRangeReportsTheSetAndTheRange) {
  const TinyWorld w;
  EXPECT_EQ(
      error_of(w, sets({"adoption.review_probability_per_month=2"})),
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
  // Every bad --set at once, each on its own line; the good ones between do not matter.
  const std::string both =
      error_of(w, sets({"choice.beta_netwrok=1", "choice.beta_network=2", "population.adopters=many"}));
  EXPECT_EQ(both.rfind("--set choice.beta_netwrok=1: unknown field 'beta_netwrok'", 0), 0u) << both;
  EXPECT_NE(both.find("\n--set population.adopters=many: 'many' is not a whole number in [1, 200000000]"), std::string::npos)
      << both;
}

TEST(LoadSpecErrors, SetNonNumericValue) {
  const TinyWorld w;
  EXPECT_EQ(error_of(w, sets({"choice.beta_network=high"})),
            "--set choice.beta_network=high: 'high' is not a finite number (field choice.beta_network)");
}

TEST(LoadSpecErrors, SetIndexOutOfRange) {
  const TinyWorld w;
  // The supply's entries come from supply_config: indices count them.
  EXPECT_EQ(error_of(w, sets({"supply.lab[5].price_usd_per_mtok=1"})),
            "--set supply.lab[5].price_usd_per_mtok=1: index 5 out of range: 'lab' has 5 entries");
  EXPECT_EQ(error_of(w, sets({"access.blocked[0].iso3[1]=IND"})),
            "--set access.blocked[0].iso3[1]=IND: index 1 out of range: 'iso3' has 1 entries");
}

TEST(LoadSpecErrors, UnknownIsoInBlockedList) {
  const TinyWorld w(with_scenario("iso3: [\"CHN\"]\n  }\n  blocked {\n    stack: US_OPEN",
                                  "iso3: [\"CHN\", \"XXX\"]\n  }\n  blocked {\n    stack: US_OPEN"));
  const std::string expected =
      w.scenario_path().string() + ":" + std::to_string(line_of(w.texts().scenario, "\"XXX\"")) + ":";
  const std::string msg = error_of(w);
  EXPECT_EQ(msg.rfind(expected, 0), 0u) << msg;
  EXPECT_NE(msg.find("unknown ISO3 code 'XXX'"), std::string::npos) << msg;
  // Also when the bad code comes from --set.
  const TinyWorld plain;
  EXPECT_EQ(error_of(plain, sets({"access.blocked[1].iso3[0]=ZZZ"})),
            "--set access.blocked[1].iso3[0]=ZZZ: unknown ISO3 code 'ZZZ'");
}

TEST(LoadSpecErrors, DuplicateIsoInBlockedList) {
  const TinyWorld w(with_scenario("iso3: [\"CHN\"]\n  }\n  blocked {\n    stack: US_OPEN",
                                  "iso3: [\"CHN\", \"CHN\"]\n  }\n  blocked {\n    stack: US_OPEN"));
  const std::string msg = error_of(w);
  EXPECT_EQ(
      msg.rfind(w.scenario_path().string() + ":" + std::to_string(line_of(w.texts().scenario, "\"CHN\", \"CHN\"")), 0),
      0u)
      << msg;
  EXPECT_NE(msg.find("duplicate ISO3 code 'CHN' in access.blocked[0].iso3"), std::string::npos) << msg;

  // A duplicate that a --set made is blamed on the --set, not on the file.
  const TinyWorld two(with_scenario("iso3: [\"CHN\"]\n  }\n  blocked {\n    stack: US_OPEN",
                                    "iso3: [\"CHN\", \"USA\"]\n  }\n  blocked {\n    stack: US_OPEN"));
  EXPECT_EQ(error_of(two, sets({"access.blocked[0].iso3[1]=CHN"})),
            "--set access.blocked[0].iso3[1]=CHN: duplicate ISO3 code 'CHN' in access.blocked[0].iso3");
}

// "file:line:column" of the `n`th (0-based) occurrence of `needle` in `text`.
std::string at_nth(const fs::path& file, const std::string& text, const std::string& needle, int n) {
  std::size_t pos = text.find(needle);
  for (int k = 0; k < n && pos != std::string::npos; ++k) pos = text.find(needle, pos + 1);
  if (pos == std::string::npos) throw std::runtime_error("no occurrence " + std::to_string(n) + " of " + needle);
  const std::size_t line_start = text.rfind('\n', pos) == std::string::npos ? 0 : text.rfind('\n', pos) + 1;
  return file.string() + ":" + std::to_string(1 + std::count(text.begin(), text.begin() + pos, '\n')) + ":" +
         std::to_string(pos - line_start + 1);
}

TEST(LoadSpecErrors, NoSupplyIsOneClearError) {
  const TinyWorld w(with_scenario("supply_config: \"../data/supply.textproto\"\n", ""));
  EXPECT_EQ(error_of(w).rfind(w.scenario_path().string() + ": the scenario has no supply side (no fab, no lab)", 0), 0u)
      << error_of(w);
}

TEST(LoadSpecErrors, SupplyConfigMissingOrOutOfRange) {
  {
    const TinyWorld w(
        with_scenario("supply_config: \"../data/supply.textproto\"", "supply_config: \"../data/suply.textproto\""));
    EXPECT_EQ(error_of(w), at(w.scenario_path(), w.texts().scenario, "supply_config") +
                               ": supply_config = \"../data/suply.textproto\": no such file (" +
                               (w.root() / "data/suply.textproto").string() +
                               "); a path in a scenario is relative to the scenario's own folder, " +
                               w.scenario_path().parent_path().string());
  }
  {
    const EditError e = error_of_edit(kSupplyFile, "yield: 0.5", "yield: 1.5");
    EXPECT_EQ(e.error, e.edit_at + ": fab[1].yield = 1.5: expected a value in [0, 1] (1)");
  }
  {
    // Ranges apply to --set on supply fields too.
    const TinyWorld w;
    EXPECT_EQ(error_of(w, sets({"supply.lab[1].price_usd_per_mtok=2000"})),
              "--set supply.lab[1].price_usd_per_mtok=2000: supply.lab[1].price_usd_per_mtok = 2000: expected a value "
              "in [0, 1000] (USD per million tokens)");
  }
}

TEST(LoadSpecErrors, SupplyUnknownHomeCountry) {
  const TinyWorld w(inline_supply("home_iso3: \"IND\"", "home_iso3: \"ZZZ\""));
  EXPECT_EQ(error_of(w), at(w.scenario_path(), w.texts().scenario, "home_iso3: \"ZZZ\"") +
                             ": supply.lab[4].home_iso3 = \"ZZZ\": unknown ISO3 code");
  const TinyWorld plain;
  EXPECT_EQ(error_of(plain, sets({"supply.lab[4].home_iso3=ZZZ"})),
            "--set supply.lab[4].home_iso3=ZZZ: supply.lab[4].home_iso3 = \"ZZZ\": unknown ISO3 code");
  EXPECT_EQ(error_of(plain, sets({"supply.remote_operator[0].host_iso3=ZZZ"})),
            "--set supply.remote_operator[0].host_iso3=ZZZ: supply.remote_operator[0].host_iso3 = \"ZZZ\": unknown "
            "ISO3 code");
}

// A bloc's lab in the other bloc's territory would make the country both
// blocs' home: refused at the lab's home.
TEST(LoadSpecErrors, ALabInTheOtherBlocsTerritoryIsRefused) {
  TinyWorldTexts t = tiny_world_texts();
  t.world_config += "territories { cn_iso3: \"IND\" }\n";
  const TinyWorld w(t);
  EXPECT_EQ(error_of(w, sets({"supply.lab[0].home_iso3=IND"})),
            "--set supply.lab[0].home_iso3=IND: supply.lab[0]: a US_CLOSED lab's home IND is the other bloc's "
            "territory (world config territories)");
  EXPECT_NO_THROW(w.load());
}

TEST(LoadSpecErrors, SupplyTier3CountryCannotBeTransitOrHost) {
  const TinyWorld plain;
  EXPECT_EQ(error_of(plain, sets({"supply.smuggler[0].transit_iso3=CHN"})),
            "--set supply.smuggler[0].transit_iso3=CHN: supply.smuggler[0].transit_iso3 = \"CHN\": a Tier 3 country "
            "cannot be a transit or host country");
  const TinyWorld w(inline_supply("host_iso3: \"IND\"", "host_iso3: \"CHN\""));
  EXPECT_EQ(error_of(w), at(w.scenario_path(), w.texts().scenario, "host_iso3: \"CHN\"") +
                             ": supply.remote_operator[0].host_iso3 = \"CHN\": a Tier 3 country cannot be a transit or "
                             "host country");
  // Labs may be based in a Tier 3 country (the tiny world's Chinese labs are), and
  // a Tier 1 country may be a transit country.
  EXPECT_NO_THROW(plain.load(sets({"supply.smuggler[0].transit_iso3=USA"})));
}

TEST(LoadSpecErrors, SupplyDuplicateAndEmptyNames) {
  const TinyWorld w(inline_supply("name: \"cn_open_lab\"", "name: \"cn_closed_lab\""));
  const std::string& text = w.texts().scenario;
  EXPECT_EQ(error_of(w), at_nth(w.scenario_path(), text, "name: \"cn_closed_lab\"", 1) +
                             ": duplicate name 'cn_closed_lab' in supply.lab (entries 2 and 3)");
  const TinyWorld plain;
  // The --set that made a duplicate is named, even when it renamed the first entry.
  EXPECT_EQ(error_of(plain, sets({"supply.lab[0].name=us_open_lab"})),
            "--set supply.lab[0].name=us_open_lab: duplicate name 'us_open_lab' in supply.lab (entries 0 and 1)");
  EXPECT_EQ(error_of(plain, sets({"supply.lab[0].training_share=0.9"}))
                .rfind("--set supply.lab[0].training_share=0.9: supply.lab[0]: training_share + experiment_share", 0),
            0u);
  EXPECT_EQ(error_of(plain, sets({"supply.smuggler[0].name="})),
            "--set supply.smuggler[0].name=: supply.smuggler[0].name is empty: every entry needs a name");
  EXPECT_EQ(error_of(plain, sets({"supply.fab[1].name=nvidia", "supply.huawei_fab=nvidia"})),
            "--set supply.fab[1].name=nvidia: duplicate name 'nvidia' in supply.fab (entries 0 and 1)\n"
            "--set supply.huawei_fab=nvidia: supply.huawei_fab = \"nvidia\": expected a fab of bloc CHINA");
}

TEST(LoadSpecErrors, SupplyTrainingAndExperimentSharesOverOne) {
  const TinyWorld w(inline_supply("experiment_share: 0.3\n  initial_capability_log10_flop: 25.4",
                                  "experiment_share: 0.7\n  initial_capability_log10_flop: 25.4"));
  EXPECT_EQ(error_of(w), at(w.scenario_path(), w.texts().scenario, "experiment_share: 0.7") +
                             ": supply.lab[4]: training_share + experiment_share must not exceed 1 (inference gets the "
                             "rest)");
  const TinyWorld plain;
  EXPECT_EQ(error_of(plain, sets({"supply.lab[0].experiment_share=0.7"})),
            "--set supply.lab[0].experiment_share=0.7: supply.lab[0]: training_share + experiment_share must not "
            "exceed 1 (inference gets the rest)");
  // Exactly 1 leaves nothing for inference, but is allowed.
  EXPECT_NO_THROW(plain.load(sets({"supply.lab[0].experiment_share=0.65"})));
}

TEST(LoadSpecErrors, SupplyNamedFabsMustExistInTheirBloc) {
  const TinyWorld w(inline_supply("nvidia_fab: \"nvidia\"", "nvidia_fab: \"huawei\""));
  EXPECT_EQ(error_of(w), at(w.scenario_path(), w.texts().scenario, "nvidia_fab: \"huawei\"") +
                             ": supply.nvidia_fab = \"huawei\": expected a fab of bloc US_ALLIED");
  const TinyWorld plain;
  EXPECT_EQ(error_of(plain, sets({"supply.nvidia_fab=huawei"})),
            "--set supply.nvidia_fab=huawei: supply.nvidia_fab = \"huawei\": expected a fab of bloc US_ALLIED");
  EXPECT_EQ(error_of(plain, sets({"supply.huawei_fab=smic"})),
            "--set supply.huawei_fab=smic: supply.huawei_fab = \"smic\": no fab of that name in supply.fab");
}

TEST(LoadSpecErrors, SupplyEveryStackNeedsALab) {
  const TinyWorld w(inline_supply("stack: OTHER", "stack: US_OPEN"));
  EXPECT_EQ(error_of(w), at(w.scenario_path(), w.texts().scenario, "lab {") +
                             ": no lab serves stack OTHER: every stack needs at least one lab");
  const TinyWorld plain;
  const std::string msg = error_of(plain, sets({"supply.lab[2].stack=CN_OPEN"}));
  EXPECT_NE(msg.find("no lab serves stack CN_CLOSED: every stack needs at least one lab"), std::string::npos) << msg;
}

// Proto3 enums are open: the textproto parser accepts any number for an enum
// field (`stack: 9`). Validation must refuse numbers outside the enum before
// the model indexes its per-stack arrays with them.
TEST(LoadSpecErrors, UndefinedEnumNumbersAreRejected) {
  const TinyWorld lab(inline_supply("stack: OTHER", "stack: 9"));
  EXPECT_EQ(error_of(lab), at(lab.scenario_path(), lab.texts().scenario, "stack: 9") +
                               ": supply.lab[4].stack = 9: expected one of US_CLOSED, US_OPEN, CN_CLOSED, CN_OPEN, "
                               "OTHER");
  const TinyWorld blocked(with_scenario("stack: US_OPEN", "stack: 7"));
  EXPECT_NE(error_of(blocked).find("access.blocked[1].stack"), std::string::npos);
  const TinyWorld fab(inline_supply("bloc: CHINA", "bloc: 2"));
  EXPECT_NE(error_of(fab).find("supply.fab[1].bloc"), std::string::npos);
}

// Problems in supply entries that come from the supply_config file point
// into that file; entries the scenario's own supply block adds point into the
// scenario, counted from its own first entry.
TEST(LoadSpecErrors, SupplyProblemsPointIntoTheFileThatWritesThem) {
  {
    const EditError e = error_of_edit(kSupplyFile, "home_iso3: \"IND\"", "home_iso3: \"ZZZ\"");
    EXPECT_EQ(e.error, e.edit_at + ": supply.lab[4].home_iso3 = \"ZZZ\": unknown ISO3 code");
  }
  {
    const TinyWorld w(with_scenario("seed: 42\n", R"(seed: 42
supply {
  lab {
    name: "extra_lab"
    stack: OTHER
    home_iso3: "QQQ"
    initial_compute_h100e: 1000
    initial_capability_log10_flop: 24
    release_interval_months: 12
  }
}
)"));
    EXPECT_EQ(error_of(w), at(w.scenario_path(), w.texts().scenario, "home_iso3: \"QQQ\"") +
                               ": supply.lab[5].home_iso3 = \"QQQ\": unknown ISO3 code");
  }
  {
    // A scalar the file sets and the scenario does not.
    const EditError e = error_of_edit(kSupplyFile, "nvidia_fab: \"nvidia\"", "nvidia_fab: \"nvidea\"");
    EXPECT_EQ(e.error, e.edit_at + ": supply.nvidia_fab = \"nvidea\": no fab of that name in supply.fab");
  }
}

TEST(LoadSpecErrors, PolicyStartMonth) {
  const TinyWorld plain;
  EXPECT_EQ(error_of(plain, sets({"policy.start_month=2025-13"})),
            "--set policy.start_month=2025-13: policy.start_month = \"2025-13\": expected a month as YYYY-MM from "
            "1900-01 to 2200-12, e.g. "
            "\"2025-01\"");
  const TinyWorld w(with_scenario("start_month: \"2025-07\"", "start_month: \"July\""));
  EXPECT_EQ(
      error_of(w),
      at(w.scenario_path(), w.texts().scenario, "start_month: \"July\"") +
          ": policy.start_month = \"July\": expected a month as YYYY-MM from 1900-01 to 2200-12, e.g. \"2025-01\"");
}

// ---- base ------------------------------------------------------------------

// `pre` needs every lever but the Tier 2 cap; a lever it leaves out is an
// error rather than a silent 0.
TEST(LoadSpecErrors, PolicyPreNeedsEveryLever) {
  const TinyWorld w;
  const std::string text = replace_once(kDerivedScenario, " china_chip_subsidy: 0.5\n", "\n");
  write_file(w.root() / "derived" / "d.textproto", text);
  const std::string path = (w.root() / "derived" / "d.textproto").string();
  EXPECT_EQ(error_of_path(path), at(path, text, "pre {") +
                                     ": policy.pre.china_chip_subsidy is not set: the levers before policy.start_month "
                                     "need every field but tier2_cap_h100e_per_country_month (docs/levers.md)");
}

// A policy block over a base with no pre at all (the user changed one lever)
// gets one error at the block that says why, not one for each lever.
TEST(LoadSpecErrors, APolicyBlockWithoutPreSaysItReplacesTheBasesPolicy) {
  const TinyWorld w;
  const std::string text =
      "name: \"derived\"\nbase: \"../scenarios/tiny.textproto\"\n"
      "policy { start_month: \"2025-03\" levers { cn_export_promotion: 1 } }\n";
  write_file(w.root() / "derived" / "d.textproto", text);
  const std::string path = (w.root() / "derived" / "d.textproto").string();
  EXPECT_EQ(error_of_path(path), at(path, text, "policy {") +
                                     ": policy.pre is not set: the levers before policy.start_month need a value "
                                     "each (a scenario's policy block replaces its base's whole policy, so copy the "
                                     "base's pre block into it; docs/levers.md)");
}

// Any other block over a base that gives some fields and leaves out others
// the base sets would run with those at 0 (a user's `adoption { peer_weight
// }` once turned every adoption rate off): refused at the block, naming
// each one left out. A field written as 0 counts as given.
TEST(LoadSpecErrors, APartialBlockOverABaseNamesWhatItLeavesOut) {
  const TinyWorld w;
  const std::string path = (w.root() / "derived" / "d.textproto").string();
  const std::string partial =
      "name: \"derived\"\nbase: \"../scenarios/tiny.textproto\"\n"
      "adoption { peer_weight: 0.8 calibration_h1_month: \"2025-06\" calibration_h2_month: \"2025-12\" }\n";
  write_file(path, partial);
  const std::string error = error_of_path(path);
  EXPECT_EQ(error.rfind(at(path, partial, "adoption {") + ": adoption leaves out ", 0), 0u) << error;
  for (const char* left_out : {"imitation_q_per_month", "innovation_p_per_month", "affordability_elasticity"})
    EXPECT_NE(error.find(left_out), std::string::npos) << left_out << " in " << error;
  EXPECT_EQ(error.find("peer_weight"), std::string::npos) << error;
  EXPECT_NE(error.find("replaces the base's whole block"), std::string::npos) << error;

  // The same block copied whole, with one value changed and a zero written
  // out, loads.
  std::string whole = "name: \"derived\"\nbase: \"../scenarios/tiny.textproto\"\n";
  const std::string tiny = read_file(w.root() / "scenarios" / "tiny.textproto");
  const std::size_t from = tiny.find("adoption {");
  whole += replace_once(tiny.substr(from, tiny.find("\n}\n", from) + 3 - from), "peer_weight: 0.6", "peer_weight: 0.8");
  write_file(path, whole);
  EXPECT_NO_THROW(load_spec(path));

  // A list is not required: an empty access block clears the base's blocks.
  write_file(path, "name: \"derived\"\nbase: \"../scenarios/tiny.textproto\"\naccess {}\n");
  EXPECT_EQ(load_spec(path).scenario.access().blocked_size(), 0);
}

// A base that is a directory or an empty file is refused by the read, which
// names the file; the error also says which line of which scenario named it.
TEST(LoadSpecErrors, BaseOfTheWrongKindSaysWhichScenarioNamedIt) {
  const TinyWorld w;
  const std::string path = (w.root() / "derived" / "d.textproto").string();
  const std::string dir_text = replace_once(kDerivedScenario, "base: \"../scenarios/tiny.textproto\"",
                                            "base: \"../scenarios\"");
  write_file(path, dir_text);
  EXPECT_EQ(error_of_path(path), at(path, dir_text, "base:") + ": base = \"../scenarios\": " +
                                     (w.root() / "scenarios").string() +
                                     ": not a regular file (a directory), expected a scenario");
  write_file(w.root() / "scenarios" / "empty.textproto", "");
  const std::string empty_text = replace_once(kDerivedScenario, "base: \"../scenarios/tiny.textproto\"",
                                              "base: \"../scenarios/empty.textproto\"");
  write_file(path, empty_text);
  EXPECT_EQ(error_of_path(path), at(path, empty_text, "base:") + ": base = \"../scenarios/empty.textproto\": " +
                                     (w.root() / "scenarios/empty.textproto").string() +
                                     ": the file is empty, expected a scenario");
}

TEST(LoadSpecErrors, MissingDataFile) {
  const TinyWorld w(
      with_scenario("world_config: \"../data/world.textproto\"", "world_config: \"../data/wrld.textproto\""));
  const std::string expected = at(w.scenario_path(), w.texts().scenario, "world_config") +
                               ": world_config = \"../data/wrld.textproto\": no such file (" +
                               (w.root() / "data/wrld.textproto").string() +
                               "); a path in a scenario is relative to the scenario's own folder, " +
                               w.scenario_path().parent_path().string();
  EXPECT_EQ(error_of(w), expected);
  // Every missing file at once, each at its line (a scenario copied elsewhere loses them all).
  TinyWorldTexts two = with_scenario("world_config: \"../data/world.textproto\"", "world_config: \"../data/wrld.textproto\"");
  two.scenario = replace_once(two.scenario, "world_data: \"", "world_data: \"x/");
  const TinyWorld both(two);
  const std::string message = error_of(both);
  EXPECT_NE(message.find(at(both.scenario_path(), two.scenario, "world_data") + ": world_data = \"x/"), std::string::npos)
      << message;
  EXPECT_NE(message.find("\n" + at(both.scenario_path(), two.scenario, "world_config") + ": world_config = "),
            std::string::npos)
      << message;
  const TinyWorld empty(with_scenario("observed_adoption: \"../data/observed.textproto\"", "observed_adoption: \"\""));
  EXPECT_EQ(error_of(empty), at(empty.scenario_path(), empty.texts().scenario, "observed_adoption") +
                                 ": observed_adoption is empty: expected a path relative to the scenario file");
}

// A data file that is a directory or empty is refused by the read, which
// names the file; the error also says which field of the scenario named it.
TEST(LoadSpecErrors, DataFileOfTheWrongKindSaysWhichFieldNamedIt) {
  const TinyWorld dir(with_scenario("world_config: \"../data/world.textproto\"", "world_config: \"../data\""));
  EXPECT_EQ(error_of(dir), at(dir.scenario_path(), dir.texts().scenario, "world_config") +
                               ": world_config = \"../data\": " + (dir.root() / "data").string() +
                               ": not a regular file (a directory), expected a world config");
  TinyWorldTexts t = tiny_world_texts();
  t.observed = "";
  const TinyWorld empty(t);
  EXPECT_EQ(error_of(empty),
            at(empty.scenario_path(), empty.texts().scenario, "observed_adoption") +
                ": observed_adoption = \"../data/observed.textproto\": " + empty.observed_path().string() +
                ": the file is empty, expected observed adoption data");
}

TEST(LoadSpecErrors, DataFileSyntaxErrorAndUnknownField) {
  {
    TinyWorldTexts t = tiny_world_texts();
    t.world_data = replace_once(t.world_data, "population: 330000000", "populaton: 330000000");
    const TinyWorld w(t);
    const std::string msg = error_of(w);
    EXPECT_EQ(
        msg.rfind(w.world_data_path().string() + ":" + std::to_string(line_of(t.world_data, "populaton")) + ":", 0), 0u)
        << msg;
    EXPECT_NE(msg.find("no field named \"populaton\""), std::string::npos) << msg;
  }
  {
    TinyWorldTexts t = tiny_world_texts();
    t.observed = replace_once(t.observed, "economy { iso3: \"IND\"", "economy { iso3 \"IND\"");
    const TinyWorld w(t);
    const std::string msg = error_of(w);
    const std::string expected = w.observed_path().string() + ":" +
                                 std::to_string(line_of(t.observed, "iso3 \"IND\"")) + ":" +
                                 std::to_string(column_of(t.observed, "\"IND\"")) + ": ";
    EXPECT_EQ(msg.rfind(expected, 0), 0u) << msg;
  }
}

TEST(LoadSpecErrors, WorldProblemsNameTheDataFile) {
  {
    const EditError e = error_of_edit(kWorldConfigFile, "iso3: [\"USA\"]", "iso3: [\"USA\", \"QQQ\"]");
    EXPECT_EQ(e.error, e.edit_at + ": unknown ISO3 code 'QQQ'");
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
    const EditError e = error_of_edit(kObservedFile, "iso3: \"USA\"", "iso3: \"USB\"");
    EXPECT_EQ(e.error, e.edit_at + ": unknown ISO3 code 'USB'");
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
  EXPECT_EQ(
      error_of(w),
      at(w.scenario_path(), w.texts().scenario, "start_month") +
          ": horizon.start_month = \"2025-1\": expected a month as YYYY-MM from 1900-01 to 2200-12, e.g. \"2025-01\"");
  const TinyWorld plain;
  for (const std::string bad : {"2025-13", "25-01", "abcd-ef", ""}) {
    EXPECT_EQ(error_of(plain, sets({"horizon.end_month=" + bad})),
              "--set horizon.end_month=" + bad + ": horizon.end_month = \"" + bad +
                  "\": expected a month as YYYY-MM from 1900-01 to 2200-12, e.g. \"2025-01\"");
  }
  EXPECT_NE(error_of(plain, sets({"adoption.calibration_h2_month=2025-12-01"}))
                .find("adoption.calibration_h2_month = \"2025-12-01\": expected a month"),
            std::string::npos);
}

TEST(LoadSpecErrors, CalibrationMonthsMustFitTheHorizon) {
  const TinyWorld w;
  // The --set that broke the pair is named, not the line of the other field.
  EXPECT_EQ(error_of(w, sets({"horizon.start_month=2025-07"})),
            "--set horizon.start_month=2025-07: calibration_h1_month 2025-06 is before the horizon start 2025-07: the "
            "run is initialised from the 2025 observations, so it must start no later than the first calibration "
            "month");
  EXPECT_EQ(error_of(w, sets({"adoption.calibration_h1_month=2025-02", "horizon.start_month=2025-03"})),
            "--set adoption.calibration_h1_month=2025-02: calibration_h1_month 2025-02 is before the horizon start "
            "2025-03: the run is initialised from the 2025 observations, so it must start no later than the first "
            "calibration month");
  EXPECT_EQ(error_of(w, sets({"adoption.calibration_h2_month=2025-06"})),
            "--set adoption.calibration_h2_month=2025-06: calibration_h2_month must come after calibration_h1_month");
}

// A supply file that says which month its fleets describe fixes the run's
// first month: starting earlier or later would label that state another date.
TEST(LoadSpecErrors, HorizonStartsInTheSupplyDataMonth) {
  const TinyWorld w;
  EXPECT_NO_THROW(w.load(sets({"supply.data_month=2025-01"})));
  EXPECT_EQ(error_of(w, sets({"supply.data_month=2025-01", "horizon.start_month=2024-06"})),
            "--set horizon.start_month=2024-06: horizon.start_month 2024-06 is not the supply data's month 2025-01 "
            "(supply.data_month): the run starts from the fleets, capabilities and prices of the start of 2025-01, "
            "so it must start then");
  EXPECT_NE(error_of(w, sets({"supply.data_month=2025-03"}))
                .find("--set supply.data_month=2025-03: horizon.start_month 2025-01 is not the supply data's month "
                      "2025-03"),
            std::string::npos);
  EXPECT_EQ(error_of(w, sets({"supply.data_month=Jan 2025"})),
            "--set supply.data_month=Jan 2025: supply.data_month = \"Jan 2025\": expected a month as YYYY-MM from "
            "1900-01 to 2200-12, e.g. \"2025-01\"");
  // Unset, any start the other checks allow is taken.
  EXPECT_NO_THROW(w.load(sets({"horizon.start_month=2024-06"})));
}

// Months past the supply side's projections are run, with a warning: the
// growth rates compound without limit there.
TEST(LoadSpec, AHorizonPastTheProjectionsIsWarnedOf) {
  const TinyWorld w;                         // horizon 2025-01 .. 2025-12
  EXPECT_EQ(horizon_warning(w.load()), "");  // no projection_end_month: nothing to say
  EXPECT_EQ(horizon_warning(w.load(sets({"supply.projection_end_month=2025-12"}))), "");
  EXPECT_EQ(horizon_warning(w.load(sets({"supply.projection_end_month=2025-06"}))),
            "warning: horizon.end_month 2025-12 is past supply.projection_end_month 2025-06: the supply side's "
            "growth rates are drawn for the years up to then and compound without limit after it, so later months "
            "are extrapolation (docs/model.md)");
  EXPECT_EQ(error_of(w, sets({"supply.projection_end_month=2024-12"})),
            "--set supply.projection_end_month=2024-12: supply.projection_end_month 2024-12 is before the horizon "
            "start 2025-01: expected the last month the supply side's growth rates are drawn for");
  EXPECT_EQ(error_of(w, sets({"supply.projection_end_month=2030"})),
            "--set supply.projection_end_month=2030: supply.projection_end_month = \"2030\": expected a month as "
            "YYYY-MM from 1900-01 to 2200-12, e.g. \"2025-01\"");
}

TEST(LoadSpecErrors, PopulationConsistency) {
  const TinyWorld w;
  EXPECT_EQ(error_of(w, sets({"population.firm_share=0.7", "population.public_body_share=0.4"})),
            "--set population.firm_share=0.7: firm_share + public_body_share must not exceed 1");
  EXPECT_EQ(error_of(w, sets({"population.income_bin_max_usd=50"})),
            "--set population.income_bin_max_usd=50: income_bin_max_usd must exceed income_bin_min_usd");
  // Where only the other field of a pair is set, its --set is named, not the
  // scenario's line of the field it left alone.
  EXPECT_EQ(error_of(w, sets({"population.public_body_share=1"})),
            "--set population.public_body_share=1: firm_share + public_body_share must not exceed 1");
  EXPECT_EQ(error_of(w, sets({"population.income_bin_min_usd=1000000"})),
            "--set population.income_bin_min_usd=1000000: income_bin_max_usd must exceed income_bin_min_usd");
  const std::string late = error_of(w, sets({"horizon.start_month=2026-01"}));
  EXPECT_NE(late.find("--set horizon.start_month=2026-01: horizon.end_month 2025-12 is before start_month 2026-01"),
            std::string::npos)
      << late;
}

// SpecVariants: a study checks each design point against a scenario loaded
// once. A variant must give exactly load_spec's verdict and message.

// The message of checking `overrides` against `variants`, "" when it loads.
std::string variant_error(const SpecVariants& variants, const std::vector<std::string>& overrides) {
  try {
    variants.check(overrides);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

// The message of load_spec with `options` plus `overrides`, "" when it loads.
std::string load_error(const TinyWorld& w, SpecOptions options, const std::vector<std::string>& overrides) {
  options.overrides.insert(options.overrides.end(), overrides.begin(), overrides.end());
  try {
    w.load(options);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(SpecVariants, GiveLoadSpecsVerdictAndMessage) {
  const TinyWorld w;
  SpecOptions options = sets({"population.firm_share=0.5", "horizon.end_month=2026-06"});
  options.adopters = 1234;
  const SpecVariants variants(w.scenario_path().string(), options);
  EXPECT_EQ(variants.base().months, 18);
  EXPECT_EQ(variants.base().scenario.population().adopters(), 1234u);
  EXPECT_DOUBLE_EQ(variants.base().scenario.population().firm_share(), 0.5);
  const std::vector<std::vector<std::string>> cases = {
      {},
      {"adoption.peer_weight=0.25"},
      {"adoption.peer_weight=2"},                                         // out of range
      {"population.public_body_share=0.6"},                               // with the base's firm_share, over 1
      {"population.public_body_share=0.6", "population.firm_share=0.1"},  // a variant's --set wins
      {"population.adopters=0"},                                          // --adopters still wins
      {"horizon.end_month=2024-12"},                                      // before the start
      {"access.blocked[1].iso3[0]=ZZZ"},                                  // checked against the world
      {"supply.smuggler[0].transit_iso3=CHN"},                            // Tier 3 transit
      {"supply.lab[0].training_share=0.9", "supply.lab[0].experiment_share=0.2"},
      {"supply.lab[5].price_usd_per_mtok=1"},  // no such entry
      {"base=other.textproto"},                // names a file read before --set
  };
  int refused = 0;
  for (const std::vector<std::string>& more : cases) {
    std::string label;
    for (const std::string& s : more) label += s + " ";
    const std::string error = variant_error(variants, more);
    EXPECT_EQ(error, load_error(w, options, more)) << label;
    refused += error.empty() ? 0 : 1;
  }
  // Every case from "out of range" on but the two that win is refused,
  // located at a --set of the base or of the variant.
  EXPECT_EQ(refused, 8);
  EXPECT_EQ(variant_error(variants, {"population.public_body_share=0.6"}),
            "--set population.firm_share=0.5: firm_share + public_body_share must not exceed 1");
  EXPECT_EQ(variant_error(variants, {"adoption.peer_weight=2"}).rfind("--set adoption.peer_weight=2: ", 0), 0u);
  EXPECT_EQ(variant_error(variants, {"population.public_body_share=0.6", "population.firm_share=0.1"}), "");
  // The base is unchanged by its variants.
  EXPECT_DOUBLE_EQ(variants.base().scenario.population().firm_share(), 0.5);
}

TEST(SpecVariants, ReadNoFileAgainUnlessAVariantNamesOtherData) {
  const TinyWorld w;
  const SpecVariants variants(w.scenario_path().string(), {});
  const std::string config = w.world_config_path().string();
  fs::copy_file(config, w.root() / "data/world2.textproto");
  // Every file the base was loaded from is gone: variants still check.
  for (const fs::path& file :
       {w.scenario_path(), w.world_data_path(), w.world_config_path(), w.observed_path(), w.supply_config_path()})
    fs::remove(file);
  EXPECT_EQ(variant_error(variants, {"adoption.peer_weight=0.25"}), "");
  EXPECT_EQ(variant_error(variants, {"population.firm_share=0.7", "population.public_body_share=0.4"}),
            "--set population.firm_share=0.7: firm_share + public_body_share must not exceed 1");
  // A variant that names another data file has it read (the world is built
  // from the data files alone); here the other files it needs are gone.
  EXPECT_NE(variant_error(variants, {"world_config=../data/world2.textproto"}).find("world_data"), std::string::npos);
}

// The tiny scenario with dated changes (policy.change blocks) after its levers.
TinyWorldTexts with_changes(const std::string& changes) {
  return with_scenario("    china_chip_subsidy: 0.5\n  }\n}\naccess",
                       "    china_chip_subsidy: 0.5\n  }\n" + changes + "}\naccess");
}

TEST(PolicyChanges, AreParsedInMonthOrder) {
  const TinyWorld w(
      with_changes("  change { month: \"2025-09\" levers { remote_access_closure: 1 } }\n"
                   "  change { month: \"2025-11\" levers { us_export_promotion: 1 } }\n"));
  const Spec spec = w.load();
  ASSERT_EQ(spec.supply_index.change_months.size(), 2u);
  EXPECT_EQ(spec.supply_index.change_months[0], Month::from_year_month(2025, 9));
  EXPECT_EQ(spec.supply_index.change_months[1], Month::from_year_month(2025, 11));
}

TEST(PolicyChanges, OutOfOrderDuplicateAndOutOfRangeMonthsAreLocated) {
  {
    const TinyWorldTexts t = with_changes(
        "  change { month: \"2025-09\" levers { remote_access_closure: 1 } }\n"
        "  change { month: \"2025-08\" levers { remote_access_closure: 0 } }\n");
    const TinyWorld w(t);
    EXPECT_EQ(error_of(w), at(w.scenario_path(), t.scenario, "month: \"2025-08\"") +
                               ": policy.change[1].month = \"2025-08\": before the change before it (2025-09): "
                               "changes must be in month order");
  }
  {
    const TinyWorldTexts t = with_changes(
        "  change { month: \"2025-09\" levers { remote_access_closure: 1 } }\n"
        "  change { month: \"2025-09\" levers { us_export_promotion: 1 } }\n");
    const TinyWorld w(t);
    const std::string msg = error_of(w);
    EXPECT_NE(msg.find("policy.change[1].month = \"2025-09\": the same month as the change before it"),
              std::string::npos)
        << msg;
  }
  {
    const TinyWorldTexts t = with_changes("  change { month: \"2024-12\" levers { remote_access_closure: 1 } }\n");
    const TinyWorld w(t);
    EXPECT_EQ(error_of(w), at(w.scenario_path(), t.scenario, "month: \"2024-12\"") +
                               ": policy.change[0].month = \"2024-12\": before the horizon's start 2025-01 (the "
                               "levers in force from the start are policy.pre)");
  }
  {
    // A later start set on the command line is named, not the change's line.
    const TinyWorld w(with_changes("  change { month: \"2025-03\" levers { remote_access_closure: 1 } }\n"));
    const std::string msg = error_of(w, sets({"horizon.start_month=2025-04", "adoption.calibration_h1_month=2025-06"}));
    EXPECT_NE(msg.find("--set horizon.start_month=2025-04: policy.change[0].month = \"2025-03\": before the horizon's "
                       "start 2025-04"),
              std::string::npos)
        << msg;
  }
  {
    // After the end: allowed (a horizon shortened with --set), never applies.
    const TinyWorld w(with_changes("  change { month: \"2026-01\" levers { remote_access_closure: 1 } }\n"));
    EXPECT_EQ(w.load().supply_index.change_months.size(), 1u);
  }
  {
    const TinyWorldTexts t = with_changes("  change { month: \"2025-13\" levers { remote_access_closure: 1 } }\n");
    const TinyWorld w(t);
    EXPECT_NE(error_of(w).find("policy.change[0].month = \"2025-13\": expected a month as YYYY-MM"), std::string::npos);
  }
  {
    // A change without its month is located at the change.
    const TinyWorldTexts t = with_changes("  change { levers { remote_access_closure: 1 } }\n");
    const TinyWorld w(t);
    EXPECT_EQ(error_of(w).rfind(at(w.scenario_path(), t.scenario, "change {") + ": policy.change[0].month = \"\"", 0),
              0u)
        << error_of(w);
  }
}

}  // namespace
}  // namespace stackrace
