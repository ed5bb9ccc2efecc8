#include "supply_schedule.h"

#include <algorithm>

namespace stackrace {

namespace {

template <typename Field>
double interpolate(const std::vector<SupplyKnot>& knots, Month m, Field field) {
  if (m.index <= knots.front().month) return field(knots.front());
  if (m.index >= knots.back().month) return field(knots.back());
  const auto hi = std::upper_bound(knots.begin(), knots.end(), m.index,
                                   [](int month, const SupplyKnot& k) { return month < k.month; });
  const auto lo = hi - 1;
  const double t = static_cast<double>(m.index - lo->month) / (hi->month - lo->month);
  return field(*lo) + t * (field(*hi) - field(*lo));
}

}  // namespace

double SupplySchedule::capability(int stack, Month m) const {
  return interpolate(knots[stack], m, [](const SupplyKnot& k) { return k.capability_log10_flop; });
}

double SupplySchedule::price(int stack, Month m) const {
  return interpolate(knots[stack], m, [](const SupplyKnot& k) { return k.price_usd_per_mtok; });
}

}  // namespace stackrace
