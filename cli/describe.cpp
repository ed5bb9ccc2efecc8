#include "cli/describe.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/text_format.h>

#include <filesystem>
#include <iomanip>
#include <map>
#include <ostream>
#include <sstream>
#include <string>

#include "base/bounded_read.h"
#include "base/field_path.h"
#include "base/field_walk.h"
#include "base/proto/world_config.pb.h"
#include "base/range_check.h"
#include "base/textproto_parse.h"

namespace stackrace {

namespace pb = google::protobuf;

namespace {

// Every leaf field as "prefix.path = value [unit] in range".
void print_fields(const pb::Message& message, std::ostream& out, const std::string& prefix = "") {
  for_each_leaf_field(message, [&](const pb::Message& m, const pb::FieldDescriptor& f, const std::string& leaf_path) {
    const std::string path = prefix + leaf_path;
    const pb::Reflection& r = *m.GetReflection();
    const int count = f.is_repeated() ? r.FieldSize(m, &f) : 1;
    for (int k = 0; k < count; ++k) {
      std::string value = "(not set)";  // an optional field left out
      if (f.is_repeated() || !f.has_presence() || r.HasField(m, &f))
        pb::TextFormat::PrintFieldValueToString(m, &f, f.is_repeated() ? k : -1, &value);
      const std::string name = f.is_repeated() ? item_path(path, k) : path;
      out << std::left << std::setw(58) << name << " = " << std::setw(14) << value;
      const std::string unit = field_unit(f), range = field_range(f);
      if (!unit.empty()) out << " [" << unit << "]";
      if (!range.empty()) out << " in " << range;
      out << "\n";
    }
  });
}

// The US-allied governments and the restrictions on Chinese AI services in
// force (world config cn_service_restrictions).
void describe_cn_restrictions(const World& w, std::ostream& out) {
  std::string allied;
  for (const Country& c : w.countries)
    if (c.inhabited() && c.us_allied) allied += " " + c.iso3;
  out << "# US-allied (allied_cn_service_restrictions applies in full):" << (allied.empty() ? " none" : allied)
      << "\n# elsewhere it applies government.partner_restriction_uptake x the government's propensity to partner"
         " with the US\n";
  out << "# restrictions on Chinese AI services in force: iso3 public_bodies firms households\n";
  for (const Country& c : w.countries) {
    const CnRestriction& r = c.cn_restriction;
    if (r.public_bodies > 0 || r.firms > 0 || r.households > 0)
      out << c.iso3 << " " << r.public_bodies << " " << r.firms << " " << r.households << "\n";
  }
}

// The labour-market inputs of the resilience front: the world config's
// estimates with their units and sources, then each country's figures and
// where they come from (docs/resilience.md).
void describe_labour(const World& w, const std::string& world_config, std::ostream& out) {
  // Not a scenario path: --set reaches the scenario only, so the world
  // config's fields are named as its file has them.
  out << "# labour market: the labour block of world_config " << world_config
      << " (edit that file: --set reaches only the scenario; docs/resilience.md)\n";
  print_fields(w.labour_config, out, "labour.");
  out << "# labour inputs per country: iso3 region exposed_complementary_share exposed_substitutable_share "
         "[share of employment] social_protection_coverage [share of population] basis\n";
  int filled = 0;
  for (const Country& c : w.countries) {
    if (!c.inhabited()) continue;
    filled += c.labour_filled ? 1 : 0;
    out << c.iso3 << " " << c.region << " " << c.exposed_complementary_share << " " << c.exposed_substitutable_share
        << " " << c.social_protection_coverage << " "
        << (c.labour_filled ? "filled: region mean, population-weighted" : "own: the world config's labour.country")
        << "\n";
  }
  out << "# labour figures filled from the region: " << filled << " inhabited countries (manifest labour_filled_iso3)\n";
}

// The world config's own values, with units and sources, as its file has
// them (the country table above has what they resolve to); the labour block
// is in its own section below.
void describe_world_config(const Spec& spec, std::ostream& out) {
  const std::string path =
      (std::filesystem::path(spec.config_path).parent_path() / spec.scenario.world_config()).lexically_normal();
  WorldConfig config;
  load_textproto(path, config, kWorldConfigFile);
  out << "# world config " << spec.scenario.world_config()
      << " as written (edit that file: --set reaches only the scenario; the table above has what it resolves to)\n";
  std::ostringstream all;
  print_fields(config, all, "world_config.");
  std::istringstream lines(all.str());
  for (std::string line; std::getline(lines, line);)
    if (!line.starts_with("world_config.labour.")) out << line << "\n";
}

}  // namespace

void describe(const Spec& spec, std::ostream& out) {
  out << "# scenario " << spec.config_path << " (" << spec.scenario.name() << ")\n";
  for (const std::string& o : spec.overrides) out << "# --set " << o << "\n";
  print_fields(spec.scenario, out);

  const World& w = spec.world;
  std::map<std::string, int> groups, tiers;
  int inhabited = 0, observed = 0, imputed = 0;
  for (const Country& c : w.countries) {
    if (!c.inhabited()) continue;
    ++inhabited;
    ++groups[income_group_name(c.income_group)];
    ++tiers["tier " + std::to_string(c.export_tier)];
    (c.observed ? observed : imputed) += 1;
  }
  out << "\n# world: " << w.countries.size() << " countries, " << inhabited << " inhabited; horizon "
      << spec.start.str() << " to " << spec.end.str() << " (" << spec.months << " months)\n";
  out << "# income groups:";
  for (const auto& [name, n] : groups) out << " " << name << " " << n << ";";
  out << "\n# export tiers:";
  for (const auto& [name, n] : tiers) out << " " << name << " " << n << ";";
  out << "\n# 2025 AI user share targets: " << observed << " observed, " << imputed << " imputed\n";
  out << "# iso3 income tier alignment [-1 China .. 1 US] internet [share of population, at least "
         "online_headroom_over_h2 x h2_2025] h1_2025 h2_2025 [AI user share of population] basis\n";
  for (const Country& c : w.countries) {
    if (!c.inhabited()) continue;
    out << c.iso3 << " " << income_group_name(c.income_group) << " " << c.export_tier << " " << c.alignment << " "
        << c.internet_share << " " << c.target_h1_share << " " << c.target_h2_share << " " << c.target_basis << "\n";
  }
  describe_world_config(spec, out);
  describe_cn_restrictions(w, out);
  describe_labour(w, spec.scenario.world_config(), out);
}

}  // namespace stackrace
