#include "agents/supply_agents.h"

#include <algorithm>
#include <cmath>

#include "base/months.h"
#include "base/units.h"

namespace stackrace {

double monthly_factor(double growth_per_year) { return std::pow(1.0 + growth_per_year, 1.0 / kMonthsPerYear); }

FabState initial_fab(const Fab& fab) { return {fab.capacity_h100e_per_month(), 0.0}; }

FabState step_fab(const Fab& fab, const FabState& previous, double subsidy_growth_per_year) {
  FabState next;
  next.output_h100e = previous.capacity_h100e_per_month * fab.yield();
  next.capacity_h100e_per_month =
      previous.capacity_h100e_per_month * monthly_factor(fab.capacity_growth_per_year() + subsidy_growth_per_year);
  return next;
}

double detection_probability(double budget_musd, double scale_musd, double transit_enforcement) {
  return 1.0 - std::exp(-budget_musd / scale_musd * transit_enforcement);
}

double smuggling_willingness(double margin, double p) {
  return std::clamp((margin * (1.0 - p) - p) / margin, 0.0, 1.0);
}

ComputeSplit split_compute(const Lab& lab, double total) {
  ComputeSplit s;
  s.training = total * lab.training_share();
  s.experiments = total * lab.experiment_share();
  s.inference = std::max(0.0, total - s.training - s.experiments);
  return s;
}

double trained_capability(double training_h100e, double algorithmic_log10) {
  return std::log10(std::max(training_h100e, 1.0)) + algorithmic_log10;
}

LabState initial_lab(const Lab& lab) {
  LabState s;
  s.owned_h100e = lab.initial_compute_h100e();
  s.capex_musd = lab.capex_musd_per_month();
  s.capability_log10 = lab.initial_capability_log10_flop();
  // The efficiency that makes its start-up compute yield its start-up model.
  s.algorithmic_log10 =
      lab.initial_capability_log10_flop() - trained_capability(split_compute(lab, s.owned_h100e).training, 0.0);
  s.price_usd_per_mtok = lab.price_usd_per_mtok();
  return s;
}

LabDemand lab_demand(const Lab& lab, const LabState& s, double chip_price, double rental_price) {
  const double budget_usd =
      std::max(0.0, s.capex_musd + s.revenue_musd * lab.revenue_reinvested() - s.pending_cost_musd) * 1e6;
  const double rental_usd = budget_usd * lab.rental_budget_share();
  return {(budget_usd - rental_usd) / chip_price, rental_usd / rental_price};
}

LabState step_lab(const Lab& lab, const LabState& prev, const CapabilityModel& model, const LabInputs& in) {
  LabState next = prev;
  next.released = false;
  next.distillation_gain_log10 = 0;
  next.distillation_attempted_mexchanges = 0;
  next.distillation_harvested_mexchanges = 0;
  next.pending_cost_musd = 0;
  next.owned_h100e = prev.owned_h100e * (1.0 - in.depreciation_monthly) + in.delivered_h100e;
  next.rented_h100e = in.rented_h100e;
  next.capex_musd = prev.capex_musd * monthly_factor(lab.capex_growth_per_year());
  next.cost_usd_per_mtok = prev.cost_usd_per_mtok * monthly_factor(-lab.price_decline_per_year());
  const ComputeSplit split = split_compute(lab, next.owned_h100e + next.rented_h100e);
  // Algorithmic progress, faster with more experiment compute relative to the
  // best-resourced lab ("compute compounds into algorithmic advantage").
  const double relative =
      in.largest_experiments_h100e > 0 ? std::min(1.0, split.experiments / in.largest_experiments_h100e) : 1.0;
  next.algorithmic_log10 += model.base_algorithmic_progress_log10_per_year() / kMonthsPerYear *
                            std::pow(relative, model.experiment_elasticity());
  const int offset = static_cast<int>(lab.first_release_offset_months());
  if (in.month >= offset && (in.month - offset) % static_cast<int>(lab.release_interval_months()) == 0) {
    next.released = true;
    const double over_threshold =
        std::max(0.0, std::log10(std::max(split.training, 1.0) / model.open_weight_threshold_h100e()));
    next.capability_log10 = std::max(prev.capability_log10, trained_capability(split.training, next.algorithmic_log10) -
                                                                in.release_restriction * over_threshold);
  }
  return next;
}

double distillation_attempted(const DistillationModel& d, double deterrence) {
  return d.attempted_mexchanges_per_month() * std::exp(-d.deterrence_volume_elasticity() * deterrence);
}

double distillation_hazard(const DistillationModel& d, double threat_intel) {
  return d.detection_per_mexchange() * (1.0 + d.threat_intel_detection_gain() * threat_intel);
}

double distillation_harvested(double attempted, double hazard) {
  if (hazard <= 0) return attempted;
  return -std::expm1(-hazard * attempted) / hazard;
}

double distillation_closure(const DistillationModel& d, double harvested) {
  return d.max_gap_closed_per_month() * -std::expm1(-harvested / d.saturation_mexchanges());
}

double distillation_compute_factor(const DistillationModel& d, double own_training_h100e,
                                   double target_training_h100e) {
  if (d.compute_elasticity() <= 0 || d.full_rate_compute_ratio() <= 0 || target_training_h100e <= 0) return 1.0;
  const double relative = own_training_h100e / target_training_h100e / d.full_rate_compute_ratio();
  return std::pow(std::min(1.0, relative), d.compute_elasticity());
}

DistillationFlow distillation_flow(const DistillationModel& d, double deterrence, double threat_intel, double own,
                                   double closed_target, double open_target, DistillationCompute compute) {
  DistillationFlow f;
  if (closed_target > own) {
    f.attempted_mexchanges = distillation_attempted(d, deterrence);
    f.harvested_mexchanges = distillation_harvested(f.attempted_mexchanges, distillation_hazard(d, threat_intel));
    f.cost_musd = f.attempted_mexchanges * d.cost_musd_per_mexchange();
    f.gain_log10 = compute.closed * distillation_closure(d, f.harvested_mexchanges) * (closed_target - own);
  }
  if (open_target > own) {
    const double open_gain =
        compute.open * distillation_closure(d, d.open_weight_mexchanges_per_month()) * (open_target - own);
    f.gain_log10 = std::max(f.gain_log10, open_gain);
  }
  return f;
}

double competition_index(const Services& sv, double own_capability, double own_price,
                         const std::vector<Rival>& rivals) {
  double weight = 0;
  for (const Rival& r : rivals) {
    const double behind = std::max(0.0, own_capability - r.capability_log10);
    const double cheaper = r.price_usd_per_mtok > 0 ? std::min(1.0, own_price / r.price_usd_per_mtok) : 1.0;
    weight += std::exp(-behind / sv.competitor_range_log10()) * cheaper * r.overlap;
  }
  return 1.0 + sv.competition_markup_sensitivity() * weight;
}

double competitive_price(const Services& sv, double cost, double initial_markup, double initial_competition,
                         double competition) {
  return sv.price_scale() * cost * (1.0 + initial_markup * initial_competition / competition);
}

double subsidised_cost_factor(double subsidy_share_at_full, double lever, double lever_at_list_price) {
  return (1.0 - subsidy_share_at_full * lever) / (1.0 - subsidy_share_at_full * lever_at_list_price);
}

namespace {

double usage_growth(const Services& sv, int months) {
  return std::pow(monthly_factor(sv.usage_growth_per_year()), months);
}

}  // namespace

double tokens_per_user(const Services& sv, const UserKinds& k, int months) {
  return (k.household * sv.tokens_per_user_per_month() + k.firm * sv.tokens_per_firm_user_per_month() +
          k.public_body * sv.tokens_per_public_body_user_per_month()) *
         usage_growth(sv, months);
}

double paid_tokens_per_user(const Services& sv, const UserKinds& k, int months) {
  return (k.household * sv.tokens_per_user_per_month() * sv.paid_token_share_household() +
          (k.firm * sv.tokens_per_firm_user_per_month() +
           k.public_body * sv.tokens_per_public_body_user_per_month()) *
              sv.paid_token_share_organisation()) *
         usage_growth(sv, months);
}

double service_revenue_musd(double paying_users, double paid_tokens, double price_usd_per_mtok) {
  return paying_users * paid_tokens / kTokensPerMtok * price_usd_per_mtok / kUsdPerMusd;
}

OperatorState initial_operator(const RemoteOperator& op) {
  return {op.initial_hosted_h100e(), op.capex_musd_per_month(), 0.0};
}

double rentable_compute(const RemoteOperator& op, const OperatorState& s, double closure) {
  return s.hosted_h100e * op.rentable_share() * (1.0 - closure);
}

}  // namespace stackrace
