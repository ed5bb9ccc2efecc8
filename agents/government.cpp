#include "agents/government.h"

#include <algorithm>
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

double offer_utility(const Government& p, const BlocOffer& o) {
  if (!o.available) return -std::numeric_limits<double>::infinity();
  return o.promotion_value + p.capability_weight_per_log10_flop() * o.capability_gap_log10 -
         p.price_weight_per_usd_mtok() * o.price_usd_per_mtok - p.safety_weight() * o.misuse_compliance;
}

Partnership draw_partnership(const std::array<double, 3>& probability, double draw) {
  double cumulative = 0;
  for (int k = 0; k < static_cast<int>(probability.size()); ++k) {
    cumulative += probability[k];
    if (draw < cumulative) return static_cast<Partnership>(k);
  }
  return NEUTRAL;  // rounding: the draw is above the sum of the probabilities
}

}  // namespace

PartnershipUtilities partnership_utilities(const Country& country, Partnership current, const Government& p,
                                           const Offers& offers) {
  PartnershipUtilities u{p.neutral_utility(), p.alignment_weight() * country.alignment + offer_utility(p, offers.us),
                         -p.alignment_weight() * country.alignment + offer_utility(p, offers.cn)};
  // A US ally (Country::us_allied) does not make China its AI partner: the
  // partnership is procurement and promotion of the partner's full stack,
  // which its security commitments to the US rule out. Without this, the
  // logit's noise, fitted to developing countries' choices, made an ally a
  // Chinese partner for a year in most runs.
  if (country.us_allied) u[CN_PARTNER] = -std::numeric_limits<double>::infinity();
  if (current >= NEUTRAL && current <= CN_PARTNER) u[current] += p.incumbency_utility();
  return u;
}

std::array<double, 3> partnership_probabilities(const PartnershipUtilities& u) {
  const double top = *std::max_element(u.begin(), u.end());
  std::array<double, 3> w{};
  double sum = 0;
  for (std::size_t k = 0; k < u.size(); ++k) {
    w[k] = std::isfinite(u[k]) ? std::exp(u[k] - top) : 0.0;
    sum += w[k];
  }
  for (double& x : w) x /= sum;
  return w;
}

GovernmentState decide_government(const Country& country, const GovernmentState& previous, const Government& p,
                                  const Offers& offers, const StackArray& user_mix, const StackArray& stack_value,
                                  const Review& review) {
  GovernmentState next = previous;
  if (offers.home_bloc != NEUTRAL) {
    next.partnership = offers.home_bloc;
    next.us_propensity = offers.home_bloc == US_PARTNER ? 1.0F : 0.0F;
    next.cn_propensity = offers.home_bloc == CN_PARTNER ? 1.0F : 0.0F;
  } else if (review.due) {
    const auto probability =
        partnership_probabilities(partnership_utilities(country, previous.partnership, p, offers));
    next.partnership = draw_partnership(probability, review.draw);
    next.us_propensity = static_cast<float>(probability[US_PARTNER]);
    next.cn_propensity = static_cast<float>(probability[CN_PARTNER]);
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
