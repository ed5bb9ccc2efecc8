// viz/core/charts: the side panel's charts follow global.csv's columns.

#include "viz/core/charts.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "viz/core/layers.h"
#include "base/proto/output.pb.h"

namespace stackrace::viz {
namespace {

GlobalSeries series(const std::vector<std::string>& columns, const std::vector<std::vector<double>>& rows) {
  GlobalSeries g;
  g.columns = columns;
  g.rows = rows;
  for (std::size_t i = 0; i < rows.size(); ++i) g.months.push_back(Month{2025 * 12 + static_cast<int>(i)});
  return g;
}

const std::vector<std::string> kToday = {"ai_user_share_world", "share_us_closed",   "share_us_open",
                                         "share_cn_closed",     "share_cn_open",     "share_other",
                                         "dev_share_us_closed", "dev_share_us_open", "dev_share_cn_closed",
                                         "dev_share_cn_open",   "dev_share_other"};

TEST(Charts, TodaysColumnsGiveThreeCharts) {
  const GlobalSeries g = series(kToday, {std::vector<double>(kToday.size(), 0.2)});
  const std::vector<ChartSpec> charts = chart_specs(g);
  ASSERT_EQ(charts.size(), 3u);
  EXPECT_EQ(charts[0].series.size(), 5u);
  EXPECT_EQ(charts[0].series[CN_OPEN].colour, stack_colour(CN_OPEN));
  EXPECT_EQ(charts[0].series[CN_OPEN].column, g.column("share_cn_open"));
  EXPECT_EQ(charts[1].series[0].column, g.column("dev_share_us_closed"));
  EXPECT_EQ(charts[2].series.size(), 1u);
  EXPECT_EQ(charts[2].series[0].label, "world");
}

TEST(Charts, DevelopingUserShareJoinsTheWorldsChart) {
  std::vector<std::string> columns = kToday;
  columns.insert(columns.begin() + 1, "dev_ai_user_share");
  const GlobalSeries g = series(columns, {std::vector<double>(columns.size(), 0.2)});
  const std::vector<ChartSpec> charts = chart_specs(g);
  ASSERT_EQ(charts.size(), 3u);
  ASSERT_EQ(charts[2].series.size(), 2u);
  EXPECT_EQ(charts[2].series[0].column, g.column("ai_user_share_world"));
  EXPECT_EQ(charts[2].series[0].label, "world");
  EXPECT_EQ(charts[2].series[1].column, g.column("dev_ai_user_share"));
  EXPECT_EQ(charts[2].series[1].label, "developing");
  EXPECT_NE(charts[2].series[0].colour, charts[2].series[1].colour);
  EXPECT_TRUE(charts[2].percent);
}

TEST(Charts, SupplySideColumnsAddLeadAndComputeCharts) {
  std::vector<std::string> columns = kToday;
  columns.push_back("lead_months");
  columns.push_back("compute_ratio");
  std::vector<double> row(columns.size(), 0.2);
  row[row.size() - 2] = 7.5;  // months
  row.back() = 11;            // x
  const GlobalSeries g = series(columns, {row});
  const std::vector<ChartSpec> charts = chart_specs(g);
  ASSERT_EQ(charts.size(), 5u);
  EXPECT_EQ(charts[3].series[0].column, g.column("lead_months"));
  EXPECT_FALSE(charts[3].percent);
  EXPECT_EQ(charts[4].series[0].column, g.column("compute_ratio"));
  EXPECT_EQ(charts[3].series[0].label, "months since the US frontier stood at China's");
  const AxisRange lead = axis_range(g, charts[3]);
  EXPECT_LE(lead.min, 0);
  EXPECT_GE(lead.max, 7.5);
}

// A group of countries has one colour in every chart (US-allied was green in
// the displaced workers' chart and red in the stability chart), and none of
// the stacks' colours, which the stack-share charts above them use.
TEST(Charts, EachGroupHasOneColourApartFromTheStacks) {
  std::vector<std::string> columns = kToday;
  for (const char* column :
       {"dev_ai_user_share", "lead_months", "compute_ratio", "displaced_worker_share_world",
        "displaced_worker_share_dev", "displaced_worker_share_us_allied", "displaced_worker_share_cn_bloc",
        "stability_index_world", "stability_index_us_allied", "stability_index_cn_bloc", "stability_index_min"})
    columns.emplace_back(column);
  const GlobalSeries g = series(columns, {std::vector<double>(columns.size(), 0.2)});
  const std::vector<ChartSpec> charts = chart_specs(g);
  ASSERT_EQ(charts.size(), 7u);
  std::map<std::string, Rgb> colour_of;
  for (std::size_t c = 2; c < charts.size(); ++c) {
    std::set<std::tuple<int, int, int>> in_chart;
    for (const ChartSeries& s : charts[c].series) {
      const auto it = colour_of.emplace(s.label, s.colour).first;
      EXPECT_EQ(it->second, s.colour) << s.label << " in " << charts[c].title;
      for (int stack = 0; stack < kStackCount; ++stack) EXPECT_NE(s.colour, stack_colour(stack)) << s.label;
      in_chart.insert({s.colour.r, s.colour.g, s.colour.b});
    }
    EXPECT_EQ(in_chart.size(), charts[c].series.size()) << charts[c].title;
  }
  EXPECT_EQ(colour_of.at("world"), charts[3].series[0].colour);  // the lead is the world's
  for (const char* group : {"world", "developing", "US-allied", "China's bloc", "lowest country"})
    EXPECT_TRUE(colour_of.count(group)) << group;
}

TEST(Charts, ShareAxesStartAtZeroInQuarters) {
  const GlobalSeries g = series(kToday, {std::vector<double>(kToday.size(), 0.6)});
  const AxisRange r = axis_range(g, chart_specs(g)[0]);
  EXPECT_DOUBLE_EQ(r.min, 0);
  EXPECT_DOUBLE_EQ(r.max, 0.75);
  EXPECT_DOUBLE_EQ(r.step, 0.25);
}

// Shares of a few per cent (displaced workers) are not squashed onto a 0-25%
// axis: they get round steps of their own, still from 0.
TEST(Charts, SmallShareAxesGetTheirOwnSteps) {
  const AxisRange r = axis_range(0.0004, 0.0061, true);
  EXPECT_DOUBLE_EQ(r.min, 0);
  EXPECT_GE(r.max, 0.0061);
  EXPECT_LE(r.max, 0.01);
  EXPECT_LT(r.step, 0.01);
}

// The stability index stays within a few thousandths of 1: its axis spans
// the values (at least 1% of their size), not 0-1, where every line lay on
// the top of the frame.
TEST(Charts, StabilityAxisSpansItsValues) {
  const GlobalSeries g = series({"stability_index_world", "stability_index_min"}, {{1.0, 0.999}, {0.9995, 0.97}});
  const std::vector<ChartSpec> charts = chart_specs(g);
  ASSERT_EQ(charts.size(), 1u);
  EXPECT_FALSE(charts[0].from_zero);
  const AxisRange r = axis_range(g, charts[0]);
  EXPECT_LE(r.min, 0.97);
  EXPECT_GT(r.min, 0.9);
  EXPECT_GE(r.max, 1.0);
  EXPECT_LE(r.max, 1.01);
  // A flat index gets a 1% span, not a magnified rounding error.
  const AxisRange flat = axis_range(1.0, 1.0, false, false);
  EXPECT_LE(flat.min, 0.99);
  EXPECT_GE(flat.max, 1.0);
  // No values: a plain 0..1.
  for (bool from_zero : {false, true}) {
    const AxisRange none = axis_range(1.0, -1.0, false, from_zero);
    EXPECT_DOUBLE_EQ(none.min, 0.0);
    EXPECT_DOUBLE_EQ(none.max, 1.0);
  }
}

}  // namespace
}  // namespace stackrace::viz
