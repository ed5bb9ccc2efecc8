#include "viz/core/chart_feed.h"

namespace stackrace::viz {

void ChartFeed::sync(const Timeline& timeline, double now_s) {
  const std::uint64_t version = timeline.version();
  const bool due = timeline.finished() || now_s - refreshed_s_ >= kLiveChartRefreshS;
  if (version == version_ || !due) return;
  version_ = version;
  series_ = timeline.global();
  refreshed_s_ = now_s;
}

}  // namespace stackrace::viz
