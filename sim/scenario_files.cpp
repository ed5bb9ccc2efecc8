#include "sim/scenario_files.h"

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <type_traits>
#include <vector>

#include "base/errors.h"
#include "base/field_path.h"
#include "base/field_type.h"
#include "base/problems.h"
#include "base/range_check.h"
#include "base/set_override.h"

namespace stackrace {

namespace fs = std::filesystem;

namespace {

std::string resolve(const std::string& scenario_path, const std::string& relative) {
  const fs::path p(relative);
  if (p.is_absolute()) return p.string();
  return (fs::path(scenario_path).parent_path() / p).lexically_normal().string();
}

// One parsed file: its locations and the message as written there.
struct ParsedFile {
  std::shared_ptr<const SourceMap> source;
  std::shared_ptr<const google::protobuf::Message> message;
  std::string find(const std::string& path) const { return SourceLocator(*source, *message).find(path); }
};

// Where each part of a resolved scenario is written: each top-level field in
// the scenario file or the base that gave it, and the supply block split
// between a supply_config file and the scenario's own supply block merged
// over it (repeated entries appended after the file's).
class ScenarioOrigins : public FieldLocator {
 public:
  struct Supply {
    ParsedFile file;         // a stackrace.Supply
    ParsedFile inline_part;  // the scenario file whose own `supply` was merged over it
  };
  std::string main_file;
  std::map<std::string, ParsedFile> top;
  std::optional<Supply> supply;

  std::string fallback() const override { return main_file; }
  std::string find(const std::string& path) const override {
    const std::string head = path.substr(0, path.find_first_of(".["));
    constexpr std::string_view kSupplyPrefix = "supply.";
    if (supply && path.size() > kSupplyPrefix.size() && path.starts_with(kSupplyPrefix))
      return find_supply(path.substr(kSupplyPrefix.size()));
    const auto it = top.find(head);
    return it == top.end() ? "" : it->second.find(path);
  }

 private:
  // `rest` is the path below supply.
  std::string find_supply(const std::string& rest) const {
    const std::size_t end = rest.find_first_of(".[");
    const std::string name = rest.substr(0, end);
    const auto* field = stackrace::Supply::descriptor()->FindFieldByName(name);
    if (!field) return "";
    const auto& file = *supply->file.message;
    const auto& scenario = static_cast<const Scenario&>(*supply->inline_part.message);
    if (!field->is_repeated()) {
      const bool inline_set =
          scenario.has_supply() && scenario.supply().GetReflection()->HasField(scenario.supply(), field);
      return inline_set ? supply->inline_part.find("supply." + rest) : supply->file.find(rest);
    }
    if (end == std::string::npos || rest[end] != '[') return supply->file.find(rest);
    const std::size_t close = rest.find(']', end);
    if (close == std::string::npos) return "";
    int index = 0;
    try {
      index = std::stoi(rest.substr(end + 1, close - end - 1));
    } catch (const std::exception&) {
      return "";
    }
    const int in_file = file.GetReflection()->FieldSize(file, field);
    if (index < in_file) return supply->file.find(rest);
    return supply->inline_part.find("supply." + name + "[" + std::to_string(index - in_file) + "]" +
                                    rest.substr(close + 1));
  }
};

// Fields that were renamed or replaced, and what to write instead.
const std::map<std::string, std::string> kReplacedFields = {
    {"supply_path", "the supply side is simulated now: see supply_config and configs/supply/ (docs/levers.md)"},
    {"us_offer_value", "use government.us_offer_value_at_full_promotion (scaled by policy levers us_export_promotion)"},
    {"cn_offer_value", "use government.cn_offer_value_at_full_promotion (scaled by policy levers cn_export_promotion)"},
    {"partner_price_discount", "use government.partner_price_discount_at_full_promotion"},
    {"euv", "EUV access is expressed by a fab's yield and capacity_growth_per_year"},
    {"partnership_margin", "partnerships are a logit draw: see government.neutral_utility and incumbency_utility"},
    {"high_compliance_threshold", "compliance is a mean rate now (mean_malicious_compliance in global.csv)"},
    {"campaign_interval_months", "distillation is a monthly flow: see supply.distillation (docs/levers.md)"},
    {"gap_closed_fraction", "distillation is a monthly flow: see supply.distillation.max_gap_closed_per_month"},
    {"base_detection", "distillation is a monthly flow: see supply.distillation.detection_per_mexchange"},
    {"revenue_usd_per_user_month_us", "revenue is users x tokens x price: see supply.services (docs/levers.md)"},
    {"flop_per_h100e_month", "it had no effect (each lab's initial capability sets its efficiency): remove it"},
    {"training_run_months", "it had no effect (each lab's initial capability sets its efficiency): remove it"},
};

SourceMap load_with_hints(const std::string& path, google::protobuf::Message& message, const FileKind& kind) {
  try {
    return load_textproto(path, message, kind);
  } catch (const InputError& e) {
    const std::string what = e.what();
    for (const auto& [name, hint] : kReplacedFields) {
      if (what.find("no field named \"" + name + "\"") != std::string::npos) {
        throw InputError(e.where(), e.message() + " (" + name + " was replaced: " + hint + ")");
      }
    }
    throw;
  }
}

// throw_if_any, except that one problem alone keeps its location as the
// error's where (as the single error it replaces had it).
void throw_if_any_located(const std::vector<Problem>& problems) {
  if (problems.size() == 1) throw InputError(problems[0].where, problems[0].what);
  throw_if_any(problems);
}

// What load_scenario needs of the file at `path` itself, its base and
// supply file: when either is missing, every file it names that is missing,
// each at the line that names it (a copied scenario loses them all).
void check_named_files_exist(const std::string& path, const Scenario& scenario, const ParsedFile& self) {
  const std::string folder = fs::path(path).parent_path().string();
  std::vector<Problem> problems;
  bool needed_missing = false;
  for (const auto& [field, named] :
       {std::pair{"base", scenario.base()}, {"supply_config", scenario.supply_config()},
        {"world_data", scenario.world_data()}, {"world_config", scenario.world_config()},
        {"observed_adoption", scenario.observed_adoption()}}) {
    if (named.empty()) continue;
    const std::string where = self.find(field).empty() ? path : self.find(field);
    if (!path_exists(resolve(path, named), where)) {
      problems.push_back(
          {where, std::string(field) + " = \"" + named + "\": " + no_such_file(folder, named, "scenario")});
      needed_missing = needed_missing || std::string(field) == "base" || std::string(field) == "supply_config";
    }
  }
  // Otherwise the data files are checked once the scenario is whole (a
  // derived scenario or a --set may name others): check_data_files_exist.
  if (!needed_missing) return;
  throw_if_any_located(problems);
}

// Loads a scenario file (see load_scenario below).
void load_scenario(const std::string& path, Scenario& scenario, const std::vector<std::string>& chain,
                   ScenarioOrigins& origins);

// The fields, as paths under `path`, that `theirs` sets and `mine` leaves
// out, nested blocks included: neither set nor written (a 0 written out
// counts as given). Lists are not: a block's list replaces the base's, and
// a block without it (`access {}`) clears it.
void fields_left_out(const google::protobuf::Message& mine, const google::protobuf::Message& theirs,
                     const std::string& path, const ParsedFile& written, std::vector<std::string>& missing) {
  std::vector<const google::protobuf::FieldDescriptor*> in_base;
  theirs.GetReflection()->ListFields(theirs, &in_base);
  const auto* r = mine.GetReflection();
  for (const auto* sub : in_base) {
    const std::string at = path + "." + sub->name();
    if (!sub->is_repeated() && sub->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE &&
        r->HasField(mine, sub)) {
      fields_left_out(r->GetMessage(mine, sub), theirs.GetReflection()->GetMessage(theirs, sub), at, written, missing);
      continue;
    }
    if (sub->is_repeated()) continue;
    if (!r->HasField(mine, sub) && written.find(at).empty()) missing.push_back(at);
  }
}

// A block given over a base replaces the base's whole block: a block that
// gives some fields and leaves out others the base sets would run with
// those at 0 or empty (an `adoption { peer_weight: 0.8 }` turned every
// adoption rate off). Refused, naming what is left out; `policy` has its own
// rule (pre complete, levers as they change), and a supply from the
// scenario's own supply_config is whole.
void refuse_partial_blocks(const Scenario& scenario, const Scenario& base, const std::string& base_name,
                           const ScenarioOrigins& origins) {
  const auto* reflection = scenario.GetReflection();
  std::vector<Problem> problems;
  for (int i = 0; i < Scenario::descriptor()->field_count(); ++i) {
    const auto* field = Scenario::descriptor()->field(i);
    if (field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE || field->is_repeated() ||
        field->name() == "policy" || (field->name() == "supply" && !scenario.supply_config().empty()) ||
        !reflection->HasField(scenario, field) || !reflection->HasField(base, field))
      continue;
    const auto it = origins.top.find(field->name());
    if (it == origins.top.end()) continue;
    std::vector<std::string> missing;
    fields_left_out(reflection->GetMessage(scenario, field), reflection->GetMessage(base, field), field->name(),
                    it->second, missing);
    if (missing.empty()) continue;
    std::string list;
    for (const std::string& m : missing) list += (list.empty() ? "" : ", ") + m;
    const std::string copy = field->name() == "supply"
                                 ? "Name a supply_config in this scenario (its supply block is merged over that file)"
                                 : "Copy the base's " + field->name() + " block whole and change it";
    problems.push_back(
        {origins(field->name()), field->name() + " leaves out what its base " + base_name + " sets (" + list +
                                     "): a block given over a base replaces the base's whole block, so " +
                                     (missing.size() == 1 ? "it" : "they") + " would be 0 or empty. " + copy +
                                     ", or leave the block out and change single values with --set " + field->name() +
                                     ".FIELD=VALUE"});
  }
  throw_if_any(problems);
}

// Completes `scenario` (loaded from `path`) from the base scenario it names:
// each top-level field or block it leaves unset comes from the base. Paths in
// the base are rewritten relative to `path`. The base is validated first, so
// that its errors point into its own files.
void apply_base(const std::string& path, Scenario& scenario, const std::string& where, std::vector<std::string> chain,
                ScenarioOrigins& origins) {
  const std::string base_path = resolve(path, scenario.base());
  if (!path_exists(base_path, where)) {  // a directory or device is refused by the read, saying what it is
    throw InputError(where, "base = \"" + scenario.base() + "\": " +
                                no_such_file(fs::path(path).parent_path().string(), scenario.base(), "scenario"));
  }
  const std::string canonical = canonical_or_normal(base_path);
  for (const std::string& seen : chain) {
    if (seen == canonical)
      throw InputError(where, "base = \"" + scenario.base() + "\": scenarios name each other as base in a cycle");
  }
  chain.push_back(canonical);
  Scenario base;
  ScenarioOrigins base_origins;
  try {
    load_scenario(base_path, base, chain, base_origins);
  } catch (const InputError& e) {
    // A base that is a directory, a device, empty or too large is named by
    // its own path alone: say too which line of which scenario named it.
    // Errors inside the base keep their line there.
    if (e.where() != base_path) throw;
    throw InputError(where, "base = \"" + scenario.base() + "\": " + e.what());
  }
  std::vector<Problem> problems;
  check_ranges(base, base_origins, {}, problems);
  throw_if_any(problems);

  refuse_partial_blocks(scenario, base, scenario.base(), origins);

  const fs::path here = fs::absolute(fs::path(path)).parent_path();
  for (std::string* file : {base.mutable_world_data(), base.mutable_world_config(), base.mutable_observed_adoption(),
                            base.mutable_supply_config(), base.mutable_adoption_posterior()})
    if (!file->empty()) *file = fs::absolute(resolve(base_path, *file)).lexically_relative(here).generic_string();
  const auto* reflection = scenario.GetReflection();
  const auto* descriptor = scenario.GetDescriptor();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const auto* field = descriptor->field(i);
    if (reflection->HasField(scenario, field) || !reflection->HasField(base, field)) continue;
    // Only the kinds of top-level field the schema has: a new kind needs a
    // thought about what taking it from the base means.
    visit_field_type(*field, [&](auto tag) {
      using T = typename decltype(tag)::type;
      if constexpr (std::is_same_v<T, google::protobuf::Message>) {
        reflection->MutableMessage(&scenario, field)->CopyFrom(reflection->GetMessage(base, field));
      } else if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, std::uint64_t>) {
        set_value(scenario, *field, -1, get_value<T>(base, *field, -1));
      } else {
        throw std::logic_error("apply_base: no rule for top-level field " + field->name());
      }
    });
    if (const auto it = base_origins.top.find(field->name()); it != base_origins.top.end())
      origins.top[field->name()] = it->second;
    if (field->name() == "supply") origins.supply = base_origins.supply;
  }
  scenario.clear_base();
}

// Loads a scenario file: its own supply_config merged under its own supply
// block, then the base it names (recursively) for whatever it leaves unset.
void load_scenario(const std::string& path, Scenario& scenario, const std::vector<std::string>& chain,
                   ScenarioOrigins& origins) {
  auto source = std::make_shared<const SourceMap>(load_with_hints(path, scenario, kScenarioFile));
  const ParsedFile self{source, std::make_shared<const Scenario>(scenario)};
  origins.main_file = path;
  const auto* reflection = scenario.GetReflection();
  const auto* descriptor = scenario.GetDescriptor();
  // Fields written in the file, even with a default value (`name: ""`).
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const auto* field = descriptor->field(i);
    if (reflection->HasField(scenario, field) || !self.find(field->name()).empty()) origins.top[field->name()] = self;
  }
  check_named_files_exist(path, scenario, self);
  if (!scenario.supply_config().empty()) {
    const std::map<std::string, std::string> none;
    const ScenarioLocator at{origins, none};
    auto file = std::make_shared<stackrace::Supply>();
    auto file_source = std::make_shared<const SourceMap>(
        load_data_file(path, "supply_config", scenario.supply_config(), kSupplyFile, *file, at));
    stackrace::Supply merged = *file;
    source->merge_written(scenario, "supply", merged);
    *scenario.mutable_supply() = std::move(merged);
    origins.supply = ScenarioOrigins::Supply{{file_source, file}, self};
  }
  if (!scenario.base().empty())
    apply_base(path, scenario, self.find("base").empty() ? path : self.find("base"), chain, origins);
}

// Applies each --set in order, and records the value it gave each path.
void apply_overrides(const std::vector<std::string>& overrides, Scenario& scenario,
                     std::map<std::string, std::string>& overridden) {
  // Every bad --set is reported, not only the first: each stands on its own.
  std::vector<Problem> problems;
  for (const std::string& assignment : overrides) {
    try {
      const std::string path = apply_override(scenario, assignment);
      // These two name files that are read before any --set applies.
      if (path == "base" || path == "supply_config") {
        throw InputError("--set " + assignment, path +
                                                    " cannot be set from the command line: it names a file merged "
                                                    "before --set applies. Edit the scenario, or set single fields "
                                                    "(e.g. --set supply.lab[0].capex_musd_per_month=100)");
      }
      overridden[path] = assignment.substr(assignment.find('=') + 1);
    } catch (const InputError& e) {
      problems.push_back({e.where(), e.message()});
    }
  }
  throw_if_any_located(problems);
}

}  // namespace

std::string ScenarioLocator::operator()(const std::string& path) const {
  if (auto it = overridden.find(path); it != overridden.end()) return "--set " + path + "=" + it->second;
  return origins(path);
}

std::string ScenarioLocator::any(const std::vector<std::string>& paths) const {
  for (const std::string& path : paths)
    if (auto it = overridden.find(path); it != overridden.end()) return "--set " + path + "=" + it->second;
  return origins(paths.front());
}

void check_data_files_exist(const std::string& scenario_path, const Scenario& scenario,
                            const std::vector<std::string>& fields, const ScenarioLocator& at) {
  const std::string folder = fs::path(scenario_path).parent_path().string();
  std::vector<Problem> problems;
  for (const std::string& field : fields) {
    const auto* f = Scenario::descriptor()->FindFieldByName(field);
    const std::string named = scenario.GetReflection()->GetString(scenario, f);
    if (!named.empty() && !path_exists(resolve(scenario_path, named), at(field)))
      problems.push_back({at(field), field + " = \"" + named + "\": " + no_such_file(folder, named, "scenario")});
  }
  if (problems.size() > 1) throw_if_any(problems);  // one alone: load_data_file reports it
}

SourceMap load_data_file(const std::string& scenario_path, const std::string& field, const std::string& relative,
                         const FileKind& kind, google::protobuf::Message& message, const ScenarioLocator& at) {
  if (relative.empty()) throw InputError(at(field), field + " is empty: expected a path relative to the scenario file");
  const std::string path = resolve(scenario_path, relative);
  if (!path_exists(path, at(field))) {
    throw InputError(at(field), field + " = \"" + relative + "\": " +
                                    no_such_file(fs::path(scenario_path).parent_path().string(), relative, "scenario"));
  }
  SourceMap source;
  try {
    source = load_with_hints(path, message, kind);
  } catch (const InputError& e) {
    // A problem with the file as a whole (a directory, a device, empty, too
    // large) is named by the file alone: say too which field, of which
    // scenario or --set, named it. Errors inside the file keep their line.
    if (e.where() != path) throw;
    throw InputError(at(field), field + " = \"" + relative + "\": " + e.what());
  }
  std::vector<Problem> problems;
  check_ranges(message, source, {}, problems);
  throw_if_any(problems);
  return source;
}

void load_scenario_file(const std::string& path, Scenario& scenario) {
  ScenarioOrigins origins;
  load_scenario(path, scenario, {canonical_or_normal(path)}, origins);
}

AssembledScenario assemble_scenario(const std::string& path, const std::vector<std::string>& overrides,
                                    std::optional<std::uint64_t> adopters) {
  AssembledScenario assembled;
  auto origins = std::make_unique<ScenarioOrigins>();
  load_scenario(path, assembled.scenario, {canonical_or_normal(path)}, *origins);
  assembled.origins = std::move(origins);
  override_scenario(assembled, overrides, adopters);
  return assembled;
}

void override_scenario(AssembledScenario& assembled, const std::vector<std::string>& overrides,
                       std::optional<std::uint64_t> adopters) {
  apply_overrides(overrides, assembled.scenario, assembled.overridden);
  if (adopters) {
    assembled.scenario.mutable_population()->set_adopters(*adopters);
    assembled.overridden["population.adopters"] = std::to_string(*adopters) + " (--adopters)";
  }
}

}  // namespace stackrace
