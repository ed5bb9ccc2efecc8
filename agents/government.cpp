#include "agents/government.h"

#include <cmath>
#include <limits>

namespace stackrace {

namespace {

// The best stack by value among those `allowed` admits; -1 if none is available.
template <typename Allowed>
int best_stack(const StackArray& value, Allowed allowed) {
  int best = -1;
  for (int s = 0; s < kStackCount; ++s) {
    if (!allowed(s) || !std::isfinite(value[s])) continue;
    if (best < 0 || value[s] > value[best]) best = s;
  }
  return best;
}

}  // namespace

GovernmentState decide_government(const Country& country, const GovernmentState& previous, const Government& p,
                                  const Offers& offers, const StackArray& user_mix, const StackArray& stack_value) {
  const double us = p.alignment_weight() * country.alignment + offers.us;
  const double cn = -p.alignment_weight() * country.alignment + offers.cn;
  const double margin = p.partnership_margin();
  GovernmentState next = previous;
  switch (previous.partnership) {
    case NEUTRAL:
      if (us > margin && us > cn + margin) {
        next.partnership = US_PARTNER;
      } else if (cn > margin && cn > us + margin) {
        next.partnership = CN_PARTNER;
      }
      break;
    case US_PARTNER:
      if (cn > margin && cn > us + margin) {
        next.partnership = CN_PARTNER;
      } else if (us < 0) {
        next.partnership = NEUTRAL;
      }
      break;
    case CN_PARTNER:
      if (us > margin && us > cn + margin) {
        next.partnership = US_PARTNER;
      } else if (cn < 0) {
        next.partnership = NEUTRAL;
      }
      break;
    default:
      next.partnership = NEUTRAL;
  }

  int pick = -1;
  if (next.partnership == US_PARTNER) pick = best_stack(stack_value, is_us_stack);
  if (next.partnership == CN_PARTNER) pick = best_stack(stack_value, is_cn_stack);
  if (pick < 0) {
    // Neutral (or the partner has nothing available): procure what people already use.
    for (int s = 0; s < kStackCount; ++s)
      if (std::isfinite(stack_value[s]) && user_mix[s] > 0 && (pick < 0 || user_mix[s] > user_mix[pick])) pick = s;
  }
  if (pick < 0) pick = best_stack(stack_value, [](int) { return true; });
  next.default_stack = static_cast<std::int8_t>(pick);
  return next;
}

}  // namespace stackrace
