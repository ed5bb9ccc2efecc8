#include "agents/supply_agents.h"

#include <algorithm>
#include <cmath>

#include "base/months.h"

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

double trained_capability(const CapabilityModel& m, double training_h100e, double algorithmic_log10) {
  const double flop = std::max(training_h100e, 1.0) * m.flop_per_h100e_month() * m.training_run_months();
  return std::log10(flop) + algorithmic_log10;
}

LabState initial_lab(const Lab& lab, const CapabilityModel& model) {
  LabState s;
  s.owned_h100e = lab.initial_compute_h100e();
  s.capex_musd = lab.capex_musd_per_month();
  s.capability_log10 = lab.initial_capability_log10_flop();
  // The efficiency that makes its start-up compute yield its start-up model.
  s.algorithmic_log10 =
      lab.initial_capability_log10_flop() - trained_capability(model, split_compute(lab, s.owned_h100e).training, 0.0);
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
  next.pending_cost_musd = 0;
  next.owned_h100e = prev.owned_h100e * (1.0 - in.depreciation_monthly) + in.delivered_h100e;
  next.rented_h100e = in.rented_h100e;
  next.capex_musd = prev.capex_musd * monthly_factor(lab.capex_growth_per_year());
  next.price_usd_per_mtok = prev.price_usd_per_mtok * monthly_factor(-lab.price_decline_per_year());
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
    next.capability_log10 =
        std::max(prev.capability_log10, trained_capability(model, split.training, next.algorithmic_log10));
  }
  return next;
}

double distillation_detection(const DistillationModel& d, double deterrence, double threat_intel) {
  return 1.0 - (1.0 - d.base_detection()) *
                   std::exp(-(d.deterrence_effect() * deterrence + d.threat_intel_effect() * threat_intel));
}

double distillation_gain(const DistillationModel& d, double own, double target, bool detected) {
  if (target <= own) return 0.0;
  const double gain = d.gap_closed_fraction() * (target - own);
  return detected ? gain * d.detected_gain_share() : gain;
}

bool campaign_month(const DistillationModel& d, int month, int lab_index) {
  return (month + lab_index) % static_cast<int>(d.campaign_interval_months()) == 0;
}

OperatorState initial_operator(const RemoteOperator& op) {
  return {op.initial_hosted_h100e(), op.capex_musd_per_month(), 0.0};
}

double rentable_compute(const RemoteOperator& op, const OperatorState& s, double closure) {
  return s.hosted_h100e * op.rentable_share() * (1.0 - closure);
}

}  // namespace stackrace
