#include "sim/metrics.h"

#include <algorithm>

#include "base/units.h"

namespace stackrace {

namespace {

// One country's AI user share, stack mix and dominant stack from its agents.
CountryRow country_row(const StateCounts& counts, double adopters) {
  CountryRow row;
  std::uint64_t user_agents = 0;
  for (int s = 0; s < kStackCount; ++s) user_agents += counts[s];
  row.ai_user_share = adopters > 0 ? static_cast<double>(user_agents) / adopters : 0.0;
  for (int s = 0; s < kStackCount; ++s) {
    row.stack_share[s] = user_agents > 0 ? static_cast<double>(counts[s]) / user_agents : 0.0;
    if (counts[s] > 0 && (row.dominant_stack < 0 || counts[s] > counts[row.dominant_stack])) row.dominant_stack = s;
  }
  return row;
}

// People and users, in total and by stack, summed over a set of countries.
struct Tally {
  double population = 0, users = 0;
  StackArray by_stack{};

  void add(double people, const CountryRow& row) {
    const double using_ai = people * row.ai_user_share;
    population += people;
    users += using_ai;
    for (int s = 0; s < kStackCount; ++s) by_stack[s] += using_ai * row.stack_share[s];
  }
  double user_share() const { return population > 0 ? users / population : 0.0; }
  StackArray stack_share() const {
    StackArray out{};
    for (int s = 0; s < kStackCount; ++s) out[s] = users > 0 ? by_stack[s] / users : 0.0;
    return out;
  }
};

// Population-weighted mean of a per-country value over the countries `in` selects.
template <class Value, class Select>
double weighted_mean(const World& world, Value value, Select in, double empty) {
  double people = 0, sum = 0;
  for (std::size_t c = 0; c < world.countries.size(); ++c) {
    const Country& country = world.countries[c];
    if (!country.inhabited() || !in(country)) continue;
    people += country.population;
    sum += country.population * value(c);
  }
  return people > 0 ? sum / people : empty;
}

FrontsRow fronts_row(const Simulation& sim, const std::vector<CountryRow>& rows) {
  const World& world = sim.spec().world;
  const LabourState& labour = sim.labour();
  FrontsRow f;
  const auto displaced = [&](std::size_t c) { return labour.displaced_share[c]; };
  const auto stability = [&](std::size_t c) { return labour.stability[c]; };
  const auto all = [](const Country&) { return true; };
  const auto dev = [](const Country& c) { return c.developing(); };
  const auto allied = [](const Country& c) { return c.us_allied; };
  const auto cn_bloc = [](const Country& c) { return c.cn_bloc; };
  f.displaced_world = weighted_mean(world, displaced, all, 0.0);
  f.displaced_dev = weighted_mean(world, displaced, dev, 0.0);
  f.displaced_us_allied = weighted_mean(world, displaced, allied, 0.0);
  f.displaced_cn_bloc = weighted_mean(world, displaced, cn_bloc, 0.0);
  f.stability_world = weighted_mean(world, stability, all, 1.0);
  f.stability_us_allied = weighted_mean(world, stability, allied, 1.0);
  f.stability_cn_bloc = weighted_mean(world, stability, cn_bloc, 1.0);
  for (std::size_t c = 0; c < world.countries.size(); ++c) {
    const Country& country = world.countries[c];
    if (!country.inhabited()) continue;
    f.stability_min = std::min(f.stability_min, labour.stability[c]);
    const Partnership p = sim.governments()[c].partnership;
    f.us_partners += p == US_PARTNER ? 1 : 0;
    f.cn_partners += p == CN_PARTNER ? 1 : 0;
    if (country.us_allied) f.spending_us_allied_musd += labour.spending_usd_per_year[c] / kUsdPerMusd;
    if (country.cn_bloc) f.spending_cn_bloc_musd += labour.spending_usd_per_year[c] / kUsdPerMusd;
  }
  if (world.us_home >= 0) {
    f.us_domestic_user_share = rows[world.us_home].ai_user_share;
    f.us_domestic_org_adoption = labour.org_adoption[world.us_home];
  }
  if (world.cn_home >= 0) {
    f.cn_domestic_user_share = rows[world.cn_home].ai_user_share;
    f.cn_domestic_org_adoption = labour.org_adoption[world.cn_home];
  }
  return f;
}

}  // namespace

MonthSummary summarize(const Simulation& sim) {
  const World& world = sim.spec().world;
  MonthSummary out;
  out.countries.resize(world.countries.size());
  Tally all, developing;
  for (std::size_t c = 0; c < world.countries.size(); ++c) {
    out.countries[c] = country_row(sim.counts()[c], sim.adopters_in(static_cast<int>(c)));
    const Country& country = world.countries[c];
    if (country.inhabited()) {
      out.countries[c].ai_exposed_employment_share =
          country.exposed_complementary_share + country.exposed_substitutable_share;
    }
    out.countries[c].displaced_worker_share = sim.labour().displaced_share[c];
    out.countries[c].stability_index = sim.labour().stability[c];
    all.add(country.population, out.countries[c]);
    if (country.developing()) developing.add(country.population, out.countries[c]);
  }
  out.global.ai_user_share_world = all.user_share();
  out.global.dev_ai_user_share = developing.user_share();
  out.global.share = all.stack_share();
  out.global.dev_share = developing.stack_share();
  out.global.supply = sim.supply().metrics();
  for (int s = 0; s < kStackCount; ++s) {
    const double compliance = sim.supply().offers()[s].misuse_compliance;
    out.global.mean_malicious_compliance += out.global.share[s] * compliance;
    out.global.dev_mean_malicious_compliance += out.global.dev_share[s] * compliance;
    out.global.price_usd_per_mtok[s] = sim.supply().offers()[s].price_usd_per_mtok;
  }
  out.global.fronts = fronts_row(sim, out.countries);
  return out;
}

const std::vector<std::string>& global_column_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n{"ai_user_share_world", "dev_ai_user_share"};
    for (int s = 0; s < kStackCount; ++s) n.push_back(std::string("share_") + stack_column(s));
    for (int s = 0; s < kStackCount; ++s) n.push_back(std::string("dev_share_") + stack_column(s));
    for (const char* name :
         {"compute_us_allied_h100e", "compute_china_h100e", "compute_ratio", "huawei_share_of_nvidia",
          "us_frontier_capability", "cn_frontier_capability", "lead_months", "smuggled_h100e", "rented_offshore_h100e",
          "distillation_gain_months", "seizures_usd", "mean_malicious_compliance", "dev_mean_malicious_compliance",
          "chip_price_usd_per_h100e", "distillation_attempted_mexchanges", "distillation_harvested_share",
          "revenue_us_allied_musd", "revenue_china_musd"})
      n.push_back(name);
    for (int s = 0; s < kStackCount; ++s) n.push_back(std::string("price_") + stack_column(s) + "_usd_per_mtok");
    for (const char* name :
         {"displaced_worker_share_world", "displaced_worker_share_dev", "displaced_worker_share_us_allied",
          "displaced_worker_share_cn_bloc", "stability_index_world", "stability_index_us_allied",
          "stability_index_cn_bloc", "stability_index_min", "us_domestic_ai_user_share", "cn_domestic_ai_user_share",
          "us_domestic_org_adoption", "cn_domestic_org_adoption", "us_partners", "cn_partners",
          "resilience_spending_us_allied_musd", "resilience_spending_cn_bloc_musd"})
      n.push_back(name);
    return n;
  }();
  return names;
}

std::vector<double> global_values(const MonthSummary& summary) {
  const GlobalRow& g = summary.global;
  std::vector<double> v{g.ai_user_share_world, g.dev_ai_user_share};
  v.insert(v.end(), g.share.begin(), g.share.end());
  v.insert(v.end(), g.dev_share.begin(), g.dev_share.end());
  const SupplyMetrics& m = g.supply;
  v.insert(v.end(), {m.compute_us_allied_h100e, m.compute_china_h100e, m.compute_ratio, m.huawei_share_of_nvidia,
                     m.us_frontier_capability, m.cn_frontier_capability, m.lead_months, m.smuggled_h100e,
                     m.rented_offshore_h100e, m.distillation_gain_months, m.seizures_usd, g.mean_malicious_compliance,
                     g.dev_mean_malicious_compliance, m.chip_price_usd, m.distillation_attempted_mexchanges,
                     m.distillation_harvested_share, m.revenue_us_allied_musd, m.revenue_china_musd});
  v.insert(v.end(), g.price_usd_per_mtok.begin(), g.price_usd_per_mtok.end());
  const FrontsRow& f = g.fronts;
  v.insert(v.end(), {f.displaced_world, f.displaced_dev, f.displaced_us_allied, f.displaced_cn_bloc, f.stability_world,
                     f.stability_us_allied, f.stability_cn_bloc, f.stability_min, f.us_domestic_user_share,
                     f.cn_domestic_user_share, f.us_domestic_org_adoption, f.cn_domestic_org_adoption, f.us_partners,
                     f.cn_partners, f.spending_us_allied_musd, f.spending_cn_bloc_musd});
  return v;
}

}  // namespace stackrace
