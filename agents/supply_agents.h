#pragma once
// Supply-side agent rules: chip fabs, AI labs, smuggler networks and remote
// data-center operators. Each rule is a pure function of the agent's
// parameters, its last state and what it observes, so that every rule is
// tested on its own (tests/agents/supply_agents_test.cpp) and agents of one
// kind step in parallel. The markets between them are in sim/.

#include <cstdint>

#include "base/stacks.h"
#include "base/proto/supply.pb.h"

namespace stackrace {

// Monthly factor of a yearly growth rate: (1 + g)^(1/12).
double monthly_factor(double growth_per_year);

// ---- Fabs -------------------------------------------------------------------

struct FabState {
  double capacity_h100e_per_month = 0;
  double output_h100e = 0;  // this month's good output
};

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
  double rented_h100e = 0;       // this month
  double capex_musd = 0;         // this month's budget from investors
  double revenue_musd = 0;       // last month's service revenue
  double algorithmic_log10 = 0;  // efficiency multiplier on training compute
  double capability_log10 = 0;   // best model deployed
  double price_usd_per_mtok = 0;
  double distillation_gain_log10 = 0;  // this month
  // Costs incurred this month (distillation campaigns, smuggled chips at the
  // legal price plus the smugglers' margin), paid from next month's budget.
  double pending_cost_musd = 0;
  bool released = false;  // this month
};

struct ComputeSplit {
  double training = 0, experiments = 0, inference = 0;
};
ComputeSplit split_compute(const Lab& lab, double total_h100e);

// Log10 effective FLOP of a model trained on `training_h100e` for the run length.
double trained_capability(const CapabilityModel& model, double training_h100e, double algorithmic_log10);

LabState initial_lab(const Lab& lab, const CapabilityModel& model);

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
};

// Compute, algorithmic progress and releases (distillation is applied after,
// by apply_distillation).
LabState step_lab(const Lab& lab, const LabState& previous, const CapabilityModel& model, const LabInputs& in);

// A campaign against a stronger model: closes a fraction of the gap; when
// detected, keeps only the detected share. Returns the log10 gain.
double distillation_gain(const DistillationModel& d, double own_capability, double target_capability, bool detected);
double distillation_detection(const DistillationModel& d, double deterrence, double threat_intel);
bool campaign_month(const DistillationModel& d, int month, int lab_index);

// ---- Remote operators ------------------------------------------------------

struct OperatorState {
  double hosted_h100e = 0;
  double capex_musd = 0;
  double rented_out_h100e = 0;  // to Chinese labs, this month
};
OperatorState initial_operator(const RemoteOperator& op);
// Compute it may rent to a lab from a country under the loophole closure (0 open, 1 closed).
double rentable_compute(const RemoteOperator& op, const OperatorState& state, double closure);

}  // namespace stackrace
