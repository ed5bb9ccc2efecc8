#pragma once
// The world a run happens in: countries with their geography (worlds/ data)
// and model attributes (world config), resolved once into plain values.

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/problems.h"
#include "base/proto/observed.pb.h"
#include "base/proto/world.pb.h"
#include "base/proto/world_config.pb.h"
#include "base/stacks.h"
#include "base/textproto_parse.h"

namespace stackrace {

// Restriction levels on Chinese AI services in force, per kind of adopter:
// 0 = none, 1 = full.
struct CnRestriction {
  double public_bodies = 0;
  double firms = 0;
  double households = 0;
};

struct Country {
  std::string iso3;
  std::string name;
  std::string region;
  double population = 0;          // persons
  double gdp_per_capita_usd = 0;  // USD per person per year
  IncomeGroup income_group = INCOME_UNKNOWN;
  std::uint32_t export_tier = 2;
  double alignment = 0;                  // -1 China .. +1 US
  double enforcement_capacity = 0;       // 0..1
  double internet_share = 0;             // of population, at the start
  double internet_growth_per_month = 0;  // fraction of population per month
  StackArray initial_mix{};              // among AI users at the start, sums to 1
  // AI user share of population to match at the calibration months.
  double target_h1_share = 0;
  double target_h2_share = 0;
  bool observed = false;        // targets from the report (else imputed)
  std::string target_basis;     // "observed", or how it was imputed
  std::vector<int> neighbours;  // indices into World::countries
  CnRestriction cn_restriction;  // in force from the start
  bool us_allied = false;        // moved by the allied_cn_service_restrictions lever; never a Chinese partner
  bool cn_bloc = false;          // moved by the cn_* resilience levers
  // Part of a bloc's own territory (WorldConfig.territories): always that
  // bloc's partner, out of reach of its export promotion.
  bool us_territory = false, cn_territory = false;
  // Employment exposed to AI: complementary (augmented) and substitutable
  // shares; population covered by a social-protection benefit.
  double exposed_complementary_share = 0;
  double exposed_substitutable_share = 0;
  double social_protection_coverage = 0;
  bool labour_filled = false;  // some labour figure is its region's (no figure of its own)
  bool inhabited() const { return population > 0; }
  bool developing() const { return income_group == LOW || income_group == LOWER_MIDDLE; }
};

struct World {
  std::vector<Country> countries;  // sorted by iso3
  int us_home = -1, cn_home = -1;  // the domestic-adoption front's economies (world config labour)
  LabourMarket labour_config;      // the world config's labour block as read (estimates and sources)
  std::uint64_t digest = 0;        // of the files it was built from, as parsed (sim/spec.cpp)
  std::unordered_map<std::string, int> index_of;
  // -1 when the code is unknown.
  int find(const std::string& iso3) const {
    const auto it = index_of.find(iso3);
    return it == index_of.end() ? -1 : it->second;
  }
};

struct WorldSources {
  const WorldData& data;
  const SourceMap& data_source;
  const WorldConfig& config;
  const SourceMap& config_source;
  const ObservedAdoption& observed;
  const SourceMap& observed_source;
};

// Resolves data + config + observations into a World. Appends a located
// Problem for unknown ISO codes, duplicate ids, unknown regions, missing
// income-group defaults, inconsistent thresholds and missing or inconsistent
// labour figures; the World is only
// meaningful when no problem was added.
World build_world(const WorldSources& sources, std::vector<Problem>& problems);

IncomeGroup classify_income(double gdp_per_capita_usd, const IncomeThresholds& t);
const char* income_group_name(IncomeGroup g);

}  // namespace stackrace
