#include "sim/scenario_files.h"

#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "base/errors.h"
#include "sim/spec.h"
#include "support/spec_loading.h"
#include "support/tiny_world.h"

namespace stackrace {
namespace {

using namespace test_support;
namespace fs = std::filesystem;
namespace pb = google::protobuf;

// Assembly on its own: the files merged and --set applied, each field with
// where it was given.
TEST(AssembleScenario, RecordsWhereEachFieldIsGiven) {
  const TinyWorld w;
  const AssembledScenario a = assemble_scenario(w.scenario_path().string(), {"adoption.peer_weight=0.25"}, 1234);
  EXPECT_DOUBLE_EQ(a.scenario.adoption().peer_weight(), 0.25);
  EXPECT_EQ(a.scenario.population().adopters(), 1234u);
  EXPECT_EQ(a.scenario.supply().lab_size(), 5);  // from supply_config
  const ScenarioLocator locate = a.locator();
  EXPECT_EQ(locate("adoption.peer_weight"), "--set adoption.peer_weight=0.25");
  EXPECT_EQ(locate("population.adopters"), "--set population.adopters=1234 (--adopters)");
  EXPECT_EQ(locate("horizon.start_month"), at(w.scenario_path(), w.texts().scenario, "start_month"));
  EXPECT_EQ(locate("supply.nvidia_fab"), at(w.supply_config_path(), w.texts().supply, "nvidia_fab"));
}

// Validation is load_spec's: assembly passes a value out of range through
// as written (only a base is range-checked, so that its errors point into it).
TEST(AssembleScenario, LeavesTheScenarioUnvalidated) {
  const TinyWorld w(with_scenario("review_probability_per_month: 0.08", "review_probability_per_month: 1.5"));
  const AssembledScenario a = assemble_scenario(w.scenario_path().string(), {}, std::nullopt);
  EXPECT_DOUBLE_EQ(a.scenario.adoption().review_probability_per_month(), 1.5);
}

// The tests below go through load_spec, as the command line does.

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
  // A field removed because it had no effect is refused too: the text format
  // would skip a reserved name without a word.
  const TinyWorld removed(with_scenario("seed: 42\n", "seed: 42\nsupply { capability { training_run_months: 3 } }\n"));
  const std::string gone = error_of(removed);
  EXPECT_NE(gone.find("no field named \"training_run_months\""), std::string::npos) << gone;
  EXPECT_NE(gone.find("it had no effect"), std::string::npos) << gone;
}

// The scenario's own supply block overrides the file's values, zeros included
// (proto3's MergeFrom would skip a 0).
TEST(LoadSpec, SupplyBlockCanSetZero) {
  const TinyWorld w(with_scenario("seed: 42\n", "seed: 42\nsupply { enforcement_response_per_busd_seized: 0 }\n"));
  const Spec spec = w.load();
  EXPECT_EQ(spec.scenario.supply().enforcement_response_per_busd_seized(), 0.0);
  EXPECT_EQ(spec.scenario.supply().lab_size(), 5);  // the file's labs are still there
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

TEST(LoadSpecBase, DerivedScenarioReplacesOnlyTheFieldsItSets) {
  const TinyWorld w;
  const fs::path derived = w.root() / "derived" / "d.textproto";
  write_file(derived, kDerivedScenario);
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

// The shipped baseline's population block copied whole but with a nested
// block cut down (income growth for low-income economies only) once loaded
// with the other groups' growth at 0: refused, naming each nested field.
TEST(LoadSpecBase, APartlyGivenNestedBlockOverABaseIsRefused) {
  TempDir dir;
  const std::string baseline = std::string(STACKRACE_ROOT) + "/configs/scenarios/baseline.textproto";
  const std::string text = read_file(baseline);
  const std::size_t from = text.find("population {");
  std::string block = text.substr(from, text.find("\n}\n", from) + 3 - from);
  block =
      replace_once(block, "income_growth_per_year { low: 0.032 lower_middle: 0.035 upper_middle: 0.035 high: 0.013 }",
                   "income_growth_per_year { low: 0.05 }");
  const std::string child = "name: \"child\"\nbase: \"" + baseline + "\"\n" + block;
  write_file(dir / "child.textproto", child);
  try {
    load_spec((dir / "child.textproto").string());
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("population leaves out what its base "), std::string::npos) << what;
    EXPECT_NE(what.find("(population.income_growth_per_year.lower_middle, population.income_growth_per_year."
                        "upper_middle, population.income_growth_per_year.high)"),
              std::string::npos)
        << what;
  }
}

TEST(LoadSpecBase, ChainsOfBases) {
  const TinyWorld w;
  write_file(w.root() / "derived" / "d.textproto", kDerivedScenario);
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

// The files a derived scenario takes from its base are found relative to
// the base, wherever the derived file lives: the adoption posterior too.
TEST(LoadSpecBase, InheritedFileNamesPointWhereTheBasePointed) {
  const TinyWorld w(with_scenario("world_config: \"../data/world.textproto\"",
                                  "world_config: \"../data/world.textproto\"\n"
                                  "adoption_posterior: \"../calibration/posterior.textproto\""));
  const fs::path derived = w.root() / "more" / "deeper" / "e.textproto";
  write_file(derived, "name: \"e\"\nbase: \"../../scenarios/tiny.textproto\"\n");
  const Spec spec = load_spec(derived.string());
  const auto from_derived = [&](const std::string& relative) {
    return (fs::absolute(derived).parent_path() / relative).lexically_normal();
  };
  EXPECT_EQ(from_derived(spec.scenario.world_config()), (w.root() / "data" / "world.textproto").lexically_normal());
  EXPECT_EQ(from_derived(spec.scenario.adoption_posterior()),
            (w.root() / "calibration" / "posterior.textproto").lexically_normal());
}

// Only the data files of the whole scenario must exist: a base may name one
// that is missing when the derived scenario, or a --set, names another.
TEST(LoadSpecBase, ADataFileTheBaseNamesMayBeMissingWhenReplaced) {
  const TinyWorld w(with_scenario("world_config: \"../data/world.textproto\"",
                                  "world_config: \"../data/gone.textproto\""));
  const fs::path derived = w.root() / "derived" / "d.textproto";
  write_file(derived,
             "name: \"d\"\nbase: \"../scenarios/tiny.textproto\"\nworld_config: \"../data/world.textproto\"\n");
  EXPECT_NO_THROW(load_spec(derived.string()));
  EXPECT_NO_THROW(load_spec(w.scenario_path().string(), sets({"world_config=../data/world.textproto"})));
  EXPECT_THROW(load_spec(w.scenario_path().string()), InputError);
}

TEST(LoadSpecBase, MissingBaseNamesTheFile) {
  const TinyWorld w;
  const fs::path derived = w.root() / "derived" / "d.textproto";
  const std::string text =
      replace_once(kDerivedScenario, "../scenarios/tiny.textproto", "../scenarios/tinny.textproto");
  write_file(derived, text);
  try {
    load_spec(derived.string());
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where(), at(derived, text, "base"));
    EXPECT_EQ(std::string(e.what()), at(derived, text, "base") +
                                         ": base = \"../scenarios/tinny.textproto\": no such file (" +
                                         (w.root() / "scenarios/tinny.textproto").string() +
                                         "); a path in a scenario is relative to the scenario's own folder, " +
                                         derived.parent_path().string());
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
  write_file(w.root() / "derived" / "d.textproto", kDerivedScenario);
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

}  // namespace
}  // namespace stackrace
