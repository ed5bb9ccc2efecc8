// viz/sfml/chart_panel: the side panel shows as many charts as fit with a
// readable plot, in order, rather than dividing a small window's height among
// all of them and drawing none. It needs an X display (fonts make textures):
// CTest runs this program under xvfb-run.

#include "viz/sfml/chart_panel.h"

#include <gtest/gtest.h>
#include <SFML/Graphics/RenderTexture.hpp>

#include <cmath>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "viz/core/charts.h"
#include "viz/core/global_series.h"
#include "viz/core/view_layout.h"
#include "viz/sfml/gl_driver_pin.h"

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
       {"ai_user_share_world", "dev_ai_user_share", "lead_months", "compute_ratio", "displaced_worker_share_world",
        "displaced_worker_share_dev", "displaced_worker_share_us_allied", "displaced_worker_share_cn_bloc",
        "stability_index_world", "stability_index_us_allied", "stability_index_cn_bloc", "stability_index_min"})
    g.columns.push_back(column);
  for (int m = 0; m < 24; ++m) {
    g.months.push_back(Month{2025 * 12 + m});
    g.rows.emplace_back(g.columns.size(), 0.1 + 0.01 * m);
  }
  return g;
}

// The panel's fonts make textures, so a GL context, whose driver is kept
// loaded for the leak check (viz/sfml/gl_driver_pin.h).
struct GlContext {
  sf::RenderTexture texture;
  bool made = texture.create(1, 1);
  GlContext() {
    if (made) pin_gl_driver_for_leak_checks();
  }
};

TEST(ChartPanel, ShowsTheChartsThatFitInOrder) {
  if (!std::getenv("DISPLAY")) GTEST_SKIP() << "no X display (CTest runs this test under xvfb-run)";
  const GlContext gl;
  ASSERT_TRUE(gl.made);
  const GlobalSeries g = all_charts();
  ASSERT_EQ(chart_specs(g).size(), 7u);
  ChartPanel panel;
  panel.update(g, 1, 24, Rect{0, 0, 400, 1000});
  EXPECT_EQ(panel.chart_count(), 7u);  // a tall panel holds them all
  panel.update(g, 1, 24, Rect{0, 0, 280, 520});
  EXPECT_GE(panel.chart_count(), 2u);  // a small window: the first few, not none
  EXPECT_LT(panel.chart_count(), 7u);
  panel.update(g, 1, 24, Rect{0, 0, 280, 40});
  EXPECT_EQ(panel.chart_count(), 0u);  // no room for one
  EXPECT_EQ(panel.hidden_count(), 7u);
}

bool overlap(const sf::FloatRect& a, const sf::FloatRect& b) {
  return a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;
}

// At the window sizes people use (the default, 1280x720 and the docs' GIF
// size), no label touches another, a key swatch, a plot's frame or the
// panel's edge: y ticks thin out on short plots ("0%" ran into "2025", 100,
// 75, 50, 25, 0% stood 11 px apart), keys keep a gap and wrap ("Other" was
// cut off), and charts that do not fit are counted in a note.
TEST(ChartPanel, NoLabelOverlapsAnotherOrAPlotAtCommonSizes) {
  if (!std::getenv("DISPLAY")) GTEST_SKIP() << "no X display (CTest runs this test under xvfb-run)";
  const GlContext gl;
  ASSERT_TRUE(gl.made);
  const GlobalSeries g = all_charts();
  for (const auto& [w, h] : {std::pair{1600, 900}, std::pair{1280, 720}, std::pair{960, 540}, std::pair{1920, 1080}}) {
    const Rect area = view_layout(w, h).charts;
    ChartPanel panel;
    panel.update(g, 1, 24, area);
    EXPECT_EQ(panel.chart_count() + panel.hidden_count(), 7u);
    EXPECT_GE(panel.chart_count(), 3u) << w << "x" << h;
    const std::vector<sf::FloatRect> boxes = panel.text_bounds();
    for (std::size_t i = 0; i < boxes.size(); ++i) {
      const sf::FloatRect& b = boxes[i];
      EXPECT_GE(b.left, area.x) << w << "x" << h << " box " << i;
      EXPECT_LE(b.left + b.width, area.x + area.w) << w << "x" << h << " box " << i;
      EXPECT_LE(b.top + b.height, area.y + area.h) << w << "x" << h << " box " << i;
      for (std::size_t j = i + 1; j < boxes.size(); ++j)
        EXPECT_FALSE(overlap(b, boxes[j])) << w << "x" << h << ": boxes " << i << " and " << j;
      for (const Rect& p : panel.plots()) {
        const sf::FloatRect inside(static_cast<float>(p.x), static_cast<float>(p.y), static_cast<float>(p.w),
                                   static_cast<float>(p.h));
        EXPECT_FALSE(overlap(b, inside)) << w << "x" << h << ": box " << i << " on a plot";
      }
    }
  }
}

// A short plot labels every second (fourth, ...) tick, and each label reads
// its tick's value: on an axis from -0.5 by 0.5 the labelled ticks are 0, 1
// and 2 (they read "-0", "0", "2" when -0.5, 0.5 and 1.5 were labelled with
// the wider step's decimals), and where no tick is a multiple of the wider
// step the labels keep the axis step's decimals.
TEST(ChartPanel, ValueTicksReadTheirValues) {
  const std::vector<ValueTick> lead = value_ticks(AxisRange{-0.5, 2.0, 0.5}, 60, false);
  ASSERT_EQ(lead.size(), 3u);
  EXPECT_EQ(lead[0].label, "0");
  EXPECT_EQ(lead[1].label, "1");
  EXPECT_EQ(lead[2].label, "2");
  const std::vector<ValueTick> stability = value_ticks(AxisRange{0.965, 0.985, 0.005}, 40, false);
  ASSERT_GE(stability.size(), 2u);
  ASSERT_LT(stability.size(), 5u);
  for (const ValueTick& t : stability)
    EXPECT_DOUBLE_EQ(std::stod(t.label), std::round(t.value * 1000) / 1000) << t.label;
  // Tall enough: every tick, with the step's decimals.
  const std::vector<ValueTick> all = value_ticks(AxisRange{0, 1, 0.25}, 400, true);
  ASSERT_EQ(all.size(), 5u);
  EXPECT_EQ(all[1].label, "25%");
  EXPECT_EQ(all[0].index, 0);
}

}  // namespace
}  // namespace stackrace::viz
