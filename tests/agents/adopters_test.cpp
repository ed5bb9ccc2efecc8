#include "agents/adopters.h"

#include <gtest/gtest.h>
#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include <cmath>
#include <csignal>
#include <numeric>
#include <set>

#include "agents/stratify.h"
#include "base/interrupt.h"
#include "base/rng.h"
#include "sim/calibration.h"
#include "support/tiny_world.h"

namespace stackrace {
namespace {

using namespace test_support;

World world_of(const std::vector<double>& populations) {
  World w;
  for (std::size_t i = 0; i < populations.size(); ++i) {
    Country c;
    c.iso3 = "C";  // (appended rather than operator+: GCC 12 -Wrestrict false positive)
    c.iso3 += std::to_string(i);
    c.population = populations[i];
    w.index_of[c.iso3] = static_cast<int>(i);
    w.countries.push_back(c);
  }
  return w;
}

std::uint64_t sum(const std::vector<std::uint32_t>& v) { return std::accumulate(v.begin(), v.end(), std::uint64_t{0}); }

TEST(SplitAdopters, ProportionalToPopulation) {
  EXPECT_EQ(split_adopters(world_of({100, 200, 700}), 1000, 1), (std::vector<std::uint32_t>{100, 200, 700}));
  EXPECT_EQ(split_adopters(world_of({3e8, 1.3e9, 1.4e9}), 30, 1), (std::vector<std::uint32_t>{3, 13, 14}));
}

TEST(SplitAdopters, LargestRemainderSumsToTotal) {
  EXPECT_EQ(split_adopters(world_of({1, 1, 1}), 10, 1), (std::vector<std::uint32_t>{4, 3, 3}));
  const std::vector<double> pops{7919, 104729, 1299709, 15485863, 179424673, 2, 3};
  const World w = world_of(pops);
  const double total_pop = std::accumulate(pops.begin(), pops.end(), 0.0);
  for (std::uint64_t total : {1ull, 17ull, 1000ull, 1000003ull, 50000000ull}) {
    const auto out = split_adopters(w, total, 0);
    EXPECT_EQ(sum(out), total) << total;
    for (std::size_t i = 0; i < pops.size(); ++i) {
      const double exact = static_cast<double>(total) * pops[i] / total_pop;
      EXPECT_LE(std::fabs(out[i] - exact), 1.0) << "country " << i << " of " << total;
    }
  }
}

TEST(SplitAdopters, FloorPerInhabitedCountryZeroForUninhabited) {
  const auto out = split_adopters(world_of({1, 999999, 0, 5}), 1000, 50);
  EXPECT_EQ(out, (std::vector<std::uint32_t>{50, 1000, 0, 50}));
  // The floor does not apply to uninhabited places even when nothing else gets adopters.
  EXPECT_EQ(split_adopters(world_of({0, 0}), 1000, 50), (std::vector<std::uint32_t>{0, 0}));
  EXPECT_EQ(split_adopters(world_of({10, 0}), 0, 7), (std::vector<std::uint32_t>{7, 0}));
}

TEST(SplitAdopters, ShippedWorldFloorsOnlyRaiseSmallCountries) {
  const Spec spec = load_spec(baseline_scenario().string());
  const World& w = spec.world;
  const auto pure = split_adopters(w, 1000000, 0);
  const auto floored = split_adopters(w, 1000000, 50);
  EXPECT_EQ(sum(pure), 1000000u);
  ASSERT_EQ(floored.size(), w.countries.size());
  int uninhabited = 0;
  for (std::size_t i = 0; i < w.countries.size(); ++i) {
    if (!w.countries[i].inhabited()) {
      ++uninhabited;
      EXPECT_EQ(floored[i], 0u) << w.countries[i].iso3;
    } else {
      EXPECT_EQ(floored[i], std::max<std::uint32_t>(pure[i], 50)) << w.countries[i].iso3;
    }
  }
  EXPECT_GT(uninhabited, 0);
  EXPECT_GT(sum(floored), 1000000u);
  EXPECT_EQ(split_adopters(w, 1000000, 50), floored) << "deterministic";
}

TEST(AdopterClasses, KindAndIncomeBinRoundTrip) {
  EXPECT_EQ(kind_of_class(class_of(AdopterKind::kFirm, 3)), AdopterKind::kFirm);
  EXPECT_EQ(kind_of_class(class_of(AdopterKind::kPublicBody, kIncomeBins - 1)), AdopterKind::kPublicBody);
}

class BuildPopulation : public ::testing::Test {
 protected:
  void SetUp() override {
    SpecOptions options;
    options.adopters = 60000;
    spec_ = std::make_unique<Spec>(tiny_.load(options));
    per_country_ = split_adopters(spec_->world, 60000, 50);
    start_ = calibrate_start(*spec_, std::vector<double>(spec_->world.countries.size(), 0.7));
    for (const CountryStart& c : start_) {
      initial_.online.push_back(c.online);
      initial_.users.push_back(c.users);
    }
  }
  AdopterPopulation build(std::uint64_t seed) const {
    return build_population(spec_->world, spec_->scenario, seed, per_country_, initial_, spec_->available);
  }

  TinyWorld tiny_;
  std::unique_ptr<Spec> spec_;
  std::vector<std::uint32_t> per_country_;
  std::vector<CountryStart> start_;
  InitialShares initial_;
};

// A stop requested (Ctrl-C) while the population is built ends the build
// with Interrupted, rather than after it (in a child process: the request
// cannot be taken back).
TEST_F(BuildPopulation, AStopDuringTheBuildEndsIt) {
  // The fixture has started TBB's threads: the child re-runs the test binary
  // rather than carry on from a fork of a threaded process.
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        install_interrupt_handlers();
        ::raise(SIGINT);
        try {
          build(1);
        } catch (const Interrupted&) {
          std::_Exit(3);
        }
        std::_Exit(0);
      },
      testing::ExitedWithCode(3), "");
}

// Kinds and thresholds, drawn a block of agents at a time on vectors, are
// those of their definition: recomputed here agent by agent from the random
// order and the jitter draws (whose numbers are the TraitDraw values of
// agents/adopters.cpp), with shares and a threshold whose steps fall at
// awkward places.
TEST_F(BuildPopulation, StepTraitsAreThoseOfDrawingEveryPoint) {
  constexpr std::uint32_t kKindKey = 0, kKindJitter = 1, kThresholdKey = 6, kThresholdJitter = 7;
  Scenario scenario = spec_->scenario;
  scenario.mutable_population()->set_firm_share(0.0731);
  scenario.mutable_population()->set_public_body_share(0.0137);
  scenario.mutable_population()->set_peers_per_adopter(5);
  scenario.mutable_adoption()->set_threshold_max(0.37);
  const std::uint64_t seed = 29;
  const AdopterPopulation a = build_population(spec_->world, scenario, seed, per_country_, initial_, spec_->available);
  const Population& pop = scenario.population();
  int organisations = 0, thresholds_at_one = 0;
  for (int c = 0; c < kTinyCountries; ++c) {
    const std::uint32_t first = a.country_begin[c], count = a.country_begin[c + 1] - first;
    if (count == 0) continue;
    const std::vector<std::uint32_t> kind_rank = random_ranks(seed, Stream::kAdopterTraits, kKindKey, first, count);
    const std::vector<std::uint32_t> threshold_rank =
        random_ranks(seed, Stream::kAdopterTraits, kThresholdKey, first, count);
    for (std::uint32_t j = 0; j < count; ++j) {
      const double u_kind =
          stratified_uniform(kind_rank[j], count, draw64(seed, Stream::kAdopterTraits, first + j, 0, kKindJitter));
      const AdopterKind kind = u_kind < pop.public_body_share()                      ? AdopterKind::kPublicBody
                               : u_kind < pop.public_body_share() + pop.firm_share() ? AdopterKind::kFirm
                                                                                     : AdopterKind::kHousehold;
      ASSERT_EQ(kind_of_class(a.klass[first + j]), kind) << c << " " << j;
      organisations += kind != AdopterKind::kHousehold ? 1 : 0;
      const double u = stratified_uniform(threshold_rank[j], count,
                                          draw64(seed, Stream::kAdopterTraits, first + j, 0, kThresholdJitter));
      const auto threshold = static_cast<std::uint8_t>(std::ceil(0.37 * u * 5));
      ASSERT_EQ(a.min_peer_users[first + j], threshold) << c << " " << j;
      thresholds_at_one += threshold == 1 ? 1 : 0;
    }
  }
  EXPECT_GT(organisations, 0);
  EXPECT_GT(thresholds_at_one, 0);
}

TEST_F(BuildPopulation, LayoutAndTraits) {
  const AdopterPopulation a = build(1);
  const std::size_t n = sum(per_country_);
  ASSERT_EQ(a.size(), n);
  EXPECT_EQ(a.peers_per_adopter, 8u);
  EXPECT_EQ(a.peers.size(), n * 8);
  EXPECT_EQ(a.bytes_per_adopter(), 25u);
  ASSERT_EQ(a.country_begin.size(), kTinyCountries + 1u);
  EXPECT_EQ(a.country_begin[kCHN + 1] - a.country_begin[kCHN], per_country_[kCHN]);
  EXPECT_EQ(per_country_[kATA], 0u);
  for (int c = 0; c < kTinyCountries; ++c)
    for (std::uint32_t i = a.country_begin[c]; i < a.country_begin[c + 1]; ++i) ASSERT_EQ(a.country_of(i), c);

  const int max_threshold = static_cast<int>(std::ceil(0.3 * 8));
  double innovativeness = 0;
  std::array<int, kKindCount> kinds{};
  for (std::size_t i = 0; i < n; ++i) {
    ASSERT_LE(a.min_peer_users[i], max_threshold);
    ASSERT_GT(a.innovativeness[i], 0.0f);
    ASSERT_LT(a.klass[i], kClassCount);
    ASSERT_EQ(a.state[i], a.next_state[i]);
    for (std::uint32_t p : a.peers_of(i)) ASSERT_LT(p, n);
    innovativeness += a.innovativeness[i];
    ++kinds[static_cast<int>(kind_of_class(a.klass[i]))];
  }
  EXPECT_NEAR(innovativeness / n, 1.0, 0.03);  // lognormal with mean 1
  EXPECT_NEAR(kinds[static_cast<int>(AdopterKind::kFirm)] / double(n), 0.05, 0.005);
  EXPECT_NEAR(kinds[static_cast<int>(AdopterKind::kPublicBody)] / double(n), 0.01, 0.003);
}

TEST_F(BuildPopulation, PeersStayHomeOrGoToNeighbours) {
  const AdopterPopulation a = build(1);
  // USA has no neighbour and is alone in its region: every peer is American.
  for (std::uint32_t i = a.country_begin[kUSA]; i < a.country_begin[kUSA + 1]; ++i)
    for (std::uint32_t p : a.peers_of(i)) ASSERT_EQ(a.country_of(p), kUSA);
  // IND's cross-border peers (10%, 60% of them to neighbours) are in CHN, its only neighbour.
  std::size_t abroad = 0, links = 0;
  for (std::uint32_t i = a.country_begin[kIND]; i < a.country_begin[kIND + 1]; ++i)
    for (std::uint32_t p : a.peers_of(i)) {
      ASSERT_TRUE(a.country_of(p) == kIND || a.country_of(p) == kCHN);
      abroad += a.country_of(p) == kCHN;
      ++links;
    }
  EXPECT_NEAR(static_cast<double>(abroad) / links, 0.06, 0.01);
}

// Links at home lie within the ring neighbourhood (kPeerReach either side),
// uniformly: the whole country where it has up to 2 kPeerReach adopters.
// Links abroad go to the country's pool, which holds at most kPeerPoolSize
// foreign adopters and about as many as the country has links abroad.
TEST_F(BuildPopulation, LinksAtHomeStayInTheRingNeighbourhoodAndLinksAbroadInThePool) {
  per_country_ = split_adopters(spec_->world, 150000, 50);
  const AdopterPopulation a = build(3);
  int large = 0, small = 0;
  for (int c = 0; c < kTinyCountries; ++c) {
    const std::uint32_t first = a.country_begin[c], count = a.country_begin[c + 1] - first;
    if (count == 0) continue;
    const std::uint32_t pool = a.pool_begin[c + 1] - a.pool_begin[c];
    EXPECT_LE(pool, kPeerPoolSize);
    for (std::uint32_t s = a.pool_begin[c]; s < a.pool_begin[c + 1]; ++s) ASSERT_NE(a.country_of(a.pool[s]), c);
    double distance = 0;
    std::size_t home = 0, abroad = 0;
    for (std::uint32_t i = first; i < first + count; ++i)
      for (const std::uint32_t p : a.peers_of(i)) {
        if (a.country_of(p) != c) {
          ++abroad;
          continue;
        }
        // Distance along the ring of the country's adopters.
        const std::uint32_t forward = (p + count - i) % count, d = std::min(forward, count - forward);
        ASSERT_LE(d, static_cast<std::uint32_t>(kPeerReach)) << "adopter " << i;
        distance += d;
        ++home;
      }
    // Uniform within the neighbourhood: mean distance a quarter of its width
    // (the distance is uniform on [0, width / 2]), within 4 standard errors.
    const double width = std::min<double>(count, 2.0 * kPeerReach);
    const double standard_error = width / (2 * std::sqrt(12.0)) / std::sqrt(static_cast<double>(home));
    EXPECT_NEAR(distance / static_cast<double>(home), width / 4, 4 * standard_error + 0.01 * width)
        << spec_->world.countries[c].iso3;
    if (abroad > 0) {
      EXPECT_LE(pool, abroad * 1.2 + 2) << "about one slot per link abroad";
    }
    (count > 2 * kPeerReach ? large : small) += 1;
  }
  EXPECT_GT(large, 0) << "the test needs a country larger than the neighbourhood";
  EXPECT_GT(small, 0);
}

TEST_F(BuildPopulation, InitialStateMatchesStartAndRespectsBlocks) {
  const AdopterPopulation a = build(1);
  for (int c : {kCHN, kIND, kUSA}) {
    std::array<int, kStateCount> counts{};
    for (std::uint32_t i = a.country_begin[c]; i < a.country_begin[c + 1]; ++i) ++counts[a.state[i]];
    const double n = per_country_[c];
    const double users = n - counts[kNonUser] - counts[kOffline];
    EXPECT_NEAR(users / n, start_[c].users, 0.015) << c;
    EXPECT_NEAR(1.0 - counts[kOffline] / n, start_[c].online, 0.015) << c;
    if (c == kCHN) {
      // CHN's configured mix is 95% US stacks, all blocked there.
      EXPECT_EQ(counts[US_CLOSED], 0);
      EXPECT_EQ(counts[US_OPEN], 0);
      EXPECT_GT(counts[CN_CLOSED], 0);
    }
    if (c == kUSA) {
      EXPECT_GT(counts[US_CLOSED], counts[CN_CLOSED]);
    }
  }
}

TEST_F(BuildPopulation, InitialStacksFollowTheMixOverAvailableStacks) {
  const AdopterPopulation a = build(2);
  auto user_mix = [&](int c) {
    std::array<double, kStackCount> mix{};
    double users = 0;
    for (std::uint32_t i = a.country_begin[c]; i < a.country_begin[c + 1]; ++i)
      if (a.state[i] < kStackCount) {
        mix[a.state[i]] += 1;
        users += 1;
      }
    for (double& v : mix) v /= users;
    return mix;
  };
  // USA: north_america's mix as configured.
  const std::array<double, kStackCount> usa = user_mix(kUSA);
  const StackArray& configured = spec_->world.countries[kUSA].initial_mix;
  for (int s = 0; s < kStackCount; ++s) EXPECT_NEAR(usa[s], configured[s], 0.025) << s;
  // CHN: 0.9 / 0.05 on blocked US stacks; the rest (0.03, 0.02, 0) renormalised to 0.6 / 0.4 / 0.
  const std::array<double, kStackCount> chn = user_mix(kCHN);
  EXPECT_EQ(chn[US_CLOSED], 0.0);
  EXPECT_EQ(chn[US_OPEN], 0.0);
  EXPECT_NEAR(chn[CN_CLOSED], 0.6, 0.04);
  EXPECT_NEAR(chn[CN_OPEN], 0.4, 0.04);
  EXPECT_EQ(chn[OTHER], 0.0);
}

// Counts per state and per kind of one country's adopters.
struct CountryCounts {
  std::array<int, kStateCount> state{};
  std::array<int, kKindCount> kind{};
  std::array<int, kKindCount> users_of_kind{};
  double innovativeness = 0;
  int users() const { return std::accumulate(state.begin(), state.begin() + kStackCount, 0); }
};

CountryCounts count_country(const AdopterPopulation& a, int c) {
  CountryCounts n;
  for (std::uint32_t i = a.country_begin[c]; i < a.country_begin[c + 1]; ++i) {
    ++n.state[a.state[i]];
    const int kind = static_cast<int>(kind_of_class(a.klass[i]));
    ++n.kind[kind];
    if (a.state[i] < kStackCount) ++n.users_of_kind[kind];
    n.innovativeness += a.innovativeness[i];
  }
  return n;
}

TEST_F(BuildPopulation, InitialStatesAreExactCountsNotDraws) {
  // Whatever the seed, a country's online adopters are its online share of
  // the agents rounded down or up, and its users likewise among them.
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    const AdopterPopulation a = build(seed);
    for (int c : {kCHN, kIND, kUSA}) {
      const CountryCounts n = count_country(a, c);
      const double agents = per_country_[c];
      const double online = agents - n.state[kOffline];
      ASSERT_LT(std::fabs(online - agents * start_[c].online), 1.0) << c << " seed " << seed;
      ASSERT_LT(std::fabs(n.users() - online * start_[c].users / start_[c].online), 1.0) << c << " seed " << seed;
    }
  }
}

TEST_F(BuildPopulation, FiftyAgentsWithAFewPercentUsersGetTheRoundedCount) {
  // 50 agents per country: the USA starts with 27% users (13.5 agents): 13 or
  // 14 with every seed, where independent draws give 8 to 19.
  const std::vector<std::uint32_t> fifty{0, 50, 50, 50};
  InitialShares initial = initial_;
  initial.users[kUSA] = 0.27;
  std::set<int> usa_users;
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    const AdopterPopulation a = build_population(spec_->world, spec_->scenario, seed, fifty, initial, spec_->available);
    usa_users.insert(count_country(a, kUSA).users());
  }
  EXPECT_EQ(usa_users, (std::set<int>{13, 14}));
}

TEST_F(BuildPopulation, KindsAndUsersAreSpreadOverTheKinds) {
  const AdopterPopulation a = build(3);
  const Population& pop = spec_->scenario.population();
  for (int c : {kCHN, kIND, kUSA}) {
    const CountryCounts n = count_country(a, c);
    const double agents = per_country_[c];
    const int pb = static_cast<int>(AdopterKind::kPublicBody), firm = static_cast<int>(AdopterKind::kFirm);
    EXPECT_LT(std::fabs(n.kind[pb] - agents * pop.public_body_share()), 1.0) << c;
    EXPECT_LT(std::fabs(n.kind[firm] - agents * pop.firm_share()), 2.0) << c;
    // Users are picked along the classes: each kind has the country's share
    // to within an agent or two, not the few points that chance would give
    // 0.5% of the agents.
    const double share = n.users() / agents;
    for (int k = 0; k < kKindCount; ++k) EXPECT_LT(std::fabs(n.users_of_kind[k] - share * n.kind[k]), 2.0) << c << k;
    // Lognormal innovativeness with mean 1, one draw per stratum.
    EXPECT_NEAR(n.innovativeness / agents, 1.0, 0.01) << c;
  }
}

TEST_F(BuildPopulation, SameSeedSameResultAtAnyThreadCount) {
  auto build_with = [&](int threads, std::uint64_t seed) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    tbb::task_arena arena(threads);
    AdopterPopulation a;
    arena.execute([&] { a = build(seed); });
    return a;
  };
  const AdopterPopulation one = build_with(1, 5), four = build_with(4, 5), other = build_with(4, 6);
  EXPECT_EQ(one.state, four.state);
  EXPECT_EQ(one.peers, four.peers);
  EXPECT_EQ(one.klass, four.klass);
  EXPECT_EQ(one.min_peer_users, four.min_peer_users);
  EXPECT_EQ(one.innovativeness, four.innovativeness);
  EXPECT_NE(one.peers, other.peers);
  EXPECT_NE(one.state, other.state);
}

}  // namespace
}  // namespace stackrace
