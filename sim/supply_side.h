#pragma once
// The supply side of one run: fabs, labs, smugglers and remote operators,
// the chip and rental markets between them, and the AI services each stack
// offers adopters. One step per month, in a fixed order:
//   1. policy      the levers in force (the scenario's, plus the US enforcement
//                  response to last month's seizures)
//   2. fabs        (parallel) this month's output, capacity growth
//   3. demand      labs, operators and smugglers bid at last month's chip price
//   4. markets     Chinese fab output to Chinese labs; US-allied output under
//                  export tiers and caps; seizures; smuggled chips to Chinese
//                  labs; offshore rental under the loophole closure
//   5. labs        (parallel) compute, algorithmic progress, releases, then
//                  distillation (a flow of queries) from last month's best
//                  closed and open models of the other bloc
//   6. prices      each lab's cost plus a markup that falls with close competitors
//   7. services    each stack's capability, price, misuse compliance and
//                  inference capacity; revenue for next month's budgets
// Every draw is addressed by (seed, agent, month, stream) and every sum runs
// in agent order, so results do not depend on threads.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "agents/government.h"
#include "agents/supply_agents.h"
#include "sim/chip_market.h"
#include "sim/frontier.h"
#include "sim/spec.h"

namespace stackrace {

struct StackOffer {
  double capability_log10 = 0;    // best model of the stack
  double price_usd_per_mtok = 0;  // before partner discounts, after congestion
  double inference_h100e = 0;
  double misuse_compliance = 0;  // of its labs' models, weighted by inference capacity
};

// Checkpoints (base/state_archive.h): every field, in order.
template <class Archive, StateOf<StackOffer> Self>
void visit_state(Archive& ar, Self& s) {
  ar(s.capability_log10, s.price_usd_per_mtok, s.inference_h100e, s.misuse_compliance);
}

// Who uses each stack this month (people): all users, and the users counted
// for revenue (partner-discounted users count for less).
struct ServiceDemand {
  StackArray users{}, paying_users{};
};

struct SupplyMetrics {
  double compute_us_allied_h100e = 0, compute_china_h100e = 0, compute_ratio = 0;
  double huawei_share_of_nvidia = 0;
  double us_frontier_capability = 0, cn_frontier_capability = 0, lead_months = 0;
  double smuggled_h100e = 0, rented_offshore_h100e = 0;
  double distillation_gain_months = 0, seizures_usd = 0;
  // Exchanges Chinese labs attempted against closed US-allied models this
  // month, and the share of them harvested before their accounts were closed.
  double distillation_attempted_mexchanges = 0, distillation_harvested_share = 0;
  double chip_price_usd = 0;
  // Service revenue of the US-allied and Chinese labs this month.
  double revenue_us_allied_musd = 0, revenue_china_musd = 0;
};

template <class Archive, StateOf<SupplyMetrics> Self>
void visit_state(Archive& ar, Self& s) {
  ar(s.compute_us_allied_h100e, s.compute_china_h100e, s.compute_ratio, s.huawei_share_of_nvidia,
     s.us_frontier_capability, s.cn_frontier_capability, s.lead_months, s.smuggled_h100e, s.rented_offshore_h100e,
     s.distillation_gain_months, s.seizures_usd, s.distillation_attempted_mexchanges, s.distillation_harvested_share,
     s.chip_price_usd, s.revenue_us_allied_musd, s.revenue_china_musd);
}

struct SupplyEvent {
  std::string kind, actor, target;
  double value = 0;
  std::string detail;
};

template <class Archive, StateOf<SupplyEvent> Self>
void visit_state(Archive& ar, Self& s) {
  ar(s.kind, s.actor, s.target, s.value, s.detail);
}

// Running totals of chips, for the conservation check:
// produced = delivered + stocked + seized.
struct ChipLedger {
  double produced = 0, delivered = 0, stocked = 0, seized = 0;
};

template <class Archive, StateOf<ChipLedger> Self>
void visit_state(Archive& ar, Self& s) {
  ar(s.produced, s.delivered, s.stocked, s.seized);
}

class SupplySide {
 public:
  SupplySide(const Spec& spec, std::uint64_t seed);

  // Runs month `month` (0 = the first) given last month's AI users per stack
  // (people) and governments.
  void step(int month, const ServiceDemand& demand, const std::vector<GovernmentState>& governments);
  // The same, with every user paying full price.
  void step(int month, const StackArray& users_by_stack, const std::vector<GovernmentState>& governments);

  const std::array<StackOffer, kStackCount>& offers() const { return offers_; }
  const PolicyLevers& levers() const { return levers_; }
  const SupplyMetrics& metrics() const { return metrics_; }
  const std::vector<SupplyEvent>& events() const { return events_; }
  const ChipLedger& ledger() const { return ledger_; }
  const std::vector<LabState>& labs() const { return labs_; }
  const std::vector<FabState>& fabs() const { return fabs_; }
  const std::vector<OperatorState>& operators() const { return operators_; }

  // Checkpoints (base/state_archive.h): every member but the references to
  // the spec, in order. A member added to SupplySide goes here too; the
  // static_assert in supply_side.cpp fails until its size is updated, as a
  // reminder, and tests/sim/checkpoint_test.cpp fails if it is forgotten.
  template <class Archive, StateOf<SupplySide> Self>
  friend void visit_state(Archive& ar, Self& s) {
    ar(s.seed_, s.kept_per_month_, s.levers_, s.enforcement_response_musd_, s.fabs_, s.labs_, s.next_labs_,
       s.operators_, s.smuggler_capacity_, s.chip_price_, s.us_inventory_, s.cn_inventory_, s.other_us_, s.other_cn_,
       s.us_frontier_, s.cn_frontier_, s.offers_, s.user_kinds_, s.overlap_, s.initial_markup_,
       s.initial_competition_, s.metrics_, s.events_, s.ledger_);
  }

 private:
  void apply_policy(int month);
  // Per lab: chips delivered, compute rented, and what smuggled chips cost it (million USD).
  void run_markets(int month, const std::vector<GovernmentState>& governments, std::vector<double>& delivered,
                   std::vector<double>& rented, std::vector<double>& smuggled_cost_musd);
  // The steps of run_markets, in the order it takes them.
  std::vector<LabDemand> lab_demands(double rental_price) const;
  // Adds this month's fab output to each bloc's supply, and counts it as produced.
  void add_fab_output(double& us_supply, double& cn_supply);
  // Per lab: its chip demand if it serves a Chinese stack, else 0.
  std::vector<double> chinese_chip_demand(const std::vector<LabDemand>& demand) const;
  ChipAllocation sell_chinese_output(double cn_supply, const std::vector<double>& cn_demand);
  // Buyers: labs, then operators, then smugglers. detection: per smuggler,
  // the probability that a shipment is seized.
  ChipAllocation sell_us_allied_output(double us_supply, const std::vector<LabDemand>& demand,
                                       const std::vector<double>& cn_delivered,
                                       const std::vector<GovernmentState>& governments, std::vector<double>& detection);
  void update_chip_price(double capped_demand, double us_supply);
  void grow_operators(const std::vector<double>& us_delivered);
  // Per smuggler: the chips it bought of US-allied output.
  std::vector<double> smuggler_purchases(const std::vector<double>& us_delivered) const;
  void record_placed(const std::vector<double>& delivered, const std::vector<double>& us_delivered);
  void deliver_smuggled(int month, const std::vector<double>& bought, const std::vector<double>& detection,
                        double price_paid, const std::vector<double>& cn_demand, std::vector<double>& delivered,
                        std::vector<double>& smuggled_cost_musd);
  void rent_offshore(const std::vector<LabDemand>& demand, std::vector<double>& rented);
  void run_labs(int month, const std::vector<double>& delivered, const std::vector<double>& rented,
                const std::vector<double>& smuggled_cost_musd);
  // The steps of run_labs, in the order it takes them.
  // Any lab's experiment compute this month (labs' progress is measured against it).
  double largest_experiment_compute(const std::vector<double>& delivered, const std::vector<double>& rented,
                                    double retired) const;
  // The labs with last month's best closed-weight and open-weight model in
  // each bloc (-1 for none); index 0 = US-allied, 1 = Chinese.
  struct BlocLeaders {
    std::array<int, 2> closed{-1, -1}, open{-1, -1};
  };
  BlocLeaders bloc_leaders() const;
  // Lab i's distillation this month from the other bloc's best closed and
  // open models, applied to its next state. Reads only last month's states
  // of others, so labs can run it in parallel.
  void distill(int i, const BlocLeaders& leaders);
  // Pushes each bloc's frontier; returns the US frontier's pace before this
  // month (log10 per month), which converts distillation gains into months.
  double update_frontiers();
  // Releases as events, in lab order; the largest Chinese distillation gain in months.
  void report_lab_events(double us_rate);
  void set_up_prices();
  // Every other lab, as lab i's competitor.
  std::vector<Rival> rivals_of(int i) const;
  void update_prices();
  void update_services(int month, const ServiceDemand& demand);

  const Spec& spec_;
  const Supply& supply_;
  std::uint64_t seed_;
  // Share of compute a month leaves in service (chip_market.depreciation_per_year).
  double kept_per_month_;
  PolicyLevers levers_;
  double enforcement_response_musd_ = 0;  // added to the budget after seizures
  std::vector<FabState> fabs_;
  std::vector<LabState> labs_, next_labs_;
  std::vector<OperatorState> operators_;
  std::vector<double> smuggler_capacity_;
  double chip_price_ = 0;
  double us_inventory_ = 0, cn_inventory_ = 0;
  double other_us_ = 0, other_cn_ = 0;
  FrontierHistory us_frontier_, cn_frontier_;
  std::array<StackOffer, kStackCount> offers_{};
  UserKinds user_kinds_;
  // Per pair of labs: share of the world's people where both are available.
  std::vector<std::vector<double>> overlap_;
  std::vector<double> initial_markup_, initial_competition_;  // per lab
  SupplyMetrics metrics_;
  std::vector<SupplyEvent> events_;
  ChipLedger ledger_;
};

}  // namespace stackrace
