#pragma once
// Country governments: each month a government weighs the US and Chinese
// partnership offers against its alignment, and picks the stack it procures
// and promotes (the "government push" in adopters' choices).

#include <array>
#include <cstdint>

#include "base/proto/output.pb.h"
#include "base/proto/scenario.pb.h"
#include "base/stacks.h"
#include "worlds/world.h"

namespace stackrace {

struct GovernmentState {
  Partnership partnership = NEUTRAL;
  std::int8_t default_stack = -1;  // -1: none yet
};

// Decides next month's state from last month's and what the government sees:
// its country's alignment, the bloc's offers, the stack mix among its users, and the
// value each available stack has for a public body there (-infinity if the
// stack is unavailable).
// The value of each bloc's partnership offer this month (scaled by its export promotion).
struct Offers {
  double us = 0, cn = 0;
};
GovernmentState decide_government(const Country& country, const GovernmentState& previous, const Government& params,
                                  const Offers& offers, const StackArray& user_mix, const StackArray& stack_value);

}  // namespace stackrace
