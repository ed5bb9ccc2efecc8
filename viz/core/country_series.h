#pragma once
// One country's path through a run, for the view's country inspector: its AI
// user share and stack shares month by month as a GlobalSeries (so that the
// chart panel draws it as it draws the world's), the charts to draw, and its
// partnership and export tier as spans of months with one value each.

#include <string>
#include <vector>

#include "viz/core/charts.h"
#include "viz/core/global_series.h"
#include "viz/core/timeline.h"

namespace stackrace::viz {

// Columns: ai_user_share, share_<stack> per stack (Stack order),
// partnership (Partnership enum value), export_tier; one row per month the
// timeline holds.
GlobalSeries country_series(const Timeline& timeline, int country);

// The inspector's charts: AI user share, and the stack shares of its users.
std::vector<ChartSpec> country_chart_specs(const GlobalSeries& series);

// Months [first, last] (indices into the series) in which `column` keeps one value.
struct ValueSpan {
  int first = 0, last = 0;
  int value = 0;
};
std::vector<ValueSpan> value_spans(const GlobalSeries& series, const std::string& column);

// A partnership's colour in the inspector's strip: neutral grey, US blue, China red.
Rgb partnership_colour(int partnership);

}  // namespace stackrace::viz
