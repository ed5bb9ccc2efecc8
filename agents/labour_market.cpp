#include "agents/labour_market.h"

#include <algorithm>
#include <cmath>

namespace stackrace {

namespace {
constexpr double kPercent = 100.0;  // a share of GDP as percent
}  // namespace

double automatable_share(const Resilience& p, double capability_log10) {
  const double z = (capability_log10 - p.automatable_midpoint_log10()) / p.automatable_width_log10();
  return p.automatable_share_max() / (1.0 + std::exp(-z));
}

// More displaced workers chase the same openings (the rate halves at the
// congestion share); retraining raises it in proportion to its spending.
double reemployment_rate(const Resilience& p, double displaced_share, double retraining_share_gdp) {
  const double congestion = 1.0 / (1.0 + displaced_share / p.reemployment_congestion_share());
  const double retraining = 1.0 + p.reemployment_gain_per_pct_gdp_retraining() * retraining_share_gdp * kPercent;
  return std::min(1.0, p.reemployment_rate_per_month() * congestion * retraining);
}

double effective_coverage(double coverage, double safety_net_expansion) {
  return coverage + safety_net_expansion * (1.0 - coverage);
}

double stability_target(const Resilience& p, double displaced_share, double coverage, double productivity_gain) {
  const double strain = p.stability_displacement_weight() * displaced_share * (1.0 - p.safety_net_cushion() * coverage);
  return std::clamp(1.0 - strain + p.stability_income_weight() * productivity_gain, 0.0, 1.0);
}

double backlash(const Resilience& p, double stability) {
  const double threshold = p.backlash_stability_threshold();
  if (threshold <= 0 || stability >= threshold) return 0.0;
  return (threshold - stability) / threshold;
}

LabourCell step_labour(const Resilience& p, const Country& country, const LabourCell& last, const LabourInputs& in) {
  LabourCell next = last;
  const double automatable = automatable_share(p, in.capability_log10);
  // Work organisations could automate now; automation only grows (work once
  // reorganised is not handed back), slowed by backlash's labour rules.
  const double reachable = country.exposed_substitutable_share * automatable * in.org_adoption;
  const double pace =
      p.automation_adjustment_per_month() * (1.0 - p.backlash_automation_restriction() * backlash(p, last.stability));
  const double automated_now = std::max(0.0, reachable - last.automated_share) * pace;
  next.automated_share = last.automated_share + automated_now;
  const double displaced_now = p.displacement_per_automated_work() * automated_now;
  const double reemployed = reemployment_rate(p, last.displaced_share, in.retraining_share_gdp) * last.displaced_share;
  next.displaced_share = std::clamp(last.displaced_share + displaced_now - reemployed, 0.0, 1.0);
  // Augmentation: complementary work, as far as AI can help with it (the
  // automatable share's curve, from 0 to 1) and as far as organisations use it.
  const double augmentable = p.automatable_share_max() > 0 ? automatable / p.automatable_share_max() : 0.0;
  next.productivity_gain =
      country.exposed_complementary_share * augmentable * in.org_adoption * p.productivity_gain_at_full();
  const double coverage = effective_coverage(country.social_protection_coverage, in.safety_net_expansion);
  const double target = stability_target(p, next.displaced_share, coverage, next.productivity_gain);
  next.stability = last.stability + (target - last.stability) * p.stability_adjustment_per_month();
  return next;
}

double resilience_spending_usd_per_year(const Resilience& p, const Country& country, const LabourInputs& in) {
  const double gdp = country.gdp_per_capita_usd * country.population;
  const double safety_net =
      p.safety_net_cost_share_gdp_at_full() * in.safety_net_expansion * (1.0 - country.social_protection_coverage);
  return gdp * (in.retraining_share_gdp + safety_net);
}

}  // namespace stackrace
