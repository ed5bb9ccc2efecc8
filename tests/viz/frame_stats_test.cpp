// viz/core/frame_stats: median and nearest-rank p99.

#include "viz/core/frame_stats.h"

#include <gtest/gtest.h>

namespace stackrace::viz {
namespace {

TEST(FrameStats, MedianAndPercentile) {
  std::vector<double> ms;
  for (int i = 1; i <= 100; ++i) ms.push_back(i);
  const FrameStats s = summarize_frame_times(ms);
  EXPECT_EQ(s.frames, 100u);
  EXPECT_DOUBLE_EQ(s.median_ms, 50);
  EXPECT_DOUBLE_EQ(s.p99_ms, 99);
  EXPECT_DOUBLE_EQ(s.max_ms, 100);
  EXPECT_DOUBLE_EQ(s.mean_ms, 50.5);
  EXPECT_EQ(s.over_budget, 84u);  // 17..100 ms
  EXPECT_NE(format_frame_stats(s).find("p99 99.00 ms"), std::string::npos);
}

TEST(FrameStats, EmptyIsZeroAndSaysSo) {
  const FrameStats s = summarize_frame_times({});
  EXPECT_EQ(s.frames, 0u);
  EXPECT_EQ(format_frame_stats(s), "no frames");  // not a median of 0 ms
}

}  // namespace
}  // namespace stackrace::viz
