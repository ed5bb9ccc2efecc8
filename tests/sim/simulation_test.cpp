#include "sim/simulation.h"

#include <gtest/gtest.h>

#include <numeric>

#include "sim/metrics.h"
#include "sim/runner.h"
#include "support/files.h"
#include "support/run_files.h"
#include "support/tiny_world.h"

namespace stackrace {
namespace {

using namespace test_support;
namespace fs = std::filesystem;

SpecOptions options(std::uint64_t adopters, std::vector<std::string> overrides = {}) {
  SpecOptions o;
  o.adopters = adopters;
  o.overrides = std::move(overrides);
  return o;
}

// Checks that hold after every month of every run.
void expect_month_invariants(const Simulation& sim) {
  const Spec& spec = sim.spec();
  const MonthSummary s = summarize(sim);
  ASSERT_EQ(s.countries.size(), spec.world.countries.size());
  for (std::size_t c = 0; c < spec.world.countries.size(); ++c) {
    const std::string& iso3 = spec.world.countries[c].iso3;
    const StateCounts& counts = sim.counts()[c];
    ASSERT_EQ(std::accumulate(counts.begin(), counts.end(), std::uint64_t{0}), sim.adopters_in(static_cast<int>(c)))
        << iso3;
    const CountryRow& row = s.countries[c];
    ASSERT_GE(row.ai_user_share, 0.0) << iso3;
    ASSERT_LE(row.ai_user_share, 1.0) << iso3;
    const double total = std::accumulate(row.stack_share.begin(), row.stack_share.end(), 0.0);
    if (row.ai_user_share > 0) {
      ASSERT_NEAR(total, 1.0, 1e-12) << iso3 << " in " << sim.calendar_month().str();
      ASSERT_GE(row.dominant_stack, 0);
      for (double v : row.stack_share) ASSERT_LE(v, row.stack_share[row.dominant_stack]);
    } else {
      ASSERT_EQ(total, 0.0) << iso3;
      ASSERT_EQ(row.dominant_stack, -1) << iso3;
    }
    for (int st = 0; st < kStackCount; ++st) {
      if (!spec.available[c][st]) {
        ASSERT_EQ(counts[st], 0u) << Stack_Name(static_cast<Stack>(st)) << " is blocked in " << iso3 << " but used in "
                                  << sim.calendar_month().str();
        ASSERT_EQ(row.stack_share[st], 0.0);
        ASSERT_NE(sim.governments()[c].default_stack, st) << iso3;
      }
    }
  }
  ASSERT_GE(s.global.ai_user_share_world, 0.0);
  ASSERT_LE(s.global.ai_user_share_world, 1.0);
  // The developing countries' share: their users over their people, each
  // country's users being its agents' share times its population.
  double dev_people = 0, dev_users = 0;
  for (std::size_t c = 0; c < spec.world.countries.size(); ++c) {
    const Country& country = spec.world.countries[c];
    if (!country.developing()) continue;
    dev_people += country.population;
    dev_users += country.population * s.countries[c].ai_user_share;
  }
  ASSERT_NEAR(s.global.dev_ai_user_share, dev_people > 0 ? dev_users / dev_people : 0.0, 1e-12);
  ASSERT_NEAR(std::accumulate(s.global.share.begin(), s.global.share.end(), 0.0), 1.0, 1e-9);
  ASSERT_NEAR(std::accumulate(s.global.dev_share.begin(), s.global.dev_share.end(), 0.0), 1.0, 1e-9);
}

TEST(Simulation, TinyWorldInvariantsEveryMonth) {
  const TinyWorld w;
  const Spec spec = w.load(options(30000, {"horizon.end_month=2026-12"}));
  Simulation sim(spec, 3);
  EXPECT_EQ(sim.month(), 0);
  EXPECT_EQ(sim.adopters_in(kATA), 0u);
  EXPECT_GE(sim.adopters_in(kUSA), 50u);
  int months = 0;
  while (!sim.done()) {
    sim.step();
    ++months;
    EXPECT_EQ(sim.month(), months);
    EXPECT_EQ(sim.calendar_month(), Month{spec.start.index + months - 1});
    expect_month_invariants(sim);
    if (HasFatalFailure()) return;
  }
  EXPECT_EQ(months, 24);
  sim.step();  // no-op once done
  EXPECT_EQ(sim.month(), 24);
  // Adoption grows.
  const MonthSummary end = summarize(sim);
  for (int c : {kCHN, kIND, kUSA}) EXPECT_GT(end.countries[c].ai_user_share, sim.start()[c].users) << c;
}

TEST(Simulation, GovernmentsFollowAlignment) {
  const TinyWorld w;
  const Spec spec = w.load(options(20000));
  Simulation sim(spec, 3);
  Partnership india = NEUTRAL;
  for (int m = 0; m < 6; ++m) {
    sim.step();
    const auto& g = sim.governments();
    // The countries hosting a bloc's labs always partner with it.
    EXPECT_EQ(g[kUSA].partnership, US_PARTNER);
    EXPECT_TRUE(is_us_stack(g[kUSA].default_stack)) << int(g[kUSA].default_stack);
    EXPECT_EQ(g[kCHN].partnership, CN_PARTNER);
    EXPECT_TRUE(is_cn_stack(g[kCHN].default_stack)) << int(g[kCHN].default_stack);
    // Others are drawn at the yearly review (the first month) and keep it until the next.
    if (m == 0) india = g[kIND].partnership;
    EXPECT_EQ(g[kIND].partnership, india) << "month " << m;
  }
  // An overwhelming offer from China makes the neutral country a partner
  // whatever the draw (offers scale with export promotion, 0.5 in the tiny world).
  const Spec tipped = w.load(options(20000, {"government.cn_offer_value_at_full_promotion=60"}));
  for (const std::uint64_t seed : {3, 4, 5}) {
    Simulation sim2(tipped, seed);
    sim2.step();
    EXPECT_EQ(sim2.governments()[kIND].partnership, CN_PARTNER) << seed;
    EXPECT_EQ(sim2.governments()[kUSA].partnership, US_PARTNER) << seed;
  }
}

TEST(Determinism, SameStateAtOneTwoAndEightThreads) {
  const TinyWorld w;
  // Enough adopters that the large countries span several chunks.
  const Spec spec = w.load(options(200000));
  const MonthTrace one = trace_months(spec, 17, 1), two = trace_months(spec, 17, 2), eight = trace_months(spec, 17, 8);
  ASSERT_EQ(one.states.size(), 13u);
  EXPECT_TRUE(one.states == two.states);
  EXPECT_TRUE(one.states == eight.states);
  EXPECT_TRUE(one.counts == two.counts);
  EXPECT_TRUE(one.counts == eight.counts);
  EXPECT_TRUE(one.governments == eight.governments);
  const MonthTrace other = trace_months(spec, 18, 2);
  EXPECT_FALSE(one.states.back() == other.states.back()) << "a different seed must give a different run";
}

TEST(Determinism, IdenticalOutputFilesAtOneTwoAndEightThreads) {
  const TinyWorld w;
  const Spec spec = w.load(options(200000));
  const RunFiles one = run_files(spec, 5, 1), two = run_files(spec, 5, 2), eight = run_files(spec, 5, 8);
  ASSERT_FALSE(one.countries.empty());
  ASSERT_FALSE(one.trajectory.empty());
  EXPECT_TRUE(one.countries == two.countries);
  EXPECT_TRUE(one.countries == eight.countries);
  EXPECT_TRUE(one.global == two.global);
  EXPECT_TRUE(one.global == eight.global);
  EXPECT_TRUE(one.trajectory == two.trajectory);
  EXPECT_TRUE(one.trajectory == eight.trajectory);
  EXPECT_TRUE(one.events == two.events);
  EXPECT_TRUE(one.events == eight.events);
  const RunFiles other = run_files(spec, 6, 2);
  EXPECT_FALSE(one.countries == other.countries);
  EXPECT_FALSE(one.global == other.global);
  EXPECT_FALSE(one.trajectory == other.trajectory);
}

TEST(Demand, StackShareFallsAsItsPriceRises) {
  const TinyWorld w;
  double previous_ind = 2, previous_world = 2;
  for (const char* price : {"0.05", "3", "10", "40"}) {
    // lab[3] is the tiny world's only CN_OPEN lab.
    const Spec spec = w.load(
        options(100000, {"horizon.end_month=2026-12", std::string("supply.lab[3].price_usd_per_mtok=") + price}));
    Simulation sim(spec, 9);
    while (!sim.done()) sim.step();
    const MonthSummary s = summarize(sim);
    const double ind = s.countries[kIND].stack_share[CN_OPEN], world = s.global.share[CN_OPEN];
    EXPECT_LT(ind, previous_ind) << "CN_OPEN at " << price << " USD per Mtok";
    EXPECT_LT(world, previous_world) << "CN_OPEN at " << price << " USD per Mtok";
    previous_ind = ind;
    previous_world = world;
  }
}

// The allied_cn_service_restrictions lever: the USA (Tier 1, US-allied in
// the tiny world) turns from the Chinese stacks; IND (Tier 2) and CHN do not.
TEST(Restrictions, AlliedLeverLowersChineseShareOnlyInAlliedCountries) {
  const TinyWorld w;
  auto spec_with = [&](const char* lever) {
    return w.load(options(
        100000, {"horizon.end_month=2026-12", std::string("policy.pre.allied_cn_service_restrictions=") + lever}));
  };
  const Spec spec_none = spec_with("0"), spec_full = spec_with("1");
  auto none = std::make_unique<Simulation>(spec_none, 9), full = std::make_unique<Simulation>(spec_full, 9);
  auto cn = [](const StateCounts& n) { return static_cast<double>(n[CN_CLOSED] + n[CN_OPEN]); };
  none->step();
  full->step();
  // One month in, nothing but the allied country's choice has changed: the
  // supply side and everyone's peers read the same last month.
  EXPECT_EQ(none->counts()[kIND], full->counts()[kIND]);
  EXPECT_EQ(none->counts()[kCHN], full->counts()[kCHN]);
  EXPECT_LT(cn(full->counts()[kUSA]), cn(none->counts()[kUSA]));
  while (!none->done()) none->step();
  while (!full->done()) full->step();
  const MonthSummary a = summarize(*none), b = summarize(*full);
  const auto cn_share = [](const CountryRow& r) { return r.stack_share[CN_CLOSED] + r.stack_share[CN_OPEN]; };
  EXPECT_GT(cn_share(a.countries[kUSA]), 0.02) << "the Chinese stacks must have users for the check to mean anything";
  EXPECT_LT(cn_share(b.countries[kUSA]), 0.5 * cn_share(a.countries[kUSA]));
  // Later months feel the allied country only through the supply side (the
  // Chinese labs' revenue): a fraction of a point.
  EXPECT_NEAR(cn_share(b.countries[kIND]), cn_share(a.countries[kIND]), 0.01);
  EXPECT_NEAR(b.countries[kIND].ai_user_share, a.countries[kIND].ai_user_share, 0.005);
}

// Governments outside the allies take up part of the lever in proportion to
// their draw to the US (government.partner_restriction_uptake): India, neutral
// in the tiny world but with some propensity to partner with the US, turns
// from the Chinese stacks as the uptake rises.
TEST(Restrictions, GovernmentsDrawnToTheUsTakeUpPartOfTheAlliedLever) {
  const TinyWorld w;
  auto run_with = [&](const char* uptake) {
    const Spec spec = w.load(options(100000, {"horizon.end_month=2026-12", "policy.pre.allied_cn_service_restrictions=1",
                                              std::string("government.partner_restriction_uptake=") + uptake}));
    Simulation sim(spec, 9);
    while (!sim.done()) sim.step();
    EXPECT_GT(sim.governments()[kIND].us_propensity, 0.05f) << "India must be drawn to the US for the check to mean anything";
    const MonthSummary s = summarize(sim);
    return s.countries[kIND].stack_share[CN_CLOSED] + s.countries[kIND].stack_share[CN_OPEN];
  };
  const double none = run_with("0"), half = run_with("0.5"), full = run_with("1");
  EXPECT_GT(none, 0.02) << "the Chinese stacks must have users in India for the check to mean anything";
  EXPECT_LT(half, none);
  EXPECT_LT(full, half);
}

// A bloc's territory is its partner whatever the offers, and export
// promotion reaches no one at home: in a world of home countries and
// territories alone (India a Chinese territory here), the US and Chinese
// promotion levers change nothing at all. Before, a home country got the
// partner discount on its own bloc's stacks.
TEST(Partnerships, TerritoriesAreTheirBlocsAndPromotionStopsAtHome) {
  TinyWorldTexts t = tiny_world_texts();
  t.world_config += "territories { cn_iso3: \"IND\" }\n";
  const TinyWorld w(t);
  auto run_with = [&](const char* promotion) {
    const Spec spec =
        w.load(options(30000, {"horizon.end_month=2026-12", std::string("policy.pre.us_export_promotion=") + promotion,
                               std::string("policy.pre.cn_export_promotion=") + promotion,
                               "government.alignment_weight=0", "government.neutral_utility=5"}));
    auto sim = std::make_unique<Simulation>(spec, 9);
    while (!sim->done()) {
      sim->step();
      EXPECT_EQ(sim->governments()[kIND].partnership, CN_PARTNER);
      EXPECT_EQ(sim->governments()[kUSA].partnership, US_PARTNER);
    }
    return sim;
  };
  const auto none = run_with("0"), full = run_with("1");
  EXPECT_EQ(none->counts(), full->counts());
  EXPECT_EQ(none->supply().metrics().revenue_us_allied_musd, full->supply().metrics().revenue_us_allied_musd);
  EXPECT_EQ(none->supply().metrics().revenue_china_musd, full->supply().metrics().revenue_china_musd);
  EXPECT_GT(none->supply().metrics().revenue_china_musd, 0.0)
      << "China's labs must earn for the check to mean anything";
}

// Public bodies of a country using AI.
std::uint32_t public_users(const Simulation& sim, int country) {
  const AdopterPopulation& p = sim.population();
  std::uint32_t n = 0;
  for (std::uint32_t i = p.country_begin[country]; i < p.country_begin[country + 1]; ++i)
    n += kind_of_class(p.klass[i]) == AdopterKind::kPublicBody && p.state[i] < kStackCount ? 1 : 0;
  return n;
}

// Runs the tiny world to its end with these overrides (and a 2027-12 horizon).
std::unique_ptr<Simulation> run_tiny(const TinyWorld& w, std::vector<std::string> sets, Spec& spec) {
  sets.emplace_back("horizon.end_month=2027-12");
  spec = w.load(options(100000, std::move(sets)));
  auto sim = std::make_unique<Simulation>(spec, 5);
  while (!sim->done()) sim->step();
  return sim;
}

TEST(Backlash, LowStabilitySlowsPublicSectorAdoption) {
  const TinyWorld w;
  // A stressed labour market: automatable work from the start, and every
  // displaced worker weighs heavily on stability.
  const std::vector<std::string> stress = {"resilience.automatable_midpoint_log10=0",
                                           "resilience.stability_displacement_weight=1000"};
  auto with_cut = [&](const char* cut, Spec& spec) {
    std::vector<std::string> sets = stress;
    sets.push_back(std::string("resilience.backlash_public_use_cut=") + cut);
    sets.emplace_back("resilience.backlash_automation_restriction=0");
    return run_tiny(w, sets, spec);
  };
  Spec spec_off, spec_on;
  const auto off = with_cut("0", spec_off), on = with_cut("1", spec_on);
  ASSERT_LT(off->labour().stability[kUSA], 0.5 * spec_off.scenario.resilience().backlash_stability_threshold())
      << "the stress must push stability well below the threshold";
  EXPECT_LT(public_users(*on, kUSA), 0.9 * public_users(*off, kUSA));
  EXPECT_LE(on->labour().org_adoption[kUSA], off->labour().org_adoption[kUSA]);
}

TEST(Backlash, NoEffectWhileStabilityStaysAboveThreshold) {
  const TinyWorld w;
  Spec a, b;
  const auto off =
      run_tiny(w, {"resilience.backlash_public_use_cut=0", "resilience.backlash_automation_restriction=0"}, a);
  const auto on =
      run_tiny(w, {"resilience.backlash_public_use_cut=1", "resilience.backlash_automation_restriction=1"}, b);
  for (int c : {kCHN, kIND, kUSA}) {
    ASSERT_GT(off->labour().stability[c], a.scenario.resilience().backlash_stability_threshold());
    EXPECT_EQ(off->counts()[c], on->counts()[c]);
    EXPECT_EQ(off->labour().displaced_share[c], on->labour().displaced_share[c]);
  }
}

TEST(Labour, DisplacementGrowsWithCapabilityAndStaysWithinShares) {
  const TinyWorld w;
  Spec spec;
  const auto sim = run_tiny(w, {}, spec);
  const LabourState& l = sim->labour();
  EXPECT_GT(l.displaced_share[kUSA], 0.0);
  for (int c : {kCHN, kIND, kUSA}) {
    EXPECT_LE(l.automated_share[c], spec.world.countries[c].exposed_substitutable_share);
    EXPECT_GE(l.stability[c], 0.0);
    EXPECT_LE(l.stability[c], 1.0);
  }
  // Uninhabited Antarctica keeps its initial state.
  EXPECT_EQ(l.displaced_share[kATA], 0.0);
  EXPECT_EQ(l.stability[kATA], 1.0);
}

TEST(Labour, ShippedExposureSeparatesAdvancedFromLowIncomeEconomies) {
  const Spec spec = load_spec(baseline_scenario().string(), options(20000, {"horizon.end_month=2025-01"}));
  auto mean_exposure = [&](std::initializer_list<const char*> codes) {
    double sum = 0;
    for (const char* code : codes) {
      const Country& c = spec.world.countries[spec.world.find(code)];
      sum += c.exposed_complementary_share + c.exposed_substitutable_share;
    }
    return sum / static_cast<double>(codes.size());
  };
  // The IMF's gap between advanced and low-income economies is about 0.34.
  EXPECT_GE(mean_exposure({"USA", "DEU", "JPN", "GBR", "FRA"}) - mean_exposure({"KEN", "NGA", "ETH", "UGA", "BGD"}),
            0.15);
}

// The baseline's world displaced share: small in 2025 (docs/resilience.md
// cites the bound), growing to 2028, lower with retraining in both blocs.
TEST(Labour, BaselineDisplacementGrowsAndRetrainingLowersIt) {
  auto displaced_world = [](std::vector<std::string> sets) {
    sets.emplace_back("horizon.end_month=2028-12");
    const Spec spec = load_spec(baseline_scenario().string(), options(50000, sets));
    Simulation sim(spec, 3);
    std::vector<double> by_month;
    while (!sim.done()) {
      sim.step();
      by_month.push_back(summarize(sim).global.fronts.displaced_world);
    }
    return by_month;
  };
  const std::vector<double> base = displaced_world({});
  const std::vector<double> retrained = displaced_world(
      {"policy.levers.us_retraining_spending_share_gdp=0.01", "policy.levers.cn_retraining_spending_share_gdp=0.01"});
  constexpr int kDec2025 = 11, kDec2028 = 47;
  for (int m = 0; m <= kDec2025; ++m) EXPECT_LT(base[m], 0.005) << "month " << m;
  EXPECT_GT(base[kDec2028], 3 * base[kDec2025]);
  EXPECT_LT(retrained[kDec2028], base[kDec2028]);
  EXPECT_EQ(retrained[kDec2025], base[kDec2025]) << "the levers start with the policy, in 2026";
}

TEST(Blocked, NeverUsedOverAWholeBaselineRun) {
  const Spec spec = load_spec(baseline_scenario().string(), options(50000));
  ASSERT_EQ(spec.months, 72);
  const int chn = spec.world.find("CHN");
  ASSERT_GE(chn, 0);
  ASSERT_FALSE(spec.available[chn][US_CLOSED]);
  Simulation sim(spec, spec.scenario.seed());
  std::uint64_t chn_users = 0;
  while (!sim.done()) {
    sim.step();
    expect_month_invariants(sim);
    if (HasFatalFailure()) return;
    ASSERT_EQ(sim.counts()[chn][US_CLOSED], 0u);
    for (int s = 0; s < kStackCount; ++s) chn_users += sim.counts()[chn][s];
  }
  EXPECT_GT(chn_users, 0u) << "China must have users for the check to mean anything";
}

TEST(ShippedScenarios, EveryScenarioLoadsAndRunsAShortHorizon) {
  int scenarios = 0;
  for (const auto& entry : fs::directory_iterator(repo_root() / "configs" / "scenarios")) {
    if (entry.path().extension() != ".textproto") continue;
    ++scenarios;
    SCOPED_TRACE(entry.path().string());
    const Spec full = load_spec(entry.path().string());
    EXPECT_GT(full.months, 0);
    const std::string end = Month{full.start.index + 5}.str();
    const Spec spec = load_spec(entry.path().string(), options(20000, {"horizon.end_month=" + end}));
    ASSERT_EQ(spec.months, 6);
    RunOptions ro;
    ro.seed = spec.scenario.seed();
    int months = 0;
    ro.on_month = [&](int done, int total) {
      EXPECT_EQ(done, ++months);
      EXPECT_EQ(total, 6);
    };
    const RunReport r = run(spec, ro);
    EXPECT_EQ(months, 6);
    EXPECT_EQ(r.last_month, end);
    EXPECT_GT(r.last.ai_user_share_world, 0.0);
    EXPECT_GE(r.adopters, 20000u);
  }
  EXPECT_GE(scenarios, 1);
}

// A dated lever change (policy.change) takes effect in its month and not
// before: the shipped loophole_2027 scenario is the baseline with one change
// in 2027-01 (the loophole closes, enforcement doubles). Against the
// baseline, every output row before that month is identical and the rows
// from it on differ.
TEST(PolicyChanges, TakeEffectInTheirMonthAndNotBefore) {
  const fs::path scenarios = repo_root() / "configs/scenarios";
  const SpecOptions o = options(20000, {"horizon.end_month=2027-06"});
  const Spec undated = load_spec((scenarios / "baseline.textproto").string(), o);
  const Spec dated = load_spec((scenarios / "loophole_2027.textproto").string(), o);
  ASSERT_EQ(dated.supply_index.change_months, std::vector<Month>{Month::from_year_month(2027, 1)});
  const RunFiles a = run_files(undated, 7, 2), b = run_files(dated, 7, 2);
  const auto rows_a = split_lines(a.global), rows_b = split_lines(b.global);
  ASSERT_EQ(rows_a.size(), rows_b.size());
  int before = 0, after = 0;
  for (std::size_t i = 1; i < rows_a.size(); ++i) {
    const bool from_change = rows_a[i].substr(0, 7) >= "2027-01";
    if (from_change) {
      after += rows_a[i] != rows_b[i];
      if (rows_a[i].starts_with("2027-01")) {
        EXPECT_NE(rows_a[i], rows_b[i]) << "the change's own month";
      }
    } else {
      EXPECT_EQ(rows_a[i], rows_b[i]) << "before the change";
      ++before;
    }
  }
  EXPECT_EQ(before, 24);
  EXPECT_EQ(after, 6);
  // Countries too, and the change is an event of its month.
  EXPECT_EQ(a.countries.substr(0, a.countries.find("\n2027-01")), b.countries.substr(0, b.countries.find("\n2027-01")));
  EXPECT_NE(a.countries, b.countries);
  EXPECT_NE(b.events.find("2027-01,policy,policy,,0,policy.change[0] takes effect"), std::string::npos) << b.events;
  EXPECT_EQ(a.events.find("policy.change"), std::string::npos);
}

}  // namespace
}  // namespace stackrace
