#include "base/textproto.h"

#include <gtest/gtest.h>

#include <string>

#include "base/errors.h"
#include "base/proto/scenario.pb.h"
#include "support/files.h"

namespace stackrace {
namespace {

using test_support::column_of;
using test_support::line_of;
using test_support::replace_once;
using test_support::TempDir;
using test_support::write_file;

namespace pb = google::protobuf;

// The InputError message of parsing `text` as a Scenario named "t.textproto".
std::string parse_error(const std::string& text) {
  Scenario s;
  try {
    parse_textproto(text, "t.textproto", s);
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no InputError for:\n" << text;
  return "";
}

std::vector<Problem> range_problems(const std::string& text,
                                    const std::map<std::string, std::string>& overridden = {}) {
  Scenario s;
  const SourceMap source = parse_textproto(text, "t.textproto", s);
  std::vector<Problem> problems;
  check_ranges(s, source, overridden, problems);
  return problems;
}

// A scenario with two labs, one blocked list with one country and one empty.
std::string override_error(const std::string& assignment) {
  Scenario s;
  s.mutable_supply()->add_lab();
  s.mutable_supply()->add_lab();
  s.mutable_access()->add_blocked()->add_iso3("CHN");
  s.mutable_access()->add_blocked();
  try {
    apply_override(s, assignment);
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no InputError for --set " << assignment;
  return "";
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
choice { reference_income_usd: 13000 }
supply {
  enforcement_scale_musd: 500
  chip_market { initial_price_usd_per_h100e: 25000 rental_price_share_per_month: 0.06 tier2_partner_cap_multiplier: 2 }
  capability { flop_per_h100e_month: 1e21 training_run_months: 3 pre_start_frontier_growth_log10_per_year: 0.9 }
  distillation { campaign_interval_months: 2 }
  services { tokens_per_h100e_month: 1.5e9 }
}
)";

TEST(ParseTextproto, RecordsOneBasedLocationsOfFields) {
  const std::string text =
      "name: \"x\"\nhorizon {\n  start_month: \"2025-01\"\n}\nsupply {\n"
      "  lab { name: \"a\" }\n  lab {\n    name: \"b\"\n    price_usd_per_mtok: 2\n  }\n}\n"
      "access {\n  blocked {\n    stack: US_OPEN\n    iso3: \"CHN\"\n    iso3: \"IRN\"\n"
      "    iso3: \"PRK\"\n  }\n}\n";
  Scenario s;
  const SourceMap source = parse_textproto(text, "t.textproto", s);
  EXPECT_EQ(s.horizon().start_month(), "2025-01");
  EXPECT_EQ(source.file(), "t.textproto");
  EXPECT_EQ(source.locate(s, "name"), "t.textproto:1:1");
  EXPECT_EQ(source.locate(s, "horizon.start_month"), "t.textproto:3:3");
  EXPECT_EQ(source.locate(s, "supply.lab[1].price_usd_per_mtok"),
            "t.textproto:" + std::to_string(line_of(text, "price_usd_per_mtok: 2")) + ":" +
                std::to_string(column_of(text, "price_usd_per_mtok: 2")));
  EXPECT_EQ(source.locate(s, "supply.lab[1].name"), "t.textproto:" + std::to_string(line_of(text, "name: \"b\"")) +
                                                        ":" + std::to_string(column_of(text, "name: \"b\"")));
  // Elements of a repeated scalar, each written on its own line.
  EXPECT_EQ(source.locate(s, "access.blocked[0].iso3[2]"),
            "t.textproto:" + std::to_string(line_of(text, "iso3: \"PRK\"")) + ":" +
                std::to_string(column_of(text, "iso3: \"PRK\"")));
  // Fields not in the file, and paths that do not exist, fall back to the file name.
  EXPECT_EQ(source.locate(s, "seed"), "t.textproto");
  EXPECT_EQ(source.locate(s, "no_such_field"), "t.textproto");
  EXPECT_EQ(source.locate(s, "supply.lab[3].stack"), "t.textproto");
}

TEST(ParseTextproto, SyntaxErrorGivesFileLineColumnOneBased) {
  const std::string text = "name: \"x\"\nhorizon {\n  start_month: \"2025-01\"\n  end_month \"2025-12\"\n}\n";
  const std::string msg = parse_error(text);
  EXPECT_EQ(msg.rfind("t.textproto:4:13: ", 0), 0u) << msg;
  EXPECT_NE(msg.find("Expected \":\""), std::string::npos) << msg;
}

TEST(ParseTextproto, UnclosedBlockIsReportedAtTheEnd) {
  const std::string msg = parse_error("horizon {\n  start_month: \"2025-01\"\n");
  EXPECT_EQ(msg.rfind("t.textproto:3:1: ", 0), 0u) << msg;
}

TEST(ParseTextproto, UnknownFieldNamedWithLineAndColumn) {
  const std::string msg = parse_error("name: \"x\"\nadoption {\n  peer_wieght: 0.6\n}\n");
  EXPECT_EQ(msg.rfind("t.textproto:3:14: ", 0), 0u) << msg;
  EXPECT_NE(msg.find("no field named \"peer_wieght\""), std::string::npos) << msg;
  EXPECT_NE(msg.find("stackrace.Adoption"), std::string::npos) << msg;
}

TEST(ParseTextproto, UnknownEnumValueNamedWithLocation) {
  const std::string msg = parse_error("supply {\n  lab { stack: US_CLOSEDD }\n}\n");
  EXPECT_EQ(msg.rfind("t.textproto:2:", 0), 0u) << msg;
  EXPECT_NE(msg.find("US_CLOSEDD"), std::string::npos) << msg;
}

TEST(LoadTextproto, MissingFileIsAnInputError) {
  TempDir dir;
  Scenario s;
  const std::string path = (dir / "missing.textproto").string();
  try {
    load_textproto(path, s);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where(), path);
    EXPECT_NE(std::string(e.what()).find("cannot open file"), std::string::npos) << e.what();
  }
}

TEST(LoadTextproto, BinaryGarbageIsASyntaxErrorAtLineOne) {
  TempDir dir;
  const auto path = dir / "image.png";
  static constexpr char kPngStart[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
  write_file(path, std::string(kPngStart, sizeof kPngStart - 1));
  Scenario s;
  try {
    load_textproto(path.string(), s);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()).rfind(path.string() + ":1:", 0), 0u) << e.what();
  }
}

TEST(LoadTextproto, ReadsAFile) {
  TempDir dir;
  write_file(dir / "s.textproto", "name: \"from file\"\nseed: 7\n");
  Scenario s;
  const SourceMap source = load_textproto((dir / "s.textproto").string(), s);
  EXPECT_EQ(s.name(), "from file");
  EXPECT_EQ(s.seed(), 7u);
  EXPECT_EQ(source.locate(s, "seed"), (dir / "s.textproto").string() + ":2:1");
}

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

TEST(ApplyOverride, SetsScalarsOfEveryKind) {
  Scenario s;
  s.mutable_supply()->add_lab();
  s.mutable_supply()->add_fab();
  s.mutable_access()->add_blocked()->add_iso3("CHN");
  EXPECT_EQ(apply_override(s, "adoption.peer_weight=0.25"), "adoption.peer_weight");
  EXPECT_DOUBLE_EQ(s.adoption().peer_weight(), 0.25);
  apply_override(s, "population.adopters=12345");
  EXPECT_EQ(s.population().adopters(), 12345u);
  apply_override(s, "horizon.end_month=2027-06");
  EXPECT_EQ(s.horizon().end_month(), "2027-06");
  apply_override(s, "supply.lab[0].stack=CN_OPEN");
  EXPECT_EQ(s.supply().lab(0).stack(), CN_OPEN);
  EXPECT_EQ(apply_override(s, "supply.lab[0].price_usd_per_mtok=1e-2"), "supply.lab[0].price_usd_per_mtok");
  EXPECT_DOUBLE_EQ(s.supply().lab(0).price_usd_per_mtok(), 0.01);
  apply_override(s, "supply.lab[0].distills=true");
  EXPECT_TRUE(s.supply().lab(0).distills());
  apply_override(s, "supply.lab[0].release_interval_months=4");
  EXPECT_EQ(s.supply().lab(0).release_interval_months(), 4u);
  // An element of a repeated scalar.
  EXPECT_EQ(apply_override(s, "access.blocked[0].iso3[0]=IRN"), "access.blocked[0].iso3[0]");
  EXPECT_EQ(s.access().blocked(0).iso3(0), "IRN");
  // A scalar of a singular message not yet present, and an enum of supply.proto.
  apply_override(s, "policy.levers.remote_access_closure=1");
  EXPECT_DOUBLE_EQ(s.policy().levers().remote_access_closure(), 1.0);
  apply_override(s, "supply.fab[0].bloc=CHINA");
  EXPECT_EQ(s.supply().fab(0).bloc(), CHINA);
  apply_override(s, "seed=18446744073709551615");
  EXPECT_EQ(s.seed(), 18446744073709551615ull);
  // An empty string is a valid value for a string field.
  apply_override(s, "name=");
  EXPECT_EQ(s.name(), "");
}

TEST(ApplyOverride, UnknownFieldListsKnownFields) {
  const std::string msg = override_error("adoption.nope=1");
  EXPECT_EQ(msg.rfind("--set adoption.nope=1: unknown field 'nope' in stackrace.Adoption (known: ", 0), 0u) << msg;
  EXPECT_NE(msg.find("imitation_q_per_month, peer_weight"), std::string::npos) << msg;
  EXPECT_NE(msg.find("innovation_decay_per_year)"), std::string::npos) << msg;
  const std::string top = override_error("adoptoin.peer_weight=1");
  EXPECT_NE(top.find("unknown field 'adoptoin' in stackrace.Scenario (known: name, description"), std::string::npos)
      << top;
}

TEST(ApplyOverride, NonNumericValueIsRejected) {
  EXPECT_EQ(override_error("adoption.imitation_q_per_month=abc"),
            "--set adoption.imitation_q_per_month=abc: 'abc' is not a finite number (field "
            "adoption.imitation_q_per_month)");
  EXPECT_NE(override_error("adoption.peer_weight=0.5x").find("'0.5x' is not a finite number"), std::string::npos);
  EXPECT_NE(override_error("adoption.peer_weight=").find("'' is not a finite number"), std::string::npos);
  EXPECT_NE(override_error("adoption.peer_weight=nan").find("is not a finite number"), std::string::npos);
  EXPECT_NE(override_error("adoption.peer_weight=1e400").find("is not a finite number"), std::string::npos);
  EXPECT_NE(override_error("population.adopters=1.5").find("'1.5' is not a non-negative integer"), std::string::npos);
  EXPECT_NE(override_error("population.adopters=-3").find("'-3' is not a non-negative integer"), std::string::npos);
  EXPECT_NE(override_error("supply.lab[0].stack=US_SHUT").find("is not one of US_CLOSED, US_OPEN"), std::string::npos);
}

TEST(ApplyOverride, IndexOutOfRange) {
  EXPECT_EQ(override_error("supply.lab[2].stack=US_OPEN"),
            "--set supply.lab[2].stack=US_OPEN: index 2 out of range: 'lab' has 2 entries");
  EXPECT_EQ(override_error("access.blocked[0].iso3[1]=IRN"),
            "--set access.blocked[0].iso3[1]=IRN: index 1 out of range: 'iso3' has 1 entries");
  EXPECT_EQ(override_error("access.blocked[1].iso3[0]=IRN"),
            "--set access.blocked[1].iso3[0]=IRN: index 0 out of range: 'iso3' has 0 entries");
  // Repeated fields of the supply that the scenario has none of.
  EXPECT_EQ(override_error("supply.smuggler[0].margin=1"),
            "--set supply.smuggler[0].margin=1: index 0 out of range: 'smuggler' has 0 entries");
}

TEST(ApplyOverride, StructuralMistakes) {
  EXPECT_NE(override_error("supply.lab.stack=US_OPEN").find("'lab' is repeated: give an index"), std::string::npos);
  EXPECT_NE(override_error("adoption[0].peer_weight=1").find("'adoption' is not repeated"), std::string::npos);
  EXPECT_NE(override_error("adoption=1").find("'adoption' is a message, not a scalar field"), std::string::npos);
  EXPECT_NE(override_error("seed.x=1").find("'seed' is a scalar and has no field 'x'"), std::string::npos);
  EXPECT_NE(override_error("adoption..peer_weight=1").find("malformed field path"), std::string::npos);
  EXPECT_NE(override_error("supply.lab[x].stack=US_OPEN").find("malformed field path"), std::string::npos);
  EXPECT_NE(override_error("supply.lab[-1].stack=US_OPEN").find("malformed field path"), std::string::npos);
  EXPECT_NE(override_error("adoption.peer_weight.=1").find("malformed field path"), std::string::npos);
  EXPECT_NE(override_error("adoption.peer_weight").find("expected path.to.field=value"), std::string::npos);
  EXPECT_NE(override_error("=1").find("expected path.to.field=value"), std::string::npos);
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

TEST(ThrowIfAny, ListsEveryProblemOnItsOwnLine) {
  EXPECT_NO_THROW(throw_if_any({}));
  try {
    throw_if_any({{"a.textproto:1:2", "first"}, {"", "second"}, {"--set x=1", "third"}});
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "a.textproto:1:2: first\nsecond\n--set x=1: third");
  }
}

}  // namespace
}  // namespace stackrace
