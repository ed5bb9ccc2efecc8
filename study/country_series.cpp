#include "study/country_series.h"

#include <set>

#include "base/errors.h"
#include "base/stacks.h"
#include "base/text_escape.h"

namespace stackrace {

namespace {

bool in_group(const Country& c, const std::string& group) {
  if (group == "developing") return c.developing();
  if (group == "low") return c.income_group == LOW;
  if (group == "lower_middle") return c.income_group == LOWER_MIDDLE;
  if (group == "upper_middle") return c.income_group == UPPER_MIDDLE;
  return group == "high" && c.income_group == HIGH;
}

// Column layout of country_column_names(): ai_user_share, one share per
// stack, population, adopters, export_tier.
constexpr int kFirstShare = 1;
constexpr int kPopulation = kFirstShare + kStackCount;
constexpr int kAdopters = kPopulation + 1;
constexpr int kExportTier = kAdopters + 1;

}  // namespace

ResolvedSeries resolve_series(const ScopedSeries& series, const World& world, const std::string& where) {
  ResolvedSeries out;
  out.column = series.column;
  switch (series.kind) {
    case ScopeKind::kCountry: {
      const int c = world.find(series.name);
      if (c < 0) {
        std::set<std::string> codes;
        for (const Country& country : world.countries) codes.insert(country.iso3);
        throw InputError(where, "outcome term " + series.label() + ": unknown country code '" + series.name +
                                    "' (the world's " + std::to_string(codes.size()) + " codes: " + comma_list(codes) +
                                    ")");
      }
      out.countries.push_back(c);
      break;
    }
    case ScopeKind::kRegion: {
      std::set<std::string> regions;
      for (std::size_t c = 0; c < world.countries.size(); ++c) {
        regions.insert(world.countries[c].region);
        if (world.countries[c].region == series.name) out.countries.push_back(static_cast<int>(c));
      }
      if (out.countries.empty()) {
        throw InputError(where, "outcome term " + series.label() + ": unknown region '" + series.name +
                                    "' (regions: " + comma_list(regions) + ")");
      }
      break;
    }
    case ScopeKind::kGroup:
      for (std::size_t c = 0; c < world.countries.size(); ++c)
        if (in_group(world.countries[c], series.name)) out.countries.push_back(static_cast<int>(c));
      break;
  }
  return out;
}

std::vector<double> series_values(const std::vector<ResolvedSeries>& series, const Simulation& sim,
                                  const MonthSummary& summary) {
  const World& world = sim.spec().world;
  std::vector<double> out;
  out.reserve(series.size());
  for (const ResolvedSeries& s : series) {
    double population = 0, users = 0, weighted = 0, adopters = 0;
    for (int c : s.countries) {
      const Country& country = world.countries[c];
      const CountryRow& row = summary.countries[c];
      const double people_using = country.population * row.ai_user_share;
      population += country.population;
      users += people_using;
      adopters += sim.adopters_in(c);
      if (s.column == 0) weighted += people_using;
      if (s.column >= kFirstShare && s.column < kPopulation) weighted += people_using * row.stack_share[s.column - 1];
      if (s.column == kExportTier) weighted += country.population * country.export_tier;
    }
    double value = 0;
    if (s.column == kPopulation) {
      value = population;
    } else if (s.column == kAdopters) {
      value = adopters;
    } else if (s.column >= kFirstShare && s.column < kPopulation) {
      value = users > 0 ? weighted / users : 0.0;
    } else {
      value = population > 0 ? weighted / population : 0.0;
    }
    out.push_back(value);
  }
  return out;
}

}  // namespace stackrace
