#include "base/set_override.h"

#include <gtest/gtest.h>

#include <string>

#include "base/errors.h"
#include "base/proto/scenario.pb.h"

namespace stackrace {
namespace {

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

TEST(ApplyOverride, SetsScalarsOfEveryKind) {
  Scenario s;
  s.mutable_supply()->add_lab();
  s.mutable_supply()->add_fab();
  s.mutable_access()->add_blocked()->add_iso3("CHN");
  EXPECT_EQ(apply_override(s, "adoption.peer_weight=0.25"), "adoption.peer_weight");
  EXPECT_DOUBLE_EQ(s.adoption().peer_weight(), 0.25);
  // Spaces around the '=' are refused as such (once reported as an unknown
  // field 'peer_weight ').
  for (const char* spaced : {"adoption.peer_weight = 0.5", "adoption.peer_weight =0.5", "adoption.peer_weight=0.5 "}) {
    try {
      apply_override(s, spaced);
      ADD_FAILURE() << spaced;
    } catch (const InputError& e) {
      EXPECT_EQ(std::string(e.what()), "--set " + std::string(spaced) +
                                           ": spaces around the '=' or the value: write PATH=VALUE without them, "
                                           "e.g. adoption.imitation_q_per_month=0.05");
    }
  }
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
  EXPECT_NE(msg.find("inclusive_value_weight, typical_use_growth_per_year)"), std::string::npos) << msg;
  const std::string top = override_error("adoptoin.peer_weight=1");
  EXPECT_NE(top.find("unknown field 'adoptoin' in stackrace.Scenario (known: name, description"), std::string::npos)
      << top;
}

// A field given without the blocks that hold it is found deeper in the
// schema and suggested, from where the path went wrong.
TEST(ApplyOverride, AFieldWithoutItsBlockIsSuggestedWithIt) {
  EXPECT_NE(override_error("us_export_promotion=1")
                .find("unknown field 'us_export_promotion' in stackrace.Scenario, did you mean "
                      "policy.pre.us_export_promotion or policy.levers.us_export_promotion? (known: name,"),
            std::string::npos)
      << override_error("us_export_promotion=1");
  EXPECT_NE(override_error("supply.price_usd_per_mtok=1").find("did you mean supply.lab[0].price_usd_per_mtok?"),
            std::string::npos);
  EXPECT_EQ(override_error("adoption.zzz=1").find("did you mean"), std::string::npos);
  // Only through entries there are: a change (none here) is not suggested.
  EXPECT_EQ(override_error("us_export_promotion=1").find("change"), std::string::npos);
}

// A number too small for a double is its nearest, 0, as in a textproto file.
TEST(ApplyOverride, AnUnderflowIsTheNearestDouble) {
  Scenario s;
  s.mutable_adoption()->set_peer_weight(0.5);
  apply_override(s, "adoption.peer_weight=1e-400");
  EXPECT_EQ(s.adoption().peer_weight(), 0.0);
}

TEST(ApplyOverride, NonNumericValueIsRejected) {
  EXPECT_EQ(override_error("adoption.imitation_q_per_month=abc"),
            "--set adoption.imitation_q_per_month=abc: 'abc' is not a finite number (field "
            "adoption.imitation_q_per_month)");
  EXPECT_NE(override_error("adoption.peer_weight=0.5x").find("'0.5x' is not a finite number"), std::string::npos);
  EXPECT_NE(override_error("adoption.peer_weight=").find("'' is not a finite number"), std::string::npos);
  EXPECT_NE(override_error("adoption.peer_weight=nan").find("is not a finite number"), std::string::npos);
  EXPECT_NE(override_error("adoption.peer_weight=1e400").find("is not a finite number"), std::string::npos);
  // Text that is not UTF-8 could not be written into a manifest or checkpoint.
  EXPECT_NE(override_error("description=Pol\xEDticas").find("is not UTF-8 text"), std::string::npos);
  // A whole number's message gives the field's range where it has one (a
  // --set of population.adopters once named the uint64 bound), else the
  // type's bound.
  EXPECT_NE(override_error("population.adopters=1.5").find("'1.5' is not a whole number in [1, 200000000] (agents)"),
            std::string::npos)
      << override_error("population.adopters=1.5");
  EXPECT_NE(override_error("population.adopters=-3").find("'-3' is not a whole number in [1, 200000000]"),
            std::string::npos);
  EXPECT_NE(override_error("population.peers_per_adopter=5000000000")
                .find("'5000000000' is not a whole number in [1, 32] (links)"),
            std::string::npos)
      << override_error("population.peers_per_adopter=5000000000");
  EXPECT_NE(override_error("seed=1.5").find("'1.5' is not a non-negative integer up to 18446744073709551615"),
            std::string::npos)
      << override_error("seed=1.5");
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

}  // namespace
}  // namespace stackrace
