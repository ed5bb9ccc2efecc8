// viz/core/chart_feed: while a live run adds months, the charts' copy of the
// global series is refreshed at a bounded rate; at the end, at once.

#include "viz/core/chart_feed.h"

#include <gtest/gtest.h>

namespace stackrace::viz {
namespace {

void append_month(Timeline& t, int index) {
  MapFrame f;
  f.month = Month{2025 * 12 + index};
  f.countries.resize(1);
  t.append(f, {index * 1.0});
}

TEST(ChartFeed, RefreshesAtMostEveryQuarterSecondUntilTheRunFinishes) {
  Timeline t({"USA"}, {"a"}, Month::from_year_month(2025, 1), 12);
  ChartFeed feed;
  append_month(t, 0);
  feed.sync(t, 0.0);  // the first sync is always due
  EXPECT_EQ(feed.version(), 1u);
  EXPECT_EQ(feed.series().rows.size(), 1u);

  append_month(t, 1);
  feed.sync(t, 0.1);
  EXPECT_EQ(feed.version(), 1u);  // too soon
  feed.sync(t, 0.25);
  EXPECT_EQ(feed.version(), 2u);
  EXPECT_EQ(feed.series().rows.size(), 2u);

  append_month(t, 2);
  t.finish();
  feed.sync(t, 0.26);  // finished: no need to wait
  EXPECT_EQ(feed.version(), 3u);
  EXPECT_EQ(feed.series().rows.size(), 3u);
}

}  // namespace
}  // namespace stackrace::viz
