// viz/sfml/chart_panel: the side panel shows as many charts as fit with a
// readable plot, in order, rather than dividing a small window's height among
// all of them and drawing none. It needs an X display (fonts make textures):
// CTest runs this program under xvfb-run.

#include "viz/sfml/chart_panel.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "viz/core/charts.h"
#include "viz/core/global_series.h"

namespace stackrace::viz {
namespace {

// Every chart the panel knows: stack shares (world and developing), users,
// lead, compute ratio, displacement and stability.
GlobalSeries all_charts() {
  GlobalSeries g;
  for (const char* prefix : {"share_", "dev_share_"})
    for (const char* stack : {"us_closed", "us_open", "cn_closed", "cn_open", "other"})
      g.columns.push_back(std::string(prefix) + stack);
  for (const char* column :
       {"ai_user_share_world", "lead_months", "compute_ratio", "displaced_worker_share_world", "stability_index_world"})
    g.columns.push_back(column);
  for (int m = 0; m < 24; ++m) {
    g.months.push_back(Month{2025 * 12 + m});
    g.rows.emplace_back(g.columns.size(), 0.1 + 0.01 * m);
  }
  return g;
}

TEST(ChartPanel, ShowsTheChartsThatFitInOrder) {
  if (!std::getenv("DISPLAY")) GTEST_SKIP() << "no X display (CTest runs this test under xvfb-run)";
  const GlobalSeries g = all_charts();
  ASSERT_EQ(chart_specs(g).size(), 7u);
  ChartPanel panel;
  panel.update(g, 1, 24, Rect{0, 0, 400, 900});
  EXPECT_EQ(panel.chart_count(), 7u);  // a tall panel holds them all
  panel.update(g, 1, 24, Rect{0, 0, 280, 520});
  EXPECT_GE(panel.chart_count(), 2u);  // a small window: the first few, not none
  EXPECT_LT(panel.chart_count(), 7u);
  panel.update(g, 1, 24, Rect{0, 0, 280, 40});
  EXPECT_EQ(panel.chart_count(), 0u);  // no room for one
}

}  // namespace
}  // namespace stackrace::viz
