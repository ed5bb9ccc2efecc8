#include "sim/spec.h"

#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "base/errors.h"
#include "support/tiny_world.h"

namespace stackrace {
namespace {

using namespace test_support;
namespace fs = std::filesystem;
namespace pb = google::protobuf;

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
  EXPECT_NE(msg.find("duplicate ISO3 code 'CHN' in this list"), std::string::npos) << msg;
}

// The tiny world with its supply written inline in the scenario (no
// supply_config), so that supply problems are located at file:line:column.
// `from` -> `to` is applied to the supply text first.
TinyWorldTexts inline_supply(const std::string& from = "", const std::string& to = "") {
  TinyWorldTexts t = tiny_world_texts();
  const std::string supply = from.empty() ? t.supply : replace_once(t.supply, from, to);
  t.scenario =
      replace_once(t.scenario, "supply_config: \"../data/supply.textproto\"\n", "") + "supply {\n" + supply + "}\n";
  return t;
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

TEST(LoadSpec, InlineSupplyIsTheSameAsSupplyConfig) {
  const TinyWorld file, inline_world(inline_supply());
  EXPECT_TRUE(
      pb::util::MessageDifferencer::Equals(file.load().scenario.supply(), inline_world.load().scenario.supply()));
}

TEST(LoadSpec, SupplyBlockIsMergedOverSupplyConfigThenSetApplies) {
  // Scalars in the scenario's own supply block replace the file's; entries of
  // repeated fields are added after the file's.
  const TinyWorld w(with_scenario("seed: 42\n", R"(seed: 42
supply {
  enforcement_scale_musd: 1000
  lab {
    name: "extra_lab"
    stack: OTHER
    home_iso3: "USA"
    initial_compute_h100e: 1000
    initial_capability_log10_flop: 24
    release_interval_months: 12
  }
}
)"));
  const Spec spec = w.load(sets({"supply.lab[5].price_usd_per_mtok=3", "supply.fab[1].yield=0.4"}));
  const Supply& supply = spec.scenario.supply();
  EXPECT_DOUBLE_EQ(supply.enforcement_scale_musd(), 1000);
  EXPECT_DOUBLE_EQ(supply.enforcement_response_per_busd_seized(), 50);  // from the file
  ASSERT_EQ(supply.lab_size(), 6);
  EXPECT_EQ(supply.lab(0).name(), "us_closed_lab");
  EXPECT_EQ(supply.lab(5).name(), "extra_lab");
  EXPECT_DOUBLE_EQ(supply.lab(5).price_usd_per_mtok(), 3);
  EXPECT_DOUBLE_EQ(supply.fab(1).yield(), 0.4);
  EXPECT_EQ(supply.nvidia_fab(), "nvidia");
  EXPECT_EQ(spec.supply_index.lab_home.size(), 6u);
  EXPECT_EQ(spec.supply_index.lab_home[5], kUSA);
}

// A field that was replaced is an error naming its replacement, never
// silently ignored.
TEST(LoadSpecErrors, ReplacedFieldsSayWhatReplacedThem) {
  const TinyWorld w(with_scenario("us_offer_value_at_full_promotion: 0.4", "us_offer_value: 0.4"));
  const std::string msg = error_of(w);
  // The parser points into the line of the old field.
  const std::string line =
      w.scenario_path().string() + ":" + std::to_string(line_of(w.texts().scenario, "us_offer_value: 0.4")) + ":";
  EXPECT_EQ(msg.rfind(line, 0), 0u) << msg;
  EXPECT_NE(msg.find("no field named \"us_offer_value\""), std::string::npos) << msg;
  EXPECT_NE(msg.find("use government.us_offer_value_at_full_promotion"), std::string::npos) << msg;
}

TEST(LoadSpecErrors, NoSupplyIsOneClearError) {
  const TinyWorld w(with_scenario("supply_config: \"../data/supply.textproto\"\n", ""));
  EXPECT_EQ(error_of(w).rfind(w.scenario_path().string() + ": the scenario has no supply side (no fab, no lab)", 0), 0u)
      << error_of(w);
}

// The scenario's own supply block overrides the file's values, zeros included
// (proto3's MergeFrom would skip a 0).
TEST(LoadSpec, SupplyBlockCanSetZero) {
  const TinyWorld w(with_scenario("seed: 42\n", "seed: 42\nsupply { enforcement_response_per_busd_seized: 0 }\n"));
  const Spec spec = w.load();
  EXPECT_EQ(spec.scenario.supply().enforcement_response_per_busd_seized(), 0.0);
  EXPECT_EQ(spec.scenario.supply().lab_size(), 5);  // the file's labs are still there
}

TEST(LoadSpecErrors, SupplyConfigMissingOrOutOfRange) {
  {
    const TinyWorld w(
        with_scenario("supply_config: \"../data/supply.textproto\"", "supply_config: \"../data/suply.textproto\""));
    EXPECT_EQ(error_of(w), at(w.scenario_path(), w.texts().scenario, "supply_config") +
                               ": supply_config = \"../data/suply.textproto\": no such file (" +
                               (w.root() / "data/suply.textproto").string() + ")");
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

// supply_config and base are read before --set applies, so a --set of either
// would change nothing: it is refused instead.
TEST(LoadSpecErrors, SetSupplyConfigOrBaseIsRefused) {
  const TinyWorld w;
  EXPECT_EQ(
      error_of(w, sets({"supply_config=../data/nowhere.textproto"}))
          .rfind("--set supply_config=../data/nowhere.textproto: supply_config cannot be set from the command line", 0),
      0u);
  EXPECT_EQ(error_of(w, sets({"base=nowhere.textproto"})).rfind("--set base=nowhere.textproto: base cannot be set", 0),
            0u);
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
            "--set policy.start_month=2025-13: policy.start_month = \"2025-13\": expected a month as YYYY-MM, e.g. "
            "\"2025-01\"");
  const TinyWorld w(with_scenario("start_month: \"2025-07\"", "start_month: \"July\""));
  EXPECT_EQ(error_of(w), at(w.scenario_path(), w.texts().scenario, "start_month: \"July\"") +
                             ": policy.start_month = \"July\": expected a month as YYYY-MM, e.g. \"2025-01\"");
}

// ---- base ------------------------------------------------------------------

// A scenario in its own directory (beside the tiny world's scenarios/) that
// starts from the tiny scenario.
constexpr const char* kDerived = R"(name: "derived"
base: "../scenarios/tiny.textproto"
policy {
  start_month: "2025-03"
  pre {
    tier3_legal_sales_h100e_per_month: 20000 enforcement_budget_musd_per_year: 100 remote_access_closure: 0
    distillation_deterrence: 0.3 threat_intel_sharing: 0.3 us_export_promotion: 0.25 cn_export_promotion: 0.5
    china_chip_subsidy: 0.5
  }
  levers { tier3_legal_sales_h100e_per_month: 0 remote_access_closure: 1 }
}
)";

TEST(LoadSpecBase, DerivedScenarioReplacesOnlyTheFieldsItSets) {
  const TinyWorld w;
  const fs::path derived = w.root() / "derived" / "d.textproto";
  write_file(derived, kDerived);
  const Spec base = w.load();
  const Spec spec = load_spec(derived.string());
  EXPECT_EQ(spec.scenario.name(), "derived");
  EXPECT_EQ(spec.scenario.description(), base.scenario.description());
  EXPECT_EQ(spec.scenario.seed(), 42u);
  EXPECT_EQ(spec.scenario.population().adopters(), 30000u);
  EXPECT_TRUE(pb::util::MessageDifferencer::Equals(spec.scenario.population(), base.scenario.population()));
  EXPECT_TRUE(pb::util::MessageDifferencer::Equals(spec.scenario.adoption(), base.scenario.adoption()));
  EXPECT_TRUE(pb::util::MessageDifferencer::Equals(spec.scenario.access(), base.scenario.access()));
  EXPECT_TRUE(pb::util::MessageDifferencer::Equals(spec.scenario.supply(), base.scenario.supply()));
  EXPECT_EQ(spec.months, 12);
  // Data files named relative to the base are found from the derived file's directory.
  ASSERT_EQ(spec.world.countries.size(), 4u);
  EXPECT_EQ(spec.available, base.available);
  EXPECT_EQ(spec.supply_index.lab_home, base.supply_index.lab_home);
  // The policy block is replaced whole: `pre` is the derived file's.
  EXPECT_EQ(spec.supply_index.policy_start, Month::from_year_month(2025, 3));
  EXPECT_DOUBLE_EQ(spec.scenario.policy().levers().tier3_legal_sales_h100e_per_month(), 0);
  EXPECT_DOUBLE_EQ(spec.scenario.policy().levers().remote_access_closure(), 1);
  EXPECT_FALSE(spec.scenario.policy().levers().has_us_export_promotion());
  EXPECT_DOUBLE_EQ(spec.scenario.policy().pre().us_export_promotion(), 0.25);
  EXPECT_DOUBLE_EQ(base.scenario.policy().pre().us_export_promotion(), 0.5);
  EXPECT_TRUE(spec.scenario.base().empty());
  // --set applies to the whole.
  const Spec set = load_spec(derived.string(), sets({"population.adopters=777", "supply.lab[0].price_usd_per_mtok=7"}));
  EXPECT_EQ(set.scenario.population().adopters(), 777u);
  EXPECT_DOUBLE_EQ(set.scenario.supply().lab(0).price_usd_per_mtok(), 7);
}

// `pre` needs every lever but the Tier 2 cap; a lever it leaves out is an
// error rather than a silent 0.
TEST(LoadSpecErrors, PolicyPreNeedsEveryLever) {
  const TinyWorld w;
  const std::string text = replace_once(kDerived, " china_chip_subsidy: 0.5\n", "\n");
  write_file(w.root() / "derived" / "d.textproto", text);
  const std::string path = (w.root() / "derived" / "d.textproto").string();
  EXPECT_EQ(error_of_path(path), at(path, text, "pre {") +
                                     ": policy.pre.china_chip_subsidy is not set: the levers before policy.start_month "
                                     "need every field but tier2_cap_h100e_per_country_month (docs/levers.md)");
}

TEST(LoadSpecBase, ChainsOfBases) {
  const TinyWorld w;
  write_file(w.root() / "derived" / "d.textproto", kDerived);
  write_file(
      w.root() / "more" / "e.textproto",
      "name: \"e\"\nbase: \"../derived/d.textproto\"\nhorizon { start_month: \"2025-01\" end_month: \"2026-06\" }\n");
  const Spec spec = load_spec((w.root() / "more" / "e.textproto").string());
  EXPECT_EQ(spec.scenario.name(), "e");
  EXPECT_EQ(spec.months, 18);                                                  // from e
  EXPECT_EQ(spec.supply_index.policy_start, Month::from_year_month(2025, 3));  // from d
  EXPECT_EQ(spec.scenario.population().adopters(), 30000u);                    // from tiny
  EXPECT_EQ(spec.world.countries.size(), 4u);
}

TEST(LoadSpecBase, MissingBaseNamesTheFile) {
  const TinyWorld w;
  const fs::path derived = w.root() / "derived" / "d.textproto";
  const std::string text = replace_once(kDerived, "../scenarios/tiny.textproto", "../scenarios/tinny.textproto");
  write_file(derived, text);
  try {
    load_spec(derived.string());
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where(), at(derived, text, "base"));
    EXPECT_EQ(std::string(e.what()), at(derived, text, "base") +
                                         ": base = \"../scenarios/tinny.textproto\": no such file (" +
                                         (w.root() / "scenarios/tinny.textproto").string() + ")");
  }
}

TEST(LoadSpecBase, CycleIsAnInputError) {
  const TinyWorld w;
  write_file(w.root() / "a.textproto", "name: \"a\"\nbase: \"b.textproto\"\n");
  write_file(w.root() / "b.textproto", "name: \"b\"\n\nbase: \"a.textproto\"\n");
  try {
    load_spec((w.root() / "a.textproto").string());
    FAIL() << "no error";
  } catch (const InputError& e) {
    // Found where the chain closes: b names a.
    EXPECT_EQ(std::string(e.what()), (w.root() / "b.textproto").string() +
                                         ":3:1: base = \"a.textproto\": scenarios name each other as base in a cycle");
  }
  write_file(w.root() / "self.textproto", "base: \"./self.textproto\"\n");
  try {
    load_spec((w.root() / "self.textproto").string());
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("in a cycle"), std::string::npos) << e.what();
  }
}

TEST(LoadSpecBase, ProblemsInTheBasePointIntoTheBase) {
  const TinyWorld w(with_scenario("review_probability_per_month: 0.08", "review_probability_per_month: 1.5"));
  write_file(w.root() / "derived" / "d.textproto", kDerived);
  try {
    load_spec((w.root() / "derived" / "d.textproto").string());
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), at(w.scenario_path(), w.texts().scenario, "review_probability_per_month") +
                                         ": adoption.review_probability_per_month = 1.5: expected a value in [0, 1] "
                                         "(per month)");
  }
}

TEST(LoadSpecBase, ShippedScenariosDifferFromTheBaselineInPolicyOnly) {
  const fs::path dir = repo_root() / "configs" / "scenarios";
  const Spec baseline = load_spec((dir / "baseline.textproto").string());
  for (const char* name : {"commanding_lead", "parity"}) {
    SCOPED_TRACE(name);
    const Spec spec = load_spec((dir / (std::string(name) + ".textproto")).string());
    EXPECT_EQ(spec.scenario.name(), name);
    Scenario a = spec.scenario, b = baseline.scenario;
    EXPECT_FALSE(pb::util::MessageDifferencer::Equals(a.policy(), b.policy()));
    for (Scenario* s : {&a, &b}) {
      s->clear_name();
      s->clear_description();
      s->clear_policy();
    }
    std::string diff;
    pb::util::MessageDifferencer d;
    d.ReportDifferencesToString(&diff);
    EXPECT_TRUE(d.Compare(a, b)) << diff;
    EXPECT_EQ(spec.available, baseline.available);
  }
  const Spec lead = load_spec((dir / "commanding_lead.textproto").string());
  EXPECT_DOUBLE_EQ(lead.scenario.policy().levers().tier3_legal_sales_h100e_per_month(), 0);
  EXPECT_DOUBLE_EQ(lead.scenario.policy().levers().remote_access_closure(), 1);
}

TEST(LoadSpecErrors, MissingDataFile) {
  const TinyWorld w(
      with_scenario("world_config: \"../data/world.textproto\"", "world_config: \"../data/wrld.textproto\""));
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
