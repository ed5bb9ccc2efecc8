// Tests sim/chip_market.*: allocation under export caps, conservation,
// and the price rule.
#include "sim/chip_market.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace stackrace {
namespace {

double sum(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }

TEST(AllocateChips, EveryoneGetsTheirDemandWhenSupplyIsAmple) {
  const ChipAllocation a = allocate_chips(1000, {{100, -1}, {250, -1}, {0, -1}}, {});
  ASSERT_EQ(a.delivered.size(), 3u);
  EXPECT_DOUBLE_EQ(a.delivered[0], 100);
  EXPECT_DOUBLE_EQ(a.delivered[1], 250);
  EXPECT_DOUBLE_EQ(a.delivered[2], 0);
  EXPECT_DOUBLE_EQ(a.capped_demand, 350);
  EXPECT_DOUBLE_EQ(a.stocked, 650);
}

TEST(AllocateChips, ProRataWhenShort) {
  const ChipAllocation a = allocate_chips(300, {{100, -1}, {500, -1}}, {});
  EXPECT_DOUBLE_EQ(a.capped_demand, 600);
  EXPECT_DOUBLE_EQ(a.delivered[0], 50);
  EXPECT_DOUBLE_EQ(a.delivered[1], 250);
  EXPECT_DOUBLE_EQ(a.stocked, 0);
  // Nothing to sell: nobody gets anything.
  const ChipAllocation none = allocate_chips(0, {{100, -1}, {500, 0}}, {1000});
  EXPECT_DOUBLE_EQ(none.delivered[0], 0);
  EXPECT_DOUBLE_EQ(none.delivered[1], 0);
  EXPECT_DOUBLE_EQ(none.stocked, 0);
}

TEST(AllocateChips, DemandAboveAGroupCapIsCutProRataWithinTheGroup) {
  // Group 0 capped at 100 (demand 300); group 1 capped at 1000 (demand 50); one uncapped buyer.
  const std::vector<ChipBuyer> buyers{{200, 0}, {100, 0}, {50, 1}, {400, -1}};
  const ChipAllocation a = allocate_chips(10000, buyers, {100, 1000});
  EXPECT_NEAR(a.delivered[0], 200.0 / 3, 1e-12);
  EXPECT_NEAR(a.delivered[1], 100.0 / 3, 1e-12);
  EXPECT_DOUBLE_EQ(a.delivered[2], 50);
  EXPECT_DOUBLE_EQ(a.delivered[3], 400);
  EXPECT_NEAR(a.capped_demand, 550, 1e-12);
  EXPECT_NEAR(a.stocked, 10000 - 550, 1e-9);
  // Caps and shortage together: the cut comes first, then everyone gets the same share.
  const ChipAllocation short_supply = allocate_chips(275, buyers, {100, 1000});
  EXPECT_NEAR(short_supply.delivered[0], 200.0 / 3 / 2, 1e-12);
  EXPECT_NEAR(short_supply.delivered[3], 200, 1e-12);
  EXPECT_NEAR(short_supply.stocked, 0, 1e-12);
}

TEST(AllocateChips, NoSaleToABarredBuyer) {
  // Tier 3 quota 0: Tier 3 buyers get nothing, however short or ample the supply.
  for (double supply : {10.0, 1e6}) {
    const ChipAllocation a = allocate_chips(supply, {{5000, 0}, {1, 0}, {100, -1}}, {0.0});
    EXPECT_DOUBLE_EQ(a.delivered[0], 0);
    EXPECT_DOUBLE_EQ(a.delivered[1], 0);
    EXPECT_NEAR(a.delivered[2], std::min(100.0, supply), 1e-12);
    EXPECT_DOUBLE_EQ(a.capped_demand, 100);
  }
}

// Random markets: chips are conserved, nobody gets more than it asked for,
// and no cap group gets more than its cap.
TEST(AllocateChips, ConservationAndCapsOverRandomMarkets) {
  std::mt19937_64 rng(12345);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int trial = 0; trial < 2000; ++trial) {
    const int groups = static_cast<int>(rng() % 4);
    std::vector<double> caps(groups);
    for (double& c : caps) c = unit(rng) < 0.2 ? 0.0 : std::pow(10.0, 6 * unit(rng));
    std::vector<ChipBuyer> buyers(1 + rng() % 12);
    for (ChipBuyer& b : buyers) {
      b.demand_h100e = unit(rng) < 0.1 ? 0.0 : std::pow(10.0, 7 * unit(rng));
      b.cap_group = groups == 0 ? -1 : static_cast<int>(rng() % (groups + 1)) - 1;
    }
    const double supply = unit(rng) < 0.1 ? 0.0 : std::pow(10.0, 8 * unit(rng));
    const ChipAllocation a = allocate_chips(supply, buyers, caps);
    SCOPED_TRACE("trial " + std::to_string(trial));
    ASSERT_EQ(a.delivered.size(), buyers.size());
    ASSERT_GE(a.stocked, 0.0);
    ASSERT_NEAR(sum(a.delivered) + a.stocked, supply, 1e-12 * std::max(1.0, supply));
    std::vector<double> to_group(groups, 0.0);
    for (std::size_t i = 0; i < buyers.size(); ++i) {
      ASSERT_GE(a.delivered[i], 0.0);
      ASSERT_LE(a.delivered[i], buyers[i].demand_h100e * (1 + 1e-12));
      if (buyers[i].cap_group >= 0) to_group[buyers[i].cap_group] += a.delivered[i];
    }
    for (int g = 0; g < groups; ++g) ASSERT_LE(to_group[g], caps[g] * (1 + 1e-12) + 1e-9) << "group " << g;
    // Stock only when every buyer got all it could legally take.
    if (a.stocked > 1e-9 * std::max(1.0, supply)) {
      ASSERT_LE(a.capped_demand, supply);
    }
    ASSERT_LE(sum(a.delivered), a.capped_demand * (1 + 1e-12) + 1e-9);
  }
}

TEST(NextChipPrice, MovesWithExcessDemandWithinTheClamp) {
  // Balanced market: only the trend.
  EXPECT_DOUBLE_EQ(next_chip_price(25000, 100, 100, 0.98, 1.0, 0.05), 25000 * 0.98);
  // Small excess demand: (demand / supply)^elasticity.
  EXPECT_NEAR(next_chip_price(25000, 102, 100, 1.0, 1.0, 0.05), 25000 * 1.02, 1e-9);
  EXPECT_NEAR(next_chip_price(25000, 102, 100, 1.0, 2.0, 0.05), 25000 * 1.02 * 1.02, 1e-9);
  EXPECT_NEAR(next_chip_price(25000, 98, 100, 1.0, 1.0, 0.05), 25000 * 0.98, 1e-9);
  // Large excess demand or supply: clamped to +-max_change.
  EXPECT_DOUBLE_EQ(next_chip_price(25000, 1000, 100, 1.0, 1.0, 0.05), 25000 * 1.05);
  EXPECT_DOUBLE_EQ(next_chip_price(25000, 1, 100, 1.0, 1.0, 0.05), 25000 * 0.95);
  EXPECT_DOUBLE_EQ(next_chip_price(25000, 1000, 100, 0.9, 1.0, 0.05), 25000 * 0.9 * 1.05);
  // No supply but demand: the ceiling; neither: the trend.
  EXPECT_DOUBLE_EQ(next_chip_price(25000, 10, 0, 1.0, 1.0, 0.05), 25000 * 1.05);
  EXPECT_DOUBLE_EQ(next_chip_price(25000, 0, 0, 0.97, 1.0, 0.05), 25000 * 0.97);
  // Zero elasticity: demand does not move the price.
  EXPECT_DOUBLE_EQ(next_chip_price(25000, 1000, 100, 1.0, 0.0, 0.05), 25000);
  // Zero max change: only the trend.
  EXPECT_DOUBLE_EQ(next_chip_price(25000, 1000, 100, 0.99, 1.0, 0.0), 25000 * 0.99);
}

// Supply but no demand at all: by the documented rule, (0 / supply)^elasticity
// = 0, clamped to the floor, 1 - max_change.
TEST(NextChipPrice, SupplyWithoutDemandLowersThePriceByTheMaxChange) {
  EXPECT_DOUBLE_EQ(next_chip_price(25000, 0, 100, 1.0, 1.0, 0.05), 25000 * 0.95);
}

}  // namespace
}  // namespace stackrace
