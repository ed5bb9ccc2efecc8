#include "base/config_kind.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>

#include "support/files.h"

namespace stackrace {
namespace {

using test_support::repo_root;

TEST(ConfigKind, ShippedFilesAreTheirKind) {
  for (const char* name : {"baseline", "commanding_lead", "parity"}) {
    const auto path = repo_root() / "configs/scenarios" / (std::string(name) + ".textproto");
    EXPECT_EQ(detect_config_kind_of_file(path.string()), ConfigKind::kScenario) << path;
  }
  for (const char* name : {"smoke", "levers_2028"}) {
    const auto path = repo_root() / "configs/studies" / (std::string(name) + ".textproto");
    EXPECT_EQ(detect_config_kind_of_file(path.string()), ConfigKind::kStudySpec) << path;
  }
  EXPECT_EQ(detect_config_kind_of_file((repo_root() / "configs/compare.textproto").string()), ConfigKind::kComparison);
  EXPECT_EQ(detect_config_kind_of_file((repo_root() / "configs/calibration/adoption_plan.textproto").string()),
            ConfigKind::kCalibrationPlan);
  EXPECT_EQ(detect_config_kind_of_file((repo_root() / "configs/calibration/adoption_posterior.textproto").string()),
            ConfigKind::kPosterior);
}

TEST(ConfigKind, ReadsTopLevelNamesOnly) {
  // Field names inside blocks, in values, strings and comments do not count.
  EXPECT_EQ(detect_config_kind("# factor { } outcome { } design { }\n"
                               "name: \"factor\"\n"
                               "adoption { factor: 1 outcome: 2 design: 3 }\n"),
            ConfigKind::kScenario);
  EXPECT_EQ(detect_config_kind("base_scenario: \"x\" factor { path: \"a.b\" min: 0 max: 1 } outcome < metric: \"m\" >"),
            ConfigKind::kStudySpec);
  EXPECT_EQ(detect_config_kind("scenario: \"a\" scenario: \"b\" row { name: \"r\" }"), ConfigKind::kComparison);
  // An enum value or -inf after a colon is a value, not a name.
  // (Were they names, this would count as a study spec.)
  EXPECT_EQ(detect_config_kind("scenario: \"a\"\nreplicates: factor\nseed: -outcome\nrow { }\n"),
            ConfigKind::kComparison);
}

TEST(ConfigKind, MisspeltFieldsStillTellTheKind) {
  // A study spec with typos (which its loader then reports) is still a study spec.
  EXPECT_EQ(detect_config_kind("name: \"s\"\nbase_scenaro: \"x\"\nfactor { }\nfactr { }\noutcome { }\nseed: 3\n"),
            ConfigKind::kStudySpec);
  // Names shared by schemas (name, description, seed, replicates) decide nothing alone.
  EXPECT_EQ(detect_config_kind("name: \"x\" description: \"y\" seed: 1"), ConfigKind::kScenario);
  EXPECT_EQ(detect_config_kind("replicates: 3 seed: 1 scenario: \"a\""), ConfigKind::kComparison);
  // A tie goes to the kind the command expects: a study command handed a
  // spec of shared names only keeps it a study spec (and its own error).
  EXPECT_EQ(detect_config_kind("name: \"x\" seed: 1", ConfigKind::kStudySpec), ConfigKind::kStudySpec);
  EXPECT_EQ(detect_config_kind("seed: 1", ConfigKind::kComparison), ConfigKind::kComparison);
  // A kind that fits better still wins.
  EXPECT_EQ(detect_config_kind("name: \"x\" policy { } population { }", ConfigKind::kStudySpec), ConfigKind::kScenario);
}

TEST(ConfigKind, TextOfNoKindHasNone) {
  EXPECT_EQ(detect_config_kind(""), std::nullopt);
  EXPECT_EQ(detect_config_kind("These are my notes,\nnot a scenario.\n"), std::nullopt);
  EXPECT_EQ(detect_config_kind(std::string("\x89PNG\r\n\x1a\n\0\0", 10)), std::nullopt);
  // World data: no schema of the three knows its fields.
  EXPECT_EQ(detect_config_kind_of_file((repo_root() / "worlds/countries.textproto").string()), std::nullopt);
  EXPECT_EQ(detect_config_kind("factor { unclosed"), ConfigKind::kStudySpec);
  EXPECT_EQ(detect_config_kind_of_file("/no/such/file.textproto"), std::nullopt);
  EXPECT_EQ(detect_config_kind_of_file("/dev/zero"), std::nullopt);
  EXPECT_STREQ(config_kind_name(ConfigKind::kStudySpec), "a study spec");
  EXPECT_STREQ(config_kind_name(ConfigKind::kComparison), "a comparison config");
  EXPECT_STREQ(config_kind_name(ConfigKind::kScenario), "a scenario");
  EXPECT_STREQ(config_kind_name(ConfigKind::kPosterior), "an adoption posterior");
}

// The data files a scenario names are of no config kind, but are told apart
// so that a command handed one can say what it is and how it is checked.
TEST(ConfigKind, DataFilesAreToldApart) {
  const auto data_kind = [](const char* file) {
    const std::optional<DataFileKind> kind = detect_data_file_kind_of_file((repo_root() / file).string());
    return kind ? std::string(kind->field) : std::string("none");
  };
  for (const char* file : {"worlds/countries.textproto", "configs/world/world.textproto",
                           "configs/world/ai_user_share_2025.textproto", "configs/supply/world_supply.textproto"})
    EXPECT_EQ(detect_config_kind_of_file((repo_root() / file).string()), std::nullopt) << file;
  EXPECT_EQ(data_kind("worlds/countries.textproto"), "world_data");
  EXPECT_EQ(data_kind("configs/world/world.textproto"), "world_config");
  EXPECT_EQ(data_kind("configs/world/ai_user_share_2025.textproto"), "observed_adoption");
  EXPECT_EQ(data_kind("configs/supply/world_supply.textproto"), "supply_config");
  EXPECT_EQ(data_kind("configs/scenarios/baseline.textproto"), "none");
  EXPECT_EQ(data_kind("no/such/file.textproto"), "none");
}

}  // namespace
}  // namespace stackrace
