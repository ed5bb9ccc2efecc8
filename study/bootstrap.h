#pragma once
// Seeded bootstrap helpers shared by the sensitivity measures.

#include <cstdint>
#include <utility>
#include <vector>

namespace stackrace {

// n indices drawn with replacement from [0, n) for resample `resample`, keyed
// by (seed, purpose, resample): the same resamples whatever runs the analysis.
std::vector<std::size_t> bootstrap_rows(std::uint64_t seed, std::uint32_t purpose, int resample, std::size_t n);

// The 2.5% and 97.5% percentiles of `values`, NaNs ignored (NaN, NaN if none).
std::pair<double, double> interval_95(std::vector<double> values);

}  // namespace stackrace
