#pragma once
// The labour market and political stability of one country, month by month:
// the resilience front (docs/resilience.md). Substitutable work that AI can
// do grows with the best capability available there; organisations that use
// AI automate it, displacing workers, who find work again at a rate the
// labour market and retraining set; complementary work gains productivity.
// Stability follows displacement net of the safety net, and income gains;
// below a threshold it feeds back on adoption and automation (backlash).
// Pure functions of one country's last state: the simulation owns the state
// of all countries (sim/simulation.h) and calls step_labour once per country.

#include <cstddef>
#include <vector>

#include "base/state_archive.h"
#include "base/proto/scenario.pb.h"
#include "worlds/world.h"

namespace stackrace {

// One country's labour state after a month. Shares are of employment.
struct LabourCell {
  double automated_share = 0;    // substitutable work automated so far
  double displaced_share = 0;    // workers displaced and not yet re-employed
  double productivity_gain = 0;  // output gained from augmented work (income growth from AI)
  double stability = 1;          // 0..1; 1 = no AI-driven strain
};

// Every country's labour state: one array per field, indexed by country, so
// that it is plain data (a checkpoint writes the vectors as they are).
// Updated once a month in a per-country pass that reads and writes only its
// own index.
struct LabourState {
  std::vector<double> automated_share, displaced_share, productivity_gain, stability;
  std::vector<double> org_adoption;           // share of firm and public-body agents using AI
  std::vector<double> spending_usd_per_year;  // on the resilience levers, at this month's rate

  void resize(std::size_t countries) {
    for (auto* v : {&automated_share, &displaced_share, &productivity_gain, &org_adoption, &spending_usd_per_year})
      v->assign(countries, 0.0);
    stability.assign(countries, 1.0);
  }
  LabourCell cell(std::size_t c) const {
    return {automated_share[c], displaced_share[c], productivity_gain[c], stability[c]};
  }
  void set(std::size_t c, const LabourCell& cell) {
    automated_share[c] = cell.automated_share;
    displaced_share[c] = cell.displaced_share;
    productivity_gain[c] = cell.productivity_gain;
    stability[c] = cell.stability;
  }
};

// Checkpoints (base/state_archive.h): every field, in order.
template <class Archive, StateOf<LabourState> Self>
void visit_state(Archive& ar, Self& s) {
  ar(s.automated_share, s.displaced_share, s.productivity_gain, s.stability, s.org_adoption, s.spending_usd_per_year);
}

// What the month brings to the country.
struct LabourInputs {
  double capability_log10 = 0;      // best capability available, above the first month's frontier
  double org_adoption = 0;          // share of firms and public bodies using AI
  double retraining_share_gdp = 0;  // retraining spending, share of GDP (its bloc's lever)
  double safety_net_expansion = 0;  // its bloc's lever, 0..1
};

// Share of substitutable exposed work that AI of this capability can do.
double automatable_share(const Resilience& p, double capability_log10);

// Monthly hazard that a displaced worker is re-employed.
double reemployment_rate(const Resilience& p, double displaced_share, double retraining_share_gdp);

// Social-protection coverage after the safety-net lever.
double effective_coverage(double coverage, double safety_net_expansion);

// The stability the country moves toward.
double stability_target(const Resilience& p, double displaced_share, double coverage, double productivity_gain);

// 0 at or above the threshold, rising linearly to 1 at stability 0.
double backlash(const Resilience& p, double stability);

LabourCell step_labour(const Resilience& p, const Country& country, const LabourCell& last, const LabourInputs& in);

// Yearly spending on the resilience levers in a country, USD.
double resilience_spending_usd_per_year(const Resilience& p, const Country& country, const LabourInputs& in);

}  // namespace stackrace
