#include "viz/core/view_layout.h"

#include <algorithm>

#include "viz/core/layers.h"

namespace stackrace::viz {
namespace {

constexpr double kTopBarH = 34, kTimelineH = 46, kHelpH = 40;
// The chart panel takes 30% of the width, within limits where charts stay
// legible (280 px) and the map keeps most of a wide screen (520 px).
constexpr double kPanelShare = 0.3, kMinPanelW = 280, kMaxPanelW = 520;
constexpr double kLegendMargin = 10;
constexpr double kLegendShareOfMapWidth = 0.45;  // the window legend's rows wrap within this
// Below the lever rows, px.
constexpr double kLeverPanelPad = 6;
// The inspector card: big enough for two legible charts and two strips,
// small enough to leave most of the map in view.
constexpr double kCardW = 400, kCardH = 380, kCardMargin = 10;

}  // namespace

ViewLayout view_layout(int width, int height, int lever_rows) {
  const double w = std::max(width, 1), h = std::max(height, 1);
  ViewLayout l;
  const double panel_w = w < kMinWidthForPanel ? 0 : std::clamp(w * kPanelShare, kMinPanelW, kMaxPanelW);
  const double body_h = std::max(1.0, h - kTopBarH);
  l.top_bar = {0, 0, w, kTopBarH};
  l.panel = {w - panel_w, kTopBarH, panel_w, body_h};
  l.help = {l.panel.x, h - kHelpH, panel_w, kHelpH};
  l.charts = {l.panel.x, kTopBarH, panel_w, std::max(1.0, body_h - kHelpH)};
  l.timeline = {0, h - kTimelineH, w - panel_w, kTimelineH};
  const double levers_h = lever_rows > 0 ? kLeverHeaderH + lever_rows * kLeverRowH + kLeverPanelPad : 0;
  l.map = {0, kTopBarH, std::max(1.0, w - panel_w), std::max(1.0, body_h - kTimelineH - levers_h)};
  l.levers = {0, l.map.y + l.map.h, l.map.w, levers_h};
  return l;
}

std::string hidden_panel_note(const ViewLayout& layout) {
  if (layout.panel.w > 0) return {};
  return "charts and keys hidden: a window " + std::to_string(static_cast<int>(kMinWidthForPanel)) +
         " px wide shows them";
}

Rect inspector_card(const ViewLayout& layout, double country_x) {
  const Rect& m = layout.map;
  const double w = std::min(kCardW, m.w - 2 * kCardMargin), h = std::min(kCardH, m.h - 2 * kCardMargin);
  const bool left = country_x > m.x + m.w / 2;
  return {left ? m.x + kCardMargin : m.x + m.w - kCardMargin - w, m.y + kCardMargin, w, h};
}

LegendLayout window_legend_layout(const ViewLayout& layout, const Legend& legend) {
  // Rows that wrap within part of the map's width, so that the legend covers
  // the South Pacific rather than South America: lay out once at the top to
  // learn the height, then move to the bottom.
  const double left = layout.map.x + kLegendMargin;
  // Never narrower than its title, which a small window's share would wrap
  // the items under in a tall column.
  const double width = std::max(layout.map.w * kLegendShareOfMapWidth,
                                text_width(legend.title, kWindowFontPx) + 2 * kLegendPadEm * kWindowFontPx);
  const LegendLayout probe = legend_layout(legend, left, 0, kWindowFontPx, LegendOrientation::horizontal, width);
  const double top = layout.map.y + layout.map.h - probe.box.h - kLegendMargin;
  return legend_layout(legend, left, top, kWindowFontPx, LegendOrientation::horizontal, width);
}

double legend_band(const ViewLayout& layout) {
  double top = layout.map.y + layout.map.h;
  for (int i = 0; i < kLayerCount; ++i)
    top = std::min(top, window_legend_layout(layout, layer_legend(layer_from_index(i))).box.y);
  return layout.map.y + layout.map.h - top + kLegendMargin;
}

}  // namespace stackrace::viz
