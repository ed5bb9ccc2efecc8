#include "worlds/world.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

#include "base/field_locator.h"
#include "base/field_path.h"
#include "base/months.h"
#include "base/text_escape.h"

namespace stackrace {

namespace {

StackArray mix_of(const StackMix& m) { return {m.us_closed(), m.us_open(), m.cn_closed(), m.cn_open(), m.other()}; }

bool mix_is_set(const StackMix& m) {
  const StackArray a = mix_of(m);
  return std::any_of(a.begin(), a.end(), [](double v) { return v > 0; });
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// Imputes 2025 targets for countries the report does not cover: the median of
// observed countries in the same region and income group, else the same income
// group worldwide, else the income-group default of the world config.
void impute_targets(World& world, const std::map<IncomeGroup, const IncomeGroupDefaults*>& defaults) {
  std::map<std::pair<std::string, IncomeGroup>, std::vector<double>> h1_by_cell, h2_by_cell;
  std::map<IncomeGroup, std::vector<double>> h1_by_group, h2_by_group;
  for (const Country& c : world.countries) {
    if (!c.observed) continue;
    h1_by_cell[{c.region, c.income_group}].push_back(c.target_h1_share);
    h2_by_cell[{c.region, c.income_group}].push_back(c.target_h2_share);
    h1_by_group[c.income_group].push_back(c.target_h1_share);
    h2_by_group[c.income_group].push_back(c.target_h2_share);
  }
  for (Country& c : world.countries) {
    if (c.observed || !c.inhabited()) continue;
    const std::string group = income_group_name(c.income_group);
    if (auto it = h1_by_cell.find({c.region, c.income_group}); it != h1_by_cell.end()) {
      c.target_h1_share = median(it->second);
      c.target_h2_share = median(h2_by_cell[{c.region, c.income_group}]);
      c.target_basis = "imputed: median of " + std::to_string(it->second.size()) + " observed " + c.region + " " +
                       group + " economies";
    } else if (auto g = h1_by_group.find(c.income_group); g != h1_by_group.end()) {
      c.target_h1_share = median(g->second);
      c.target_h2_share = median(h2_by_group[c.income_group]);
      c.target_basis = "imputed: median of " + std::to_string(g->second.size()) + " observed " + group + " economies";
    } else {
      c.target_h1_share = defaults.at(c.income_group)->imputed_h1_2025_pct() / 100.0;
      c.target_h2_share = defaults.at(c.income_group)->imputed_h2_2025_pct() / 100.0;
      c.target_basis = "imputed: income-group default in world config";
    }
  }
}

// Where a field of the world data or the world config is written.
std::string data_at(const WorldSources& s, const std::string& path) { return s.data_source.locate(s.data, path); }
std::string config_at(const WorldSources& s, const std::string& path) { return s.config_source.locate(s.config, path); }

// Indices of the data file's countries sorted by iso3, so that world indices
// (and the order of problems) do not depend on file order.
std::vector<int> iso3_order(const WorldData& data) {
  std::vector<int> order(data.country_size());
  for (int i = 0; i < data.country_size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](int a, int b) { return data.country(a).iso3() < data.country(b).iso3(); });
  return order;
}

// Countries with their geography, in `order`; records without a usable id or
// with negative population or GDP are reported and left out.
void add_countries(const WorldSources& s, const std::vector<int>& order, World& world, std::vector<Problem>& problems) {
  for (int i : order) {
    const CountryRecord& r = s.data.country(i);
    if (r.iso3().empty()) {
      problems.push_back({data_at(s, item_path("country", i)), "country without iso3"});
      continue;
    }
    if (world.index_of.count(r.iso3())) {
      problems.push_back({data_at(s, item_path("country", i) + ".iso3"), "duplicate country id '" + r.iso3() + "'"});
      continue;
    }
    if (r.population() < 0 || r.gdp_per_capita_usd() < 0) {
      problems.push_back({data_at(s, item_path("country", i)), r.iso3() + ": population and GDP must be non-negative"});
      continue;
    }
    // Income drives the price of AI against what people earn: an inhabited
    // country at 0 would have no one able to afford anything.
    // (Kept in the world, so that its neighbours' lists still name it.)
    if (r.population() > 0 && r.gdp_per_capita_usd() == 0) {
      problems.push_back({data_at(s, item_path("country", i) + ".gdp_per_capita_usd"),
                          r.iso3() + ": an inhabited country needs gdp_per_capita_usd above 0 (0 only where "
                                     "population is 0)"});
    }
    Country c;
    c.iso3 = r.iso3();
    c.name = r.name();
    c.region = r.region();
    c.population = r.population();
    c.gdp_per_capita_usd = r.gdp_per_capita_usd();
    world.index_of[c.iso3] = static_cast<int>(world.countries.size());
    world.countries.push_back(std::move(c));
  }
  if (world.countries.empty()) problems.push_back({s.data_source.file(), "no countries"});
}

// Neighbour lists as world indices: sorted, without duplicates; a country
// listing itself, or one that does not list it back, is a problem.
void link_neighbours(const WorldSources& s, const std::vector<int>& order, World& world,
                     std::vector<Problem>& problems) {
  struct Link {
    int from, to, record, entry;  // countries; the record and its neighbour entry
  };
  std::vector<Link> links;
  const auto entry_at = [&](int i, int k) {
    return data_at(s, item_path("country", i) + "." + item_path("neighbour", k));
  };
  for (int i : order) {
    const CountryRecord& r = s.data.country(i);
    const int self = world.find(r.iso3());
    if (self < 0) continue;
    for (int k = 0; k < r.neighbour_size(); ++k) {
      const int n = world.find(r.neighbour(k));
      if (n < 0) {
        problems.push_back({entry_at(i, k), "unknown ISO3 code '" + r.neighbour(k) + "'"});
      } else if (n == self) {
        problems.push_back({entry_at(i, k), r.iso3() + " lists itself as a neighbour"});
      } else {
        world.countries[self].neighbours.push_back(n);
        links.push_back({self, n, i, k});
      }
    }
    auto& nb = world.countries[self].neighbours;
    std::sort(nb.begin(), nb.end());
    nb.erase(std::unique(nb.begin(), nb.end()), nb.end());
  }
  // A border is shared: peers and smuggling routes cross it both ways.
  for (const Link& l : links) {
    const auto& back = world.countries[l.to].neighbours;
    if (std::binary_search(back.begin(), back.end(), l.from)) continue;
    const std::string& iso3 = s.data.country(l.record).iso3();
    const std::string& other = s.data.country(l.record).neighbour(l.entry);
    problems.push_back({entry_at(l.record, l.entry), iso3 + " lists " + other + " as a neighbour, but " + other +
                                                         " does not list " + iso3 +
                                                         ": neighbours are mutual, list each in the other's record"});
  }
}

using IncomeGroupIndex = std::map<IncomeGroup, const IncomeGroupDefaults*>;
using RegionIndex = std::map<std::string, const RegionDefaults*>;

// Income thresholds and income-group defaults: the thresholds increase and
// each of the four groups has exactly one entry.
IncomeGroupIndex index_income_groups(const WorldSources& s, std::vector<Problem>& problems) {
  const WorldConfig& cfg = s.config;
  const IncomeThresholds& t = cfg.income_thresholds();
  if (!(t.low_max_usd() < t.lower_middle_max_usd() && t.lower_middle_max_usd() < t.upper_middle_max_usd())) {
    problems.push_back(
        {config_at(s, "income_thresholds"), "income thresholds must increase: low < lower-middle < upper-middle"});
  }
  IncomeGroupIndex group_defaults;
  for (int i = 0; i < cfg.income_group_size(); ++i) {
    const IncomeGroupDefaults& g = cfg.income_group(i);
    if (g.group() == INCOME_UNKNOWN) {
      problems.push_back({config_at(s, item_path("income_group", i) + ".group"),
                          "group must be LOW, LOWER_MIDDLE, UPPER_MIDDLE or HIGH"});
    } else if (!group_defaults.emplace(g.group(), &g).second) {
      problems.push_back({config_at(s, item_path("income_group", i) + ".group"),
                          std::string("duplicate income group ") + IncomeGroup_Name(g.group())});
    }
  }
  for (IncomeGroup g : {LOW, LOWER_MIDDLE, UPPER_MIDDLE, HIGH}) {
    if (!group_defaults.count(g)) {
      problems.push_back(
          {s.config_source.file(), std::string("missing income_group defaults for ") + IncomeGroup_Name(g)});
    }
  }
  return group_defaults;
}

// Region defaults: exactly one entry for each region the countries name.
RegionIndex index_regions(const WorldSources& s, const World& world, std::vector<Problem>& problems) {
  std::set<std::string> regions;
  for (const Country& c : world.countries) regions.insert(c.region);
  RegionIndex region_defaults;
  for (int i = 0; i < s.config.region_size(); ++i) {
    const RegionDefaults& r = s.config.region(i);
    if (!regions.count(r.region())) {
      problems.push_back({config_at(s, item_path("region", i) + ".region"),
                          "unknown region '" + r.region() + "' (the countries' regions: " + comma_list(regions) + ")"});
    } else if (!region_defaults.emplace(r.region(), &r).second) {
      problems.push_back({config_at(s, item_path("region", i) + ".region"), "duplicate region '" + r.region() + "'"});
    }
  }
  for (const std::string& r : regions) {
    if (!region_defaults.count(r))
      problems.push_back({s.config_source.file(), "missing region defaults for '" + r + "'"});
  }
  return region_defaults;
}

// Model attributes from the defaults of each country's income group and region.
void apply_defaults(const WorldConfig& cfg, const IncomeGroupIndex& group_defaults, const RegionIndex& region_defaults,
                    World& world) {
  for (Country& c : world.countries) {
    c.income_group = classify_income(c.gdp_per_capita_usd, cfg.income_thresholds());
    const IncomeGroupDefaults& g = *group_defaults.at(c.income_group);
    const RegionDefaults& r = *region_defaults.at(c.region);
    c.internet_share = g.internet_share();
    c.internet_growth_per_month = g.internet_growth_pp_per_year() / 100.0 / kMonthsPerYear;
    c.alignment = r.alignment();
    c.enforcement_capacity = r.enforcement_capacity();
    c.initial_mix = mix_of(r.initial_stack_mix());
    c.export_tier = cfg.default_tier();
  }
}

// Export-control tiers: each listed country in at most one tier.
void assign_export_tiers(const WorldSources& s, World& world, std::vector<Problem>& problems) {
  const WorldConfig& cfg = s.config;
  std::map<int, std::string> tier_of;  // country -> where its tier is listed
  for (int i = 0; i < cfg.tier_size(); ++i) {
    for (int k = 0; k < cfg.tier(i).iso3_size(); ++k) {
      const std::string& code = cfg.tier(i).iso3(k);
      const std::string where = config_at(s, item_path("tier", i) + "." + item_path("iso3", k));
      const int n = world.find(code);
      if (n < 0) {
        problems.push_back({where, "unknown ISO3 code '" + code + "'"});
      } else if (!tier_of.emplace(n, where).second) {
        problems.push_back({where, "'" + code + "' is already listed in a tier at " + tier_of[n]});
      } else {
        world.countries[n].export_tier = cfg.tier(i).tier();
      }
    }
  }
}

// Country overrides of the defaults: at most one per country.
void apply_country_overrides(const WorldSources& s, World& world, std::vector<Problem>& problems) {
  std::set<int> overridden;
  for (int i = 0; i < s.config.country_size(); ++i) {
    const CountryOverride& o = s.config.country(i);
    const int n = world.find(o.iso3());
    const std::string where = config_at(s, item_path("country", i) + ".iso3");
    if (n < 0) {
      problems.push_back({where, "unknown ISO3 code '" + o.iso3() + "'"});
      continue;
    }
    if (!overridden.insert(n).second) {
      problems.push_back({where, "duplicate override for '" + o.iso3() + "'"});
      continue;
    }
    Country& c = world.countries[n];
    if (o.has_alignment()) c.alignment = o.alignment();
    if (o.has_enforcement_capacity()) c.enforcement_capacity = o.enforcement_capacity();
    if (o.has_internet_share()) c.internet_share = o.internet_share();
    if (mix_is_set(o.initial_stack_mix())) c.initial_mix = mix_of(o.initial_stack_mix());
  }
}

// Restrictions on Chinese AI services: which governments are US-allied, and
// the levels in force, at most one entry per country.
void read_cn_restrictions(const WorldSources& s, World& world, std::vector<Problem>& problems) {
  const CnServiceRestrictions& r = s.config.cn_service_restrictions();
  for (Country& c : world.countries) c.us_allied = c.export_tier <= r.allied_max_export_tier();
  std::set<int> listed;
  for (int i = 0; i < r.country_size(); ++i) {
    const CnServiceRestriction& e = r.country(i);
    const std::string where = config_at(s, "cn_service_restrictions." + item_path("country", i) + ".iso3");
    const int n = world.find(e.iso3());
    if (n < 0) {
      problems.push_back({where, "unknown ISO3 code '" + e.iso3() + "'"});
    } else if (!listed.insert(n).second) {
      problems.push_back({where, "duplicate restriction entry for '" + e.iso3() + "'"});
    } else {
      world.countries[n].cn_restriction = {e.public_bodies(), e.firms(), e.households()};
    }
  }
}

using LabourGroupIndex = std::map<IncomeGroup, const LabourGroup*>;

// Labour figures by income group: exactly one entry per group, each with all
// three figures, exposure parts not above all employment.
LabourGroupIndex index_labour_groups(const WorldSources& s, std::vector<Problem>& problems) {
  const LabourMarket& lm = s.config.labour();
  LabourGroupIndex groups;
  for (int i = 0; i < lm.income_group_size(); ++i) {
    const LabourGroup& g = lm.income_group(i);
    const std::string where = config_at(s, "labour." + item_path("income_group", i));
    if (g.group() == INCOME_UNKNOWN) {
      problems.push_back({where + ".group", "group must be LOW, LOWER_MIDDLE, UPPER_MIDDLE or HIGH"});
    } else if (!groups.emplace(g.group(), &g).second) {
      problems.push_back(
          {where + ".group", std::string("duplicate labour income group ") + IncomeGroup_Name(g.group())});
    }
    const std::pair<bool, const char*> fields[] = {{g.has_exposed_complementary_share(), "exposed_complementary_share"},
                                                   {g.has_exposed_substitutable_share(), "exposed_substitutable_share"},
                                                   {g.has_social_protection_coverage(), "social_protection_coverage"}};
    for (const auto& [has, name] : fields) {
      if (!has) {
        problems.push_back(
            {where, std::string("missing ") + name + ": every income group needs all three labour figures"});
      }
    }
    if (g.exposed_complementary_share() + g.exposed_substitutable_share() > 1)
      problems.push_back({where, "exposed_complementary_share + exposed_substitutable_share must not exceed 1"});
  }
  for (IncomeGroup g : {LOW, LOWER_MIDDLE, UPPER_MIDDLE, HIGH}) {
    if (!groups.count(g)) {
      problems.push_back(
          {config_at(s, "labour"), std::string("missing labour income_group figures for ") + IncomeGroup_Name(g)});
    }
  }
  return groups;
}

// Which of a country's three labour figures the config gives it directly.
struct OwnLabour {
  bool complementary = false, substitutable = false, coverage = false;
  bool complete() const { return complementary && substitutable && coverage; }
};

// Country figures (labour.country): at most one entry per country. Returns,
// per country, which figures it was given.
std::vector<OwnLabour> apply_labour_countries(const WorldSources& s, World& world, std::vector<Problem>& problems) {
  const LabourMarket& lm = s.config.labour();
  std::vector<OwnLabour> own(world.countries.size());
  std::set<int> listed;
  for (int i = 0; i < lm.country_size(); ++i) {
    const LabourCountry& e = lm.country(i);
    const std::string where = config_at(s, "labour." + item_path("country", i));
    const int n = world.find(e.iso3());
    if (n < 0) {
      problems.push_back({where + ".iso3", "unknown ISO3 code '" + e.iso3() + "'"});
      continue;
    }
    if (!listed.insert(n).second) {
      problems.push_back({where + ".iso3", "duplicate labour entry for '" + e.iso3() + "'"});
      continue;
    }
    Country& c = world.countries[n];
    if (e.has_exposed_complementary_share()) c.exposed_complementary_share = e.exposed_complementary_share();
    if (e.has_exposed_substitutable_share()) c.exposed_substitutable_share = e.exposed_substitutable_share();
    if (e.has_social_protection_coverage()) c.social_protection_coverage = e.social_protection_coverage();
    own[n] = {e.has_exposed_complementary_share(), e.has_exposed_substitutable_share(),
              e.has_social_protection_coverage()};
  }
  return own;
}

// A country's exposure parts, its own and those filled in, must not exceed
// all employment.
void check_labour_countries(const WorldSources& s, const World& world, std::vector<Problem>& problems) {
  const LabourMarket& lm = s.config.labour();
  std::set<int> checked;
  for (int i = 0; i < lm.country_size(); ++i) {
    const int n = world.find(lm.country(i).iso3());
    if (n < 0 || !checked.insert(n).second) continue;
    const Country& c = world.countries[n];
    if (c.exposed_complementary_share + c.exposed_substitutable_share > 1) {
      problems.push_back({config_at(s, "labour." + item_path("country", i)),
                          c.iso3 + ": exposed shares add up to more than 1 (with the region's figures filled in)"});
    }
  }
}

// A country without its own figure takes its region's: the mean over the
// region's countries, weighted by population (employment's stand-in), of
// each one's own figure where it has one and its income group's estimate
// where not. Means are taken before any country is filled, in iso3 order.
void fill_labour_from_regions(const std::vector<OwnLabour>& own, World& world) {
  struct Sums {
    double population = 0, complementary = 0, substitutable = 0, coverage = 0;
  };
  std::map<std::string, Sums> regions;
  for (const Country& c : world.countries) {
    Sums& r = regions[c.region];
    r.population += c.population;
    r.complementary += c.population * c.exposed_complementary_share;
    r.substitutable += c.population * c.exposed_substitutable_share;
    r.coverage += c.population * c.social_protection_coverage;
  }
  for (std::size_t i = 0; i < world.countries.size(); ++i) {
    Country& c = world.countries[i];
    const Sums& r = regions.at(c.region);
    c.labour_filled = !own[i].complete();
    if (r.population <= 0) continue;  // an uninhabited region keeps its income-group figures
    if (!own[i].complementary) c.exposed_complementary_share = r.complementary / r.population;
    if (!own[i].substitutable) c.exposed_substitutable_share = r.substitutable / r.population;
    if (!own[i].coverage) c.social_protection_coverage = r.coverage / r.population;
  }
}

// China's bloc and the two home economies.
void read_labour_blocs(const WorldSources& s, World& world, std::vector<Problem>& problems) {
  const LabourMarket& lm = s.config.labour();
  for (int i = 0; i < lm.cn_bloc_iso3_size(); ++i) {
    const int n = world.find(lm.cn_bloc_iso3(i));
    if (n < 0) {
      problems.push_back(
          {config_at(s, "labour." + item_path("cn_bloc_iso3", i)), "unknown ISO3 code '" + lm.cn_bloc_iso3(i) + "'"});
    } else {
      world.countries[n].cn_bloc = true;
    }
  }
  for (const auto& [code, field, home] : {std::tuple{lm.us_home_iso3(), "labour.us_home_iso3", &world.us_home},
                                          std::tuple{lm.cn_home_iso3(), "labour.cn_home_iso3", &world.cn_home}}) {
    *home = world.find(code);
    if (*home < 0) problems.push_back({config_at(s, field), "unknown ISO3 code '" + code + "'"});
  }
}

// Each bloc's territories; a country is of one bloc's at most.
void read_territories(const WorldSources& s, World& world, std::vector<Problem>& problems) {
  const BlocTerritories& t = s.config.territories();
  for (const auto& [codes, field, flag] : {std::tuple{&t.us_iso3(), "us_iso3", &Country::us_territory},
                                           std::tuple{&t.cn_iso3(), "cn_iso3", &Country::cn_territory}}) {
    for (int i = 0; i < codes->size(); ++i) {
      const std::string where = config_at(s, "territories." + item_path(field, i));
      const int n = world.find(codes->Get(i));
      if (n < 0) {
        problems.push_back({where, "unknown ISO3 code '" + codes->Get(i) + "'"});
        continue;
      }
      Country& c = world.countries[n];
      if (flag == &Country::cn_territory && c.us_allied) {
        problems.push_back({where, codes->Get(i) + " is US-allied (export tier " + std::to_string(c.export_tier) +
                                       "), so it cannot be China's territory"});
      }
      if (c.us_territory || c.cn_territory) {
        problems.push_back({where, codes->Get(i) + " is listed twice among the territories: a country is of one "
                                                   "bloc's territory at most"});
      }
      c.*flag = true;
    }
  }
}

// The labour figures: a country's own where the config gives them, else its
// region's (fill_labour_from_regions), which rest on the income-group
// estimates.
void read_labour(const WorldSources& s, World& world, std::vector<Problem>& problems) {
  const LabourGroupIndex groups = index_labour_groups(s, problems);
  if (!problems.empty()) return;
  world.labour_config = s.config.labour();
  for (Country& c : world.countries) {
    const LabourGroup& g = *groups.at(c.income_group);
    c.exposed_complementary_share = g.exposed_complementary_share();
    c.exposed_substitutable_share = g.exposed_substitutable_share();
    c.social_protection_coverage = g.social_protection_coverage();
  }
  const std::vector<OwnLabour> own = apply_labour_countries(s, world, problems);
  fill_labour_from_regions(own, world);
  check_labour_countries(s, world, problems);
  read_labour_blocs(s, world, problems);
}

// Observed 2025 adoption: the targets of the countries the report covers.
void read_observations(const WorldSources& s, World& world, std::vector<Problem>& problems) {
  for (int i = 0; i < s.observed.economy_size(); ++i) {
    const ObservedShare& e = s.observed.economy(i);
    const std::string where = s.observed_source.locate(s.observed, item_path("economy", i) + ".iso3");
    const int n = world.find(e.iso3());
    if (n < 0) {
      problems.push_back({where, "unknown ISO3 code '" + e.iso3() + "'"});
      continue;
    }
    Country& c = world.countries[n];
    if (c.observed) {
      problems.push_back({where, "duplicate observation for '" + e.iso3() + "'"});
      continue;
    }
    // No one lives there to use AI: the share could not be matched, and fit
    // would count it against the model.
    if (!c.inhabited()) {
      problems.push_back({where, e.iso3() + " has no population in the world data: an AI user share there cannot "
                                            "be observed; leave it out"});
      continue;
    }
    for (double pct : {e.h1_2025_pct(), e.h2_2025_pct()}) {
      if (!(pct >= 0 && pct <= 100.0))
        problems.push_back({where, e.iso3() + ": shares must be percentages in [0, 100]"});
    }
    // A half-year left out would read as 0%: a target, and a start, of no users.
    for (const char* half : {"h1_2025_pct", "h2_2025_pct"}) {
      if (SourceLocator(s.observed_source, s.observed).find(item_path("economy", i) + "." + half).empty()) {
        problems.push_back(
            {where, e.iso3() + ": " + half +
                        " is not given: expected both half-years' shares (leave out an economy "
                        "the data lacks, and shares imputed from its region and income group stand in)"});
      }
    }
    c.observed = true;
    c.target_h1_share = e.h1_2025_pct() / 100.0;
    c.target_h2_share = e.h2_2025_pct() / 100.0;
    c.target_basis = "observed";
  }
  // Shares written as fractions (0.093 for 9.3%) pass every range check and
  // look like a world where almost no one uses AI: the whole file below 1%
  // is taken for that mistake.
  double largest = 0;
  for (const ObservedShare& e : s.observed.economy()) largest = std::max({largest, e.h1_2025_pct(), e.h2_2025_pct()});
  if (s.observed.economy_size() > 0 && largest < 1.0) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", largest);
    problems.push_back({s.observed_source.file(), std::string("every share is below 1% (the largest is ") + text +
                                                      "): shares are percentages, 9.3 for 9.3%, not fractions"});
  }
}

// A country's online population must at least hold its observed users; the
// initial stack mix is normalised to shares.
void finish_countries(const WorldSources& s, World& world, std::vector<Problem>& problems) {
  for (Country& c : world.countries) {
    c.internet_share =
        std::max(c.internet_share, std::min(1.0, c.target_h2_share * s.config.online_headroom_over_h2()));
    double total = 0;
    for (double v : c.initial_mix) total += v;
    if (total <= 0) {
      problems.push_back(
          {s.config_source.file(), c.iso3 + ": initial_stack_mix is all zero (region " + c.region + ")"});
    } else {
      for (double& v : c.initial_mix) v /= total;
    }
  }
}

}  // namespace

const char* income_group_name(IncomeGroup g) {
  switch (g) {
    case LOW:
      return "low";
    case LOWER_MIDDLE:
      return "lower-middle";
    case UPPER_MIDDLE:
      return "upper-middle";
    case HIGH:
      return "high";
    default:
      return "unknown";
  }
}

IncomeGroup classify_income(double gdp, const IncomeThresholds& t) {
  if (gdp <= t.low_max_usd()) return LOW;
  if (gdp <= t.lower_middle_max_usd()) return LOWER_MIDDLE;
  if (gdp <= t.upper_middle_max_usd()) return UPPER_MIDDLE;
  return HIGH;
}

World build_world(const WorldSources& s, std::vector<Problem>& problems) {
  World world;
  const std::vector<int> order = iso3_order(s.data);
  add_countries(s, order, world, problems);
  link_neighbours(s, order, world, problems);
  const IncomeGroupIndex group_defaults = index_income_groups(s, problems);
  const RegionIndex region_defaults = index_regions(s, world, problems);
  // Every country's income group and region must have defaults before they are applied.
  if (!problems.empty()) return world;

  apply_defaults(s.config, group_defaults, region_defaults, world);
  assign_export_tiers(s, world, problems);
  apply_country_overrides(s, world, problems);
  read_cn_restrictions(s, world, problems);
  read_labour(s, world, problems);
  read_territories(s, world, problems);
  read_observations(s, world, problems);
  // Imputation takes medians of the observed targets, so they must all be valid.
  if (!problems.empty()) return world;
  impute_targets(world, group_defaults);
  finish_countries(s, world, problems);
  return world;
}

}  // namespace stackrace
