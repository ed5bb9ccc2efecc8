// Tests study/sobol_sequence.*: reference points and the stratification
// every dimension's direction numbers must give.
#include "study/sobol_sequence.h"

#include <gtest/gtest.h>

#include <set>

namespace stackrace {
namespace {

TEST(SobolSequenceTest, FirstPointsMatchTheReferenceInThreeDimensions) {
  // The unscrambled sequence with Joe-Kuo direction numbers, as printed by the
  // authors' sobol.cc and by SciPy's qmc.Sobol(3, scramble=False).
  const double expected[10][3] = {{0, 0, 0},
                                  {0.5, 0.5, 0.5},
                                  {0.75, 0.25, 0.25},
                                  {0.25, 0.75, 0.75},
                                  {0.375, 0.375, 0.625},
                                  {0.875, 0.875, 0.125},
                                  {0.625, 0.125, 0.875},
                                  {0.125, 0.625, 0.375},
                                  {0.1875, 0.3125, 0.9375},
                                  {0.6875, 0.8125, 0.4375}};
  SobolSequence sobol(3);
  for (const auto& row : expected) {
    const std::vector<double> p = sobol.next();
    for (int d = 0; d < 3; ++d) EXPECT_DOUBLE_EQ(p[d], row[d]);
  }
}

TEST(SobolSequenceTest, EveryDimensionIsStratifiedInBlocksOfPowersOfTwo) {
  // A Sobol sequence is a (t, s)-sequence: in each dimension, the first 2^m
  // points fall one in each interval [k/2^m, (k+1)/2^m). A wrong direction
  // number (even, or too large) breaks this for some dimension.
  constexpr int kPoints = 1 << 10;
  SobolSequence sobol(kSobolMaxDimensions);
  std::vector<std::vector<double>> points;
  for (int i = 0; i < kPoints; ++i) points.push_back(sobol.next());
  for (int d = 0; d < kSobolMaxDimensions; ++d) {
    for (int m = 1; (1 << m) <= kPoints; ++m) {
      std::set<int> strata;
      for (int i = 0; i < (1 << m); ++i) strata.insert(static_cast<int>(points[i][d] * (1 << m)));
      EXPECT_EQ(strata.size(), static_cast<std::size_t>(1 << m)) << "dimension " << d << ", 2^" << m << " points";
    }
  }
}

TEST(SobolSequenceTest, FirstTwoDimensionsFormANetAtEveryPowerOfTwo) {
  // Dimensions 1 and 2 form a (0, 2)-sequence (Sobol 1967): the first 2^m
  // points put exactly one point in every elementary box of area 2^-m, e.g.
  // every 2^a x 2^(m-a) grid cell.
  constexpr int kM = 8;
  SobolSequence sobol(2);
  std::vector<std::vector<double>> points;
  for (int i = 0; i < (1 << kM); ++i) points.push_back(sobol.next());
  for (int a = 0; a <= kM; ++a) {
    std::set<long> cells;
    for (const auto& p : points)
      cells.insert(static_cast<long>(p[0] * (1 << a)) * (1L << (kM - a)) + static_cast<long>(p[1] * (1 << (kM - a))));
    EXPECT_EQ(cells.size(), static_cast<std::size_t>(1 << kM)) << "boxes 2^" << a << " x 2^" << (kM - a);
  }
}

TEST(SobolSequenceTest, RejectsUnsupportedDimensions) {
  EXPECT_THROW(SobolSequence(0), std::invalid_argument);
  EXPECT_THROW(SobolSequence(kSobolMaxDimensions + 1), std::invalid_argument);
}

}  // namespace
}  // namespace stackrace
