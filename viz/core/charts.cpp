#include "viz/core/charts.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "base/axis_ticks.h"
#include "sim/metrics.h"
#include "viz/core/layers.h"

namespace stackrace::viz {
namespace {

// Each group of countries has one colour in every chart, apart from the
// stacks' hues (blue, light blue, red, orange, green), which the stack-share
// charts just above use: by position, US-allied was green in one chart and
// red in the next, and "world" the US-closed blue.
struct Group {
  const char* label;
  Rgb colour;
};
constexpr Group kGroups[] = {{"world", {34, 34, 34}},
                             {"developing", {140, 81, 10}},
                             {"US-allied", {118, 42, 131}},
                             {"China's bloc", {197, 27, 125}},
                             {"lowest country", {136, 136, 136}}};
// Series of no group (further lead_months_* columns, ...), in turn.
const std::vector<Rgb> kOtherSeriesColours = {{1, 133, 113}, {166, 97, 26}, {94, 60, 153}, {110, 110, 110}};

Rgb series_colour(const std::string& label, std::size_t index) {
  for (const Group& g : kGroups)
    if (label == g.label) return g.colour;
  return kOtherSeriesColours[index % kOtherSeriesColours.size()];
}
// Tick steps are 1, 2 or 5 x 10^k, aiming at about this many intervals.
constexpr double kTargetTicks = 4;

// One series per stack column named prefix + stack name, in Stack order.
ChartSpec stack_chart(const GlobalSeries& g, const std::string& title, const std::string& prefix) {
  ChartSpec chart{title, {}, true};
  for (int s = 0; s < kStackCount; ++s) {
    const int column = g.column(prefix + stack_column(s));
    if (column >= 0) chart.series.push_back({column, stack_label(s), stack_colour(s)});
  }
  return chart;
}

// One series per column named prefix or prefix_*, labelled by the rest of
// the name (`label` for the column named exactly prefix).
ChartSpec prefix_chart(const GlobalSeries& g, const std::string& title, const std::string& prefix, bool percent,
                       const std::string& label) {
  ChartSpec chart{title, {}, percent};
  for (int column : g.columns_with_prefix(prefix)) {
    const std::string& name = g.columns[column];
    // The column named exactly prefix is the world's.
    chart.series.push_back({column, name == prefix ? label : name.substr(prefix.size() + 1),
                            name == prefix ? series_colour("world", 0) : series_colour("", chart.series.size())});
  }
  return chart;
}

// One series per named column present, in the order given.
ChartSpec named_chart(const GlobalSeries& g, const std::string& title, bool percent,
                      const std::vector<std::pair<std::string, std::string>>& column_labels) {
  ChartSpec chart{title, {}, percent};
  for (const auto& [name, label] : column_labels) {
    const int column = g.column(name);
    if (column >= 0) chart.series.push_back({column, label, series_colour(label, chart.series.size())});
  }
  return chart;
}

// Stability stays within a few hundredths of 1 in the shipped scenarios: an
// axis around the values, not from 0.
ChartSpec stability_chart(const GlobalSeries& g) {
  ChartSpec chart = named_chart(g, "Stability index (1 = no AI-driven strain)", false,
                                {{"stability_index_world", "world"},
                                 {"stability_index_us_allied", "US-allied"},
                                 {"stability_index_cn_bloc", "China's bloc"},
                                 {"stability_index_min", "lowest country"}});
  chart.from_zero = false;
  return chart;
}

}  // namespace

std::vector<ChartSpec> chart_specs(const GlobalSeries& g) {
  std::vector<ChartSpec> out;
  for (ChartSpec c : {stack_chart(g, "World: stack shares of AI users", "share_"),
                      stack_chart(g, "Developing countries: stack shares", "dev_share_"),
                      named_chart(g, "AI users, share of population", true,
                                  {{"ai_user_share_world", "world"}, {"dev_ai_user_share", "developing"}}),
                      prefix_chart(g, "US lead over China, months", "lead_months", false,
                                   "months since the US frontier stood at China's"),
                      prefix_chart(g, "Compute ratio, US-allied / China", "compute_ratio", false,
                                   "H100e, smuggled and rented included"),
                      // Displaced shares are a few percent: a plain axis, not the 0-100% one.
                      named_chart(g, "Workers displaced by AI, share of employment", true,
                                  {{"displaced_worker_share_world", "world"},
                                   {"displaced_worker_share_dev", "developing"},
                                   {"displaced_worker_share_us_allied", "US-allied"},
                                   {"displaced_worker_share_cn_bloc", "China's bloc"}}),
                      stability_chart(g)})
    if (!c.series.empty()) out.push_back(std::move(c));
  return out;
}

void widen_to_series(const GlobalSeries& g, const ChartSpec& chart, double& lo, double& hi) {
  for (const auto& row : g.rows) {
    for (const ChartSeries& s : chart.series) {
      lo = std::min(lo, row[s.column]);
      hi = std::max(hi, row[s.column]);
    }
  }
}

AxisRange axis_range(const GlobalSeries& g, const ChartSpec& chart) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  widen_to_series(g, chart, lo, hi);
  return axis_range(lo, hi, chart.percent, chart.from_zero);
}

AxisRange axis_range(double lo, double hi, bool percent, bool from_zero) {
  constexpr double kQuarter = 0.25;
  if (!(lo <= hi)) return {0, 1, kQuarter};  // no values
  if (from_zero) {
    lo = std::min(lo, 0.0);
    hi = std::max(hi, 0.0);
  } else {
    lo = std::min(lo, hi - kMinAxisSpan * std::max({1.0, std::abs(lo), std::abs(hi)}));
  }
  if (percent && hi >= kQuarter) {
    // Shares start at 0; the top is rounded up to the next 25%.
    return {0, std::ceil(hi / kQuarter - 1e-9) * kQuarter, kQuarter};
  }
  // Small shares (displaced workers, a few per cent) get round steps of
  // their own, or they would be a flat line at the bottom of a 0-25% axis.
  if (hi - lo <= 0) hi = lo + 1;
  const TickAxis axis = tick_axis(lo, hi, kTargetTicks);
  return {axis.min, axis.max, axis.step};
}

}  // namespace stackrace::viz
