#pragma once
// Where things go in the view window, in pixels, for a given window size:
// a title bar on top, the map with the timeline under it on the left, the
// chart panel with a help line on the right, the legend in the map's
// lower-left corner; in a live run, the lever panel between the map and the
// timeline. Recomputed on every resize.

#include <string>

#include "viz/core/figure_layout.h"

namespace stackrace::viz {

struct ViewLayout {
  Rect top_bar, map, timeline, panel, charts, help;
  Rect levers;  // empty (h = 0) without a lever panel
};

// Below this width the chart panel would squeeze the map to nothing: the
// window leaves it out (its width is 0), and says so on the map.
inline constexpr double kMinWidthForPanel = 800;

// lever_rows: rows of the lever panel (0: none).
ViewLayout view_layout(int width, int height, int lever_rows = 0);

// What a window too narrow for the chart panel says on its map about the
// charts and keys it leaves out; empty where the panel is shown.
std::string hidden_panel_note(const ViewLayout& layout);

// The lever panel: a header line, then rows of this height, px.
inline constexpr double kLeverHeaderH = 24, kLeverRowH = 18;

// The country inspector's card in the map area: in the top corner away from
// the country (whose label point is at x), so that the country stays in view.
Rect inspector_card(const ViewLayout& layout, double country_x);

// The vertical legend in the lower-left corner of the map area.
LegendLayout window_legend_layout(const ViewLayout& layout, const Legend& legend);

// The band at the bottom of the map area that the window's legend covers
// (the tallest of the layers' legends, with its margin), px: the map is
// fitted above it where the whole world would otherwise run under it.
double legend_band(const ViewLayout& layout);

// Font size of the window's text (title bar, legend, tooltip), px.
inline constexpr double kWindowFontPx = 14;

}  // namespace stackrace::viz
