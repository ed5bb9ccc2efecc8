#include "sim/simulation.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include "sim/use_choice.h"

#include "base/distinct_rows.h"
#include "base/rng.h"

#include "agents/restrictions.h"

namespace stackrace {

namespace {

// Chunks never cross a country, so that each reads one country's tables; the
// size bounds scheduling overhead and keeps load balanced across threads.
constexpr std::uint32_t kChunkAdopters = 16384;

std::vector<Chunk> make_chunks(const AdopterPopulation& a) {
  std::vector<Chunk> chunks;
  for (std::size_t c = 0; c + 1 < a.country_begin.size(); ++c) {
    for (std::uint32_t first = a.country_begin[c]; first < a.country_begin[c + 1]; first += kChunkAdopters) {
      chunks.push_back(
          {first, std::min(first + kChunkAdopters, a.country_begin[c + 1]), static_cast<std::uint16_t>(c)});
    }
  }
  return chunks;
}

StateCounts count_states(const AdopterPopulation& a, int country) {
  StateCounts counts{};
  for (std::uint32_t i = a.country_begin[country]; i < a.country_begin[country + 1]; ++i) ++counts[a.state[i]];
  return counts;
}

// The yearly growth of real GDP per head for a country of income group `g`
// (none where the group is unknown).
double income_growth_rate(const IncomeGrowth& growth, IncomeGroup g) {
  switch (g) {
    case LOW:
      return growth.low();
    case LOWER_MIDDLE:
      return growth.lower_middle();
    case UPPER_MIDDLE:
      return growth.upper_middle();
    case HIGH:
      return growth.high();
    default:
      return 0.0;
  }
}

// A bloc's export promotion as it reaches one country's adopters of stack s:
// the bloc's lever times the government's propensity to partner with it.
// Promotion is of exports: none at the bloc's home (`home`, the bloc whose
// labs the country hosts), whose government is its partner by definition.
double promotion_reach(const GovernmentState& gov, int s, const PolicyLevers& levers, Partnership home) {
  if (is_us_stack(s)) return home == US_PARTNER ? 0.0 : gov.us_propensity * levers.us_export_promotion();
  if (is_cn_stack(s)) return home == CN_PARTNER ? 0.0 : gov.cn_propensity * levers.cn_export_promotion();
  return 0.0;
}

// Per country, the bloc whose labs it hosts (the US for the USA, China for
// China) or whose territory it is (Country::us_territory, cn_territory),
// else NEUTRAL.
std::vector<Partnership> home_blocs(const Spec& spec) {
  std::vector<Partnership> home(spec.world.countries.size(), NEUTRAL);
  for (std::size_t c = 0; c < home.size(); ++c) {
    if (spec.world.countries[c].us_territory) home[c] = US_PARTNER;
    if (spec.world.countries[c].cn_territory) home[c] = CN_PARTNER;
  }
  for (int i = 0; i < spec.scenario.supply().lab_size(); ++i) {
    const auto c = static_cast<std::size_t>(spec.supply_index.lab_home[i]);
    const Stack s = spec.scenario.supply().lab(i).stack();
    if (is_us_stack(s)) home[c] = US_PARTNER;
    if (is_cn_stack(s)) home[c] = CN_PARTNER;
  }
  return home;
}

std::uint64_t users_of(const StateCounts& c) {
  std::uint64_t u = 0;
  for (int s = 0; s < kStackCount; ++s) u += c[s];
  return u;
}

// Per country, whether each class has adopters.
std::vector<std::array<bool, kClassCount>> populated_classes(const AdopterPopulation& a) {
  std::vector<std::array<bool, kClassCount>> out(a.country_begin.size() - 1);
  tbb::parallel_for(std::size_t{0}, out.size(), [&](std::size_t c) {
    out[c].fill(false);
    for (std::uint32_t i = a.country_begin[c]; i < a.country_begin[c + 1]; ++i) out[c][a.klass[i]] = true;
  });
  return out;
}

}  // namespace

Simulation::Simulation(const Spec& spec, std::uint64_t seed)
    : spec_(spec), seed_(seed), supply_(spec, seed), home_bloc_(home_blocs(spec)) {
  const Scenario& s = spec.scenario;
  const std::size_t countries = spec.world.countries.size();
  const Choice& ch = s.choice();
  for (int k = 0; k < kClassCount; ++k) {
    const double income = income_of_bin(k % kIncomeBins, s.population());
    double sens = std::pow(ch.reference_income_usd() / income, ch.price_income_elasticity());
    if (kind_of_class(k) != AdopterKind::kHousehold) sens *= ch.organisation_price_sensitivity();
    price_sensitivity_[k] = sens;
  }
  governments_.assign(countries, GovernmentState{});
  next_governments_ = governments_;
  available_ = spec.available;
  reference_offers();
  InitialShares initial;
  initial.use = start_use_probability();
  std::vector<double> mean_use(countries, 0.0);
  for (std::size_t c = 0; c < countries; ++c) {
    const Country& country = spec.world.countries[c];
    if (!country.inhabited()) continue;
    const auto weight = class_weights(country.gdp_per_capita_usd, s.population());
    for (int k = 0; k < kClassCount; ++k) mean_use[c] += weight[k] * initial.use[c][k];
  }
  start_ = calibrate_start(spec, mean_use);
  const auto per_country =
      split_adopters(spec.world, s.population().adopters(), s.population().min_adopters_per_country());
  for (const CountryStart& c : start_) {
    initial.online.push_back(c.online);
    initial.users.push_back(c.users);
    initial.aware.push_back(c.aware);
  }
  population_ = build_population(spec.world, s, seed, per_country, initial, spec.available);
  chunks_ = make_chunks(population_);
  chunk_counts_.resize(chunks_.size());
  counts_.resize(countries);
  tbb::parallel_for(std::size_t{0}, countries, [&](std::size_t c) { counts_[c] = count_states(population_, c); });
  tables_ = make_step_tables(s.population().peers_per_adopter(), s.choice().beta_network(), s.choice().switching_cost(),
                             s.choice().open_weight_nest_lambda(), countries);
  values_.resize(countries);
  populated_ = populated_classes(population_);
  std::vector<StackArray> mixes;
  std::vector<bool> inhabited;
  for (const Country& c : spec.world.countries) {
    mixes.push_back(c.initial_mix);
    inhabited.push_back(c.inhabited());
  }
  markets_ = stack_markets(mixes, inhabited, reference_available_);
  labour_.resize(countries);
}

// The offers of the first month as the scenario file has them, without the
// --set overrides of this run (a supply side run one month ahead with no users
// and no partnerships: first-month offers depend on neither). The start and
// the stack constants are calibrated to these, so that a lever or price set
// from the start shows as a change rather than being absorbed into the
// calibration of 2025.
void Simulation::reference_offers() {
  std::unique_ptr<Spec> file;
  if (!spec_.overrides.empty() && !spec_.config_path.empty())
    file = std::make_unique<Spec>(load_spec(spec_.config_path));
  SupplySide probe(file ? *file : spec_, seed_);
  probe.step(0, ServiceDemand{}, governments_);
  reference_offers_ = probe.offers();
  reference_levers_ = probe.levers();
  // The file's blocks, country by country (a --set may name another world
  // file: a country it lacks takes the run's).
  reference_available_ = spec_.available;
  if (file) {
    for (std::size_t c = 0; c < spec_.world.countries.size(); ++c) {
      const int there = file->world.find(spec_.world.countries[c].iso3);
      if (there >= 0) reference_available_[c] = file->available[static_cast<std::size_t>(there)];
    }
  }
  reference_capability_ = -std::numeric_limits<double>::infinity();
  for (const StackOffer& o : reference_offers_)
    reference_capability_ = std::max(reference_capability_, o.capability_log10);
  reference_price_ = reference_offers_[US_CLOSED].price_usd_per_mtok;
}

// The use probability of each country and class at the start, at the reference offers.
std::vector<std::array<double, kClassCount>> Simulation::start_use_probability() const {
  const std::size_t countries = spec_.world.countries.size();
  std::vector<std::array<double, kClassCount>> out(countries);
  tbb::parallel_for(std::size_t{0}, countries, [&](std::size_t c) {
    out[c].fill(0.0);
    if (!spec_.world.countries[c].inhabited()) return;
    const CountryOffer here = country_offer(static_cast<int>(c), governments_[c], reference_levers_, reference_offers_,
                                            reference_available_[c]);
    for (int k = 0; k < kClassCount; ++k) {
      const StackArray v = stack_value(static_cast<int>(c), governments_[c], k, reference_offers_, here);
      out[c][k] =
          use_probability_of(k, v, here.price, 1.0, income_of_bin(k % kIncomeBins, spec_.scenario.population()));
    }
  });
  return out;
}

double Simulation::use_probability_of(int klass, const StackArray& v, const StackArray& price, double typical_use,
                                      double income) const {
  const Scenario& s = spec_.scenario;
  const double lambda = s.choice().open_weight_nest_lambda();
  const OfferSummary offer = summarise_offers(v, price, lambda);
  const UseInputs in{income, s.choice().reference_income_usd(), offer.mean_price * typical_use, reference_price_,
                     offer.inclusive_value};
  return use_probability(s.adoption(), kind_of_class(klass), in);
}

Simulation::CountryOffer Simulation::country_offer(int c, const GovernmentState& gov, const PolicyLevers& levers,
                                                   const std::array<StackOffer, kStackCount>& offers) const {
  return country_offer(c, gov, levers, offers, available_[c]);
}

Simulation::CountryOffer Simulation::country_offer(int c, const GovernmentState& gov, const PolicyLevers& levers,
                                                   const std::array<StackOffer, kStackCount>& offers,
                                                   const std::array<bool, kStackCount>& available) const {
  const Government& gp = spec_.scenario.government();
  CountryOffer here;
  here.available = available;
  const double growth =
      income_growth_rate(spec_.scenario.population().income_growth_per_year(), spec_.world.countries[c].income_group);
  if (growth != 0.0) {
    here.income = std::pow(1.0 + growth, month_ / static_cast<double>(kMonthsPerYear));
    here.price_sensitivity = std::pow(here.income, -spec_.scenario.choice().price_income_elasticity());
  }
  here.lever_here = levers.allied_cn_service_restrictions() *
                    allied_lever_reach(spec_.world.countries[c], gov.us_propensity, gp.partner_restriction_uptake());
  for (int s = 0; s < kStackCount; ++s) {
    if (!available[s]) continue;
    here.promotion[s] = promotion_reach(gov, s, levers, home_bloc_[c]);
    here.price[s] =
        offers[s].price_usd_per_mtok * (1.0 - gp.partner_price_discount_at_full_promotion() * here.promotion[s]);
    here.log_price[s] = std::log(std::max(here.price[s], kFreePriceUsdPerMtok));
  }
  return here;
}

// Utility of each stack for an adopter class in a country, before peer and
// switching terms and the stack constants; -infinity where the stack is
// unavailable. Capability (measured from the reference, the best model of the
// first month) and price come from the supply side's offers; a partner bloc
// discounts and bundles its stacks in proportion to its export promotion;
// adopters weigh each stack's misuse-compliance rate.
StackArray Simulation::stack_value(int c, const GovernmentState& gov, int klass,
                                   const std::array<StackOffer, kStackCount>& offers, const CountryOffer& here) const {
  const Choice& ch = spec_.scenario.choice();
  const Government& gp = spec_.scenario.government();
  const double reference = reference_capability_;
  const AdopterKind kind = kind_of_class(klass);
  const double push = kind == AdopterKind::kPublicBody ? ch.government_push_public_body()
                      : kind == AdopterKind::kFirm     ? ch.government_push_firm()
                                                       : ch.government_push_household();
  const Safety& safety = spec_.scenario.safety();
  const double safety_weight = kind == AdopterKind::kPublicBody ? safety.weight_public_body()
                               : kind == AdopterKind::kFirm     ? safety.weight_firm()
                                                                : safety.weight_household();
  const Country& country = spec_.world.countries[c];
  StackArray v;
  for (int s = 0; s < kStackCount; ++s) {
    if (!here.available[s]) {
      v[s] = -std::numeric_limits<double>::infinity();
      continue;
    }
    v[s] = ch.beta_capability_per_log10_flop() * (offers[s].capability_log10 - reference) -
           ch.beta_price_per_ln_usd_mtok() * here.log_price[s] * price_sensitivity_[klass] * here.price_sensitivity +
           (s == gov.default_stack ? push : 0.0) - safety_weight * offers[s].misuse_compliance +
           gp.partner_bundle_utility_at_full_promotion() * here.promotion[s];
    if (is_cn_stack(s)) v[s] -= cn_service_penalty(country, kind, here.lever_here, ch);
  }
  return v;
}

StackArray Simulation::stack_value(int c, const GovernmentState& gov, int klass,
                                   const std::array<StackOffer, kStackCount>& offers,
                                   const PolicyLevers& levers) const {
  return stack_value(c, gov, klass, offers, country_offer(c, gov, levers, offers));
}

// What each bloc offers country c: its best model there, its cheapest price
// after the partner discount, that model's misuse compliance, and its promotion.
Offers Simulation::partnership_offers(int c) const {
  const Government& gp = spec_.scenario.government();
  const PolicyLevers& levers = supply_.levers();
  const auto& offers = supply_.offers();
  double best = -std::numeric_limits<double>::infinity();
  for (int s = 0; s < kStackCount; ++s)
    if (available_[c][s]) best = std::max(best, offers[s].capability_log10);
  Offers out;
  for (const bool us : {true, false}) {
    BlocOffer& o = us ? out.us : out.cn;
    const double promotion = us ? levers.us_export_promotion() : levers.cn_export_promotion();
    const double discount = gp.partner_price_discount_at_full_promotion() * promotion;
    o.promotion_value =
        (us ? gp.us_offer_value_at_full_promotion() : gp.cn_offer_value_at_full_promotion()) * promotion;
    int top = -1;
    for (int s = 0; s < kStackCount; ++s) {
      if (!available_[c][s] || (us ? !is_us_stack(s) : !is_cn_stack(s))) continue;
      const double price = offers[s].price_usd_per_mtok * (1.0 - discount);
      o.price_usd_per_mtok = top < 0 ? price : std::min(o.price_usd_per_mtok, price);
      if (top < 0 || offers[s].capability_log10 > offers[top].capability_log10) top = s;
    }
    o.available = top >= 0;
    if (top < 0) continue;
    o.capability_gap_log10 = offers[top].capability_log10 - best;
    o.misuse_compliance = offers[top].misuse_compliance;
  }
  out.home_bloc = home_bloc_[static_cast<std::size_t>(c)];
  return out;
}

void Simulation::update_governments() {
  const Government& gp = spec_.scenario.government();
  const Population& pop = spec_.scenario.population();
  const bool review_due = month_ % static_cast<int>(gp.review_interval_months()) == 0;
  tbb::parallel_for(std::size_t{0}, governments_.size(), [&](std::size_t c) {
    const Country& country = spec_.world.countries[c];
    // Uninhabited places (Antarctica, ...) have no government to sign anything.
    if (!country.inhabited()) {
      next_governments_[c] = governments_[c];
      return;
    }
    const StateCounts& counts = counts_[c];
    const double users = static_cast<double>(users_of(counts));
    StackArray mix{};
    for (int s = 0; s < kStackCount; ++s) mix[s] = users > 0 ? counts[s] / users : 0.0;
    // Value to a public body, without its own push (the choice being made).
    const int klass = class_of(AdopterKind::kPublicBody,
                               income_bin(country.gdp_per_capita_usd * pop.organisation_income_multiple(), pop));
    GovernmentState unpushed = governments_[c];
    unpushed.default_stack = -1;
    const Review review{review_due, to_unit(draw64(seed_, Stream::kGovernment, c, static_cast<std::uint32_t>(month_)))};
    next_governments_[c] =
        decide_government(country, governments_[c], gp, partnership_offers(static_cast<int>(c)), mix,
                          stack_value(c, unpushed, klass, supply_.offers(), supply_.levers()), review);
  });
}

void Simulation::update_tables(Month m) {
  const Adoption& a = spec_.scenario.adoption();
  const double k = spec_.scenario.population().peers_per_adopter();
  const double years_past = std::max(0, m.index - spec_.calibration_h2.index) / static_cast<double>(kMonthsPerYear);
  const double decay = std::pow(1.0 - a.innovation_decay_per_year(), years_past);
  const double typical_use = std::pow(1.0 + a.typical_use_growth_per_year(),
                                      (m.index - spec_.start.index) / static_cast<double>(kMonthsPerYear));
  std::array<double, kIncomeBins> income{};
  for (int b = 0; b < kIncomeBins; ++b) income[b] = income_of_bin(b, spec_.scenario.population());
  std::vector<StackArray> prices(tables_.country.size());
  std::vector<double> income_growth(tables_.country.size(), 1.0);
  tbb::parallel_for(std::size_t{0}, tables_.country.size(), [&](std::size_t c) {
    CountryTables& t = tables_.country[c];
    const StateCounts& counts = counts_[c];
    const double adopters = adopters_in(static_cast<int>(c));
    const double users = static_cast<double>(users_of(counts));
    const double online = users + counts[kNonUser] + counts[kAware];
    t.innovation_p = static_cast<float>(a.innovation_p_per_month() * decay);
    t.peer_q_per_user = static_cast<float>(a.imitation_q_per_month() * a.peer_weight() / k);
    t.country_imitation =
        static_cast<float>(online > 0 ? a.imitation_q_per_month() * (1.0 - a.peer_weight()) * users / online : 0.0);
    const double offline_share = adopters > 0 ? counts[kOffline] / adopters : 0.0;
    t.online_hazard = static_cast<float>(
        offline_share > 0 ? std::min(1.0, spec_.world.countries[c].internet_growth_per_month / offline_share) : 0.0);
    t.review = static_cast<float>(a.review_probability_per_month());
    // The stack values of the classes that have adopters (no adopter reads the others).
    const CountryOffer here =
        country_offer(static_cast<int>(c), next_governments_[c], supply_.levers(), supply_.offers());
    prices[c] = here.price;
    income_growth[c] = here.income;
    for (int klass = 0; klass < kClassCount; ++klass) {
      if (populated_[c][klass])
        values_[c][klass] = stack_value(static_cast<int>(c), next_governments_[c], klass, supply_.offers(), here);
    }
  });
  // A block that begins this month has everyone there who knows AI reconsider.
  for (const Spec::DatedBlock& b : spec_.dated_blocks) {
    if (b.from == m)
      for (int c : b.countries) tables_.country[c].review = 1.0F;
  }
  update_use_tables(prices, income_growth, typical_use, income);
  if (month_ == 0) fit_constants();
  update_weights();
}

namespace {

// Rows of the month's tables, bit for bit their inputs: most countries share
// their offers with others, so of ~3,150 populated classes about 1,100 rows
// of use and 1,300 of weights are distinct (the shipped world), and each
// distinct row's exponentials and logarithms are taken once.
using UseRow = DistinctRows<2 + 2 * kStackCount>;  // class, income growth, values, prices
using WeightRow = DistinctRows<1 + kStackCount>;   // market, values

// Each populated class's id among the distinct rows that `row_of` makes.
template <class Rows, class RowOf>
std::vector<std::array<std::uint32_t, kClassCount>> distinct_rows(
    Rows& rows, const std::vector<std::array<bool, kClassCount>>& populated, RowOf row_of) {
  std::vector<std::array<std::uint32_t, kClassCount>> id(populated.size());
  for (std::size_t c = 0; c < populated.size(); ++c) {
    for (int klass = 0; klass < kClassCount; ++klass)
      if (populated[c][klass]) id[c][klass] = rows.add(row_of(c, klass));
  }
  return id;
}

}  // namespace

// Per populated class, who finds AI worth using and the hazard of stopping.
void Simulation::update_use_tables(const std::vector<StackArray>& prices, const std::vector<double>& income_growth,
                                   double typical_use, const std::array<double, kIncomeBins>& income) {
  const Adoption& a = spec_.scenario.adoption();
  const Resilience& res = spec_.scenario.resilience();
  UseRow rows(kClassCount * prices.size() / 8);
  const auto id = distinct_rows(rows, populated_, [&](std::size_t c, int klass) {
    UseRow::Row r{static_cast<double>(klass), income_growth[c]};
    std::copy(values_[c][klass].begin(), values_[c][klass].end(), r.begin() + 2);
    std::copy(prices[c].begin(), prices[c].end(), r.begin() + 2 + kStackCount);
    return r;
  });
  std::vector<double> use(rows.size());
  tbb::parallel_for(std::size_t{0}, rows.size(), [&](std::size_t u) {
    const UseRow::Row& r = rows[static_cast<std::uint32_t>(u)];
    const int klass = static_cast<int>(r[0]);
    StackArray value, price;
    std::copy(r.begin() + 2, r.begin() + 2 + kStackCount, value.begin());
    std::copy(r.begin() + 2 + kStackCount, r.end(), price.begin());
    use[u] = use_probability_of(klass, value, price, typical_use, income[klass % kIncomeBins] * r[1]);
  });
  tbb::parallel_for(std::size_t{0}, prices.size(), [&](std::size_t c) {
    CountryTables& t = tables_.country[c];
    for (int klass = 0; klass < kClassCount; ++klass) {
      if (!populated_[c][klass]) continue;
      double p = use[id[c][klass]];
      // Backlash: low stability slows public bodies' uptake (none above the threshold).
      if (kind_of_class(klass) == AdopterKind::kPublicBody)
        p *= 1.0 - res.backlash_public_use_cut() * backlash(res, labour_.stability[c]);
      t.use_levels[klass] = static_cast<std::uint16_t>(reservation_levels(p));
      t.discontinue[klass] = static_cast<float>(a.discontinue_max_per_month() * (1.0 - p));
    }
  });
}

// The pick's weights: the values plus the stack constants; the nest's
// members weigh exp(utility / lambda) (agents/adopter_step.h).
void Simulation::update_weights() {
  const double nest_lambda = spec_.scenario.choice().open_weight_nest_lambda();
  WeightRow rows(kClassCount * tables_.country.size() / 8);
  const auto id = distinct_rows(rows, populated_, [&](std::size_t c, int klass) {
    WeightRow::Row r{static_cast<double>(markets_.market_of_country[c])};
    std::copy(values_[c][klass].begin(), values_[c][klass].end(), r.begin() + 1);
    return r;
  });
  std::vector<std::array<float, kStackCount>> weight(rows.size());
  tbb::parallel_for(std::size_t{0}, rows.size(), [&](std::size_t u) {
    const WeightRow::Row& r = rows[static_cast<std::uint32_t>(u)];
    const int market = static_cast<int>(r[0]);
    StackArray v;
    std::copy(r.begin() + 1, r.end(), v.begin());
    if (market >= 0)
      for (int s = 0; s < kStackCount; ++s) v[s] += constants_[market][s];
    const double top = *std::max_element(v.begin(), v.end());
    for (int s = 0; s < kStackCount; ++s) {
      const double scaled = is_open_weights(s) ? (v[s] - top) / nest_lambda : v[s] - top;
      weight[u][s] = std::isfinite(v[s]) ? static_cast<float>(std::exp(scaled)) : 0.0f;
    }
  });
  tbb::parallel_for(std::size_t{0}, tables_.country.size(), [&](std::size_t c) {
    for (int klass = 0; klass < kClassCount; ++klass) {
      if (populated_[c][klass])
        std::copy(weight[id[c][klass]].begin(), weight[id[c][klass]].end(), tables_.country[c].weight[klass].begin());
    }
  });
}

// The stack constants, once, from the first month's values at the reference
// offers and the users of each class at the start: the starting mix is then
// what the lower level would choose (docs/calibration.md).
void Simulation::fit_constants() {
  std::vector<std::array<double, kClassCount>> users(spec_.world.countries.size());
  for (auto& u : users) u.fill(0.0);
  tbb::parallel_for(std::size_t{0}, population_.country_begin.size() - 1, [&](std::size_t c) {
    for (std::uint32_t i = population_.country_begin[c]; i < population_.country_begin[c + 1]; ++i)
      if (population_.state[i] < kStackCount) users[c][population_.klass[i]] += 1.0;
    const std::uint32_t agents = adopters_in(static_cast<int>(c));
    const double people_per_agent = agents > 0 ? spec_.world.countries[c].population / agents : 0.0;
    for (double& u : users[c]) u *= people_per_agent;
  });
  std::vector<std::array<StackArray, kClassCount>> values(users.size());
  tbb::parallel_for(std::size_t{0}, users.size(), [&](std::size_t c) {
    const CountryOffer here = country_offer(static_cast<int>(c), next_governments_[c], reference_levers_,
                                            reference_offers_, reference_available_[c]);
    for (int k = 0; k < kClassCount; ++k)
      values[c][k] = stack_value(static_cast<int>(c), next_governments_[c], k, reference_offers_, here);
  });
  const Choice& ch = spec_.scenario.choice();
  constants_ = fit_stack_constants(markets_, values, users, ch.beta_network(), ch.open_weight_nest_lambda());
}

void Simulation::run_adopters() {
  const std::uint32_t month = static_cast<std::uint32_t>(month_);
  tbb::parallel_for(std::size_t{0}, chunks_.size(), [&](std::size_t i) {
    chunk_counts_[i] = StateCounts{};
    step_adopters(population_, tables_, seed_, month, chunks_[i].first, chunks_[i].last, chunk_counts_[i]);
  });
}

void Simulation::step() {
  if (done()) return;
  const Month m{spec_.start.index + month_};
  available_ = spec_.available;
  for (const Spec::DatedBlock& b : spec_.dated_blocks) {
    if (!(m < b.from))
      for (int c : b.countries) available_[c][b.stack] = false;
  }
  supply_.step(month_, service_demand(), governments_);
  events_ = supply_.events();
  update_governments();
  record_partnerships();
  update_tables(m);
  run_adopters();
  // Resolve: merge counts in chunk order, then make next the current state.
  for (StateCounts& c : counts_) c = StateCounts{};
  for (std::size_t i = 0; i < chunks_.size(); ++i)
    for (int s = 0; s < kStateCount; ++s) counts_[chunks_[i].country][s] += chunk_counts_[i][s];
  population_.state.swap(population_.next_state);
  governments_.swap(next_governments_);
  update_labour();
  ++month_;
}

// Sizes of the members, on the platform the project builds on (x86-64,
// libstdc++): a member added to Simulation or SupplySide changes one, and
// this fails until visit_state (simulation.h, supply_side.h) has been looked
// at and, if the member changes during a run, extended.
#if defined(__x86_64__) && defined(__GLIBCXX__)
constexpr std::size_t kSimulationBytes = 2424, kSupplySideBytes = 848;
static_assert(sizeof(Simulation) == kSimulationBytes, "Simulation changed: is the new member in its visit_state?");
static_assert(sizeof(SupplySide) == kSupplySideBytes, "SupplySide changed: is the new member in its visit_state?");
#endif

std::string Simulation::save_state() const {
  StateWriter out;
  out(*this);
  return out.bytes();
}

void Simulation::restore_state(std::string_view bytes) {
  const std::size_t adopters = population_.size(), countries = counts_.size();
  StateReader in(bytes);
  in(*this);
  in.finish();
  // What the rest of the run indexes by: the same shape as built, valid states.
  if (population_.state.size() != adopters || population_.next_state.size() != adopters ||
      counts_.size() != countries || governments_.size() != countries || next_governments_.size() != countries ||
      tables_.country.size() != countries || chunk_counts_.size() != chunks_.size() || month_ < 0 ||
      month_ > spec_.months)
    throw StateError("the state is not of this scenario's population");
  for (const std::uint8_t s : population_.state)
    if (s >= kStateCount) throw StateError("an adopter state is out of range");
}

std::uint64_t Simulation::fixed_digest() const {
  const auto bytes_of = [](const auto& v) {
    return std::string_view(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(v[0]));
  };
  const AdopterPopulation& p = population_;
  std::uint64_t h = digest_bytes(bytes_of(p.peers));
  for (const std::string_view b :
       {bytes_of(p.klass), bytes_of(p.min_peer_users), bytes_of(p.innovativeness), bytes_of(p.reservation),
        bytes_of(p.country_begin), bytes_of(p.pool), bytes_of(p.pool_begin)})
    h = digest_bytes(b, h);
  return h;
}

// What this month brings to country c's labour market: the best capability
// available there (from the first month's best model), its organisations'
// adoption, and its bloc's resilience levers.
LabourInputs Simulation::labour_inputs(int c) const {
  const PolicyLevers& levers = supply_.levers();
  const Country& country = spec_.world.countries[c];
  LabourInputs in;
  double best = -std::numeric_limits<double>::infinity();
  for (int s = 0; s < kStackCount; ++s)
    if (available_[c][s]) best = std::max(best, supply_.offers()[s].capability_log10);
  in.capability_log10 = std::isfinite(best) ? best - reference_capability_ : 0.0;
  in.org_adoption = labour_.org_adoption[c];
  if (country.us_allied) {
    in.retraining_share_gdp = levers.us_retraining_spending_share_gdp();
    in.safety_net_expansion = levers.us_safety_net_expansion();
  } else if (country.cn_bloc) {
    in.retraining_share_gdp = levers.cn_retraining_spending_share_gdp();
    in.safety_net_expansion = levers.cn_safety_net_expansion();
  }
  return in;
}

// Each country reads and writes only its own index of labour_.
void Simulation::update_labour() {
  const Resilience& res = spec_.scenario.resilience();
  tbb::parallel_for(std::size_t{0}, labour_.stability.size(), [&](std::size_t c) {
    const Country& country = spec_.world.countries[c];
    if (!country.inhabited()) return;
    const AdopterPopulation::Organisations orgs =
        population_.organisations(population_.country_begin[c], population_.country_begin[c + 1]);
    labour_.org_adoption[c] = orgs.count > 0 ? static_cast<double>(orgs.using_ai) / orgs.count : 0.0;
    const LabourInputs in = labour_inputs(static_cast<int>(c));
    labour_.set(c, step_labour(res, country, labour_.cell(c), in));
    labour_.spending_usd_per_year[c] = resilience_spending_usd_per_year(res, country, in);
  });
}

StackArray Simulation::users_by_stack() const {
  StackArray users{};
  for (std::size_t c = 0; c < counts_.size(); ++c) {
    const std::uint32_t agents = adopters_in(static_cast<int>(c));
    if (agents == 0) continue;
    const double people_per_agent = spec_.world.countries[c].population / agents;
    for (int s = 0; s < kStackCount; ++s) users[s] += counts_[c][s] * people_per_agent;
  }
  return users;
}

// Users per stack, and for revenue the same with each partner country's
// users counted at the discounted price.
ServiceDemand Simulation::service_demand() const {
  const Government& gp = spec_.scenario.government();
  const PolicyLevers& levers = supply_.levers();
  ServiceDemand demand;
  for (std::size_t c = 0; c < counts_.size(); ++c) {
    const std::uint32_t agents = adopters_in(static_cast<int>(c));
    if (agents == 0) continue;
    const double people_per_agent = spec_.world.countries[c].population / agents;
    const GovernmentState& gov = governments_[c];
    for (int s = 0; s < kStackCount; ++s) {
      const double discount =
          gp.partner_price_discount_at_full_promotion() * promotion_reach(gov, s, levers, home_bloc_[c]);
      demand.users[s] += counts_[c][s] * people_per_agent;
      demand.paying_users[s] += counts_[c][s] * people_per_agent * (1.0 - discount);
    }
  }
  return demand;
}

void Simulation::record_partnerships() {
  for (std::size_t c = 0; c < governments_.size(); ++c) {
    const Partnership before = governments_[c].partnership, after = next_governments_[c].partnership;
    if (before == after) continue;
    const std::string& iso3 = spec_.world.countries[c].iso3;
    if (after == NEUTRAL) {
      events_.push_back({"partnership", iso3, bloc_name(before), 0.0, "dropped"});
    } else {
      events_.push_back({"partnership", iso3, bloc_name(after), 0.0, "signed"});
    }
  }
}

}  // namespace stackrace
