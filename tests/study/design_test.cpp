// Tests study/design.*: grid, random, Latin hypercube, Saltelli and Morris.
#include "study/design.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "study/sobol_sequence.h"

namespace stackrace {
namespace {

TEST(DesignTest, FullGridEnumeratesEveryCombinationLastFactorFastest) {
  const auto grid = full_grid({2, 3});
  ASSERT_EQ(grid.size(), 6u);
  EXPECT_EQ(grid[0], (std::vector<int>{0, 0}));
  EXPECT_EQ(grid[1], (std::vector<int>{0, 1}));
  EXPECT_EQ(grid[3], (std::vector<int>{1, 0}));
  EXPECT_EQ(grid[5], (std::vector<int>{1, 2}));
}

TEST(DesignTest, RandomDesignIsInTheUnitCubeAndSeeded) {
  const UnitPoints a = random_design(100, 3, 42), b = random_design(100, 3, 42), c = random_design(100, 3, 43);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  for (const auto& p : a)
    for (double u : p) {
      EXPECT_GE(u, 0.0);
      EXPECT_LT(u, 1.0);
    }
}

TEST(DesignTest, LatinHypercubePutsOnePointInEachStratumOfEachFactor) {
  constexpr int kPoints = 50, kFactors = 4;
  const UnitPoints lhs = latin_hypercube(kPoints, kFactors, 7);
  ASSERT_EQ(lhs.size(), static_cast<std::size_t>(kPoints));
  for (int f = 0; f < kFactors; ++f) {
    std::set<int> strata;
    for (const auto& p : lhs) strata.insert(static_cast<int>(std::floor(p[f] * kPoints)));
    EXPECT_EQ(strata.size(), static_cast<std::size_t>(kPoints)) << "factor " << f;
    EXPECT_EQ(*strata.begin(), 0);
    EXPECT_EQ(*strata.rbegin(), kPoints - 1);
  }
  // The pairing differs between factors (independent permutations).
  int same = 0;
  for (const auto& p : lhs) same += std::floor(p[0] * kPoints) == std::floor(p[1] * kPoints) ? 1 : 0;
  EXPECT_LT(same, kPoints / 2);
  EXPECT_EQ(lhs, latin_hypercube(kPoints, kFactors, 7));
}

TEST(DesignTest, SaltelliHasFactorsPlusTwoPointsPerBaseSampleBuiltFromTheSobolSequence) {
  constexpr int kN = 8, kD = 3;
  const UnitPoints s = saltelli_design(kN, kD);
  ASSERT_EQ(s.size(), static_cast<std::size_t>(kN * (kD + 2)));
  SobolSequence sobol(2 * kD);
  sobol.next();  // the origin is skipped
  for (int j = 0; j < kN; ++j) {
    const std::vector<double> x = sobol.next();
    const auto& a = s[j * (kD + 2)];
    const auto& b = s[j * (kD + 2) + kD + 1];
    for (int i = 0; i < kD; ++i) {
      EXPECT_EQ(a[i], x[i]);
      EXPECT_EQ(b[i], x[kD + i]);
    }
    for (int i = 0; i < kD; ++i) {
      const auto& ab = s[j * (kD + 2) + 1 + i];
      for (int k = 0; k < kD; ++k) EXPECT_EQ(ab[k], k == i ? b[k] : a[k]) << "AB" << i << " of sample " << j;
    }
  }
  // The first A is Sobol point 1, not the origin.
  EXPECT_EQ(s[0], (std::vector<double>{0.5, 0.5, 0.5}));
}

TEST(DesignTest, MorrisTrajectoriesMoveEachFactorOnceByDeltaOnTheGrid) {
  constexpr int kTrajectories = 20, kFactors = 4, kLevels = 4;
  const MorrisDesign m = morris_design(kTrajectories, kFactors, kLevels, 11);
  const double delta = kLevels / (2.0 * (kLevels - 1));
  ASSERT_EQ(m.points.size(), static_cast<std::size_t>(kTrajectories * (kFactors + 1)));
  ASSERT_EQ(m.steps.size(), static_cast<std::size_t>(kTrajectories));
  for (int t = 0; t < kTrajectories; ++t) {
    std::set<int> moved;
    for (int s = 0; s < kFactors; ++s) {
      const MorrisStep& step = m.steps[t][s];
      moved.insert(step.factor);
      EXPECT_NEAR(std::fabs(step.delta), delta, 1e-12);
      const auto& before = m.points[t * (kFactors + 1) + s];
      const auto& after = m.points[t * (kFactors + 1) + s + 1];
      for (int f = 0; f < kFactors; ++f) {
        EXPECT_NEAR(after[f] - before[f], f == step.factor ? step.delta : 0.0, 1e-12);
        // On the grid {0, 1/3, 2/3, 1}, exactly: one double per level.
        EXPECT_EQ(after[f], std::round(after[f] * (kLevels - 1)) / (kLevels - 1));
        EXPECT_GE(after[f], -1e-12);
        EXPECT_LE(after[f], 1 + 1e-12);
      }
    }
    EXPECT_EQ(moved.size(), static_cast<std::size_t>(kFactors));
  }
  EXPECT_THROW(morris_design(2, 2, 5, 1), std::invalid_argument);
}

}  // namespace
}  // namespace stackrace
