#include "sim/spec.h"

#include <cstdint>
#include <limits>
#include <map>
#include <utility>

#include "base/errors.h"
#include "base/field_locator.h"
#include "base/field_path.h"
#include "base/months.h"
#include "base/problems.h"
#include "base/range_check.h"
#include "base/set_override.h"
#include "base/stacks.h"
#include "base/state_archive.h"
#include "base/textproto_parse.h"
#include "sim/scenario_files.h"

namespace stackrace {

namespace {

// A horizon beyond this is a typo in a year, not a scenario the model means.
constexpr int kMaxHorizonYears = 100;

Month parse_month_field(const std::string& text, const std::string& path, const ScenarioLocator& at,
                        std::vector<Problem>& problems) {
  Month m;
  if (!parse_month(text, m)) {
    problems.push_back({at(path), path + " = \"" + text + "\": expected " + kMonthExpected + ", e.g. \"2025-01\""});
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
  const std::string& data_text = s.supply().data_month();
  Month data;
  if (!data_text.empty()) data = parse_month_field(data_text, "supply.data_month", at, problems);
  if (!s.supply().projection_end_month().empty()) {
    spec.projection_end =
        parse_month_field(s.supply().projection_end_month(), "supply.projection_end_month", at, problems);
  }
  if (problems.size() != before) return;
  if (!data_text.empty() && spec.start != data) {
    problems.push_back({at.any({"horizon.start_month", "supply.data_month"}),
                        "horizon.start_month " + spec.start.str() + " is not the supply data's month " + data.str() +
                            " (supply.data_month): the run starts from the fleets, capabilities and prices of the "
                            "start of " +
                            data.str() + ", so it must start then"});
  }
  if (spec.projection_end && *spec.projection_end < spec.start) {
    problems.push_back({at("supply.projection_end_month"),
                        "supply.projection_end_month " + spec.projection_end->str() + " is before the horizon start " +
                            spec.start.str() +
                            ": expected the last month the supply side's growth rates are drawn for"});
  }
  if (spec.end < spec.start) {
    problems.push_back({at.any({"horizon.end_month", "horizon.start_month"}),
                        "horizon.end_month " + spec.end.str() + " is before start_month " + spec.start.str()});
  }
  spec.months = spec.end.index - spec.start.index + 1;
  if (spec.months > kMaxHorizonYears * kMonthsPerYear) {
    problems.push_back({at.any({"horizon.end_month", "horizon.start_month"}),
                        "horizon longer than " + std::to_string(kMaxHorizonYears) + " years"});
  }
  if (!(spec.calibration_h1 < spec.calibration_h2)) {
    problems.push_back({at.any({"adoption.calibration_h2_month", "adoption.calibration_h1_month"}),
                        "calibration_h2_month must come after calibration_h1_month"});
  }
  if (spec.calibration_h1 < spec.start) {
    problems.push_back({at.any({"adoption.calibration_h1_month", "horizon.start_month"}),
                        "calibration_h1_month " + spec.calibration_h1.str() + " is before the horizon start " +
                            spec.start.str() +
                            ": the run is initialised from the 2025 observations, so it must start "
                            "no later than the first calibration month"});
  }
}

void check_population(const Spec& spec, const ScenarioLocator& at, std::vector<Problem>& problems) {
  const Population& p = spec.scenario.population();
  if (p.firm_share() + p.public_body_share() > 1) {
    problems.push_back({at.any({"population.firm_share", "population.public_body_share"}),
                        "firm_share + public_body_share must not exceed 1"});
  }
  if (!(p.income_bin_min_usd() < p.income_bin_max_usd())) {
    problems.push_back({at.any({"population.income_bin_max_usd", "population.income_bin_min_usd"}),
                        "income_bin_max_usd must exceed income_bin_min_usd"});
  }
  if (p.adopters() > std::numeric_limits<std::uint32_t>::max() - 1ULL)
    problems.push_back({at("population.adopters"), "at most 4294967294 adopters (32-bit ids)"});
}

void compile_access(Spec& spec, const World& world, const ScenarioLocator& at, std::vector<Problem>& problems) {
  const Access& access = spec.scenario.access();
  spec.available.assign(world.countries.size(), std::array<bool, kStackCount>{true, true, true, true, true});
  for (int i = 0; i < access.blocked_size(); ++i) {
    const Blocked& b = access.blocked(i);
    const std::string base = item_path("access.blocked", i);
    Spec::DatedBlock dated{spec.start, b.stack(), {}};
    if (!b.from_month().empty()) dated.from = parse_month_field(b.from_month(), base + ".from_month", at, problems);
    std::map<std::string, int> listed;  // code -> its first index
    for (int k = 0; k < b.iso3_size(); ++k) {
      const std::string field = base + "." + item_path("iso3", k);
      const int c = world.find(b.iso3(k));
      if (c < 0) {
        problems.push_back({at(field), "unknown ISO3 code '" + b.iso3(k) + "'"});
      } else if (const auto [first, fresh] = listed.emplace(b.iso3(k), k); !fresh) {
        // A --set that made either copy is named, not the file's line.
        problems.push_back({at.any({field, base + "." + item_path("iso3", first->second)}),
                            "duplicate ISO3 code '" + b.iso3(k) + "' in " + base + ".iso3"});
      } else if (spec.start < dated.from) {
        dated.countries.push_back(c);
      } else {
        spec.available[c][b.stack()] = false;
      }
    }
    if (!dated.countries.empty()) spec.dated_blocks.push_back(std::move(dated));
  }
}

// A country reference in the supply side: known, and (for transit and host
// countries) not under the Tier 3 embargo.
int supply_country(const World& world, const std::string& field, const std::string& iso3, bool tier3_allowed,
                   const ScenarioLocator& at, std::vector<Problem>& problems) {
  const int c = world.find(iso3);
  if (c < 0) {
    problems.push_back({at(field), field + " = \"" + iso3 + "\": unknown ISO3 code"});
    return 0;
  }
  if (!tier3_allowed && world.countries[c].export_tier == 3) {
    problems.push_back(
        {at(field), field + " = \"" + iso3 + "\": a Tier 3 country cannot be a transit or host country"});
  }
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

// Labs: a known home country each, training and experiments that leave
// inference its share, and at least one lab for every stack.
void index_labs(Spec& spec, const World& world, const ScenarioLocator& at, std::vector<Problem>& problems) {
  const Supply& supply = spec.scenario.supply();
  std::array<bool, kStackCount> has_lab{};
  for (int i = 0; i < supply.lab_size(); ++i) {
    const Lab& lab = supply.lab(i);
    const std::string base = item_path("supply.lab", i);
    has_lab[lab.stack()] = true;
    spec.supply_index.lab_home.push_back(
        supply_country(world, base + ".home_iso3", lab.home_iso3(), true, at, problems));
    // A bloc's lab in the other bloc's territory would make the country both
    // blocs' home.
    const int home = spec.supply_index.lab_home.back();
    if (home >= 0) {
      const Country& c = world.countries[static_cast<std::size_t>(home)];
      if ((is_us_stack(lab.stack()) && c.cn_territory) || (is_cn_stack(lab.stack()) && c.us_territory)) {
        problems.push_back({at(base + ".home_iso3"), base + ": a " + Stack_Name(lab.stack()) + " lab's home " + c.iso3 +
                                                         " is the other bloc's territory (world config "
                                                         "territories)"});
      }
    }
    if (lab.training_share() + lab.experiment_share() > 1) {
      problems.push_back({at.any({base + ".experiment_share", base + ".training_share"}),
                          base + ": training_share + experiment_share must not exceed 1 (inference gets the rest)"});
    }
  }
  for (int s = 0; s < kStackCount; ++s) {
    if (!has_lab[s]) {
      problems.push_back({at("supply.lab"), "no lab serves stack " + Stack_Name(static_cast<Stack>(s)) +
                                                ": every stack needs at least one lab"});
    }
  }
}

// Smugglers' transit and remote operators' host countries: known, and not
// under the Tier 3 embargo.
void index_transits_and_hosts(Spec& spec, const World& world, const ScenarioLocator& at,
                              std::vector<Problem>& problems) {
  const Supply& supply = spec.scenario.supply();
  SupplyIndex& index = spec.supply_index;
  for (int i = 0; i < supply.smuggler_size(); ++i) {
    index.smuggler_transit.push_back(supply_country(world, item_path("supply.smuggler", i) + ".transit_iso3",
                                                    supply.smuggler(i).transit_iso3(), false, at, problems));
  }
  for (int i = 0; i < supply.remote_operator_size(); ++i) {
    index.operator_host.push_back(supply_country(world, item_path("supply.remote_operator", i) + ".host_iso3",
                                                 supply.remote_operator(i).host_iso3(), false, at, problems));
  }
}

// The index of the fab named `name` (by the field `field`), which must be of
// `bloc`; 0, with a problem, when supply.fab has no such fab.
int find_fab(const Supply& supply, const std::string& field, const std::string& name, Bloc bloc,
             const ScenarioLocator& at, std::vector<Problem>& problems) {
  for (int f = 0; f < supply.fab_size(); ++f) {
    if (supply.fab(f).name() == name) {
      if (supply.fab(f).bloc() != bloc) {
        problems.push_back({at.any({field, item_path("supply.fab", f) + ".bloc"}),
                            field + " = \"" + name + "\": expected a fab of bloc " + Bloc_Name(bloc)});
      }
      return f;
    }
  }
  problems.push_back({at(field), field + " = \"" + name + "\": no fab of that name in supply.fab"});
  return 0;
}

// The month the policy takes effect, and the levers before it.
void compile_policy(Spec& spec, const ScenarioLocator& at, std::vector<Problem>& problems) {
  spec.supply_index.policy_start =
      parse_month_field(spec.scenario.policy().start_month(), "policy.start_month", at, problems);
  // Before start_month every lever needs a value; the Tier 2 cap may be absent (no cap).
  const PolicyLevers& pre = spec.scenario.policy().pre();
  const auto* levers = PolicyLevers::descriptor();
  std::vector<const google::protobuf::FieldDescriptor*> set;
  pre.GetReflection()->ListFields(pre, &set);
  if (set.empty()) {
    // No pre at all: most often a policy block given over a base scenario,
    // which replaces the base's whole policy. One error, not one a lever.
    const std::string pre_at = at.origins.find("policy.pre");
    const bool over_base = !at.origins.find("base").empty();  // the base field is cleared once applied
    problems.push_back({pre_at.empty() ? at("policy") : pre_at,
                        std::string("policy.pre is not set: the levers before policy.start_month need a value each (") +
                            (over_base ? "a scenario's policy block replaces its base's whole policy, so copy the "
                                         "base's pre block into it; "
                                       : "") +
                            "docs/levers.md)"});
    return;
  }
  for (int i = 0; i < levers->field_count(); ++i) {
    const auto* field = levers->field(i);
    if (field->number() == PolicyLevers::kTier2CapH100EPerCountryMonthFieldNumber) continue;
    if (!pre.GetReflection()->HasField(pre, field)) {
      problems.push_back({at("policy.pre"), "policy.pre." + field->name() +
                                                " is not set: the levers before policy.start_month need every field "
                                                "but tier2_cap_h100e_per_country_month (docs/levers.md)"});
    }
  }
}

// Dated changes: each month parses, is not before the horizon (the levers
// of the first month are pre's), and comes after the one before it, so that
// which change wins is never in doubt. A change after the horizon's end is
// allowed (a run shortened with --set horizon.end_month): it never applies.
void compile_policy_changes(Spec& spec, const ScenarioLocator& at, std::vector<Problem>& problems) {
  const Policy& policy = spec.scenario.policy();
  spec.supply_index.change_months.clear();
  for (int i = 0; i < policy.change_size(); ++i) {
    const std::string path = item_path("policy.change", i) + ".month";
    const std::size_t before = problems.size();
    const Month m = parse_month_field(policy.change(i).month(), path, at, problems);
    if (problems.size() != before) continue;
    if (m < spec.start) {
      problems.push_back({at.any({path, "horizon.start_month"}),
                          path + " = \"" + m.str() + "\": before the horizon's start " + spec.start.str() +
                              " (the levers in force from the start are policy.pre)"});
    } else if (!spec.supply_index.change_months.empty() && !(spec.supply_index.change_months.back() < m)) {
      const Month last = spec.supply_index.change_months.back();
      problems.push_back({at(path), path + " = \"" + m.str() + "\": " +
                                        (last == m ? "the same month as the change before it (give each month once, "
                                                     "with every lever that changes then)"
                                                   : "before the change before it (" + last.str() +
                                                         "): changes must be in month order")});
    }
    spec.supply_index.change_months.push_back(m);
  }
}

void compile_supply(Spec& spec, const World& world, const ScenarioLocator& at, std::vector<Problem>& problems) {
  const Supply& supply = spec.scenario.supply();
  check_names(supply.fab(), "supply.fab", at, problems);
  check_names(supply.lab(), "supply.lab", at, problems);
  check_names(supply.smuggler(), "supply.smuggler", at, problems);
  check_names(supply.remote_operator(), "supply.remote_operator", at, problems);
  index_labs(spec, world, at, problems);
  index_transits_and_hosts(spec, world, at, problems);
  spec.supply_index.nvidia_fab = find_fab(supply, "supply.nvidia_fab", supply.nvidia_fab(), US_ALLIED, at, problems);
  spec.supply_index.huawei_fab = find_fab(supply, "supply.huawei_fab", supply.huawei_fab(), CHINA, at, problems);
  compile_policy(spec, at, problems);
  compile_policy_changes(spec, at, problems);
}

// Without any supply every supply field fails its range: say the cause once.
void check_has_supply(const Scenario& scenario, const ScenarioLocator& at) {
  const Supply& supply = scenario.supply();
  if (supply.fab_size() == 0 && supply.lab_size() == 0) {
    throw InputError(at("supply"),
                     "the scenario has no supply side (no fab, no lab): name a supply file in "
                     "supply_config (e.g. configs/supply/world_supply.textproto), or write a supply "
                     "block; a scenario's own supply block replaces its base's whole");
  }
}

// The world built from the data files the scenario names.
// The parsed world files, serialised (comments and layout do not count,
// values do; the messages have no map fields, so their bytes are the same
// for the same values).
std::uint64_t world_files_digest(const WorldData& data, const WorldConfig& config, const ObservedAdoption& observed) {
  std::uint64_t h = digest_bytes(data.SerializeAsString());
  h = digest_bytes(config.SerializeAsString(), h);
  return digest_bytes(observed.SerializeAsString(), h);
}

World load_world(const std::string& scenario_path, const Scenario& s, const ScenarioLocator& at,
                 std::vector<Problem>& problems) {
  WorldData data;
  WorldConfig config;
  ObservedAdoption observed;
  check_data_files_exist(scenario_path, s, {"world_data", "world_config", "observed_adoption"}, at);
  const SourceMap data_source = load_data_file(scenario_path, "world_data", s.world_data(), kWorldDataFile, data, at);
  const SourceMap config_source =
      load_data_file(scenario_path, "world_config", s.world_config(), kWorldConfigFile, config, at);
  const SourceMap observed_source =
      load_data_file(scenario_path, "observed_adoption", s.observed_adoption(), kObservedFile, observed, at);
  World world = build_world({data, data_source, config, config_source, observed, observed_source}, problems);
  world.digest = world_files_digest(data, config, observed);
  return world;
}

// The data files a scenario names: the world is built from these alone.
bool same_data_files(const Scenario& a, const Scenario& b) {
  return a.world_data() == b.world_data() && a.world_config() == b.world_config() &&
         a.observed_adoption() == b.observed_adoption();
}

// The checks of load_spec on spec.scenario, an assembled scenario whose
// fields `assembled` locates, and its compilation into `spec`. `world` is the
// world of the scenario's data files, or null to build it into spec.world.
void validate(Spec& spec, const AssembledScenario& assembled, const World* world) {
  const ScenarioLocator at = assembled.locator();
  check_has_supply(spec.scenario, at);

  std::vector<Problem> problems;
  check_ranges(spec.scenario, *assembled.origins, assembled.overridden, problems);
  check_horizon(spec, at, problems);
  check_population(spec, at, problems);
  throw_if_any(problems);

  if (!world) {
    spec.world = load_world(spec.config_path, spec.scenario, at, problems);
    throw_if_any(problems);
    world = &spec.world;
  }
  compile_access(spec, *world, at, problems);
  compile_supply(spec, *world, at, problems);
  throw_if_any(problems);
}

// Moves a branch's --set of levers into a dated change (SpecBranch).
void add_branch_change(AssembledScenario& assembled, const SpecBranch& branch) {
  if (branch.sets.empty()) return;
  Scenario probe = assembled.scenario;
  probe.mutable_policy()->clear_levers();
  std::map<std::string, std::string> overridden = assembled.overridden;
  for (const std::string& set : branch.sets) {
    const std::string path = apply_override(probe, set);
    if (!path.starts_with("policy.levers.")) {
      throw InputError("--set " + set,
                       "a branch (--from) changes levers only, as policy.levers.FIELD=VALUE: the rest of the "
                       "scenario is the checkpoint's");
    }
    overridden[path] = set.substr(set.find('=') + 1);
  }
  std::vector<Problem> problems;
  check_ranges(probe, *assembled.origins, overridden, problems);
  throw_if_any(problems);
  Policy& policy = *assembled.scenario.mutable_policy();
  for (PolicyChange& change : *policy.mutable_change()) {
    Month m;
    if (parse_month(change.month(), m) && m == branch.month) {
      change.mutable_levers()->MergeFrom(probe.policy().levers());
      return;
    }
  }
  // Into its place in month order (after every change that is not later).
  PolicyChange* added = policy.add_change();
  added->set_month(branch.month.str());
  *added->mutable_levers() = probe.policy().levers();
  for (int i = policy.change_size() - 1; i > 0; --i) {
    Month before;
    if (!parse_month(policy.change(i - 1).month(), before) || !(branch.month < before)) break;
    policy.mutable_change()->SwapElements(i - 1, i);
  }
}

}  // namespace

std::string horizon_warning(const Spec& spec) {
  if (!spec.projection_end || !(*spec.projection_end < spec.end)) return "";
  return "warning: horizon.end_month " + spec.end.str() + " is past supply.projection_end_month " +
         spec.projection_end->str() + ": the supply side's growth rates are drawn for the years up to then and " +
         "compound without limit after it, so later months are extrapolation (docs/model.md)";
}

Spec load_spec(const std::string& scenario_path, const SpecOptions& options, const std::vector<SpecBranch>& branches) {
  AssembledScenario assembled = assemble_scenario(scenario_path, options.overrides, options.adopters);
  for (const SpecBranch& branch : branches) add_branch_change(assembled, branch);
  Spec spec;
  spec.config_path = scenario_path;
  spec.overrides = options.overrides;
  spec.branches = branches;
  spec.scenario = std::move(assembled.scenario);
  validate(spec, assembled, nullptr);
  return spec;
}

SpecVariants::SpecVariants(const std::string& scenario_path, const SpecOptions& options)
    : assembled_(assemble_scenario(scenario_path, options.overrides, options.adopters)), adopters_(options.adopters) {
  base_.config_path = scenario_path;
  base_.overrides = options.overrides;
  base_.scenario = assembled_.scenario;
  validate(base_, assembled_, nullptr);
}

void SpecVariants::check(const std::vector<std::string>& overrides) const {
  AssembledScenario variant = assembled_;
  // --adopters applies after every --set, as in load_spec.
  override_scenario(variant, overrides, adopters_);
  Spec spec;
  spec.config_path = base_.config_path;
  const bool same_world = same_data_files(variant.scenario, base_.scenario);
  spec.scenario = std::move(variant.scenario);
  validate(spec, variant, same_world ? &base_.world : nullptr);
}

}  // namespace stackrace
