#pragma once
// What a month looks like from outside: per-country and world shares, derived
// from the integer state counts (so they are identical at any thread count).

#include <string>
#include <vector>

#include "base/stacks.h"
#include "sim/simulation.h"

namespace stackrace {

struct CountryRow {
  double ai_user_share = 0;  // of population
  StackArray stack_share{};  // of the country's AI users; all 0 where there are none
  int dominant_stack = -1;   // -1 where there are no users
  // The labour market (agents/labour_market.h): employment exposed to AI,
  // displaced workers (both of employment) and the stability index.
  double ai_exposed_employment_share = 0, displaced_worker_share = 0, stability_index = 1;
};

// The resilience front and the domestic-adoption front, world-level.
struct FrontsRow {
  // Population-weighted (population stands in for employment).
  double displaced_world = 0, displaced_dev = 0, displaced_us_allied = 0, displaced_cn_bloc = 0;
  double stability_world = 1, stability_us_allied = 1, stability_cn_bloc = 1, stability_min = 1;
  // The home economies (world config labour): AI user share of population,
  // and share of firms and public bodies using AI.
  double us_domestic_user_share = 0, cn_domestic_user_share = 0;
  double us_domestic_org_adoption = 0, cn_domestic_org_adoption = 0;
  double us_partners = 0, cn_partners = 0;  // governments partnered with each bloc
  // Yearly spending on the resilience levers, at this month's rate, million USD.
  double spending_us_allied_musd = 0, spending_cn_bloc_musd = 0;
};

struct GlobalRow {
  double ai_user_share_world = 0;  // population-weighted
  double dev_ai_user_share = 0;    // the same over low and lower-middle income countries
  StackArray share{};              // among the world's AI users (people, not agents)
  StackArray dev_share{};          // among AI users in low and lower-middle income countries
  SupplyMetrics supply;            // compute, frontier, smuggling, distillation (supply_side.h)
  // Use-weighted mean share of overtly malicious requests that the models
  // people use comply with: world and developing countries.
  double mean_malicious_compliance = 0, dev_mean_malicious_compliance = 0;
  // Each stack's price (its best model's, after congestion, before partner discounts).
  StackArray price_usd_per_mtok{};
  FrontsRow fronts;
};

// Checkpoints (base/state_archive.h): every field, in order.
template <class Archive, StateOf<GlobalRow> Self>
void visit_state(Archive& ar, Self& s) {
  ar(s.ai_user_share_world, s.dev_ai_user_share, s.share, s.dev_share, s.supply, s.mean_malicious_compliance,
     s.dev_mean_malicious_compliance, s.price_usd_per_mtok);
}

struct MonthSummary {
  std::vector<CountryRow> countries;
  GlobalRow global;
};

MonthSummary summarize(const Simulation& sim);

// The columns of global.csv after `month`, in order, and their values for one
// month. Studies read outcomes from these by name, so a new world metric is
// added here once and appears in global.csv, in the run report and in studies.
const std::vector<std::string>& global_column_names();
std::vector<double> global_values(const MonthSummary& summary);

}  // namespace stackrace
