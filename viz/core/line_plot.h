#pragma once
// A time-series line chart for papers and talks (`stackrace plot`): months
// along x with a tick each January, values along y with ticks at round
// values, one line per series, a legend beside the plot, a title and caption
// lines (scenario, seed, adopters, overrides) above it. Each line and each
// month's point carry SVG hover text (<title>) with the series, month and
// value. Drawn with the common SVG writer (base/svg.h), byte-identical for
// the same input.

#include <string>
#include <vector>

#include "base/months.h"
#include "viz/core/colour.h"

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

// The value as the axis and hover text show it: "12.5%" for a share, "4.96"
// otherwise, with `decimals` after the point.
std::string plot_value(double value, bool percent, int decimals);

}  // namespace stackrace::viz
