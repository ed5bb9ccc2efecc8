#pragma once
// The scoped series of a study's outcomes (study/outcome.h) resolved against
// the base scenario's world, and their values each month. A scope's value is
// population-weighted: ai_user_share over people, the stack shares over AI
// users (people times their country's AI user share, as the world's share_*
// and dev_share_* columns), export_tier over people; population and adopters
// are sums. For one country that is the country's own countries.csv value.

#include <string>
#include <vector>

#include "sim/metrics.h"
#include "sim/simulation.h"
#include "study/outcome.h"
#include "worlds/world.h"

namespace stackrace {

struct ResolvedSeries {
  std::vector<int> countries;  // world indices, in world order
  int column = 0;              // index into country_column_names()
};

// Throws InputError at `where` for an unknown ISO3 code or region, listing
// the valid ones.
ResolvedSeries resolve_series(const ScopedSeries& series, const World& world, const std::string& where);

// Each series' value after the month `sim` has just completed.
std::vector<double> series_values(const std::vector<ResolvedSeries>& series, const Simulation& sim,
                                  const MonthSummary& summary);

}  // namespace stackrace
