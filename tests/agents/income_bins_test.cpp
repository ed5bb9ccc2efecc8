#include "agents/income_bins.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "agents/stratify.h"
#include "base/rng.h"

namespace stackrace {
namespace {

TEST(IncomeBins, BinsCoverTheLogRangeAndRoundTrip) {
  Population p;
  p.set_income_bin_min_usd(100);
  p.set_income_bin_max_usd(400000);
  EXPECT_EQ(income_bin(1, p), 0);
  EXPECT_EQ(income_bin(0, p), 0);
  EXPECT_EQ(income_bin(100, p), 0);
  EXPECT_EQ(income_bin(400000, p), kIncomeBins - 1);
  EXPECT_EQ(income_bin(1e9, p), kIncomeBins - 1);
  int previous = 0;
  for (double income = 50; income < 1e6; income *= 1.1) {
    const int bin = income_bin(income, p);
    EXPECT_GE(bin, previous) << income;
    previous = bin;
  }
  for (int b = 0; b < kIncomeBins; ++b) {
    EXPECT_EQ(income_bin(income_of_bin(b, p), p), b);
    if (b > 0) {
      EXPECT_GT(income_of_bin(b, p), income_of_bin(b - 1, p));
    }
  }
}

Population bins_100_to_400k() {
  Population p;
  p.set_income_bin_min_usd(100);
  p.set_income_bin_max_usd(400000);
  return p;
}

// The bounds' shortcut gives the bin the quantile, exponential and logarithm
// give, for uniforms spread over (0, 1), in both tails, and at and around
// every bound, where a shortcut without the guard would tip.
TEST(HouseholdIncomeBins, AgreesWithTheExactComputationEverywhere) {
  const Population p = bins_100_to_400k();
  for (const double mean : {90.0, 450.0, 2500.0, 13000.0, 80000.0, 1e6}) {
    for (const double sd : {1e-10, 1e-6, 0.3, 0.9, 1.4, 3.0}) {
      const HouseholdIncomeBins bins(mean, sd, p);
      for (std::uint64_t n = 0; n < 20000; ++n) {
        const double u = stratified_uniform(0, 1, draw64(7, Stream::kAdopterTraits, n, 0));
        ASSERT_EQ(bins(u), bins.exact(u)) << mean << " " << sd << " " << u;
      }
      for (const double u : {0x1.0p-53, 1e-12, 1e-6, 1.0 - 1e-6, 1.0 - 0x1.0p-53}) {
        ASSERT_EQ(bins(u), bins.exact(u)) << mean << " " << sd << " " << u;
      }
      // Walk u across each bin's bound from well below it to well above it.
      const double lo = std::log(100.0), hi = std::log(400000.0);
      for (int b = 1; b < kIncomeBins; ++b) {
        const double z = (lo + (hi - lo) * b / kIncomeBins - (std::log(mean) - 0.5 * sd * sd)) / sd;
        const double bound = 0.5 * std::erfc(-z / std::sqrt(2.0));
        if (bound <= 0 || bound >= 1) continue;
        for (const double step : {1e-6, 1e-7, 3e-8, 1e-9, 1e-12}) {
          for (int k = -3; k <= 3; ++k) {
            const double u = bound + k * step;
            if (u <= 0 || u >= 1) continue;
            ASSERT_EQ(bins(u), bins.exact(u)) << mean << " " << sd << " bound " << b << " u " << u;
          }
        }
        double u = bound;
        for (int k = 0; k < 50; ++k) u = std::nextafter(u, 0.0);
        for (int k = 0; k < 100 && u < 1; ++k, u = std::nextafter(u, 1.0)) {
          ASSERT_EQ(bins(u), bins.exact(u)) << mean << " " << sd << " bound " << b << " u " << u;
        }
      }
    }
  }
}

// With almost no spread, the mean sits on a bound for a whole band of u
// around 0.5, where the exact path's rounding, not the quantile, decides:
// there the shortcut's bounds would not do, and every household is binned
// the exact way.
TEST(HouseholdIncomeBins, AlmostNoSpreadIsBinnedTheExactWay) {
  Population p;
  p.set_income_bin_min_usd(100);
  p.set_income_bin_max_usd(409600);  // bounds at powers of two: 800 is one
  const HouseholdIncomeBins bins(800, 1e-10, p);
  for (double u = 0.4999; u < 0.5001; u += 1e-8) ASSERT_EQ(bins(u), bins.exact(u)) << u;
}

TEST(HouseholdIncomeBins, BinsRiseWithTheUniform) {
  const HouseholdIncomeBins bins(5000, 0.9, bins_100_to_400k());
  int previous = 0;
  for (double u = 1e-9; u < 1; u += 1e-3) {
    const int bin = bins(u);
    EXPECT_GE(bin, previous) << u;
    previous = bin;
  }
  EXPECT_EQ(bins(1e-12), 0);
  EXPECT_EQ(bins(1.0 - 1e-12), kIncomeBins - 1);
}

// A mean or spread that gives no bounds (no income, no spread) still bins,
// the exact way.
TEST(HouseholdIncomeBins, WithoutBoundsItComputesEachBin) {
  const Population p = bins_100_to_400k();
  EXPECT_EQ(HouseholdIncomeBins(0, 0.9, p)(0.5), 0);
  const HouseholdIncomeBins flat(5000, 0, p);
  EXPECT_EQ(flat(0.1), income_bin(5000, p));
  EXPECT_EQ(flat(0.9), income_bin(5000, p));
}

}  // namespace
}  // namespace stackrace
