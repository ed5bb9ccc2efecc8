#pragma once
// A time-series line chart for papers and talks (`stackrace plot`): months
// along x with a tick each January, values along y with ticks at round
// values, one line per series, a legend beside the plot, a title and caption
// lines (scenario, seed, adopters, overrides) above it. Each line and each
// month's point carry SVG hover text (<title>) with the series, month and
// value. Drawn with the common SVG writer (base/svg.h), byte-identical for
// the same input.

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "base/months.h"
#include "viz/core/charts.h"
#include "viz/core/colour.h"
#include "viz/core/figure_layout.h"

namespace stackrace::viz {

struct PlotSeries {
  std::string label;
  Rgb colour;
  std::string dash;  // an SVG stroke-dasharray ("6 4"); empty for a solid line
  std::vector<double> values;  // one per month from LinePlot::first
};

struct LinePlot {
  std::string title;
  std::vector<std::string> caption;  // one line each, under the title
  std::string y_label;               // the quantity and its unit
  bool percent = false;              // values are shares 0..1, shown as %
  Month first;
  std::vector<PlotSeries> series;
};

std::string line_plot_svg(const LinePlot& plot);

// Where a LinePlot's parts go, in pixels of the SVG: shared by the SVG
// writer and the PNG painter (viz/sfml/plot_png.h), so both draw one chart.
namespace line_plot_style {
// The least left margin (where the title starts); the plot moves right of
// it where the widest y tick label needs more room.
inline constexpr double kMarginLeft = 84;
inline constexpr double kTitlePx = 18, kTextPx = 13, kLineGap = 1.5;  // line spacing in em
// A swatch long enough to show each dash pattern of `plot` at least once.
inline constexpr double kLegendGap = 24, kSwatch = 30;
// The y axis's title is turned up the left edge with its baseline here and
// its descenders (the PNG's set a little further right) left of
// kYTitleRight; the tick labels keep a gap to the right of that.
inline constexpr double kYTitleBaseline = kTextPx * 1.2, kYTitleRight = kTextPx * 1.8, kTickGap = 6;
// A legend label longer than this many characters wraps after its commas
// (a run labelled by its --set list made the legend wider than the plot).
inline constexpr std::size_t kLegendChars = 48;
inline constexpr double kLegendRowEm = 1.2;  // between a wrapped label's rows
inline constexpr double kStrokeWidth = 2.2;
inline constexpr Rgb kGrid{0xe3, 0xe3, 0xe3}, kAxis{0x44, 0x44, 0x44}, kText{0x22, 0x22, 0x22};
}  // namespace line_plot_style

struct LinePlotFrame {
  Rect area;                     // the plot area
  AxisRange axis;                // y
  double width = 0, height = 0;  // of the whole figure
  double span = 1;               // months from the first point to the last
  int decimals = 0;              // of the y ticks
  // Each y tick: its value and label (compact where values are large:
  // 250M, 1.5bn), bottom to top.
  std::vector<std::pair<double, std::string>> y_ticks;
  // Each series' legend label, wrapped after ", " to kLegendChars, and the
  // centre line of its first row.
  std::vector<std::vector<std::string>> legend;
  std::vector<double> legend_y;
  double x_title_y = 0;  // the x axis's title's baseline
  // The caption, each line wrapped at ", " to the figure's width (a run's
  // --set list ran off the right edge), continuations indented.
  std::vector<std::string> caption;
  double px(std::size_t month) const { return area.x + area.w * static_cast<double>(month) / span; }
  double py(double v) const { return area.y + area.h * (axis.max - v) / (axis.max - axis.min); }
};

LinePlotFrame line_plot_frame(const LinePlot& plot);

// PNG pixels per SVG pixel of `plot --out FILE.png` (viz/sfml/plot_png.h): a
// 900 px wide chart becomes 1800 px, sharp on a slide.
inline constexpr int kPlotPngScale = 2;

// The value as the axis and hover text show it: "12.5%" for a share, "4.96"
// otherwise, with `decimals` after the point.
std::string plot_value(double value, bool percent, int decimals);

// A y tick's label: plot_value, or on an axis reaching 10,000 or more a
// compact one with k, M, bn or tn and no trailing zeros (250M, 1.25bn), so
// that large counts neither crowd the axis nor run off the figure's edge.
std::string plot_tick(double value, bool percent, int decimals, bool compact);

}  // namespace stackrace::viz
