#pragma once
// Assembling a scenario from its files, before it is validated: the scenario
// file, the supply_config file merged under the scenario's own supply block,
// the base it names (recursively) for every top-level field it leaves unset,
// then --set overrides and --adopters. The result remembers where each field
// was written, so that validation (sim/spec.h) can point at the file, line and
// column, or at the --set, of a bad value.

#include <google/protobuf/message.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/bounded_read.h"
#include "base/field_locator.h"
#include "base/proto/scenario.pb.h"
#include "base/textproto_parse.h"

namespace stackrace {

// Where a field of an assembled scenario is: its --set if it was overridden,
// else file:line:col.
struct ScenarioLocator {
  const FieldLocator& origins;
  const std::map<std::string, std::string>& overridden;
  std::string operator()(const std::string& path) const;
  // A problem that involves several fields: the --set of any of them, else
  // where the first is written.
  std::string any(const std::vector<std::string>& paths) const;
};

// A copy shares the (immutable) origins and may take further overrides
// (override_scenario) without reading any file again.
struct AssembledScenario {
  Scenario scenario;                              // after --set and --adopters
  std::shared_ptr<const FieldLocator> origins;    // where each field is written in the files
  std::map<std::string, std::string> overridden;  // field path -> value, for each --set (and --adopters)
  // Valid while this AssembledScenario lives.
  ScenarioLocator locator() const { return {*origins, overridden}; }
};

// Assembles the scenario at `path` and applies `overrides` ("path=value", in
// order) and `adopters`. Throws InputError located in the file at fault (a
// base is range-checked on its own first, so that its errors point into its
// own files), or naming the --set; refuses a --set of base or supply_config,
// which name files read before any --set applies.
AssembledScenario assemble_scenario(const std::string& path, const std::vector<std::string>& overrides,
                                    std::optional<std::uint64_t> adopters);

// Applies `overrides` in order, then `adopters`, to an assembled scenario,
// as assemble_scenario does after reading the files. Throws InputError
// naming the --set.
void override_scenario(AssembledScenario& assembled, const std::vector<std::string>& overrides,
                       std::optional<std::uint64_t> adopters);

// Loads a scenario file as assemble_scenario starts from it, before --set:
// its own supply_config merged under its supply block, then its base
// (recursively) for every top-level field it leaves unset. Throws InputError
// located in the file at fault.
void load_scenario_file(const std::string& path, Scenario& scenario);

// The data files `fields` of the assembled scenario (from `scenario_path`,
// with its base and --set) name, when more than one is missing: one error
// listing each, located where it was named. A scenario copied to another
// folder loses them all, and one error at a time would take as many tries.
void check_data_files_exist(const std::string& scenario_path, const Scenario& scenario,
                            const std::vector<std::string>& fields, const ScenarioLocator& at);

// Loads the data file that the scenario field `field` names (`relative` to
// the scenario file at `scenario_path`) into `message`, and checks its value
// ranges. Throws InputError located at the field for an empty or missing
// path, and in the data file for what is wrong inside it (or with it: not a
// regular file, larger than `kind` allows).
SourceMap load_data_file(const std::string& scenario_path, const std::string& field, const std::string& relative,
                         const FileKind& kind, google::protobuf::Message& message, const ScenarioLocator& at);

}  // namespace stackrace
