#include "viz/core/frame_stats.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace stackrace::viz {
namespace {

// Nearest-rank percentile of sorted values, q in 0..1.
double percentile(const std::vector<double>& sorted, double q) {
  const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

}  // namespace

FrameStats summarize_frame_times(std::vector<double> frame_ms) {
  FrameStats s;
  s.frames = frame_ms.size();
  if (frame_ms.empty()) return s;
  std::sort(frame_ms.begin(), frame_ms.end());
  s.over_budget =
      static_cast<std::size_t>(frame_ms.end() - std::upper_bound(frame_ms.begin(), frame_ms.end(), kFrameBudgetMs));
  s.median_ms = percentile(frame_ms, 0.5);
  s.p99_ms = percentile(frame_ms, 0.99);
  s.max_ms = frame_ms.back();
  s.mean_ms = std::accumulate(frame_ms.begin(), frame_ms.end(), 0.0) / static_cast<double>(frame_ms.size());
  return s;
}

std::string format_frame_stats(const FrameStats& s) {
  if (s.frames == 0) return "no frames";
  char buf[192];
  std::snprintf(buf, sizeof buf,
                "%zu frames: median %.2f ms, p99 %.2f ms, max %.2f ms, mean %.2f ms (%.0f frames/s), %zu over %.1f ms",
                s.frames, s.median_ms, s.p99_ms, s.max_ms, s.mean_ms, s.mean_ms > 0 ? 1000.0 / s.mean_ms : 0.0,
                s.over_budget, kFrameBudgetMs);
  return buf;
}

}  // namespace stackrace::viz
