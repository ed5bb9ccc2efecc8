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
};

std::vector<ChartSpec> chart_specs(const GlobalSeries& global);

// The y axis: from min to max in steps of `step` (1, 2 or 5 x 10^k).
struct AxisRange {
  double min = 0, max = 1, step = 0.25;
};

AxisRange axis_range(const GlobalSeries& global, const ChartSpec& chart);

// The axis that holds lo..hi (and 0): shares (`percent`) of 25% or more from 0
// up to the next 25%, anything else (smaller shares too) between multiples of
// a 1, 2 or 5 x 10^k step.
AxisRange axis_range(double lo, double hi, bool percent);

}  // namespace stackrace::viz
