#include "base/rng.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

namespace stackrace {
namespace {

TEST(Rng, SameKeySameValue) {
  EXPECT_EQ(draw64(7, Stream::kAdopterStep, 123, 4, 2), draw64(7, Stream::kAdopterStep, 123, 4, 2));
  // constexpr: the value is a pure function of the key.
  static_assert(draw64(1, Stream::kPeers, 2, 3) == draw64(1, Stream::kPeers, 2, 3));
  AgentRng a(9, Stream::kAdopterTraits, 55), b(9, Stream::kAdopterTraits, 55);
  for (int i = 0; i < 100; ++i) ASSERT_EQ(a.next(), b.next());
}

TEST(Rng, EachPartOfTheKeyChangesTheValue) {
  const std::uint64_t base = draw64(7, Stream::kAdopterStep, 123, 4, 0);
  EXPECT_NE(base, draw64(8, Stream::kAdopterStep, 123, 4, 0)) << "seed";
  EXPECT_NE(base, draw64(7, Stream::kAdopterStep, 124, 4, 0)) << "agent";
  EXPECT_NE(base, draw64(7, Stream::kAdopterStep, 123, 5, 0)) << "month";
  EXPECT_NE(base, draw64(7, Stream::kGovernment, 123, 4, 0)) << "stream";
  EXPECT_NE(base, draw64(7, Stream::kAdopterStep, 123, 4, 1)) << "draw index";
}

TEST(Rng, NoCollisionsOverManyNeighbouringKeys) {
  // Neighbouring agents, months, seeds and streams give distinct draws.
  std::set<std::uint64_t> seen;
  int n = 0;
  for (std::uint64_t seed = 0; seed < 4; ++seed)
    for (std::uint32_t stream = 1; stream <= 6; ++stream)
      for (std::uint64_t agent = 0; agent < 200; ++agent)
        for (std::uint32_t month = 0; month < 20; ++month, ++n)
          seen.insert(draw64(seed, static_cast<Stream>(stream), agent, month));
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(n));
}

TEST(Rng, DifferentAgentRngsDiffer) {
  AgentRng a(1, Stream::kPeers, 10), b(1, Stream::kPeers, 11), c(2, Stream::kPeers, 10),
      d(1, Stream::kInitialState, 10);
  const std::uint64_t x = a.next();
  EXPECT_NE(x, b.next());
  EXPECT_NE(x, c.next());
  EXPECT_NE(x, d.next());
  EXPECT_NE(x, a.next()) << "successive draws of one generator";
}

TEST(Rng, UniformMeanAndVarianceOverAMillionDraws) {
  constexpr int kDraws = 1'000'000;
  double sum = 0, sum_sq = 0, lo = 1, hi = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double u = to_unit(draw64(12345, Stream::kAdopterStep, static_cast<std::uint64_t>(i), 7));
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    sum_sq += u * u;
    lo = std::min(lo, u);
    hi = std::max(hi, u);
  }
  const double mean = sum / kDraws;
  const double var = sum_sq / kDraws - mean * mean;
  // sd of the mean is 0.289 / 1000; 0.002 is about 7 sd.
  EXPECT_NEAR(mean, 0.5, 0.002);
  EXPECT_NEAR(var, 1.0 / 12.0, 0.001);
  EXPECT_LT(lo, 1e-4);
  EXPECT_GT(hi, 1 - 1e-4);
}

TEST(Rng, HalfWidthUniformsAreInRangeWithMeanHalf) {
  constexpr int kDraws = 1'000'000;
  double hi_sum = 0, lo_sum = 0, cross = 0;
  for (int i = 0; i < kDraws; ++i) {
    const std::uint64_t bits = draw64(3, Stream::kAdopterStep, static_cast<std::uint64_t>(i), 0);
    const float h = hi_unit(bits), l = lo_unit(bits);
    ASSERT_GE(h, 0.0f);
    ASSERT_LT(h, 1.0f);
    ASSERT_GE(l, 0.0f);
    ASSERT_LT(l, 1.0f);
    hi_sum += h;
    lo_sum += l;
    cross += (h - 0.5) * (l - 0.5);
  }
  EXPECT_NEAR(hi_sum / kDraws, 0.5, 0.002);
  EXPECT_NEAR(lo_sum / kDraws, 0.5, 0.002);
  // The two halves of one draw are uncorrelated (correlation = cross / var).
  EXPECT_NEAR(cross / kDraws * 12.0, 0.0, 0.01);
}

TEST(Rng, NormalHasMeanZeroAndUnitVariance) {
  constexpr int kDraws = 200'000;
  double sum = 0, sum_sq = 0;
  for (int i = 0; i < kDraws; ++i) {
    AgentRng r(5, Stream::kAdopterTraits, static_cast<std::uint64_t>(i));
    const double z = r.normal();
    ASSERT_TRUE(std::isfinite(z));
    sum += z;
    sum_sq += z * z;
  }
  EXPECT_NEAR(sum / kDraws, 0.0, 0.015);
  EXPECT_NEAR(sum_sq / kDraws, 1.0, 0.02);
}

}  // namespace
}  // namespace stackrace
