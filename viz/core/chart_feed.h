#pragma once
// The global series the window's charts draw, copied from the Timeline. While
// a live run adds months (up to ~20 a second) the copy is refreshed at most
// every kLiveChartRefreshS: each refresh makes the chart panel lay out every
// label again, and doing that for each month would cost frames for no
// visible gain. Once the run has finished, the last months come in at once.

#include <cstdint>

#include "viz/core/global_series.h"
#include "viz/core/timeline.h"

namespace stackrace::viz {

inline constexpr double kLiveChartRefreshS = 0.25;

class ChartFeed {
 public:
  // Copies the timeline's series if it changed and a refresh is due at
  // `now_s`, seconds since the window opened.
  void sync(const Timeline& timeline, double now_s);

  const GlobalSeries& series() const { return series_; }
  // The timeline's version the copy was taken at: the chart panel rebuilds
  // when it changes.
  std::uint64_t version() const { return version_; }

 private:
  GlobalSeries series_;
  std::uint64_t version_ = UINT64_MAX;  // none taken yet
  double refreshed_s_ = -1;             // so that the first sync is due
};

}  // namespace stackrace::viz
