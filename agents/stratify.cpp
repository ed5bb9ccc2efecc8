#include "agents/stratify.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <numeric>
#include <utility>

#include "base/vector_clones.h"

namespace stackrace {

namespace {

template <class AgentOf>
void shuffle_into(std::uint32_t* rank, std::uint64_t seed, Stream stream, std::uint32_t k, std::uint32_t count,
                  AgentOf agent_of) {
  std::iota(rank, rank + count, 0u);
  // Fisher-Yates from the top: swap j - 1 with a uniform place below j. The
  // places do not depend on the swaps before them, so they are drawn a batch
  // ahead and fetched: in a large country each is a cache miss, and this way
  // the misses overlap rather than follow one another.
  constexpr std::uint32_t kBatch = 64;
  std::array<std::uint32_t, kBatch> place{};
  for (std::uint32_t j = count; j > 1;) {
    const std::uint32_t n = std::min(kBatch, j - 1);  // the swaps at j, j - 1, ..., j - n + 1
    for (std::uint32_t b = 0; b < n; ++b) {
      const std::uint32_t at = j - b;
      place[b] = static_cast<std::uint32_t>(draw64(seed, stream, agent_of(at - 1), 0, k) % at);
      __builtin_prefetch(rank + place[b], 1);
    }
    for (std::uint32_t b = 0; b < n; ++b) std::swap(rank[j - b - 1], rank[place[b]]);
    j -= n;
  }
}

}  // namespace

void random_ranks(std::uint64_t seed, Stream stream, std::uint32_t k, std::span<const std::uint32_t> agents,
                  std::uint32_t* rank) {
  shuffle_into(rank, seed, stream, k, static_cast<std::uint32_t>(agents.size()),
               [&](std::uint32_t j) { return agents[j]; });
}

void random_ranks(std::uint64_t seed, Stream stream, std::uint32_t k, std::uint32_t first, std::uint32_t count,
                  std::uint32_t* rank) {
  shuffle_into(rank, seed, stream, k, count, [&](std::uint32_t j) { return first + j; });
}

std::vector<std::uint32_t> random_ranks(std::uint64_t seed, Stream stream, std::uint32_t k,
                                        std::span<const std::uint32_t> agents) {
  std::vector<std::uint32_t> rank(agents.size());
  random_ranks(seed, stream, k, agents, rank.data());
  return rank;
}

std::vector<std::uint32_t> random_ranks(std::uint64_t seed, Stream stream, std::uint32_t k, std::uint32_t first,
                                        std::uint32_t count) {
  std::vector<std::uint32_t> rank(count);
  random_ranks(seed, stream, k, first, count, rank.data());
  return rank;
}

namespace {

// Acklam's rational approximation of the normal quantile (P. J. Acklam,
// "An algorithm for computing the inverse normal cumulative distribution
// function", 2003; relative error below 1.15e-9): far finer than the income
// bins and hazards it feeds.
// Coefficients from the highest power down; the denominators' constant
// term is 1.
constexpr std::array<double, 6> kA = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                                      1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
constexpr std::array<double, 6> kB = {-5.447609879822406e+01, 1.615858368580409e+02,  -1.556989798598866e+02,
                                      6.680131188771972e+01,  -1.328068155288572e+01, 1.0};
constexpr std::array<double, 6> kC = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                      -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
constexpr std::array<double, 5> kD = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                      3.754408661907416e+00, 1.0};
// Below this probability (and above one minus it) the tail formula applies.
constexpr double kTailProbability = 0.02425;

template <std::size_t N>
double horner(const std::array<double, N>& coefficients, double x) {
  double value = 0;
  for (double c : coefficients) value = value * x + c;
  return value;
}

double acklam(double u) {
  if (u < kTailProbability || u > 1.0 - kTailProbability) {
    const double q = std::sqrt(-2.0 * std::log(u < 0.5 ? u : 1.0 - u));
    const double x = horner(kC, q) / horner(kD, q);
    return u < 0.5 ? x : -x;
  }
  const double q = u - 0.5, r = q * q;
  return horner(kA, r) * q / horner(kB, r);
}

}  // namespace

double normal_quantile(double u) { return acklam(u); }

namespace {

STACKRACE_VECTOR_CLONES void uniforms_of_run(std::uint64_t key, std::uint32_t k, std::uint32_t first_agent,
                                             const std::uint32_t* __restrict rank, std::uint32_t count, std::uint32_t n,
                                             double* __restrict u) {
  for (std::uint32_t b = 0; b < n; ++b)
    u[b] = stratified_uniform(rank[b], count, draw_keyed(key, first_agent + b, 0, k));
}

STACKRACE_VECTOR_CLONES void uniforms_of_list(std::uint64_t key, std::uint32_t k,
                                              const std::uint32_t* __restrict agents,
                                              const std::uint32_t* __restrict rank, std::uint32_t count,
                                              std::uint32_t n, double* __restrict u) {
  for (std::uint32_t b = 0; b < n; ++b) u[b] = stratified_uniform(rank[b], count, draw_keyed(key, agents[b], 0, k));
}

}  // namespace

void stratified_uniforms(std::uint64_t key, std::uint32_t k, const std::uint32_t* agents, std::uint32_t first_agent,
                         const std::uint32_t* rank, std::uint32_t count, std::uint32_t n, double* u) {
  if (agents != nullptr) {
    uniforms_of_list(key, k, agents, rank, count, n, u);
  } else {
    uniforms_of_run(key, k, first_agent, rank, count, n, u);
  }
}

namespace {

// Acklam's central formula for every u, tails included (overwritten after).
STACKRACE_VECTOR_CLONES void central_quantiles(const double* __restrict u, double* __restrict z, std::uint32_t n) {
  for (std::uint32_t j = 0; j < n; ++j) {
    const double q = u[j] - 0.5, r = q * q;
    z[j] = horner(kA, r) * q / horner(kB, r);
  }
}

}  // namespace

void normal_quantiles(const double* u, double* z, std::uint32_t n) {
  central_quantiles(u, z, n);
  for (std::uint32_t j = 0; j < n; ++j)
    if (u[j] < kTailProbability || u[j] > 1.0 - kTailProbability) z[j] = acklam(u[j]);
}

}  // namespace stackrace
