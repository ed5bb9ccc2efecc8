// viz/core/line_plot: the time-series chart of `stackrace plot`: one line per
// series, axis ticks at round values, a legend, hover text with values.

#include "viz/core/line_plot.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "xml_check.h"

namespace stackrace::viz {
namespace {

bool has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

LinePlot two_years(bool percent, double scale) {
  LinePlot plot;
  plot.title = "world: lead_months";
  plot.caption = {"baseline: seed 7, 20,000 adopters, --set adoption.peer_weight=0.8"};
  plot.y_label = "lead_months, months";
  plot.percent = percent;
  plot.first = Month::from_year_month(2025, 1);
  for (int s = 0; s < 3; ++s) {
    PlotSeries series{"series " + std::to_string(s), {10, 20, 30}, "", {}};
    for (int m = 0; m < 24; ++m) series.values.push_back(scale * (s + 1) * m / 24.0);
    plot.series.push_back(series);
  }
  return plot;
}

TEST(LinePlot, OneLinePerSeriesAndALegendEntryEach) {
  const std::string svg = line_plot_svg(two_years(false, 10));
  const viz_test::XmlCheck check = viz_test::check_xml(svg);
  ASSERT_EQ(check.error, "");
  EXPECT_EQ(check.element_count.at("polyline"), 3);
  EXPECT_EQ(check.element_count.at("circle"), 3 * 24);  // hover points
  for (int s = 0; s < 3; ++s) EXPECT_TRUE(has(svg, ">series " + std::to_string(s) + "</text>"));
  EXPECT_TRUE(has(svg, "--set adoption.peer_weight=0.8"));
}

TEST(LinePlot, TicksAtRoundValuesNotJustTheMaximum) {
  // Values up to 28.75: ticks every 5 from 0 to 30, years at each January.
  const std::string svg = line_plot_svg(two_years(false, 10));
  for (const char* tick :
       {">0</text>", ">5</text>", ">10</text>", ">15</text>", ">20</text>", ">25</text>", ">30</text>"})
    EXPECT_TRUE(has(svg, tick)) << tick;
  EXPECT_TRUE(has(svg, ">2025</text>"));
  EXPECT_TRUE(has(svg, ">2026</text>"));
  EXPECT_FALSE(has(svg, ">2027</text>"));
  EXPECT_TRUE(has(svg, ">lead_months, months</text>"));
}

TEST(LinePlot, SharesInPercentAndHoverTextWithValues) {
  // Up to 0.29 of 1: ticks every 10%; no axis beyond the data.
  const std::string svg = line_plot_svg(two_years(true, 0.1));
  EXPECT_TRUE(has(svg, ">10%</text>"));
  EXPECT_TRUE(has(svg, ">30%</text>"));
  EXPECT_FALSE(has(svg, ">100%</text>"));
  // series 1 at 2025-07: 0.2 * 6 / 24 = 5%
  EXPECT_TRUE(has(svg, "<title>series 1, 2025-07: 5.00%</title>")) << svg.substr(0, 2000);
}

// A caption line longer than the figure (a run's list of --set) wraps after
// a comma, continuations indented, every line within the width, nothing lost.
TEST(LinePlot, LongCaptionsWrapWithinTheFigure) {
  LinePlot plot = two_years(false, 1);
  std::string settings = "baseline: seed 2028, 250,055 adopters";
  for (int i = 0; i < 6; ++i) settings += ", --set adoption.parameter_number_" + std::to_string(i) + "=0.00259789";
  plot.caption = {settings, "short"};
  const LinePlotFrame f = line_plot_frame(plot);
  ASSERT_GT(f.caption.size(), 2u);
  EXPECT_EQ(f.caption.back(), "short");
  std::string joined;
  for (std::size_t i = 0; i + 1 < f.caption.size(); ++i) {
    EXPECT_LE(line_plot_style::kMarginLeft + text_width(f.caption[i], line_plot_style::kTextPx), f.width)
        << f.caption[i];
    if (i > 0) {
      EXPECT_EQ(f.caption[i].rfind("    --set", 0), 0u) << f.caption[i];
    }
    joined += i > 0 ? f.caption[i].substr(4) : f.caption[i];
  }
  EXPECT_EQ(joined, settings);
  const LinePlotFrame unwrapped = line_plot_frame(two_years(false, 1));
  EXPECT_GT(f.area.y, unwrapped.area.y);  // the plot moves down under the longer caption
}

// Counts of a billion H100e: compact tick labels (1000000000 lost its first
// digit at the figure's edge), every one right of the axis's title.
TEST(LinePlot, LargeValuesGetCompactTicksClearOfTheAxisTitle) {
  const LinePlot plot = two_years(false, 4e8);  // up to 1.15e9
  const LinePlotFrame f = line_plot_frame(plot);
  std::vector<std::string> labels;
  for (const auto& [v, label] : f.y_ticks) {
    labels.push_back(label);
    EXPECT_GE(f.area.x - line_plot_style::kTickGap - text_width(label, line_plot_style::kTextPx),
              line_plot_style::kYTitleRight)
        << label;
  }
  EXPECT_EQ(labels, (std::vector<std::string>{"0", "250M", "500M", "750M", "1bn", "1.25bn", "1.5bn"}));
  const std::string svg = line_plot_svg(plot);
  EXPECT_TRUE(has(svg, ">1.25bn</text>"));
  EXPECT_FALSE(has(svg, ">1000000000</text>"));
  EXPECT_EQ(plot_tick(2.5e8, false, 0, true), "250M");
  EXPECT_EQ(plot_tick(1.25e9, false, 0, true), "1.25bn");
  EXPECT_EQ(plot_tick(-5000, false, 0, true), "-5k");
  EXPECT_EQ(plot_tick(5000, false, 0, false), "5000");
}

// A run labelled by two --set overrides wraps after the comma: the legend
// leaves the plot more than half the figure, entries below it keep clear.
TEST(LinePlot, LongLegendLabelsWrap) {
  LinePlot plot = two_years(false, 1);
  const std::string label = "baseline policy.levers.remote_access_closure=1, policy.levers.us_export_promotion=1";
  plot.series[0].label = label;
  const LinePlotFrame f = line_plot_frame(plot);
  ASSERT_EQ(f.legend[0].size(), 2u);
  EXPECT_EQ(f.legend[0][0] + f.legend[0][1].substr(2), label);
  EXPECT_GT(f.area.w, f.width / 2);
  EXPECT_GE(f.legend_y[1] - f.legend_y[0], 2 * line_plot_style::kTextPx);  // two rows above the next entry
  const std::string svg = line_plot_svg(plot);
  EXPECT_TRUE(has(svg, ">  policy.levers.us_export_promotion=1</text>"));
}

TEST(LinePlot, TheSameInputGivesTheSameBytes) {
  EXPECT_EQ(line_plot_svg(two_years(false, 3)), line_plot_svg(two_years(false, 3)));
}

}  // namespace
}  // namespace stackrace::viz
