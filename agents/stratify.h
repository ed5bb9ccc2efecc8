#pragma once
// Stratified draws within one country. A country with a few dozen agents
// measures its AI user share in steps of a few percentage points, and
// independent draws add sampling noise of the same size on top: 50 agents
// drawn with a 10% chance each give 5 +- 2 users. Stratified draws keep the
// distribution of every trait and state and remove that noise:
//  - each trait is drawn once per equal-probability stratum (Latin hypercube
//    sampling, McKay, Beckman & Conover 1979): the k-th of n agents in a
//    random order gets a uniform inside [k/n, (k+1)/n);
//  - a share p of an ordered list is picked systematically (every 1/p-th
//    item from a random start), which gives floor(np) or ceil(np) items,
//    never more or fewer, spread evenly along the order.
// Every draw is addressed by (seed, stream, agent), as elsewhere, so the
// result does not depend on the thread count.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <span>
#include <vector>

#include "base/rng.h"

namespace stackrace {

// A random order of the agents `agents` (ids): element j is the rank
// (0..size-1) of agents[j]. A Fisher-Yates shuffle whose j-th swap uses the
// draw (seed, stream, agents[j], month 0, draw k): linear time, and the same
// order whichever thread computes it.
std::vector<std::uint32_t> random_ranks(std::uint64_t seed, Stream stream, std::uint32_t k,
                                        std::span<const std::uint32_t> agents);
// The same for the `count` agents from `first`.
std::vector<std::uint32_t> random_ranks(std::uint64_t seed, Stream stream, std::uint32_t k, std::uint32_t first,
                                        std::uint32_t count);
// Both, into rank[0..count): a buffer the caller keeps for the next order.
void random_ranks(std::uint64_t seed, Stream stream, std::uint32_t k, std::span<const std::uint32_t> agents,
                  std::uint32_t* rank);
void random_ranks(std::uint64_t seed, Stream stream, std::uint32_t k, std::uint32_t first, std::uint32_t count,
                  std::uint32_t* rank);

// A uniform in (0, 1) inside stratum `rank` of `count` equal strata, at the
// point `bits` (a 64-bit draw) picks; never exactly 0 or 1. (Inline, as the
// small ones below: the build calls them for every adopter.)
inline double stratified_uniform(std::uint32_t rank, std::uint32_t count, std::uint64_t bits) {
  // The draw's top 53 bits, centred in their cell: strictly inside (0, 1).
  constexpr double kUlp = 0x1.0p-53;  // NOLINT(readability-magic-numbers): 2^-53, a double's resolution near 1
  const double within = (static_cast<double>(bits >> (64 - kDoubleBits)) + 0.5) * kUlp;
  // Rounding can carry the top stratum's sum to 1; keep it inside.
  return std::clamp((rank + within) / count, kUlp, 1.0 - kUlp);
}

// u[b] = stratified_uniform(rank[b], count, draw_keyed(key, agent, 0, k)) for
// b < n, where the agent is agents[b], or first_agent + b when agents is
// null; key is stream_key(seed, stream). The same values, on whole vectors.
void stratified_uniforms(std::uint64_t key, std::uint32_t k, const std::uint32_t* agents, std::uint32_t first_agent,
                         const std::uint32_t* rank, std::uint32_t count, std::uint32_t n, double* u);

// Whether item j of an ordered list is picked when a share p in [0, 1] is
// picked systematically from offset in [0, 1): items j with
// floor((j + 1) p + offset) > floor(j p + offset). Of any n consecutive items,
// floor(np) or ceil(np) are picked.
inline bool systematic_pick(std::uint64_t j, double p, double offset) {
  // The same expression at j and j + 1, so that the picks of consecutive
  // items telescope to exactly floor(n p + offset) in floating point too.
  auto mark = [&](std::uint64_t i) { return std::floor(static_cast<double>(i) * p + offset); };
  return mark(j + 1) > mark(j);
}

// Point j of the golden-ratio (Weyl) sequence from offset in [0, 1): the
// fractional part of offset + j / phi. Any run of n consecutive points falls
// into any interval of length l about n l times (three-gap theorem), so
// consecutive items given stacks by it share them out as the mix says.
inline double weyl_point(std::uint64_t j, double offset) {
  const double step = std::numbers::phi - 1.0;  // 1 / phi
  // x - floor(x) is fmod(x, 1) exactly for x >= 0 (both are exact), and cheaper.
  const double x = static_cast<double>(j) * step;
  const double y = offset + (x - std::floor(x));
  return y >= 1.0 ? y - 1.0 : y;
}

// The standard normal quantile (inverse CDF) at u in (0, 1), to a relative
// error below 1.2e-9.
double normal_quantile(double u);
// z[j] = normal_quantile(u[j]) for j < n, the same values, most of them on
// whole vectors.
void normal_quantiles(const double* u, double* z, std::uint32_t n);

}  // namespace stackrace
