#include "sim/spec.h"

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <type_traits>

#include "base/bounded_read.h"
#include "base/errors.h"
#include "base/field_locator.h"
#include "base/field_path.h"
#include "base/field_type.h"
#include "base/problems.h"
#include "base/range_check.h"
#include "base/set_override.h"
#include "base/textproto_parse.h"

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
    if (head == "supply" && supply && path.size() > 7 && path[6] == '.') return find_supply(path.substr(7));
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
};

SourceMap load_with_hints(const std::string& path, google::protobuf::Message& message, const FileKind& kind) {
  try {
    return load_textproto(path, message, kind);
  } catch (const InputError& e) {
    const std::string what = e.what();
    for (const auto& [name, hint] : kReplacedFields)
      if (what.find("no field named \"" + name + "\"") != std::string::npos)
        throw InputError(e.where(), what.substr(e.where().empty() ? 0 : e.where().size() + 2) + " (" + name +
                                        " was replaced: " + hint + ")");
    throw;
  }
}

// Where a scenario field is: its --set if it was overridden, else file:line:col.
struct ScenarioLocator {
  const FieldLocator& origins;
  const std::map<std::string, std::string>& overridden;
  std::string operator()(const std::string& path) const {
    if (auto it = overridden.find(path); it != overridden.end()) return "--set " + path + "=" + it->second;
    return origins(path);
  }
  // A problem that involves several fields: the --set of any of them, else
  // where the first is written.
  std::string any(const std::vector<std::string>& paths) const {
    for (const std::string& path : paths)
      if (auto it = overridden.find(path); it != overridden.end()) return "--set " + path + "=" + it->second;
    return origins(paths.front());
  }
};

Month parse_month_field(const std::string& text, const std::string& path, const ScenarioLocator& at,
                        std::vector<Problem>& problems) {
  Month m;
  if (!parse_month(text, m)) {
    problems.push_back({at(path), path + " = \"" + text + "\": expected a month as YYYY-MM, e.g. \"2025-01\""});
  }
  return m;
}

void check_horizon(Spec& spec, const ScenarioLocator& at, std::vector<Problem>& problems) {
  const Scenario& s = spec.scenario;
  const std::size_t before = problems.size();
  spec.start = parse_month_field(s.horizon().start_month(), "horizon.start_month", at, problems);
  spec.end = parse_month_field(s.horizon().end_month(), "horizon.end_month", at, problems);
  spec.calibration_h1 =
      parse_month_field(s.adoption().calibration_h1_month(), "adoption.calibration_h1_month", at, problems);
  spec.calibration_h2 =
      parse_month_field(s.adoption().calibration_h2_month(), "adoption.calibration_h2_month", at, problems);
  if (problems.size() != before) return;
  if (spec.end < spec.start)
    problems.push_back({at("horizon.end_month"),
                        "horizon.end_month " + spec.end.str() + " is before start_month " + spec.start.str()});
  spec.months = spec.end.index - spec.start.index + 1;
  if (spec.months > 1200) problems.push_back({at("horizon.end_month"), "horizon longer than 100 years"});
  if (!(spec.calibration_h1 < spec.calibration_h2))
    problems.push_back(
        {at("adoption.calibration_h2_month"), "calibration_h2_month must come after calibration_h1_month"});
  if (spec.calibration_h1 < spec.start)
    problems.push_back({at("adoption.calibration_h1_month"),
                        "calibration_h1_month " + spec.calibration_h1.str() + " is before the horizon start " +
                            spec.start.str() +
                            ": the run is initialised from the 2025 observations, so it must start "
                            "no later than the first calibration month"});
}

void check_population(const Spec& spec, const ScenarioLocator& at, std::vector<Problem>& problems) {
  const Population& p = spec.scenario.population();
  if (p.firm_share() + p.public_body_share() > 1)
    problems.push_back({at("population.firm_share"), "firm_share + public_body_share must not exceed 1"});
  if (!(p.income_bin_min_usd() < p.income_bin_max_usd()))
    problems.push_back({at("population.income_bin_max_usd"), "income_bin_max_usd must exceed income_bin_min_usd"});
  if (p.adopters() > 0xffffffffULL - 1)
    problems.push_back({at("population.adopters"), "at most 4294967294 adopters (32-bit ids)"});
}

void compile_access(Spec& spec, const ScenarioLocator& at, std::vector<Problem>& problems) {
  const Access& access = spec.scenario.access();
  spec.available.assign(spec.world.countries.size(), std::array<bool, kStackCount>{true, true, true, true, true});
  for (int i = 0; i < access.blocked_size(); ++i) {
    const Blocked& b = access.blocked(i);
    std::set<std::string> listed;
    for (int k = 0; k < b.iso3_size(); ++k) {
      const std::string field = item_path("access.blocked", i) + "." + item_path("iso3", k);
      const int c = spec.world.find(b.iso3(k));
      if (c < 0) {
        problems.push_back({at(field), "unknown ISO3 code '" + b.iso3(k) + "'"});
      } else if (!listed.insert(b.iso3(k)).second) {
        problems.push_back({at(field), "duplicate ISO3 code '" + b.iso3(k) + "' in this list"});
      } else {
        spec.available[c][b.stack()] = false;
      }
    }
  }
}

// A country reference in the supply side: known, and (for transit and host
// countries) not under the Tier 3 embargo.
int supply_country(const Spec& spec, const std::string& field, const std::string& iso3, bool tier3_allowed,
                   const ScenarioLocator& at, std::vector<Problem>& problems) {
  const int c = spec.world.find(iso3);
  if (c < 0) {
    problems.push_back({at(field), field + " = \"" + iso3 + "\": unknown ISO3 code"});
    return 0;
  }
  if (!tier3_allowed && spec.world.countries[c].export_tier == 3)
    problems.push_back(
        {at(field), field + " = \"" + iso3 + "\": a Tier 3 country cannot be a transit or host country"});
  return c;
}

template <typename Entries>
void check_names(const Entries& entries, const std::string& field, const ScenarioLocator& at,
                 std::vector<Problem>& problems) {
  std::map<std::string, int> first;  // name -> first entry with it
  for (int i = 0; i < entries.size(); ++i) {
    const std::string path = item_path(field, i) + ".name";
    if (entries.Get(i).name().empty()) {
      problems.push_back({at(path), path + " is empty: every entry needs a name"});
    } else if (const auto [it, added] = first.emplace(entries.Get(i).name(), i); !added) {
      problems.push_back({at.any({path, item_path(field, it->second) + ".name"}),
                          "duplicate name '" + entries.Get(i).name() + "' in " + field + " (entries " +
                              std::to_string(it->second) + " and " + std::to_string(i) + ")"});
    }
  }
}

void compile_supply(Spec& spec, const ScenarioLocator& at, std::vector<Problem>& problems) {
  const Supply& supply = spec.scenario.supply();
  SupplyIndex& index = spec.supply_index;
  check_names(supply.fab(), "supply.fab", at, problems);
  check_names(supply.lab(), "supply.lab", at, problems);
  check_names(supply.smuggler(), "supply.smuggler", at, problems);
  check_names(supply.remote_operator(), "supply.remote_operator", at, problems);

  std::array<bool, kStackCount> has_lab{};
  for (int i = 0; i < supply.lab_size(); ++i) {
    const Lab& lab = supply.lab(i);
    const std::string base = item_path("supply.lab", i);
    has_lab[lab.stack()] = true;
    index.lab_home.push_back(supply_country(spec, base + ".home_iso3", lab.home_iso3(), true, at, problems));
    if (lab.training_share() + lab.experiment_share() > 1)
      problems.push_back({at.any({base + ".experiment_share", base + ".training_share"}),
                          base + ": training_share + experiment_share must not exceed 1 (inference gets the rest)"});
  }
  for (int s = 0; s < kStackCount; ++s)
    if (!has_lab[s])
      problems.push_back({at("supply.lab"), "no lab serves stack " + Stack_Name(static_cast<Stack>(s)) +
                                                ": every stack needs at least one lab"});
  for (int i = 0; i < supply.smuggler_size(); ++i)
    index.smuggler_transit.push_back(supply_country(spec, item_path("supply.smuggler", i) + ".transit_iso3",
                                                    supply.smuggler(i).transit_iso3(), false, at, problems));
  for (int i = 0; i < supply.remote_operator_size(); ++i)
    index.operator_host.push_back(supply_country(spec, item_path("supply.remote_operator", i) + ".host_iso3",
                                                 supply.remote_operator(i).host_iso3(), false, at, problems));

  auto find_fab = [&](const std::string& field, const std::string& name, Bloc bloc) {
    for (int f = 0; f < supply.fab_size(); ++f)
      if (supply.fab(f).name() == name) {
        if (supply.fab(f).bloc() != bloc)
          problems.push_back({at.any({field, item_path("supply.fab", f) + ".bloc"}),
                              field + " = \"" + name + "\": expected a fab of bloc " + Bloc_Name(bloc)});
        return f;
      }
    problems.push_back({at(field), field + " = \"" + name + "\": no fab of that name in supply.fab"});
    return 0;
  };
  index.nvidia_fab = find_fab("supply.nvidia_fab", supply.nvidia_fab(), US_ALLIED);
  index.huawei_fab = find_fab("supply.huawei_fab", supply.huawei_fab(), CHINA);
  index.policy_start = parse_month_field(spec.scenario.policy().start_month(), "policy.start_month", at, problems);
  // Before start_month every lever needs a value; the Tier 2 cap may be absent (no cap).
  const PolicyLevers& pre = spec.scenario.policy().pre();
  const auto* levers = PolicyLevers::descriptor();
  for (int i = 0; i < levers->field_count(); ++i) {
    const auto* field = levers->field(i);
    if (field->number() == PolicyLevers::kTier2CapH100EPerCountryMonthFieldNumber) continue;
    if (!pre.GetReflection()->HasField(pre, field))
      problems.push_back({at("policy.pre"), "policy.pre." + field->name() +
                                                " is not set: the levers before policy.start_month need every field "
                                                "but tier2_cap_h100e_per_country_month (docs/levers.md)"});
  }
}

// Loads a scenario file (see load_scenario below).
void load_scenario(const std::string& path, Scenario& scenario, const std::vector<std::string>& chain,
                   ScenarioOrigins& origins);

// Completes `scenario` (loaded from `path`) from the base scenario it names:
// each top-level field or block it leaves unset comes from the base. Paths in
// the base are rewritten relative to `path`. The base is validated first, so
// that its errors point into its own files.
void apply_base(const std::string& path, Scenario& scenario, const std::string& where, std::vector<std::string> chain,
                ScenarioOrigins& origins) {
  const std::string base_path = resolve(path, scenario.base());
  if (!fs::is_regular_file(base_path))
    throw InputError(where, "base = \"" + scenario.base() + "\": no such file (" + base_path + ")");
  const std::string canonical = fs::weakly_canonical(base_path).string();
  for (const std::string& seen : chain)
    if (seen == canonical)
      throw InputError(where, "base = \"" + scenario.base() + "\": scenarios name each other as base in a cycle");
  chain.push_back(canonical);
  Scenario base;
  ScenarioOrigins base_origins;
  load_scenario(base_path, base, chain, base_origins);
  std::vector<Problem> problems;
  check_ranges(base, base_origins, {}, problems);
  throw_if_any(problems);

  const fs::path here = fs::absolute(fs::path(path)).parent_path();
  for (std::string* file : {base.mutable_world_data(), base.mutable_world_config(), base.mutable_observed_adoption(),
                            base.mutable_supply_config()})
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
      if constexpr (std::is_same_v<T, google::protobuf::Message>)
        reflection->MutableMessage(&scenario, field)->CopyFrom(reflection->GetMessage(base, field));
      else if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, std::uint64_t>)
        set_value(scenario, *field, -1, get_value<T>(base, *field, -1));
      else
        throw std::logic_error("apply_base: no rule for top-level field " + field->name());
    });
    if (const auto it = base_origins.top.find(field->name()); it != base_origins.top.end())
      origins.top[field->name()] = it->second;
    if (field->name() == "supply") origins.supply = base_origins.supply;
  }
  scenario.clear_base();
}

template <typename Message>
SourceMap load_data(const std::string& scenario_path, const std::string& field, const std::string& relative,
                    const FileKind& kind, Message& message, const ScenarioLocator& at) {
  if (relative.empty()) throw InputError(at(field), field + " is empty: expected a path relative to the scenario file");
  const std::string path = resolve(scenario_path, relative);
  if (!fs::is_regular_file(path))
    throw InputError(at(field), field + " = \"" + relative + "\": no such file (" + path + ")");
  SourceMap source = load_with_hints(path, message, kind);
  std::vector<Problem> problems;
  check_ranges(message, source, {}, problems);
  throw_if_any(problems);
  return source;
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
  if (!scenario.supply_config().empty()) {
    const std::map<std::string, std::string> none;
    const ScenarioLocator at{origins, none};
    auto file = std::make_shared<stackrace::Supply>();
    auto file_source = std::make_shared<const SourceMap>(
        load_data(path, "supply_config", scenario.supply_config(), kSupplyFile, *file, at));
    stackrace::Supply merged = *file;
    source->merge_written(scenario, "supply", merged);
    *scenario.mutable_supply() = std::move(merged);
    origins.supply = ScenarioOrigins::Supply{{file_source, file}, self};
  }
  if (!scenario.base().empty())
    apply_base(path, scenario, self.find("base").empty() ? path : self.find("base"), chain, origins);
}

}  // namespace

void load_scenario_file(const std::string& path, Scenario& scenario) {
  ScenarioOrigins origins;
  load_scenario(path, scenario, {fs::weakly_canonical(path).string()}, origins);
}

Spec load_spec(const std::string& scenario_path, const SpecOptions& options) {
  Spec spec;
  spec.config_path = scenario_path;
  spec.overrides = options.overrides;
  ScenarioOrigins origins;
  load_scenario(scenario_path, spec.scenario, {fs::weakly_canonical(scenario_path).string()}, origins);

  std::map<std::string, std::string> overridden;
  for (const std::string& assignment : options.overrides) {
    const std::string path = apply_override(spec.scenario, assignment);
    // These two name files that are read before any --set applies.
    if (path == "base" || path == "supply_config")
      throw InputError("--set " + assignment, path +
                                                  " cannot be set from the command line: it names a file merged "
                                                  "before --set applies. Edit the scenario, or set single fields "
                                                  "(e.g. --set supply.lab[0].capex_musd_per_month=100)");
    overridden[path] = assignment.substr(assignment.find('=') + 1);
  }
  if (options.adopters) {
    spec.scenario.mutable_population()->set_adopters(*options.adopters);
    overridden["population.adopters"] = std::to_string(*options.adopters) + " (--adopters)";
  }
  const ScenarioLocator at{origins, overridden};

  // Without any supply every supply field fails its range: say the cause once.
  const Supply& supply = spec.scenario.supply();
  if (supply.fab_size() == 0 && supply.lab_size() == 0)
    throw InputError(at("supply"),
                     "the scenario has no supply side (no fab, no lab): name a supply file in "
                     "supply_config (e.g. configs/supply/world_supply.textproto), or write a supply "
                     "block; a scenario's own supply block replaces its base's whole");

  std::vector<Problem> problems;
  check_ranges(spec.scenario, origins, overridden, problems);
  check_horizon(spec, at, problems);
  check_population(spec, at, problems);
  throw_if_any(problems);

  WorldData data;
  WorldConfig config;
  ObservedAdoption observed;
  const Scenario& s = spec.scenario;
  const SourceMap data_source = load_data(scenario_path, "world_data", s.world_data(), kWorldDataFile, data, at);
  const SourceMap config_source =
      load_data(scenario_path, "world_config", s.world_config(), kWorldConfigFile, config, at);
  const SourceMap observed_source =
      load_data(scenario_path, "observed_adoption", s.observed_adoption(), kObservedFile, observed, at);
  spec.world = build_world({data, data_source, config, config_source, observed, observed_source}, problems);
  throw_if_any(problems);

  compile_access(spec, at, problems);
  compile_supply(spec, at, problems);
  throw_if_any(problems);
  return spec;
}

}  // namespace stackrace
