#include "sim/chip_market.h"

#include <algorithm>
#include <cmath>

namespace stackrace {

ChipAllocation allocate_chips(double supply, const std::vector<ChipBuyer>& buyers, const std::vector<double>& caps) {
  std::vector<double> group_demand(caps.size(), 0.0);
  for (const ChipBuyer& b : buyers)
    if (b.cap_group >= 0) group_demand[b.cap_group] += std::max(0.0, b.demand_h100e);
  ChipAllocation out;
  out.delivered.resize(buyers.size());
  for (std::size_t i = 0; i < buyers.size(); ++i) {
    const ChipBuyer& b = buyers[i];
    double legal = std::max(0.0, b.demand_h100e);
    if (b.cap_group >= 0 && group_demand[b.cap_group] > caps[b.cap_group])
      legal *= group_demand[b.cap_group] > 0 ? caps[b.cap_group] / group_demand[b.cap_group] : 0.0;
    out.delivered[i] = legal;
    out.capped_demand += legal;
  }
  if (out.capped_demand > supply) {
    const double share = supply / out.capped_demand;
    double given = 0;
    for (double& d : out.delivered) given += (d *= share);
    // Whatever rounding leaves over stays in stock, never below zero.
    out.stocked = std::max(0.0, supply - given);
  } else {
    out.stocked = supply - out.capped_demand;
  }
  return out;
}

double next_chip_price(double price, double demand, double supply, double trend, double elasticity, double max_change) {
  double excess = 1.0;
  if (supply > 0) {
    excess = std::pow(std::max(0.0, demand) / supply, elasticity);
  } else if (demand > 0) {
    excess = 1.0 + max_change;
  }
  excess = std::clamp(excess, 1.0 - max_change, 1.0 + max_change);
  return price * trend * excess;
}

}  // namespace stackrace
