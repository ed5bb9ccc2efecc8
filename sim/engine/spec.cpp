#include "spec.h"

#include <filesystem>
#include <map>
#include <set>

#include "errors.h"
#include "textproto.h"

namespace stackrace {

namespace fs = std::filesystem;

namespace {

std::string item(const std::string& field, int i) { return field + "[" + std::to_string(i) + "]"; }

std::string resolve(const std::string& scenario_path, const std::string& relative) {
  const fs::path p(relative);
  if (p.is_absolute()) return p.string();
  return (fs::path(scenario_path).parent_path() / p).lexically_normal().string();
}

// Where a scenario field is: its --set if it was overridden, else file:line:col.
struct ScenarioLocator {
  const Scenario& scenario;
  const SourceMap& source;
  const std::map<std::string, std::string>& overridden;
  std::string operator()(const std::string& path) const {
    if (auto it = overridden.find(path); it != overridden.end()) return "--set " + path + "=" + it->second;
    return source.locate(scenario, path);
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
  spec.calibration_h1 = parse_month_field(s.adoption().calibration_h1_month(), "adoption.calibration_h1_month", at, problems);
  spec.calibration_h2 = parse_month_field(s.adoption().calibration_h2_month(), "adoption.calibration_h2_month", at, problems);
  if (problems.size() != before) return;
  if (spec.end < spec.start)
    problems.push_back({at("horizon.end_month"), "horizon.end_month " + spec.end.str() + " is before start_month " +
                                                     spec.start.str()});
  spec.months = spec.end.index - spec.start.index + 1;
  if (spec.months > 1200) problems.push_back({at("horizon.end_month"), "horizon longer than 100 years"});
  if (!(spec.calibration_h1 < spec.calibration_h2))
    problems.push_back({at("adoption.calibration_h2_month"), "calibration_h2_month must come after calibration_h1_month"});
  if (spec.calibration_h1 < spec.start)
    problems.push_back({at("adoption.calibration_h1_month"),
                        "calibration_h1_month " + spec.calibration_h1.str() + " is before the horizon start " +
                            spec.start.str() + ": the run is initialised from the 2025 observations, so it must start "
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

void compile_supply(Spec& spec, const ScenarioLocator& at, std::vector<Problem>& problems) {
  const SupplyPath& path = spec.scenario.supply_path();
  std::array<bool, kStackCount> seen{};
  for (int i = 0; i < path.stack_size(); ++i) {
    const StackPath& sp = path.stack(i);
    const std::string base = item("supply_path.stack", i);
    if (seen[sp.stack()]) {
      problems.push_back({at(base + ".stack"), "duplicate supply path for stack " + Stack_Name(sp.stack())});
      continue;
    }
    seen[sp.stack()] = true;
    if (sp.point_size() == 0) problems.push_back({at(base), "supply path for " + Stack_Name(sp.stack()) + " has no point"});
    auto& knots = spec.supply.knots[sp.stack()];
    for (int k = 0; k < sp.point_size(); ++k) {
      const std::string field = base + "." + item("point", k) + ".month";
      Month m;
      if (!parse_month(sp.point(k).month(), m)) {
        problems.push_back({at(field), "\"" + sp.point(k).month() + "\": expected a month as YYYY-MM"});
        continue;
      }
      if (!knots.empty() && m.index <= knots.back().month) {
        problems.push_back({at(field), "points must be in increasing month order"});
        continue;
      }
      knots.push_back({m.index, sp.point(k).capability_log10_flop(), sp.point(k).price_usd_per_mtok()});
    }
  }
  for (int s = 0; s < kStackCount; ++s)
    if (!seen[s])
      problems.push_back({at("supply_path"), "no supply path for stack " + Stack_Name(static_cast<Stack>(s))});

  spec.available.assign(spec.world.countries.size(), std::array<bool, kStackCount>{true, true, true, true, true});
  for (int i = 0; i < path.blocked_size(); ++i) {
    const Blocked& b = path.blocked(i);
    std::set<std::string> listed;
    for (int k = 0; k < b.iso3_size(); ++k) {
      const std::string field = item("supply_path.blocked", i) + "." + item("iso3", k);
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

template <typename Message>
SourceMap load_data(const std::string& scenario_path, const std::string& field, const std::string& relative,
                    Message& message, const ScenarioLocator& at) {
  if (relative.empty()) throw InputError(at(field), field + " is empty: expected a path relative to the scenario file");
  const std::string path = resolve(scenario_path, relative);
  if (!fs::is_regular_file(path))
    throw InputError(at(field), field + " = \"" + relative + "\": no such file (" + path + ")");
  SourceMap source = load_textproto(path, message);
  std::vector<Problem> problems;
  check_ranges(message, source, {}, problems);
  throw_if_any(problems);
  return source;
}

}  // namespace

Spec load_spec(const std::string& scenario_path, const SpecOptions& options) {
  Spec spec;
  spec.config_path = scenario_path;
  spec.overrides = options.overrides;
  const SourceMap source = load_textproto(scenario_path, spec.scenario);

  std::map<std::string, std::string> overridden;
  for (const std::string& assignment : options.overrides) {
    const std::string path = apply_override(spec.scenario, assignment);
    overridden[path] = assignment.substr(assignment.find('=') + 1);
  }
  if (options.adopters) {
    spec.scenario.mutable_population()->set_adopters(*options.adopters);
    overridden["population.adopters"] = std::to_string(*options.adopters) + " (--adopters)";
  }
  const ScenarioLocator at{spec.scenario, source, overridden};

  std::vector<Problem> problems;
  check_ranges(spec.scenario, source, overridden, problems);
  check_horizon(spec, at, problems);
  check_population(spec, at, problems);
  throw_if_any(problems);

  WorldData data;
  WorldConfig config;
  ObservedAdoption observed;
  const Scenario& s = spec.scenario;
  const SourceMap data_source = load_data(scenario_path, "world_data", s.world_data(), data, at);
  const SourceMap config_source = load_data(scenario_path, "world_config", s.world_config(), config, at);
  const SourceMap observed_source = load_data(scenario_path, "observed_adoption", s.observed_adoption(), observed, at);
  spec.world = build_world({data, data_source, config, config_source, observed, observed_source}, problems);
  throw_if_any(problems);

  compile_supply(spec, at, problems);
  throw_if_any(problems);
  return spec;
}

}  // namespace stackrace
