#pragma once
// One month of the adopter rules, on a range of adopters of one country.
//
// Two stages (Kalish 1985): becoming aware of AI, then finding it worth using.
// An online non-user who has not considered AI does so with the Bass hazard
//   p * innovativeness + q * peer_weight * (using peers / k)   [if using peers >= its threshold]
//                      + q * (1 - peer_weight) * (users / online in the country)
// and takes it up if its class's use probability (the upper level of the
// nested choice: whether what is on offer is worth using, at its price
// against income) clears the adopter's own reservation; otherwise it stays
// aware. An aware adopter reviews with probability `review` a month: an aware
// non-user then takes AI up if the offers now clear its reservation (so a
// price cut or a better offer brings in the aware who were waiting for it,
// within a year or so); a user stops if they no longer do, or else picks its
// stack again (switching costs keep it where it is unless another stack is
// clearly better). A user also stops with its class's discontinuation hazard
// (and must become aware again). Picking is a nested logit (the open-weight
// stacks in one nest, Choice.open_weight_nest_lambda in
// base/proto/scenario.proto) whose weights are products of tables, so the
// hot loop does no exp().

#include <array>
#include <cstdint>
#include <vector>

#include "agents/adopters.h"
#include "base/state_archive.h"

namespace stackrace {

struct CountryTables {
  float innovation_p = 0;       // per month, times the adopter's innovativeness
  float peer_q_per_user = 0;    // hazard per using peer
  float country_imitation = 0;  // hazard from the country's use as a whole
  float online_hazard = 0;      // offline -> online, per month
  float review = 0;             // user reconsiders its stack, per month
  // Per adopter class: reservation_levels(P_use) (agents/adopters.h), and
  // user -> non-user per month.
  std::array<std::uint16_t, kClassCount> use_levels{};
  std::array<float, kClassCount> discontinue{};
  // exp(utility without peer and switching terms), for the open-weight stacks
  // exp(utility / nest_lambda); 0 where the stack is unavailable.
  std::array<std::array<float, kStackCount>, kClassCount> weight{};
};

struct StepTables {
  std::uint32_t peers_per_adopter = 0;
  // network[users * (k + 1) + count] = exp(beta_network * count / users), 1 when users = 0.
  std::vector<float> network;
  float keep_weight = 1;  // exp(switching_cost), multiplies the stack already in use
  // The open-weight nest's dissimilarity (1: a plain logit), and network and
  // keep_weight raised to 1 / nest_lambda for the nest's members.
  float nest_lambda = 1;
  std::vector<float> nest_network;
  float nest_keep_weight = 1;
  std::vector<CountryTables> country;
};

// Checkpoints (base/state_archive.h): every field, in order.
template <class Archive, StateOf<CountryTables> Self>
void visit_state(Archive& ar, Self& s) {
  ar(s.innovation_p, s.peer_q_per_user, s.country_imitation, s.online_hazard, s.review, s.use_levels, s.discontinue,
     s.weight);
}
template <class Archive, StateOf<StepTables> Self>
void visit_state(Archive& ar, Self& s) {
  ar(s.peers_per_adopter, s.network, s.keep_weight, s.nest_lambda, s.nest_network, s.nest_keep_weight, s.country);
}

StepTables make_step_tables(std::uint32_t peers_per_adopter, double beta_network, double switching_cost,
                            double nest_lambda, std::size_t countries);

using StateCounts = std::array<std::uint64_t, kStateCount>;

// Steps adopters [first, last), all in one country: reads `state` (this
// adopter's and its peers'), writes only `next_state` of its own. Adds the new
// states to `counts`.
void step_adopters(AdopterPopulation& a, const StepTables& tables, std::uint64_t seed, std::uint32_t month,
                   std::uint32_t first, std::uint32_t last, StateCounts& counts);

// Adopter i's next state, stepped on its own: the rules one at a time, with
// no blocks and no first pass (tests hold step_adopters to it).
std::uint8_t step_one_adopter(const AdopterPopulation& a, const StepTables& tables, std::uint64_t seed,
                              std::uint32_t month, std::uint32_t i);

// The nested logit pick, exposed for tests: weights per stack (as
// CountryTables::weight), the peers' stacks (counts[s] of `users` using
// peers), the stack in use (-1 for none) and a uniform number. Returns -1
// when no stack has weight. With nest_lambda 1 it is the plain logit, in
// exactly the floating-point steps it always took.
int choose_stack(const std::array<float, kStackCount>& weight, const std::uint8_t* peer_counts, int peer_users,
                 const StepTables& tables, int current, float u);

}  // namespace stackrace
