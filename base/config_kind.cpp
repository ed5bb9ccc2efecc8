#include "base/config_kind.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <array>
#include <set>

#include "base/bounded_read.h"
#include "base/proto/calibration.pb.h"
#include "base/proto/compare.pb.h"
#include "base/proto/observed.pb.h"
#include "base/proto/output.pb.h"
#include "base/proto/scenario.pb.h"
#include "base/proto/study.pb.h"
#include "base/proto/world.pb.h"
#include "base/proto/world_config.pb.h"

namespace stackrace {

namespace pb = google::protobuf;

namespace {

// Syntax errors are left to the loader, which reports them with their place.
class IgnoreErrors : public pb::io::ErrorCollector {
 public:
  void AddError(int, pb::io::ColumnNumber, const std::string&) override {}
};

// The field names written at the top level of a textproto: identifiers
// outside every {...}, <...> and [...] that are not a value (after ':').
std::set<std::string> top_level_names(std::string_view text) {
  pb::io::ArrayInputStream input(text.data(), static_cast<int>(text.size()));
  IgnoreErrors errors;
  pb::io::Tokenizer tokens(&input, &errors);
  tokens.set_comment_style(pb::io::Tokenizer::SH_COMMENT_STYLE);  // '#' comments, as in text format
  std::set<std::string> names;
  int depth = 0;
  bool value_next = false;  // after "name:" (or "name: -")
  while (tokens.Next()) {
    const pb::io::Tokenizer::Token& token = tokens.current();
    if (token.type == pb::io::Tokenizer::TYPE_SYMBOL) {
      const std::string& s = token.text;
      if (s == "{" || s == "<" || s == "[") ++depth;
      if ((s == "}" || s == ">" || s == "]") && depth > 0) --depth;
      value_next = s == ":" || (s == "-" && value_next);
      continue;
    }
    if (depth == 0 && !value_next && token.type == pb::io::Tokenizer::TYPE_IDENTIFIER) names.insert(token.text);
    value_next = false;
  }
  return names;
}

// The same of the file at `path`; none when it cannot be read (the loader
// then says why), which no schema scores above 0.
std::set<std::string> top_level_names_of_file(const std::string& path) {
  try {
    return top_level_names(read_file_bounded(path, kScenarioFile));
  } catch (const std::exception&) {
    return {};
  }
}

int score(const pb::Descriptor& schema, const std::set<std::string>& names) {
  int s = 0;
  for (const std::string& name : names) s += schema.FindFieldByName(name) ? 1 : -1;
  return s;
}

}  // namespace

const char* config_kind_name(ConfigKind kind) {
  switch (kind) {
    case ConfigKind::kScenario:
      return "a scenario";
    case ConfigKind::kStudySpec:
      return "a study spec";
    case ConfigKind::kComparison:
      return "a comparison config";
    case ConfigKind::kCalibrationPlan:
      return "a calibration plan";
    case ConfigKind::kPosterior:
      return "an adoption posterior";
  }
  return "a scenario";
}

std::optional<ConfigKind> detect_config_kind(std::string_view text, ConfigKind preferred) {
  const std::set<std::string> names = top_level_names(text);
  const std::array<std::pair<ConfigKind, const pb::Descriptor*>, 5> kinds = {{
      {ConfigKind::kScenario, Scenario::descriptor()},
      {ConfigKind::kStudySpec, StudySpec::descriptor()},
      {ConfigKind::kComparison, Comparison::descriptor()},
      {ConfigKind::kCalibrationPlan, CalibrationPlan::descriptor()},
      {ConfigKind::kPosterior, AdoptionPosterior::descriptor()},
  }};
  ConfigKind best = preferred;
  int best_score = 0;
  for (const auto& [kind, schema] : kinds)
    if (kind == preferred) best_score = score(*schema, names);
  for (const auto& [kind, schema] : kinds) {
    const int s = score(*schema, names);
    if (s > best_score) {
      best = kind;
      best_score = s;
    }
  }
  if (best_score <= 0) return std::nullopt;
  return best;
}

std::optional<ConfigKind> detect_config_kind_of_file(const std::string& path, ConfigKind preferred) {
  try {
    return detect_config_kind(read_file_bounded(path, kScenarioFile), preferred);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<DataFileKind> detect_data_file_kind_of_file(const std::string& path) {
  const std::set<std::string> names = top_level_names_of_file(path);
  const std::array<std::pair<DataFileKind, const pb::Descriptor*>, 4> kinds = {{
      {{"world data", "world_data"}, WorldData::descriptor()},
      {{"a world config", "world_config"}, WorldConfig::descriptor()},
      {{"observed adoption data", "observed_adoption"}, ObservedAdoption::descriptor()},
      {{"a supply file", "supply_config"}, Supply::descriptor()},
  }};
  std::optional<DataFileKind> best;
  int best_score = 0;
  for (const auto& [kind, schema] : kinds) {
    const int s = score(*schema, names);
    if (s > best_score) {
      best = kind;
      best_score = s;
    }
  }
  return best;
}

std::optional<std::string> detect_manifest_of_file(const std::string& path) {
  const std::set<std::string> names = top_level_names_of_file(path);
  const int run = score(*RunManifest::descriptor(), names), comparison = score(*CompareManifest::descriptor(), names);
  if (run <= 0 && comparison <= 0) return std::nullopt;
  return run >= comparison ? "a run's manifest" : "a comparison's manifest";
}

}  // namespace stackrace
