#pragma once
// Which charts the side panel shows, decided from global.csv's columns by
// name: world and developing-world stack shares and the world AI user share
// always; the US lead in months and the compute ratio once the supply side
// writes lead_months* and compute_ratio* columns; displaced workers and the
// stability index once the labour market writes theirs.

#include <string>
#include <vector>

#include "viz/core/colour.h"
#include "viz/core/global_series.h"

namespace stackrace::viz {

struct ChartSeries {
  int column = 0;  // in GlobalSeries::columns
  std::string label;
  Rgb colour;
};

struct ChartSpec {
  std::string title;
  std::vector<ChartSeries> series;
  bool percent = false;  // values are shares 0..1, shown as 0-100%
  // The y axis reaches down to 0; false for an index whose changes are small
  // next to its level (stability, near 1), which would be a flat line at the
  // top of a 0-1 axis.
  bool from_zero = true;
};

std::vector<ChartSpec> chart_specs(const GlobalSeries& global);

// The y axis: from min to max in steps of `step` (1, 2 or 5 x 10^k).
struct AxisRange {
  double min = 0, max = 1, step = 0.25;
};

AxisRange axis_range(const GlobalSeries& global, const ChartSpec& chart);

// The axis that holds lo..hi (and 0 when `from_zero`): shares (`percent`) of
// 25% or more from 0 up to the next 25%, anything else (smaller shares too)
// between multiples of a 1, 2 or 5 x 10^k step. Without 0, the axis spans at
// least kMinAxisSpan of the values' size, so that rounding noise is not
// blown up to fill the chart. lo > hi (no values) gives 0..1.
inline constexpr double kMinAxisSpan = 0.01;
AxisRange axis_range(double lo, double hi, bool percent, bool from_zero = true);

// The smallest and largest value of the chart's series in `global`, widened
// to hold `lo` and `hi` as given (start from +inf and -inf for none).
void widen_to_series(const GlobalSeries& global, const ChartSpec& chart, double& lo, double& hi);

}  // namespace stackrace::viz
