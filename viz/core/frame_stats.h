#pragma once
// Frame-time statistics for `view --frame-stats`: how long frames took, as a
// median and 99th percentile (nearest rank), the figures docs/performance.md records.

#include <cstddef>
#include <string>
#include <vector>

namespace stackrace::viz {

// A frame at 60 frames/s has 1000/60 ms.
inline constexpr double kFrameBudgetMs = 1000.0 / 60.0;

struct FrameStats {
  std::size_t frames = 0;
  std::size_t over_budget = 0;  // frames longer than kFrameBudgetMs
  double median_ms = 0, p99_ms = 0, max_ms = 0, mean_ms = 0;
};

FrameStats summarize_frame_times(std::vector<double> frame_ms);

// "600 frames: median 4.10 ms, p99 7.90 ms, max 12.00 ms, mean 4.30 ms (233 frames/s), 0 over 16.7 ms",
// or "no frames".
std::string format_frame_stats(const FrameStats& stats);

}  // namespace stackrace::viz
