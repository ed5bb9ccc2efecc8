#include "study/bootstrap.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "study/study_streams.h"

namespace stackrace {

std::vector<std::size_t> bootstrap_rows(std::uint64_t seed, std::uint32_t purpose, int resample, std::size_t n) {
  std::vector<std::size_t> rows(n);
  for (std::size_t j = 0; j < n; ++j) {
    const std::uint64_t bits = draw64(seed, kStudyBootstrap, static_cast<std::uint64_t>(resample) * 16 + purpose,
                                      static_cast<std::uint32_t>(j >> 32), static_cast<std::uint32_t>(j));
    rows[j] = static_cast<std::size_t>((static_cast<unsigned __int128>(bits) * n) >> 64);
  }
  return rows;
}

std::pair<double, double> interval_95(std::vector<double> values) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  values.erase(std::remove_if(values.begin(), values.end(), [](double x) { return std::isnan(x); }), values.end());
  if (values.empty()) return {kNaN, kNaN};
  std::sort(values.begin(), values.end());
  // Linear interpolation between order statistics.
  auto at = [&](double q) {
    const double pos = q * static_cast<double>(values.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const std::size_t hi = std::min(lo + 1, values.size() - 1);
    return values[lo] + (pos - static_cast<double>(lo)) * (values[hi] - values[lo]);
  };
  return {at(0.025), at(0.975)};
}

}  // namespace stackrace
