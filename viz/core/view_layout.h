#pragma once
// Where things go in the view window, in pixels, for a given window size:
// a title bar on top, the map with the timeline under it on the left, the
// chart panel with a help line on the right, the legend in the map's
// lower-left corner. Recomputed on every resize.

#include "viz/core/figure_layout.h"

namespace stackrace::viz {

struct ViewLayout {
  Rect top_bar, map, timeline, panel, charts, help;
};

ViewLayout view_layout(int width, int height);

// The vertical legend in the lower-left corner of the map area.
LegendLayout window_legend_layout(const ViewLayout& layout, const Legend& legend);

// Font size of the window's text (title bar, legend, tooltip), px.
inline constexpr double kWindowFontPx = 14;

}  // namespace stackrace::viz
