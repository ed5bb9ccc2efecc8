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
#include <vector>

#include "agents/adopter_step.h"
#include "agents/adopters.h"
#include "sim/calibration.h"
#include "agents/government.h"
#include "agents/labour_market.h"
#include "sim/spec.h"
#include "sim/supply_side.h"
#include "sim/use_choice.h"

namespace stackrace {

struct Chunk {
  std::uint32_t first = 0, last = 0;
  std::uint16_t country = 0;
};

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

 private:
  StackArray stack_value(int country, const GovernmentState& gov, int klass,
                         const std::array<StackOffer, kStackCount>& offers, const PolicyLevers& levers,
                         StackArray* prices = nullptr) const;
  double use_probability_of(int klass, const StackArray& value, const StackArray& price) const;
  void reference_offers();
  // The mean probability of taking AI up in each country at the start, at
  // the reference offers (over its adopter classes; 0 where uninhabited).
  std::vector<double> start_use_probability() const;
  Offers partnership_offers(int country) const;
  void update_governments();
  ServiceDemand service_demand() const;
  void update_tables(Month m);
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
  StackMarkets markets_;
  std::array<StackOffer, kStackCount> reference_offers_{};
  PolicyLevers reference_levers_;
  double reference_capability_ = 0, reference_price_ = 0;
  std::vector<StackArray> constants_;
  LabourState labour_;
  int month_ = 0;
};

}  // namespace stackrace
