#pragma once
// The scheduler: owns the clock and runs each month's phases in a fixed order.
//   0. supply side   fabs, labs, smugglers, operators and their markets
//                    (sim/supply_side.h): each stack's capability and price
//   1. governments   (parallel over countries) read last month, write their own next state
//   2. market tables (parallel over countries) the price, capability and push each adopter class sees
//   3. adopters      (parallel over chunks of one country) read last month's states, write their own next
//   4. resolve       (serial, chunk order) merge counts, swap buffers
//   5. labour        (parallel over countries) each country's labour market and
//                    stability (agents/labour_market.h) from this month's adoption
//                    and capability; read by next month's tables (backlash)
// No phase writes what another agent of the same phase reads, and every count
// is an integer merged in a fixed order, so results do not depend on threads.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "agents/adopter_step.h"
#include "agents/adopters.h"
#include "agents/government.h"
#include "agents/labour_market.h"
#include "sim/calibration.h"
#include "sim/spec.h"
#include "sim/supply_side.h"
#include "sim/use_choice.h"

namespace stackrace {

struct Chunk {
  std::uint32_t first = 0, last = 0;
  std::uint16_t country = 0;
};
// Checkpoints (base/state_archive.h): every field, in order.
template <class Archive, StateOf<Chunk> Self>
void visit_state(Archive& ar, Self& s) {
  ar(s.first, s.last, s.country);
}

class Simulation {
 public:
  Simulation(const Spec& spec, std::uint64_t seed);

  // Advances one month. month() counts completed months.
  void step();
  int month() const { return month_; }
  Month calendar_month() const { return Month{spec_.start.index + month_ - 1}; }
  bool done() const { return month_ >= spec_.months; }

  const Spec& spec() const { return spec_; }
  const AdopterPopulation& population() const { return population_; }
  // The adopters' tables of the last completed month (agents/adopter_step.h).
  const StepTables& tables() const { return tables_; }
  // Adopters per state per country, after the last completed month.
  const std::vector<StateCounts>& counts() const { return counts_; }
  const std::vector<GovernmentState>& governments() const { return governments_; }
  const SupplySide& supply() const { return supply_; }
  // What happened in the last completed month: the supply side's events and
  // partnerships signed or dropped.
  const std::vector<SupplyEvent>& events() const { return events_; }
  // AI users per stack in the world (people), after the last completed month.
  StackArray users_by_stack() const;
  const std::vector<CountryStart>& start() const { return start_; }
  // Each country's labour market and stability, after the last completed month.
  const LabourState& labour() const { return labour_; }
  std::uint32_t adopters_in(int country) const {
    return population_.country_begin[country + 1] - population_.country_begin[country];
  }

  // Checkpoints (sim/checkpoint.h). save_state() is every member but the
  // spec and the adopters' fixed traits and links (rebuilt from the spec and
  // seed by the constructor; fixed_digest() tells whether they came out the
  // same); restore_state() sets a simulation just constructed from the same
  // spec and seed to it. Throws StateError on bytes that are not such a state.
  std::string save_state() const;
  void restore_state(std::string_view bytes);
  std::uint64_t fixed_digest() const;

  // The members save_state() writes, in order. A member added to Simulation
  // goes here too: the static_assert in simulation.cpp fails until its size
  // is updated, as a reminder, and tests/sim/checkpoint_test.cpp (a run
  // continued from checkpoints against the uninterrupted run) fails if it
  // is forgotten.
  template <class Archive, StateOf<Simulation> Self>
  friend void visit_state(Archive& ar, Self& s) {
    ar(s.seed_, s.start_, s.population_.state, s.population_.next_state, s.chunks_, s.chunk_counts_, s.counts_,
       s.governments_, s.next_governments_, s.tables_, s.supply_, s.events_, s.price_sensitivity_, s.values_,
       s.markets_, s.reference_offers_, s.reference_levers_, s.reference_capability_, s.reference_price_, s.constants_,
       s.labour_, s.month_);
  }

 private:
  // What a country is offered, whatever the adopter class: each stack's
  // price there after partner discounts and its log, the partner bloc's
  // promotion reach, and how far the allies' restrictions on Chinese
  // services reach the country: computed once a country wherever all its
  // classes are valued (the start, the stack constants, the month's tables).
  // `income`: the country's incomes against the start's (real GDP per head
  // growth, population.income_growth_per_year); `price_sensitivity`: the
  // factor it puts on every class's price sensitivity.
  struct CountryOffer {
    StackArray price{}, log_price{}, promotion{};
    std::array<bool, kStackCount> available{};  // the stacks the country reaches
    double lever_here = 0;
    double income = 1, price_sensitivity = 1;
  };
  // With the run's availability, or with `available` (the reference's).
  CountryOffer country_offer(int country, const GovernmentState& gov, const PolicyLevers& levers,
                             const std::array<StackOffer, kStackCount>& offers) const;
  CountryOffer country_offer(int country, const GovernmentState& gov, const PolicyLevers& levers,
                             const std::array<StackOffer, kStackCount>& offers,
                             const std::array<bool, kStackCount>& available) const;
  StackArray stack_value(int country, const GovernmentState& gov, int klass,
                         const std::array<StackOffer, kStackCount>& offers, const CountryOffer& here) const;
  StackArray stack_value(int country, const GovernmentState& gov, int klass,
                         const std::array<StackOffer, kStackCount>& offers, const PolicyLevers& levers) const;
  // `typical_use`: tokens in a month of typical use against the start's;
  // `income`: the class's (income_of_bin of its bin).
  double use_probability_of(int klass, const StackArray& value, const StackArray& price, double typical_use,
                            double income) const;
  void reference_offers();
  // The probability of taking AI up in each country and class at the start,
  // at the reference offers (0 where uninhabited).
  std::vector<std::array<double, kClassCount>> start_use_probability() const;
  Offers partnership_offers(int country) const;
  void update_governments();
  ServiceDemand service_demand() const;
  void update_tables(Month m);
  // `prices` and `income_growth`: per country, as in CountryOffer.
  void update_use_tables(const std::vector<StackArray>& prices, const std::vector<double>& income_growth,
                         double typical_use, const std::array<double, kIncomeBins>& income);
  void update_weights();
  void fit_constants();
  void record_partnerships();
  void run_adopters();
  void update_labour();
  LabourInputs labour_inputs(int country) const;

  const Spec& spec_;
  std::uint64_t seed_;
  std::vector<CountryStart> start_;
  AdopterPopulation population_;
  std::vector<Chunk> chunks_;
  std::vector<StateCounts> chunk_counts_;
  std::vector<StateCounts> counts_;
  std::vector<GovernmentState> governments_, next_governments_;
  StepTables tables_;
  SupplySide supply_;
  std::vector<SupplyEvent> events_;
  std::array<double, kClassCount> price_sensitivity_{};
  // This month's stack values per country and class (before the constants),
  // and the constants per market of the starting mix (sim/use_choice.h).
  std::vector<std::array<StackArray, kClassCount>> values_;
  // Per country, the classes that have adopters: the month's tables are
  // built for these only (derived from the population, so not in the state).
  std::vector<std::array<bool, kClassCount>> populated_;
  StackMarkets markets_;
  std::array<StackOffer, kStackCount> reference_offers_{};
  PolicyLevers reference_levers_;
  double reference_capability_ = 0, reference_price_ = 0;
  // The stacks each country reaches in the scenario file as written, without
  // --set (its `access`): the start and the stack constants are fitted to
  // these, as to the reference offers, so that a block given with --set acts
  // on the run instead of entering the fit. Read in the first month only, so
  // not in the state.
  std::vector<std::array<bool, kStackCount>> reference_available_;
  // The stacks each country reaches this month: the start's, less the dated
  // blocks begun by now (set at the top of each month, so not in the state).
  std::vector<std::array<bool, kStackCount>> available_;
  std::vector<Partnership> home_bloc_;  // per country: the bloc whose labs or territory it is, else NEUTRAL
  std::vector<StackArray> constants_;
  LabourState labour_;
  int month_ = 0;
};

}  // namespace stackrace
