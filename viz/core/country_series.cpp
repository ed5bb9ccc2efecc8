#include "viz/core/country_series.h"

#include <cmath>

#include "base/stacks.h"
#include "viz/core/layers.h"

namespace stackrace::viz {
namespace {

// The user-share line's colour: a dark grey, not a stack's.
constexpr Rgb kUserShareColour{60, 60, 60};
constexpr Rgb kPartnershipColours[3] = {{190, 190, 190}, {44, 123, 182}, {215, 25, 28}};

}  // namespace

GlobalSeries country_series(const Timeline& timeline, int country) {
  GlobalSeries out;
  out.columns.push_back("ai_user_share");
  for (int s = 0; s < kStackCount; ++s) out.columns.push_back(std::string("share_") + stack_column(s));
  out.columns.push_back("partnership");
  out.columns.push_back("export_tier");
  const int months = timeline.size();
  for (int m = 0; m < months; ++m) {
    const MapFrame frame = timeline.frame(m);
    const CountryFrame& c = frame.countries.at(static_cast<std::size_t>(country));
    std::vector<double> row{c.ai_user_share};
    row.insert(row.end(), c.stack_share.begin(), c.stack_share.end());
    row.push_back(c.partnership);
    row.push_back(c.export_tier);
    out.months.push_back(frame.month);
    out.rows.push_back(std::move(row));
  }
  return out;
}

std::vector<ChartSpec> country_chart_specs(const GlobalSeries& series) {
  ChartSpec users{"AI users, share of population", {}, true};
  if (const int column = series.column("ai_user_share"); column >= 0)
    users.series.push_back({column, "AI users", kUserShareColour});
  ChartSpec stacks{"Stack shares of its AI users", {}, true};
  for (int s = 0; s < kStackCount; ++s) {
    const int column = series.column(std::string("share_") + stack_column(s));
    if (column >= 0) stacks.series.push_back({column, stack_label(s), stack_colour(s)});
  }
  return {users, stacks};
}

std::vector<ValueSpan> value_spans(const GlobalSeries& series, const std::string& column) {
  std::vector<ValueSpan> spans;
  const int j = series.column(column);
  if (j < 0) return spans;
  for (std::size_t m = 0; m < series.rows.size(); ++m) {
    const int value = static_cast<int>(std::lround(series.rows[m][static_cast<std::size_t>(j)]));
    const int month = static_cast<int>(m);
    if (!spans.empty() && spans.back().value == value && spans.back().last == month - 1) {
      spans.back().last = month;
    } else {
      spans.push_back({month, month, value});
    }
  }
  return spans;
}

Rgb partnership_colour(int partnership) {
  return partnership >= 0 && partnership < 3 ? kPartnershipColours[partnership] : kNoDataColour;
}

}  // namespace stackrace::viz
