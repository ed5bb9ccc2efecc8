#pragma once
// Country governments. At each review (yearly in the shipped scenarios) a
// government weighs the US and Chinese partnership offers against staying
// neutral, and draws its partnership from a logit over the three: every offer
// term moves the odds smoothly, and partnerships can start and end. Each
// month it picks the stack it procures and promotes (the "government push" in
// adopters' choices).

#include <array>
#include <cstdint>

#include "base/proto/output.pb.h"
#include "base/proto/scenario.pb.h"
#include "base/stacks.h"
#include "base/state_archive.h"
#include "worlds/world.h"

namespace stackrace {

struct GovernmentState {
  Partnership partnership = NEUTRAL;
  std::int8_t default_stack = -1;  // -1: none yet
  // The probabilities of partnering with the US and with China at the last
  // review (or 1 for a bloc's home country). A bloc's export promotion
  // (discounts, bundled offers) reaches the country in proportion to them, so
  // that its effect on adopters is smooth rather than a coin flip per country.
  float us_propensity = 0, cn_propensity = 0;
};

// Checkpoints (base/state_archive.h): every field, in order.
template <class Archive, StateOf<GovernmentState> Self>
void visit_state(Archive& ar, Self& s) {
  ar(s.partnership, s.default_stack, s.us_propensity, s.cn_propensity);
}

// What a bloc offers one country this month.
struct BlocOffer {
  bool available = false;           // any of the bloc's stacks is available there
  double capability_gap_log10 = 0;  // its best model there minus the best there (<= 0)
  double price_usd_per_mtok = 0;    // its cheapest stack there, after the partner discount
  double misuse_compliance = 0;     // of its best model there
  double promotion_value = 0;       // offer value at full promotion x the bloc's promotion lever
};
struct Offers {
  BlocOffer us, cn;
  // The bloc whose frontier labs the country hosts (the US, China): it is
  // always that bloc's partner. NEUTRAL for every other country.
  Partnership home_bloc = NEUTRAL;
};

// Utilities of staying neutral and of each partnership, indexed by Partnership
// (NEUTRAL, US_PARTNER, CN_PARTNER); -infinity for a bloc with nothing
// available, and for China where the country is US-allied (a bloc's home
// country, Offers::home_bloc, is its partner before any utility counts).
using PartnershipUtilities = std::array<double, 3>;
PartnershipUtilities partnership_utilities(const Country& country, Partnership current, const Government& params,
                                           const Offers& offers);
// Logit probabilities of the three.
std::array<double, 3> partnership_probabilities(const PartnershipUtilities& utilities);

// A review this month, with its uniform draw in [0, 1).
struct Review {
  bool due = false;
  double draw = 0;
};

// Next month's state from last month's and what the government sees: its
// country's alignment, the blocs' offers, the stack mix among its users, and
// the value each available stack has for a public body there (-infinity if the
// stack is unavailable). The partnership changes only at a review.
GovernmentState decide_government(const Country& country, const GovernmentState& previous, const Government& params,
                                  const Offers& offers, const StackArray& user_mix, const StackArray& stack_value,
                                  const Review& review);

}  // namespace stackrace
