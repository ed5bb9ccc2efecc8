#pragma once
// Supply-side agent rules: chip fabs, AI labs, smuggler networks and remote
// data-center operators. Each rule is a pure function of the agent's
// parameters, its last state and what it observes, so that every rule is
// tested on its own (tests/agents/supply_agents_test.cpp) and agents of one
// kind step in parallel. The markets between them are in sim/.

#include <cstdint>
#include <vector>

#include "base/proto/supply.pb.h"
#include "base/stacks.h"
#include "base/state_archive.h"

namespace stackrace {

// Monthly factor of a yearly growth rate: (1 + g)^(1/12).
double monthly_factor(double growth_per_year);

// ---- Fabs -------------------------------------------------------------------

struct FabState {
  double capacity_h100e_per_month = 0;
  double output_h100e = 0;  // this month's good output
};

// Checkpoints (base/state_archive.h): every field, in order.
template <class Archive, StateOf<FabState> Self>
void visit_state(Archive& ar, Self& s) {
  ar(s.capacity_h100e_per_month, s.output_h100e);
}

FabState initial_fab(const Fab& fab);
// This month's output is capacity x yield; capacity then grows by the fab's
// rate plus, for Chinese fabs, the subsidy's extra growth.
FabState step_fab(const Fab& fab, const FabState& previous, double subsidy_growth_per_year);

// ---- Smugglers --------------------------------------------------------------

// Probability that a shipment through a transit country is caught.
double detection_probability(double enforcement_budget_musd_per_year, double enforcement_scale_musd,
                             double transit_enforcement_capacity);

// Share of its capacity a network moves: the expected profit per chip is
// margin x (1 - p) - p (a caught chip is lost), relative to the margin; it
// moves nothing when that is negative and everything when p = 0.
double smuggling_willingness(double margin, double detection_p);

// ---- Labs -------------------------------------------------------------------

struct LabState {
  double owned_h100e = 0;
  double rented_h100e = 0;             // this month
  double capex_musd = 0;               // this month's budget from investors
  double revenue_musd = 0;             // last month's service revenue
  double algorithmic_log10 = 0;        // efficiency multiplier on training compute
  double capability_log10 = 0;         // best model deployed
  double price_usd_per_mtok = 0;       // cost x (1 + markup) x services.price_scale
  double cost_usd_per_mtok = 0;        // of serving a token; falls at price_decline_per_year
  double distillation_gain_log10 = 0;  // this month
  double distilled_log10 = 0;          // all distillation gains so far
  // This month's queries to closed models: attempted, and harvested before
  // the accounts were closed (million exchanges).
  double distillation_attempted_mexchanges = 0, distillation_harvested_mexchanges = 0;
  // Costs incurred this month (distillation campaigns, smuggled chips at the
  // legal price plus the smugglers' margin), paid from next month's budget.
  double pending_cost_musd = 0;
  bool released = false;  // this month
};

template <class Archive, StateOf<LabState> Self>
void visit_state(Archive& ar, Self& s) {
  ar(s.owned_h100e, s.rented_h100e, s.capex_musd, s.revenue_musd, s.algorithmic_log10, s.capability_log10,
     s.price_usd_per_mtok, s.cost_usd_per_mtok, s.distillation_gain_log10, s.distilled_log10,
     s.distillation_attempted_mexchanges, s.distillation_harvested_mexchanges, s.pending_cost_musd, s.released);
}

struct ComputeSplit {
  double training = 0, experiments = 0, inference = 0;
};
ComputeSplit split_compute(const Lab& lab, double total_h100e);

// Log10 effective FLOP of a model trained on `training_h100e`: the log of the
// compute plus the lab's efficiency, which holds everything else (FLOP an
// H100e-month delivers, the run's length, its algorithms).
double trained_capability(double training_h100e, double algorithmic_log10);

// A lab at the start, its efficiency set so that its initial compute trains
// its initial capability.
LabState initial_lab(const Lab& lab);

// Budget this month (USD) and how it is spent: chips at `chip_price` and,
// for rental_budget_share of it, rented compute at `rental_price`.
struct LabDemand {
  double chips_h100e = 0;
  double rental_h100e = 0;
};
LabDemand lab_demand(const Lab& lab, const LabState& state, double chip_price_usd, double rental_price_usd);

// What a lab sees when it steps.
struct LabInputs {
  int month = 0;                         // months since the start
  double delivered_h100e = 0;            // chips received this month
  double rented_h100e = 0;               // rented this month
  double depreciation_monthly = 0;       // share of owned compute retired
  double largest_experiments_h100e = 0;  // any lab's experiment compute this month
  // The open-weight restriction on this lab's releases (0 = none, 1 = full;
  // see CapabilityModel.open_weight_threshold_h100e).
  double release_restriction = 0;
};

// Compute, algorithmic progress and releases (distillation is applied after,
// by apply_distillation).
LabState step_lab(const Lab& lab, const LabState& previous, const CapabilityModel& model, const LabInputs& in);

// ---- Distillation (a monthly flow of queries; see DistillationModel) -------

// Exchanges a lab attempts against a closed model in a month under legal
// deterrence (0..1): fewer with more deterrence.
double distillation_attempted(const DistillationModel& d, double deterrence);
// Accounts closed per million exchanges: more with threat-intelligence sharing (0..1).
double distillation_hazard(const DistillationModel& d, double threat_intel);
// Exchanges harvested before the accounts are closed, (1 - exp(-h V)) / h:
// V for h V small, never more than 1 / h.
double distillation_harvested(double attempted, double hazard);
// Share of the log capability gap a month's harvest closes: rises with
// volume, saturates at max_gap_closed_per_month.
double distillation_closure(const DistillationModel& d, double harvested_mexchanges);

struct DistillationFlow {
  double attempted_mexchanges = 0;  // against the closed model
  double harvested_mexchanges = 0;  // of those, before the accounts were closed
  double gain_log10 = 0;            // from the better of the two sources
  double cost_musd = 0;             // of the closed-model queries
};
// What a lab's compute lets it make of each target's outputs: the factor
// on the share of the gap it closes (1 without compute_elasticity).
struct DistillationCompute {
  double closed = 1, open = 1;
};
// min(1, (own / target training compute) / full_rate_compute_ratio)^compute_elasticity.
double distillation_compute_factor(const DistillationModel& d, double own_training_h100e, double target_training_h100e);
// A lab at `own` capability distilling, in one month, the best closed
// (`closed_target`) and open-weight (`open_target`) models of the other bloc;
// a target below its own gives nothing.
DistillationFlow distillation_flow(const DistillationModel& d, double deterrence, double threat_intel, double own,
                                   double closed_target, double open_target, DistillationCompute compute = {});

// ---- Prices and revenue (see Services) ------------------------------------

// Another lab as a competitor sees it: its capability, price, and the share
// of the world's people where both labs' stacks are available.
struct Rival {
  double capability_log10 = 0, price_usd_per_mtok = 0, overlap = 0;
};
// 1 + competition_markup_sensitivity x the rivals' weights (close in
// capability, as cheap or cheaper, present in the same markets).
double competition_index(const Services& sv, double own_capability, double own_price, const std::vector<Rival>& rivals);
// The price for a cost and a markup that started at `initial_markup` under
// competition `initial_competition` and now faces `competition`.
double competitive_price(const Services& sv, double cost_usd_per_mtok, double initial_markup,
                         double initial_competition, double competition);

// A Chinese lab's serving cost relative to the one its list price reflects:
// the state pays `subsidy_share_at_full` x `lever` of the compute bills (the
// compute vouchers of china_chip_subsidy), and the list prices are those
// charged under the lever's `pre` value, `lever_at_list_price`.
double subsidised_cost_factor(double subsidy_share_at_full, double lever, double lever_at_list_price);

// Shares of people that adopter agents stand for, by kind.
struct UserKinds {
  double household = 1, firm = 0, public_body = 0;
};
template <class Archive, StateOf<UserKinds> Self>
void visit_state(Archive& ar, Self& s) {
  ar(s.household, s.firm, s.public_body);
}
// Tokens a user consumes a month, on average over kinds, `months` after the
// start; and of them, the tokens paid for.
double tokens_per_user(const Services& sv, const UserKinds& kinds, int months);
double paid_tokens_per_user(const Services& sv, const UserKinds& kinds, int months);
// Million USD a month from `paying_users` at a price.
double service_revenue_musd(double paying_users, double paid_tokens_per_user, double price_usd_per_mtok);

// ---- Remote operators ------------------------------------------------------

struct OperatorState {
  double hosted_h100e = 0;
  double capex_musd = 0;
  double rented_out_h100e = 0;  // to Chinese labs, this month
};
template <class Archive, StateOf<OperatorState> Self>
void visit_state(Archive& ar, Self& s) {
  ar(s.hosted_h100e, s.capex_musd, s.rented_out_h100e);
}
OperatorState initial_operator(const RemoteOperator& op);
// Compute it may rent to a lab from a country under the loophole closure (0 open, 1 closed).
double rentable_compute(const RemoteOperator& op, const OperatorState& state, double closure);

}  // namespace stackrace
