#pragma once
// Which of the files a user writes or is given a textproto is: a scenario,
// a study spec, a comparison config, an adoption calibration plan or an
// adoption posterior, told by the names of its top-level
// fields. `validate` checks any of them this way, and a command given the
// wrong kind says which command the file is for.

#include <optional>
#include <string>
#include <string_view>

namespace stackrace {

enum class ConfigKind { kScenario, kStudySpec, kComparison, kCalibrationPlan, kPosterior };

// "a scenario", "a study spec", "a comparison config", "a calibration plan",
// "an adoption posterior".
const char* config_kind_name(ConfigKind kind);

// The kind whose schema (Scenario, StudySpec, Comparison) knows the most of
// the text's top-level field names, less those it does not know (a tie goes
// to `preferred`, the kind a command expects, else to the scenario); nothing
// when no schema knows more names than it does not. It reads names only,
// never values, and never throws: syntax errors are the loader's to report.
std::optional<ConfigKind> detect_config_kind(std::string_view text, ConfigKind preferred = ConfigKind::kScenario);

// The kind of the file at `path`; nothing when it cannot be read (the loader
// then says why) or is of no kind.
std::optional<ConfigKind> detect_config_kind_of_file(const std::string& path,
                                                     ConfigKind preferred = ConfigKind::kScenario);

// A data file a scenario names, which is read and checked only through it.
struct DataFileKind {
  const char* what;   // "a supply file"
  const char* field;  // the scenario field that names it: "supply_config"
};

// The data file kind (world data, world config, observed adoption, supply)
// whose schema knows more of the top-level names of the file at `path` than
// it does not, scored as detect_config_kind does; nothing when none does or
// the file cannot be read. For files of no ConfigKind.
std::optional<DataFileKind> detect_data_file_kind_of_file(const std::string& path);

// Which of the textproto files stackrace writes the file at `path` is, by
// its top-level names as above: "a run's manifest" or "a comparison's
// manifest"; nothing when neither, or when it cannot be read.
std::optional<std::string> detect_manifest_of_file(const std::string& path);

}  // namespace stackrace
