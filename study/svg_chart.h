#pragma once
// The study report's bar chart (report.svg), drawn with the common SVG writer
// (base/svg.h): one panel per outcome, one row per factor, horizontal bars
// with optional interval whiskers. Bars may be signed (a tornado around zero)
// for regression coefficients.

#include <string>
#include <vector>

namespace stackrace {

struct ChartBar {
  double value = 0;
  double low = 0, high = 0;  // whisker; NaN for none
  std::string colour;        // "#rrggbb"
};

struct ChartRow {
  std::string label;
  std::vector<ChartBar> bars;  // drawn as thinner stacked bars within the row
};

struct ChartPanel {
  std::string title, subtitle;
  std::vector<ChartRow> rows;  // top to bottom
  bool signed_axis = false;    // axis from -max|v| to +max|v| instead of 0 to max
};

struct ChartLegend {
  std::string label, colour;
};

std::string svg_chart(const std::string& title, const std::vector<ChartPanel>& panels,
                      const std::vector<ChartLegend>& legend);

}  // namespace stackrace
