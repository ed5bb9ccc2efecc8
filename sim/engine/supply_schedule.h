#pragma once
// The exogenous supply path compiled for fast lookup: each stack's best
// capability and price in a given month, and where each stack is blocked.

#include <array>
#include <vector>

#include "months.h"
#include "world.h"

namespace stackrace {

struct SupplyKnot {
  int month = 0;  // Month::index
  double capability_log10_flop = 0;
  double price_usd_per_mtok = 0;
};

struct SupplySchedule {
  std::array<std::vector<SupplyKnot>, kStackCount> knots;  // ascending months, non-empty
  // Linear interpolation between knots, constant outside them.
  double capability(int stack, Month m) const;
  double price(int stack, Month m) const;
};

}  // namespace stackrace
