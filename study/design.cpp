#include "study/design.h"

#include <numeric>
#include <stdexcept>

#include "study/sobol_sequence.h"
#include "study/study_streams.h"

namespace stackrace {

namespace {

// Sub-purposes of kStudyDesign draws, in the generator's `month` slot.
enum DesignDraw : std::uint32_t {
  kRandomPoint = 1,
  kLhsPermutation = 2,
  kLhsJitter = 3,
  kMorrisStart = 4,
  kMorrisSign = 5,
  kMorrisOrder = 6
};

// Uniform integer in [0, n) from 64 random bits (multiply-high: no modulo bias
// worth the name for n far below 2^64).
std::uint64_t below(std::uint64_t bits, std::uint64_t n) {
  return static_cast<std::uint64_t>((static_cast<unsigned __int128>(bits) * n) >> 64);
}

// A random permutation of 0..n-1 (Fisher-Yates), addressed by (seed, which).
std::vector<int> permutation(int n, std::uint64_t seed, DesignDraw purpose, std::uint64_t which) {
  std::vector<int> p(n);
  std::iota(p.begin(), p.end(), 0);
  for (int i = n - 1; i > 0; --i) {
    const auto j = below(draw64(seed, kStudyDesign, which, purpose, static_cast<std::uint32_t>(i)), i + 1);
    std::swap(p[i], p[j]);
  }
  return p;
}

}  // namespace

std::vector<std::vector<int>> full_grid(const std::vector<int>& counts) {
  std::size_t total = 1;
  for (int c : counts) {
    if (c < 1) throw std::invalid_argument("full_grid: a factor with no level");
    total *= static_cast<std::size_t>(c);
  }
  std::vector<std::vector<int>> out(total, std::vector<int>(counts.size()));
  for (std::size_t p = 0; p < total; ++p) {
    std::size_t rest = p;
    for (std::size_t f = counts.size(); f-- > 0;) {
      out[p][f] = static_cast<int>(rest % counts[f]);
      rest /= counts[f];
    }
  }
  return out;
}

UnitPoints random_design(int points, int factors, std::uint64_t seed) {
  UnitPoints out(points, std::vector<double>(factors));
  for (int p = 0; p < points; ++p) {
    for (int f = 0; f < factors; ++f)
      out[p][f] = to_unit(draw64(seed, kStudyDesign, p, kRandomPoint, static_cast<std::uint32_t>(f)));
  }
  return out;
}

UnitPoints latin_hypercube(int points, int factors, std::uint64_t seed) {
  UnitPoints out(points, std::vector<double>(factors));
  for (int f = 0; f < factors; ++f) {
    const std::vector<int> stratum = permutation(points, seed, kLhsPermutation, f);
    for (int p = 0; p < points; ++p) {
      const double jitter = to_unit(draw64(seed, kStudyDesign, p, kLhsJitter, static_cast<std::uint32_t>(f)));
      out[p][f] = (stratum[p] + jitter) / points;
    }
  }
  return out;
}

UnitPoints saltelli_design(int base_samples, int factors) {
  SobolSequence sobol(2 * factors);  // throws beyond the direction numbers we have
  sobol.next();                      // the origin: skipped (see design.h)
  UnitPoints out;
  out.reserve(static_cast<std::size_t>(base_samples) * (factors + 2));
  for (int j = 0; j < base_samples; ++j) {
    const std::vector<double> x = sobol.next();
    const std::vector<double> a(x.begin(), x.begin() + factors), b(x.begin() + factors, x.end());
    out.push_back(a);
    for (int i = 0; i < factors; ++i) {
      std::vector<double> ab = a;
      ab[i] = b[i];
      out.push_back(ab);
    }
    out.push_back(b);
  }
  return out;
}

MorrisDesign morris_design(int trajectories, int factors, int levels, std::uint64_t seed) {
  if (levels < 2 || levels % 2 != 0) throw std::invalid_argument("Morris design: levels must be even and >= 2");
  // Positions are whole grid levels, turned into [0, 1] by one division, so
  // that a level reached by different paths is the same double (adding and
  // subtracting delta gave 0.33333333333333337 beside 1/3).
  const int jump = levels / 2;  // delta in levels
  const double delta = static_cast<double>(jump) / (levels - 1);
  auto at = [levels](int level) { return static_cast<double>(level) / (levels - 1); };
  MorrisDesign out;
  for (int t = 0; t < trajectories; ++t) {
    std::vector<int> level(factors);
    std::vector<bool> up(factors);
    for (int f = 0; f < factors; ++f) {
      const auto k = static_cast<std::uint32_t>(f);
      // Start so that start + delta stays on the grid.
      const auto base = static_cast<int>(below(draw64(seed, kStudyDesign, t, kMorrisStart, k), jump));
      up[f] = (draw64(seed, kStudyDesign, t, kMorrisSign, k) >> 63) != 0;
      // Moving down, start one delta higher, so that both ends are on the grid.
      level[f] = up[f] ? base : base + jump;
    }
    auto point = [&] {
      std::vector<double> x(factors);
      for (int f = 0; f < factors; ++f) x[f] = at(level[f]);
      return x;
    };
    const std::vector<int> order = permutation(factors, seed, kMorrisOrder, t);
    out.points.push_back(point());
    std::vector<MorrisStep> steps;
    for (int f : order) {
      level[f] += up[f] ? jump : -jump;
      out.points.push_back(point());
      steps.push_back({f, up[f] ? delta : -delta});
    }
    out.steps.push_back(steps);
  }
  return out;
}

}  // namespace stackrace
