#pragma once
// The monthly chip market: fab output plus unsold stock goes to buyers under
// export rules. Each buyer belongs to at most one cap group (a Tier 2
// country's monthly cap, or the legal Tier 3 quota shared by all Tier 3
// buyers); demand above a group's cap is cut pro rata within the group. If
// the capped demand exceeds the supply, every buyer gets the same share of
// it; what is left is stocked for next month. Chips are conserved:
// supply = sum(delivered) + stocked.

#include <vector>

namespace stackrace {

struct ChipBuyer {
  double demand_h100e = 0;
  int cap_group = -1;  // index into the caps; -1 = no cap
};

struct ChipAllocation {
  std::vector<double> delivered;  // per buyer
  double capped_demand = 0;       // what buyers could legally take
  double stocked = 0;
};

ChipAllocation allocate_chips(double supply_h100e, const std::vector<ChipBuyer>& buyers,
                              const std::vector<double>& group_caps);

// Next month's price: trend x (demand / supply)^elasticity, the excess-demand
// factor clamped to [1 - max_change, 1 + max_change].
double next_chip_price(double price, double demand, double supply, double trend_monthly_factor, double elasticity,
                       double max_change);

}  // namespace stackrace
