#pragma once
// `stackrace plot ... --out FILE.png`: the line chart of line_plot.h drawn
// with SFML offscreen, from the same layout as its SVG (line_plot_frame), at
// kPlotPngScale (line_plot.h) times the SVG's pixel size so that it stays sharp on a slide.
// Needs an X display (see display.h); call require_display() first.

#include <string>

#include "viz/core/line_plot.h"

namespace stackrace::viz {

// Writes `path` (.png) whole or not at all. Throws std::runtime_error on failure.
void render_plot_png(const LinePlot& plot, const std::string& path);

}  // namespace stackrace::viz
