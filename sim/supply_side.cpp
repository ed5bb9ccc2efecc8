#include "sim/supply_side.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "base/months.h"
#include "base/rng.h"
#include "base/units.h"
#include "sim/chip_market.h"
#include "sim/metrics.h"

namespace stackrace {

namespace {

// distillation_gain_months converts a gain in log10 FLOP to months at the US
// frontier's average pace over this many months (a definition of the metric,
// docs/outputs.md, not a model parameter).
constexpr int kFrontierPaceWindowMonths = 12;

}  // namespace

SupplySide::SupplySide(const Spec& spec, std::uint64_t seed)
    : spec_(spec),
      supply_(spec.scenario.supply()),
      seed_(seed),
      kept_per_month_(monthly_factor(-supply_.chip_market().depreciation_per_year())),
      us_frontier_(supply_.capability().pre_start_frontier_growth_log10_per_year() / kMonthsPerYear),
      cn_frontier_(supply_.capability().pre_start_frontier_growth_log10_per_year() / kMonthsPerYear) {
  for (const Fab& f : supply_.fab()) fabs_.push_back(initial_fab(f));
  for (const Lab& l : supply_.lab()) labs_.push_back(initial_lab(l));
  next_labs_ = labs_;
  for (const RemoteOperator& o : supply_.remote_operator()) operators_.push_back(initial_operator(o));
  for (const Smuggler& s : supply_.smuggler()) smuggler_capacity_.push_back(s.capacity_h100e_per_month());
  chip_price_ = supply_.chip_market().initial_price_usd_per_h100e();
  other_us_ = supply_.chip_market().other_us_allied_compute_h100e();
  other_cn_ = supply_.chip_market().other_china_compute_h100e();
  levers_ = spec.scenario.policy().pre();
  const Population& pop = spec.scenario.population();
  user_kinds_ = {1.0 - pop.firm_share() - pop.public_body_share(), pop.firm_share(), pop.public_body_share()};
  set_up_prices();
}

// Serving cost and markup at the start: the list price is cost x (1 + markup)
// under the competition the lab faced then.
void SupplySide::set_up_prices() {
  const Services& sv = supply_.services();
  const int n = supply_.lab_size();
  overlap_.assign(n, std::vector<double>(n, 0.0));
  double people = 0;
  for (const Country& c : spec_.world.countries) people += c.population;
  for (std::size_t c = 0; c < spec_.world.countries.size() && people > 0; ++c) {
    const double share = spec_.world.countries[c].population / people;
    for (int i = 0; i < n; ++i) {
      for (int j = 0; j < n; ++j) {
        if (spec_.available[c][supply_.lab(i).stack()] && spec_.available[c][supply_.lab(j).stack()])
          overlap_[i][j] += share;
      }
    }
  }
  initial_markup_.assign(n, 1.0 / sv.initial_cost_share_of_price() - 1.0);
  initial_competition_.resize(n);
  for (int i = 0; i < n; ++i) {
    labs_[i].cost_usd_per_mtok = supply_.lab(i).price_usd_per_mtok() * sv.initial_cost_share_of_price();
    initial_competition_[i] =
        competition_index(sv, labs_[i].capability_log10, labs_[i].price_usd_per_mtok, rivals_of(i));
  }
  for (int i = 0; i < n; ++i) labs_[i].price_usd_per_mtok *= sv.price_scale();
  next_labs_ = labs_;
}

void SupplySide::apply_policy(int month) {
  const Policy& p = spec_.scenario.policy();
  const int now = spec_.start.index + month;
  const bool in_force = now >= spec_.supply_index.policy_start.index;
  levers_ = p.pre();
  if (in_force) levers_.MergeFrom(p.levers());  // the levers it gives replace pre's
  if (month > 0 && in_force && now == spec_.supply_index.policy_start.index)
    events_.push_back({"policy", "policy", "", 0.0, "scenario levers take effect"});
  // Dated changes, in month order: each replaces the levers it gives.
  const std::vector<Month>& changes = spec_.supply_index.change_months;
  for (std::size_t i = 0; i < changes.size() && changes[i].index <= now; ++i) {
    levers_.MergeFrom(p.change(static_cast<int>(i)).levers());
    if (month > 0 && changes[i].index == now)
      events_.push_back({"policy", "policy", "", 0.0, "policy.change[" + std::to_string(i) + "] takes effect"});
  }
  levers_.set_enforcement_budget_musd_per_year(levers_.enforcement_budget_musd_per_year() + enforcement_response_musd_);
}

void SupplySide::run_markets(int month, const std::vector<GovernmentState>& governments, std::vector<double>& delivered,
                             std::vector<double>& rented, std::vector<double>& smuggled_cost_musd) {
  const int n_labs = supply_.lab_size();
  // Demand at last month's price.
  const double rental_price = chip_price_ * supply_.chip_market().rental_price_share_per_month();
  const std::vector<LabDemand> demand = lab_demands(rental_price);
  delivered.assign(n_labs, 0.0);
  rented.assign(n_labs, 0.0);
  smuggled_cost_musd.assign(n_labs, 0.0);

  double us_supply = us_inventory_, cn_supply = cn_inventory_;
  add_fab_output(us_supply, cn_supply);
  const std::vector<double> cn_demand = chinese_chip_demand(demand);
  const ChipAllocation cn = sell_chinese_output(cn_supply, cn_demand);
  std::vector<double> detection;  // per smuggler
  const ChipAllocation us = sell_us_allied_output(us_supply, demand, cn.delivered, governments, detection);
  const double price_paid = chip_price_;
  update_chip_price(us.capped_demand, us_supply);

  for (int i = 0; i < n_labs; ++i) delivered[i] = cn.delivered[i] + us.delivered[i];
  grow_operators(us.delivered);
  deliver_smuggled(month, smuggler_purchases(us.delivered), detection, price_paid, cn_demand, delivered,
                   smuggled_cost_musd);
  record_placed(delivered, us.delivered);
  rent_offshore(demand, rented);
}

// Chinese labs pay only the part of their bills the state's compute subsidy leaves them.
std::vector<LabDemand> SupplySide::lab_demands(double rental_price) const {
  std::vector<LabDemand> demand(supply_.lab_size());
  const double cn_pays = 1.0 - supply_.compute_subsidy_share_at_full() * levers_.china_chip_subsidy();
  for (int i = 0; i < supply_.lab_size(); ++i) {
    const double pays = is_cn_stack(supply_.lab(i).stack()) ? cn_pays : 1.0;
    demand[i] = lab_demand(supply_.lab(i), labs_[i], chip_price_ * pays, rental_price * pays);
  }
  return demand;
}

void SupplySide::add_fab_output(double& us_supply, double& cn_supply) {
  for (int f = 0; f < supply_.fab_size(); ++f) {
    (supply_.fab(f).bloc() == CHINA ? cn_supply : us_supply) += fabs_[f].output_h100e;
    ledger_.produced += fabs_[f].output_h100e;
  }
}

std::vector<double> SupplySide::chinese_chip_demand(const std::vector<LabDemand>& demand) const {
  std::vector<double> cn_demand(supply_.lab_size(), 0.0);
  for (int i = 0; i < supply_.lab_size(); ++i)
    if (is_cn_stack(supply_.lab(i).stack())) cn_demand[i] = demand[i].chips_h100e;
  return cn_demand;
}

// Output of Chinese fabs, plus their stock, goes to Chinese labs only.
ChipAllocation SupplySide::sell_chinese_output(double cn_supply, const std::vector<double>& cn_demand) {
  std::vector<ChipBuyer> cn_buyers(cn_demand.size());
  for (std::size_t i = 0; i < cn_demand.size(); ++i) cn_buyers[i].demand_h100e = cn_demand[i];
  ChipAllocation cn = allocate_chips(cn_supply, cn_buyers, {});
  cn_inventory_ = cn.stocked;
  return cn;
}

// US-allied output: Tier 1 free, Tier 2 capped per country (more for US
// partners), Tier 3 only within the legal quota. Cap groups: 0 = Tier 3,
// 1 + country = that Tier 2 country.
ChipAllocation SupplySide::sell_us_allied_output(double us_supply, const std::vector<LabDemand>& demand,
                                                 const std::vector<double>& cn_delivered,
                                                 const std::vector<GovernmentState>& governments,
                                                 std::vector<double>& detection) {
  const ChipMarket& market = supply_.chip_market();
  const World& world = spec_.world;
  const SupplyIndex& index = spec_.supply_index;
  std::vector<double> caps(1 + world.countries.size(), 0.0);
  caps[0] = levers_.tier3_legal_sales_h100e_per_month();
  const double tier2_cap = levers_.tier2_cap_h100e_per_country_month();
  auto group_of = [&](int country) {
    const Country& c = world.countries[country];
    if (c.export_tier == 3) return 0;
    if (c.export_tier == 2 && levers_.has_tier2_cap_h100e_per_country_month()) {
      const bool partner = governments.at(country).partnership == US_PARTNER;
      caps[1 + country] = tier2_cap * (partner ? market.tier2_partner_cap_multiplier() : 1.0);
      return 1 + country;
    }
    return -1;
  };
  // Buyers in order: labs (for what Chinese output did not give them),
  // operators, smugglers.
  std::vector<ChipBuyer> buyers;
  buyers.reserve(static_cast<std::size_t>(supply_.lab_size()) +
                 static_cast<std::size_t>(supply_.remote_operator_size()) +
                 static_cast<std::size_t>(supply_.smuggler_size()));
  for (int i = 0; i < supply_.lab_size(); ++i)
    buyers.push_back({std::max(0.0, demand[i].chips_h100e - cn_delivered[i]), group_of(index.lab_home[i])});
  for (int o = 0; o < supply_.remote_operator_size(); ++o)
    buyers.push_back({operators_[o].capex_musd * kUsdPerMusd / chip_price_, group_of(index.operator_host[o])});
  detection.assign(supply_.smuggler_size(), 0.0);
  const double budget = levers_.enforcement_budget_musd_per_year();
  for (int s = 0; s < supply_.smuggler_size(); ++s) {
    const int transit = index.smuggler_transit[s];
    detection[s] =
        detection_probability(budget, supply_.enforcement_scale_musd(), world.countries[transit].enforcement_capacity);
    const double attempted = smuggler_capacity_[s] * smuggling_willingness(supply_.smuggler(s).margin(), detection[s]);
    buyers.push_back({attempted, group_of(transit)});
  }
  ChipAllocation us = allocate_chips(us_supply, buyers, caps);
  us_inventory_ = us.stocked;
  return us;
}

void SupplySide::update_chip_price(double capped_demand, double us_supply) {
  const ChipMarket& market = supply_.chip_market();
  chip_price_ = next_chip_price(chip_price_, capped_demand, us_supply, monthly_factor(market.price_trend_per_year()),
                                market.excess_demand_elasticity(), market.max_monthly_change());
  metrics_.chip_price_usd = chip_price_;
}

// Remote operators: the chips they bought join their depreciated fleet, and
// their budgets grow.
void SupplySide::grow_operators(const std::vector<double>& us_delivered) {
  const int n_labs = supply_.lab_size();
  for (int o = 0; o < supply_.remote_operator_size(); ++o) {
    OperatorState& op = operators_[o];
    op.hosted_h100e = op.hosted_h100e * kept_per_month_ + us_delivered[n_labs + o];
    op.capex_musd *= monthly_factor(supply_.remote_operator(o).capex_growth_per_year());
  }
}

std::vector<double> SupplySide::smuggler_purchases(const std::vector<double>& us_delivered) const {
  const int first = supply_.lab_size() + supply_.remote_operator_size();
  std::vector<double> bought(supply_.smuggler_size());
  for (int s = 0; s < supply_.smuggler_size(); ++s) bought[s] = us_delivered[first + s];
  return bought;
}

// The ledger: everything placed with a final holder this month.
void SupplySide::record_placed(const std::vector<double>& delivered, const std::vector<double>& us_delivered) {
  const int n_labs = supply_.lab_size();
  ledger_.stocked = us_inventory_ + cn_inventory_;
  double placed = 0;
  for (int i = 0; i < n_labs; ++i) placed += delivered[i];
  for (int o = 0; o < supply_.remote_operator_size(); ++o) placed += us_delivered[n_labs + o];
  ledger_.delivered += placed;
}

// Smuggled shipments: caught whole (seized) with the detection probability,
// else delivered to Chinese labs in proportion to their chip demand (added to
// `delivered`). Chinese labs pay the legal price plus the network's margin.
void SupplySide::deliver_smuggled(int month, const std::vector<double>& bought, const std::vector<double>& detection,
                                  double price_paid, const std::vector<double>& cn_demand,
                                  std::vector<double>& delivered, std::vector<double>& smuggled_cost_musd) {
  const World& world = spec_.world;
  const SupplyIndex& index = spec_.supply_index;
  const int n_labs = supply_.lab_size();
  double smuggled = 0, smuggled_usd = 0, seized_usd = 0, seized = 0;
  for (int s = 0; s < supply_.smuggler_size(); ++s) {
    if (bought[s] <= 0) continue;
    const bool caught = to_unit(draw64(seed_, Stream::kSmuggling, static_cast<std::uint64_t>(s),
                                       static_cast<std::uint32_t>(month))) < detection[s];
    if (caught) {
      seized += bought[s];
      seized_usd += bought[s] * price_paid;
      events_.push_back({"seizure", supply_.smuggler(s).name(), world.countries[index.smuggler_transit[s]].iso3,
                         bought[s] * price_paid,
                         std::to_string(static_cast<long long>(std::llround(bought[s]))) + " H100e"});
    } else {
      smuggled += bought[s];
      smuggled_usd += bought[s] * price_paid * (1.0 + supply_.smuggler(s).margin());
    }
  }
  for (int s = 0; s < supply_.smuggler_size(); ++s)
    smuggler_capacity_[s] *= monthly_factor(supply_.smuggler(s).capacity_growth_per_year());
  double total_demand = 0;
  for (int i = 0; i < n_labs; ++i) total_demand += cn_demand[i];
  // Pro rata; the last buyer takes the rounding remainder, so that nothing is
  // lost or made. With no Chinese demand at all, they wait in the Chinese stock.
  int last_buyer = -1;
  for (int i = 0; i < n_labs; ++i)
    if (cn_demand[i] > 0) last_buyer = i;
  double smuggled_left = smuggled;
  for (int i = 0; i < n_labs && total_demand > 0; ++i) {
    if (cn_demand[i] <= 0) continue;
    const double part = i == last_buyer ? smuggled_left : smuggled * cn_demand[i] / total_demand;
    delivered[i] += part;
    smuggled_cost_musd[i] = smuggled > 0 ? part / smuggled * smuggled_usd / kUsdPerMusd : 0.0;
    smuggled_left -= part;
  }
  if (last_buyer < 0) cn_inventory_ += smuggled;
  ledger_.seized += seized;
  enforcement_response_musd_ += supply_.enforcement_response_per_busd_seized() * seized_usd / kUsdPerBusd;
  metrics_.smuggled_h100e = smuggled;
  metrics_.seizures_usd = seized_usd;
}
// Offshore rental: labs based in Tier 3 countries rent only the share the
// loophole closure leaves open; others rent from what remains.
void SupplySide::rent_offshore(const std::vector<LabDemand>& demand, std::vector<double>& rented) {
  const World& world = spec_.world;
  const SupplyIndex& index = spec_.supply_index;
  const int n_labs = supply_.lab_size();
  const int n_operators = supply_.remote_operator_size();
  std::vector<double> rentable(n_operators);  // each operator's, to anyone
  double pool = 0, open_pool = 0;
  for (int o = 0; o < n_operators; ++o) {
    rentable[o] = rentable_compute(supply_.remote_operator(o), operators_[o], 0.0);
    pool += rentable[o];
    open_pool += rentable_compute(supply_.remote_operator(o), operators_[o], levers_.remote_access_closure());
  }
  double restricted_demand = 0, free_demand = 0;
  for (int i = 0; i < n_labs; ++i)
    (world.countries[index.lab_home[i]].export_tier == 3 ? restricted_demand : free_demand) += demand[i].rental_h100e;
  const double restricted_rented = std::min(restricted_demand, open_pool);
  const double free_rented = std::min(free_demand, pool - restricted_rented);
  double rented_offshore = 0;
  for (int i = 0; i < n_labs; ++i) {
    const bool restricted = world.countries[index.lab_home[i]].export_tier == 3;
    const double total = restricted ? restricted_demand : free_demand;
    const double got = restricted ? restricted_rented : free_rented;
    rented[i] = total > 0 ? got * demand[i].rental_h100e / total : 0.0;
    if (restricted) rented_offshore += rented[i];
  }
  for (int o = 0; o < n_operators; ++o) {
    const double share = pool > 0 ? rentable[o] / pool : 0.0;
    operators_[o].rented_out_h100e = share * (restricted_rented + free_rented);
  }
  metrics_.rented_offshore_h100e = rented_offshore;
}

void SupplySide::run_labs(int month, const std::vector<double>& delivered, const std::vector<double>& rented,
                          const std::vector<double>& smuggled_cost_musd) {
  const double retired = 1.0 - kept_per_month_;  // share retired this month
  const int n_labs = supply_.lab_size();
  const double largest = largest_experiment_compute(delivered, rented, retired);
  // Targets for distillation: last month's best models of each bloc.
  const BlocLeaders leaders = bloc_leaders();
  tbb::parallel_for(0, n_labs, [&](int i) {
    const Lab& lab = supply_.lab(i);
    const bool us_open = is_us_stack(lab.stack()) && is_open_weights(lab.stack());
    next_labs_[i] = step_lab(
        lab, labs_[i], supply_.capability(),
        {month, delivered[i], rented[i], retired, largest, us_open ? levers_.us_open_weight_restriction() : 0.0});
    next_labs_[i].pending_cost_musd = smuggled_cost_musd[i];
    if (lab.distills()) distill(i, leaders);
  });
  labs_.swap(next_labs_);
  const double us_rate = update_frontiers();
  report_lab_events(us_rate);
}

double SupplySide::largest_experiment_compute(const std::vector<double>& delivered, const std::vector<double>& rented,
                                              double retired) const {
  double largest = 0;
  for (int i = 0; i < supply_.lab_size(); ++i) {
    const double total = labs_[i].owned_h100e * (1.0 - retired) + delivered[i] + rented[i];
    largest = std::max(largest, split_compute(supply_.lab(i), total).experiments);
  }
  return largest;
}

SupplySide::BlocLeaders SupplySide::bloc_leaders() const {
  BlocLeaders leaders;
  for (int i = 0; i < supply_.lab_size(); ++i) {
    const Stack s = supply_.lab(i).stack();
    auto& side = is_open_weights(s) ? leaders.open : leaders.closed;
    int& best = side[is_cn_stack(s) ? 1 : 0];
    if (best < 0 || labs_[i].capability_log10 > labs_[best].capability_log10) best = i;
  }
  return leaders;
}

void SupplySide::distill(int i, const BlocLeaders& leaders) {
  const int other = is_cn_stack(supply_.lab(i).stack()) ? 0 : 1;
  const int closed = leaders.closed[other], open = leaders.open[other];
  const double no_target = -std::numeric_limits<double>::infinity();
  LabState& next = next_labs_[i];
  const DistillationModel& d = supply_.distillation();
  // Training compute: this month's for the distilling lab, last month's for
  // the targets (the models it queries).
  const auto training = [&](int lab, const LabState& s) {
    return split_compute(supply_.lab(lab), s.owned_h100e + s.rented_h100e).training;
  };
  const double own_training = training(i, next);
  DistillationCompute compute;
  if (closed >= 0) compute.closed = distillation_compute_factor(d, own_training, training(closed, labs_[closed]));
  if (open >= 0) compute.open = distillation_compute_factor(d, own_training, training(open, labs_[open]));
  const DistillationFlow f =
      distillation_flow(d, levers_.distillation_deterrence(), levers_.threat_intel_sharing(), next.capability_log10,
                        closed >= 0 ? labs_[closed].capability_log10 : no_target,
                        open >= 0 ? labs_[open].capability_log10 : no_target, compute);
  const double gain = d.has_max_distilled_uplift_log10()
                          ? std::min(f.gain_log10, std::max(0.0, d.max_distilled_uplift_log10() - next.distilled_log10))
                          : f.gain_log10;
  next.capability_log10 += gain;
  next.algorithmic_log10 += gain;
  next.distilled_log10 += gain;
  next.distillation_gain_log10 = gain;
  next.distillation_attempted_mexchanges = f.attempted_mexchanges;
  next.distillation_harvested_mexchanges = f.harvested_mexchanges;
  next.pending_cost_musd += f.cost_musd;
}

double SupplySide::update_frontiers() {
  // Validation guarantees at least one lab of each bloc.
  double us = -std::numeric_limits<double>::infinity(), cn = -std::numeric_limits<double>::infinity();
  for (int i = 0; i < supply_.lab_size(); ++i) {
    const Stack s = supply_.lab(i).stack();
    if (is_us_stack(s)) us = std::max(us, labs_[i].capability_log10);
    if (is_cn_stack(s)) cn = std::max(cn, labs_[i].capability_log10);
  }
  const double us_rate = us_frontier_.growth_per_month(kFrontierPaceWindowMonths);
  us_frontier_.push(us);
  cn_frontier_.push(cn);
  metrics_.us_frontier_capability = us;
  metrics_.cn_frontier_capability = cn;
  metrics_.lead_months = lead_months(us_frontier_, cn_frontier_);
  return us_rate;
}

void SupplySide::report_lab_events(double us_rate) {
  double best_cn_gain = 0, attempted = 0, harvested = 0;
  for (int i = 0; i < supply_.lab_size(); ++i) {
    const Lab& lab = supply_.lab(i);
    if (labs_[i].released) {
      events_.push_back({"release", lab.name(), stack_column(lab.stack()), labs_[i].capability_log10,
                         is_open_weights(lab.stack()) ? "open weights" : "closed weights"});
    }
    if (!is_cn_stack(lab.stack())) continue;
    best_cn_gain = std::max(best_cn_gain, labs_[i].distillation_gain_log10 / us_rate);
    attempted += labs_[i].distillation_attempted_mexchanges;
    harvested += labs_[i].distillation_harvested_mexchanges;
  }
  metrics_.distillation_gain_months = best_cn_gain;
  metrics_.distillation_attempted_mexchanges = attempted;
  metrics_.distillation_harvested_share = attempted > 0 ? harvested / attempted : 0.0;
}

std::vector<Rival> SupplySide::rivals_of(int i) const {
  std::vector<Rival> rivals;
  for (int j = 0; j < supply_.lab_size(); ++j)
    if (j != i) rivals.push_back({labs_[j].capability_log10, labs_[j].price_usd_per_mtok, overlap_[i][j]});
  return rivals;
}

// Each lab's price from its cost and markup, against the others' capability
// now and prices last month (all read before any is written). The Chinese
// labs' serving cost moves with the state's compute subsidy.
void SupplySide::update_prices() {
  const Services& sv = supply_.services();
  const double cn_cost = subsidised_cost_factor(supply_.compute_subsidy_share_at_full(), levers_.china_chip_subsidy(),
                                                spec_.scenario.policy().pre().china_chip_subsidy());
  std::vector<double> price(supply_.lab_size());
  for (int i = 0; i < supply_.lab_size(); ++i) {
    const double competition =
        competition_index(sv, labs_[i].capability_log10, labs_[i].price_usd_per_mtok, rivals_of(i));
    const double cost = labs_[i].cost_usd_per_mtok * (is_cn_stack(supply_.lab(i).stack()) ? cn_cost : 1.0);
    price[i] = competitive_price(sv, cost, initial_markup_[i], initial_competition_[i], competition);
  }
  for (int i = 0; i < supply_.lab_size(); ++i) labs_[i].price_usd_per_mtok = price[i];
}

void SupplySide::update_services(int month, const ServiceDemand& demand) {
  const Services& sv = supply_.services();
  std::array<double, kStackCount> inference{}, compliance{};
  std::array<int, kStackCount> best;
  best.fill(-1);
  std::vector<double> lab_inference(supply_.lab_size());
  for (int i = 0; i < supply_.lab_size(); ++i) {
    const Lab& lab = supply_.lab(i);
    const int s = lab.stack();
    lab_inference[i] = split_compute(lab, labs_[i].owned_h100e + labs_[i].rented_h100e).inference;
    inference[s] += lab_inference[i];
    compliance[s] += lab_inference[i] * lab.misuse_compliance();
    if (best[s] < 0 || labs_[i].capability_log10 > labs_[best[s]].capability_log10) best[s] = i;
  }
  const double tokens = tokens_per_user(sv, user_kinds_, month);
  std::array<double, kStackCount> served{};  // share of the tokens wanted that the stack can serve
  for (int s = 0; s < kStackCount; ++s) {
    StackOffer& o = offers_[s];
    o.inference_h100e = inference[s];
    if (best[s] < 0) continue;  // validation guarantees a lab per stack
    o.misuse_compliance = inference[s] > 0 ? compliance[s] / inference[s] : supply_.lab(best[s]).misuse_compliance();
    o.capability_log10 = labs_[best[s]].capability_log10;
    // Capacity counts at least one H100e, so that a stack with no inference
    // compute is priced as congested rather than as free of congestion.
    const double capacity = std::max(inference[s], 1.0) * sv.tokens_per_h100e_month();
    const double wanted = demand.users[s] * tokens;
    const double congestion = wanted > capacity ? std::pow(wanted / capacity, sv.congestion_elasticity()) : 1.0;
    served[s] = wanted > capacity ? capacity / wanted : 1.0;
    o.price_usd_per_mtok = labs_[best[s]].price_usd_per_mtok * congestion;
  }
  // Revenue: the tokens the stack serves to its paying users, shared among
  // its labs by inference capacity, each at its own list price; it funds
  // next month's compute. A congested stack rations (throttling, waiting
  // lists): its users count the congestion as a dearer offer, while the
  // labs earn only on what they serve.
  const double paid = paid_tokens_per_user(sv, user_kinds_, month);
  double us_revenue = 0, cn_revenue = 0;
  for (int i = 0; i < supply_.lab_size(); ++i) {
    const Stack s = supply_.lab(i).stack();
    const double share = inference[s] > 0 ? lab_inference[i] / inference[s] : 0.0;
    labs_[i].revenue_musd =
        service_revenue_musd(demand.paying_users[s] * share * served[s], paid, labs_[i].price_usd_per_mtok);
    (is_cn_stack(s) ? cn_revenue : us_revenue) += labs_[i].revenue_musd;
  }
  metrics_.revenue_us_allied_musd = us_revenue;
  metrics_.revenue_china_musd = cn_revenue;
}

void SupplySide::step(int month, const StackArray& users_by_stack, const std::vector<GovernmentState>& governments) {
  step(month, ServiceDemand{users_by_stack, users_by_stack}, governments);
}

void SupplySide::step(int month, const ServiceDemand& demand, const std::vector<GovernmentState>& governments) {
  events_.clear();
  apply_policy(month);
  const double subsidy = supply_.subsidy_growth_at_full_per_year() * levers_.china_chip_subsidy();
  tbb::parallel_for(0, supply_.fab_size(), [&](int f) {
    const Fab& fab = supply_.fab(f);
    fabs_[f] = step_fab(fab, fabs_[f], fab.bloc() == CHINA ? subsidy : 0.0);
  });
  std::vector<double> delivered, rented, smuggled_cost;
  run_markets(month, governments, delivered, rented, smuggled_cost);
  run_labs(month, delivered, rented, smuggled_cost);
  update_prices();
  update_services(month, demand);

  other_us_ *= kept_per_month_;
  other_cn_ *= kept_per_month_;
  double us = other_us_, cn = other_cn_;
  for (int i = 0; i < supply_.lab_size(); ++i)
    (is_cn_stack(supply_.lab(i).stack()) ? cn : us) += labs_[i].owned_h100e + labs_[i].rented_h100e;
  // Rented compute counts for the lab renting it, not for its host.
  for (const OperatorState& op : operators_) us += op.hosted_h100e - op.rented_out_h100e;
  metrics_.compute_us_allied_h100e = us;
  metrics_.compute_china_h100e = cn;
  metrics_.compute_ratio = cn > 0 ? us / cn : 0.0;
  const SupplyIndex& index = spec_.supply_index;
  const double nvidia = fabs_[index.nvidia_fab].output_h100e;
  metrics_.huawei_share_of_nvidia = nvidia > 0 ? fabs_[index.huawei_fab].output_h100e / nvidia : 0.0;
}

}  // namespace stackrace
