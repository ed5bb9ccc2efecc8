// agents/stratify: stratified draws within a country.
#include "agents/stratify.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace stackrace {
namespace {

TEST(RandomRanks, APermutationAddressedByAgentIds) {
  for (std::uint32_t count : {0u, 1u, 2u, 7u, 50u, 1000u}) {
    std::vector<std::uint32_t> rank = random_ranks(42, Stream::kAdopterTraits, 0, 100, count);
    ASSERT_EQ(rank.size(), count);
    std::sort(rank.begin(), rank.end());
    for (std::uint32_t j = 0; j < count; ++j) ASSERT_EQ(rank[j], j) << count;
  }
  // Agents given by id: the same ids in the same order give the same ranks.
  const std::vector<std::uint32_t> ids{100, 101, 102, 103, 104, 105, 106, 107};
  EXPECT_EQ(random_ranks(42, Stream::kAdopterTraits, 0, ids), random_ranks(42, Stream::kAdopterTraits, 0, 100, 8));
  // Another seed, stream or draw number gives another order.
  const auto base = random_ranks(42, Stream::kAdopterTraits, 0, 100, 1000);
  EXPECT_NE(base, random_ranks(43, Stream::kAdopterTraits, 0, 100, 1000));
  EXPECT_NE(base, random_ranks(42, Stream::kInitialState, 0, 100, 1000));
  EXPECT_NE(base, random_ranks(42, Stream::kAdopterTraits, 1, 100, 1000));
  EXPECT_EQ(base, random_ranks(42, Stream::kAdopterTraits, 0, 100, 1000));
}

TEST(RandomRanks, EveryOrderIsAboutEquallyLikely) {
  // Three agents have 6 orders; over 6000 seeds each should come ~1000 times.
  std::array<int, 6> seen{};
  for (std::uint64_t seed = 0; seed < 6000; ++seed) {
    const auto r = random_ranks(seed, Stream::kAdopterTraits, 0, 0, 3);
    ++seen[r[0] * 2 + (r[1] > r[2] ? 1 : 0)];
  }
  for (int n : seen) EXPECT_NEAR(n, 1000, 120);
}

TEST(StratifiedUniform, OnePointInsideEachStratum) {
  const std::uint32_t n = 50;
  for (std::uint32_t r = 0; r < n; ++r) {
    for (std::uint64_t bits : {std::uint64_t{0}, ~std::uint64_t{0}, std::uint64_t{0x8000000000000000}}) {
      const double u = stratified_uniform(r, n, bits);
      ASSERT_GT(u, 0.0);
      ASSERT_LT(u, 1.0);
      ASSERT_GE(u, static_cast<double>(r) / n);
      ASSERT_LE(u, static_cast<double>(r + 1) / n);
    }
  }
  EXPECT_LT(stratified_uniform(0, 1, ~std::uint64_t{0}), 1.0) << "never exactly 1";
  EXPECT_NEAR(stratified_uniform(3, 10, std::uint64_t{1} << 63), 0.35, 1e-12) << "mid-draw: the stratum's middle";
}

TEST(SystematicPick, ExactCountsInAnyRun) {
  for (double p : {0.0, 0.03, 0.1, 0.5, 0.77, 1.0}) {
    for (double offset : {0.0, 0.31, 0.999}) {
      std::vector<int> picked(1000);
      for (std::uint64_t j = 0; j < picked.size(); ++j) picked[j] = systematic_pick(j, p, offset) ? 1 : 0;
      // 50 items with 3% picked: round(1.5) either way, never 0 or 3.
      for (std::size_t first : {0, 13, 500}) {
        for (std::size_t n : {1, 7, 50, 400}) {
          const int count = std::accumulate(picked.begin() + first, picked.begin() + first + n, 0);
          ASSERT_GE(count, std::floor(n * p)) << p << " " << offset << " " << first << " " << n;
          ASSERT_LE(count, std::ceil(n * p)) << p << " " << offset << " " << first << " " << n;
        }
      }
    }
  }
}

TEST(WeylPoint, SharesOutAnyMixEvenly) {
  // 0.2 / 0.5 / 0.3 over 1000 consecutive points, from any start.
  for (double offset : {0.0, 0.4, 0.97}) {
    for (std::uint64_t start : {0, 12345}) {
      std::array<int, 3> n{};
      for (std::uint64_t j = start; j < start + 1000; ++j) {
        const double t = weyl_point(j, offset);
        ASSERT_GE(t, 0.0);
        ASSERT_LT(t, 1.0);
        ++n[t < 0.2 ? 0 : t < 0.7 ? 1 : 2];
      }
      EXPECT_NEAR(n[0], 200, 3);
      EXPECT_NEAR(n[1], 500, 3);
      EXPECT_NEAR(n[2], 300, 3);
    }
  }
}

TEST(NormalQuantile, KnownValuesAndInverseOfTheCdf) {
  EXPECT_NEAR(normal_quantile(0.5), 0.0, 1e-9);
  EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-8);
  EXPECT_NEAR(normal_quantile(0.025), -1.959963984540054, 1e-8);
  EXPECT_NEAR(normal_quantile(0.8413447460685429), 1.0, 1e-8);
  EXPECT_NEAR(normal_quantile(1e-6), -4.753424308822899, 1e-7);
  for (double u = 1e-9; u < 1.0; u = u < 0.01 ? u * 10 : u + 0.01) {
    const double x = normal_quantile(u);
    ASSERT_NEAR(0.5 * std::erfc(-x / std::sqrt(2.0)), u, 1e-8 * std::max(u, 1e-3)) << u;
  }
}

TEST(NormalQuantile, StratifiedDrawsHaveTheMomentsExactly) {
  // 400 stratified points: mean ~0 and variance ~1 to well under the 5% that
  // independent draws of that size would give.
  const std::uint32_t n = 400;
  const auto rank = random_ranks(7, Stream::kAdopterTraits, 0, 0, n);
  double sum = 0, sum2 = 0;
  for (std::uint32_t j = 0; j < n; ++j) {
    const double z = normal_quantile(stratified_uniform(rank[j], n, draw64(7, Stream::kAdopterTraits, j, 0, 1)));
    sum += z;
    sum2 += z * z;
  }
  EXPECT_NEAR(sum / n, 0.0, 0.01);
  EXPECT_NEAR(sum2 / n, 1.0, 0.03);
}

// The quantiles of many uniforms at once are, bit for bit, those of one at a
// time: in the centre (on vectors) and in both tails, and at the seams.
TEST(NormalQuantile, ManyAtOnceAreTheSameBits) {
  std::vector<double> u;
  for (std::uint64_t k = 0; k < 5000; ++k)
    u.push_back(stratified_uniform(0, 1, draw64(4, Stream::kAdopterTraits, k, 0)));
  for (const double x : {0x1.0p-53, 1e-300, 0.02425, 0.9757500000000001, 0.5, 1.0 - 0x1.0p-53}) u.push_back(x);
  u.push_back(std::nextafter(0.02425, 0.0));
  u.push_back(std::nextafter(1.0 - 0.02425, 1.0));
  for (const std::uint32_t n : {0u, 1u, 7u, static_cast<std::uint32_t>(u.size())}) {
    std::vector<double> z(u.size(), -99.0);
    normal_quantiles(u.data(), z.data(), n);
    for (std::uint32_t j = 0; j < n; ++j) ASSERT_EQ(z[j], normal_quantile(u[j])) << u[j];
    for (std::size_t j = n; j < z.size(); ++j) ASSERT_EQ(z[j], -99.0);  // nothing past n written
  }
}

// A block of stratified uniforms drawn on vectors is the one-by-one values,
// for a run of agents and for a list of them.
TEST(StratifiedUniform, ABlockAtOnceIsTheSameBits) {
  const std::uint64_t key = stream_key(12, Stream::kAdopterTraits);
  const std::uint32_t count = 1000, n = 301;
  std::vector<std::uint32_t> rank = random_ranks(12, Stream::kAdopterTraits, 4, 0, count), agents(n);
  for (std::uint32_t b = 0; b < n; ++b) agents[b] = 7 * b + 3;
  std::vector<double> run(n), list(n);
  stratified_uniforms(key, 5, nullptr, 40, rank.data(), count, n, run.data());
  stratified_uniforms(key, 5, agents.data(), 0, rank.data(), count, n, list.data());
  for (std::uint32_t b = 0; b < n; ++b) {
    ASSERT_EQ(run[b], stratified_uniform(rank[b], count, draw64(12, Stream::kAdopterTraits, 40 + b, 0, 5))) << b;
    ASSERT_EQ(list[b], stratified_uniform(rank[b], count, draw64(12, Stream::kAdopterTraits, agents[b], 0, 5))) << b;
  }
}

}  // namespace
}  // namespace stackrace
