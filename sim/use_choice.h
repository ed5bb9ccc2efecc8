#pragma once
// The upper level of the adoption choice: whether to use AI at all, from the
// value of what is on offer (the inclusive value of the stacks an adopter can
// reach), its income and its kind. And the stack constants that make the
// starting stack mix an equilibrium of the lower level. docs/calibration.md.

#include <array>
#include <vector>

#include "agents/adopters.h"
#include "base/proto/scenario.pb.h"
#include "base/stacks.h"
#include "base/state_archive.h"

namespace stackrace {

// Prices below this (USD per million tokens) count as this, so that the log
// of a free offer's price stays finite.
inline constexpr double kFreePriceUsdPerMtok = 1e-3;

// The lower level's log-sum over the finite entries of the stacks' values v,
// with the open-weight stacks in one nest of dissimilarity `nest_lambda`
// (Choice.open_weight_nest_lambda):
//   ln(sum over singletons e^v + (sum over the nest e^(v / lambda))^lambda);
// ln(sum of e^v) when nest_lambda is 1; -infinity when no entry is finite.
double inclusive_value(const StackArray& v, double nest_lambda);

// The lower level's probability of each stack (0 where v is -infinity):
// e^(v - iv) for a singleton, and for a member of the nest its nest's share
// times its share within the nest.
StackArray stack_probabilities(const StackArray& v, double nest_lambda);

// P(use | considering) for an adopter of `kind` with `income` (USD per year)
// facing stacks of inclusive value `iv` at a mean price `price` (USD per
// million tokens).
struct UseInputs {
  double income = 0, reference_income = 0;
  double price = 0, reference_price = 0;
  double iv = 0;
};
double use_probability(const Adoption& a, AdopterKind kind, const UseInputs& in);

// The price of the stacks weighted by their lower-level probabilities.
double mean_price(const StackArray& v, const StackArray& price, double nest_lambda);

// mean_price and inclusive_value together, from one pass over the nest.
struct OfferSummary {
  double mean_price = 0, inclusive_value = 0;
};
OfferSummary summarise_offers(const StackArray& v, const StackArray& price, double nest_lambda);

// Share of a country's adopters in each class: households lognormal around
// GDP per capita (sd population.income_log_sd, mean GDP per capita), firms and
// public bodies at GDP per capita x organisation_income_multiple.
std::array<double, kClassCount> class_weights(double gdp_per_capita, const Population& p);

// Alternative-specific constants per market (countries sharing a starting
// mix and the stacks they reach at the start), found by the BLP contraction
// ASC += step x (ln(target) - ln(predicted)), so that the lower level, with
// the mean-field peer term beta_network x target share, reproduces each
// market's starting mix. The step is 1 for a singleton and nest_lambda for
// a member of the nest (the nested logit's safe contraction); it stops when
// the steps within every market agree (a common step changes no share). A
// country that reaches only part of its starting mix (a stack blocked there)
// is a market of its own (with the countries of that mix blocked alike),
// with its mix over what it reaches; the rest of the market is fitted to the
// mix without it, and is not made to take up its part of the blocked stack.
struct StackMarkets {
  std::vector<int> market_of_country;  // -1: not in any (uninhabited)
  std::vector<StackArray> target;      // per market, sums to 1
};
// Checkpoints (base/state_archive.h): every field, in order.
template <class Archive, StateOf<StackMarkets> Self>
void visit_state(Archive& ar, Self& s) {
  ar(s.market_of_country, s.target);
}
StackMarkets stack_markets(const std::vector<StackArray>& initial_mix, const std::vector<bool>& inhabited,
                           const std::vector<std::array<bool, kStackCount>>& available);

// values[c][k]: the stacks' utilities for class k in country c (-infinity
// where unavailable); weight[c][k]: adopters of that class who use AI.
std::vector<StackArray> fit_stack_constants(const StackMarkets& markets,
                                            const std::vector<std::array<StackArray, kClassCount>>& values,
                                            const std::vector<std::array<double, kClassCount>>& weight,
                                            double beta_network, double nest_lambda);

}  // namespace stackrace
