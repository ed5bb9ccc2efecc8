// study/svg_chart: the report's bar chart draws what it is given without
// misleading: panels in one unit on one axis, R^2 on each panel and marked
// when weak, whiskers whole (negative ends included) or marked where they
// stop, round ticks along the axis, response curves on one vertical axis.

// GCC 12 reports a false -Wmaybe-uninitialized inside libstdc++'s std::regex
// when building with sanitizers (make asan-test); the sanitizers check the
// real thing at run time.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include "study/svg_chart.h"

#include <gtest/gtest.h>

#include <cmath>
#include <regex>
#include <string>
#include <vector>

namespace stackrace {
namespace {

// The widths of the bars (<rect ...><title>), in document order.
std::vector<double> bar_widths(const std::string& svg) {
  std::vector<double> out;
  const std::regex bar(R"re(<rect x="[-0-9.]+" y="[0-9.]+" width="([0-9.]+)"[^>]*><title>)re");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), bar); it != std::sregex_iterator(); ++it)
    out.push_back(std::stod((*it)[1]));
  return out;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

ChartPanel one_bar(const std::string& title, double value, double low = NAN, double high = NAN) {
  ChartPanel p;
  p.title = title;
  p.rows = {{"factor", {{value, low, high, "#0072b2"}}}};
  return p;
}

TEST(SvgChart, SharedScaleDrawsEqualValuesEquallyAcrossPanels) {
  const std::vector<ChartPanel> panels{one_bar("strong", 0.9), one_bar("weak", 0.09)};
  const std::vector<double> shared = bar_widths(svg_chart("t", panels, {}, ChartScale::kShared));
  ASSERT_EQ(shared.size(), 2u);
  EXPECT_NEAR(shared[1] / shared[0], 0.1, 1e-3);  // a tenth of the value, a tenth of the length
  const std::vector<double> own = bar_widths(svg_chart("t", panels, {}, ChartScale::kPerPanel));
  ASSERT_EQ(own.size(), 2u);
  EXPECT_NEAR(own[1] / own[0], 1.0, 1e-3);  // each panel scaled to itself
}

TEST(SvgChart, PrintsR2OnEachPanelAndMarksAWeakFit) {
  ChartPanel strong = one_bar("strong", 0.9), weak = one_bar("weak", 0.2);
  strong.r2 = 0.91;
  weak.r2 = 0.10;
  weak.r2_label = "linear fit";
  const std::string svg = svg_chart("t", {strong, weak}, {}, ChartScale::kShared);
  EXPECT_NE(svg.find(">R^2 0.91</text>"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">! weak fit: R^2 0.10 (linear fit) &lt; 0.5, ranking unreliable</text>"), std::string::npos)
      << svg;
  EXPECT_EQ(count(svg, "weak fit"), 1u);
  // Only the weak panel's bars are faded.
  EXPECT_EQ(count(svg, "fill-opacity=\"0.35\""), 1u) << svg;
  // No R^2 where none is given.
  EXPECT_EQ(svg_chart("t", {one_bar("none", 1)}, {}).find("R^2"), std::string::npos);
}

TEST(SvgChart, NegativeWhiskerIsDrawnWholeWithTheAxisThroughZero) {
  const std::string svg = svg_chart("t", {one_bar("o", 0.5, -0.2, 0.8)}, {});
  // Ticks from -0.2 to 0.8 at round steps, zero among them.
  for (const char* tick : {">-0.2<", ">0.0<", ">0.2<", ">0.4<", ">0.6<", ">0.8<"})
    EXPECT_NE(svg.find(tick), std::string::npos) << tick << "\n" << svg;
  // Axis 440 px for 1.0 from x=260: -0.2 at 260, zero at 348, 0.8 at 700.
  EXPECT_NE(svg.find("<line x1=\"348.0\" y1=\"104.0\" x2=\"348.0\" y2=\"130.0\" stroke=\"#333\"/>"), std::string::npos)
      << svg;
  EXPECT_NE(svg.find("class=\"whisker\" d=\"M260.0 "), std::string::npos) << svg;  // starts at -0.2, left of zero
  EXPECT_NE(svg.find(" 700.0 "), std::string::npos) << svg;
  EXPECT_EQ(svg.find("class=\"clipped\""), std::string::npos) << svg;
  EXPECT_NE(svg.find("<title>factor: 0.5 [-0.2, 0.8]</title>"), std::string::npos) << svg;
}

TEST(SvgChart, AWhiskerFarPastTheBarsStopsWithItsValueWritten) {
  const std::string svg = svg_chart("t", {one_bar("o", 1, -0.5, 50)}, {});
  EXPECT_NE(svg.find(">to 50</text>"), std::string::npos) << svg;
  EXPECT_EQ(svg.find(">from "), std::string::npos) << svg;  // -0.5 fits on the axis
  EXPECT_NE(svg.find(">-0.5<"), std::string::npos) << svg;
}

// Dots (a comparison's means with their intervals) are not bars from zero:
// the axis spans the values and their whiskers, whole. From zero, log10
// FLOP of 29.0 and 29.4 sat on one spot of a 0-40 axis.
TEST(SvgChart, DotsGetAnAxisOfTheirValuesWithWholeWhiskers) {
  ChartPanel p;
  p.title = "frontier";
  p.rows = {{"a", {{29.0, 28.9, 29.1, "#0072b2", true}}}, {"b", {{29.4, 28.5, 30.0, "#e69f00", true}}}};
  const std::string svg = svg_chart("t", {p}, {}, ChartScale::kPerPanel);
  EXPECT_EQ(svg.find(">0<"), std::string::npos) << svg;
  EXPECT_EQ(svg.find(">0.0<"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">28.5<"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">30.0<"), std::string::npos) << svg;
  EXPECT_EQ(svg.find("class=\"clipped\""), std::string::npos) << svg;
  // A bar still starts at zero.
  EXPECT_NE(svg_chart("t", {one_bar("o", 29.0)}, {}).find(">0<"), std::string::npos);
}

TEST(SvgChart, SignedPanelIsSymmetricAroundZero) {
  ChartPanel p = one_bar("o", -0.9);
  p.rows.push_back({"g", {{0.3, NAN, NAN, "#e69f00"}}});
  p.signed_axis = true;
  const std::string svg = svg_chart("t", {p}, {});
  EXPECT_NE(svg.find(">-1.0<"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">1.0<"), std::string::npos) << svg;
  // Zero mid-plot.
  EXPECT_NE(svg.find("<line x1=\"480.0\""), std::string::npos) << svg;
}

TEST(SvgChart, CurvesOfAnOutcomeShareTheirVerticalAxis) {
  ChartPanel p = one_bar("o", 1);
  p.curves = {{"a", 0, 1, {0.1, 0.5, 0.9}, {1, 2, 3}, {0.5, 1.5, 2.5}, {1.5, 2.5, 3.5}},
              {"b", 0, 10, {1, 5, 9}, {2, 2, 2}, {1.9, 1.9, 1.9}, {2.1, 2.1, 2.1}}};
  const std::string svg = svg_chart("t", {p}, {});
  EXPECT_EQ(count(svg, "<g class=\"curve\">"), 2u) << svg;
  // One axis from 0 to 4 for both: b's flat 2 sits where a's middle 2 sits.
  std::smatch m;
  const std::string::const_iterator begin = svg.begin();
  ASSERT_TRUE(std::regex_search(begin, svg.end(), m, std::regex(R"re(<polyline points="[0-9.]+,([0-9.]+) ([0-9.]+),([0-9.]+))re")));
  const double a_middle = std::stod(m[3]);
  const std::string rest = m.suffix();
  ASSERT_TRUE(std::regex_search(rest, m, std::regex(R"re(<polyline points="[0-9.]+,([0-9.]+))re")));
  EXPECT_DOUBLE_EQ(std::stod(m[1]), a_middle);
  EXPECT_NE(svg.find("<title>o against b</title>"), std::string::npos) << svg;
}

// A caption line longer than the chart (a comparison's --set list) breaks
// after a comma into several <text> lines, continuations indented.
TEST(SvgChart, LongCaptionsWrap) {
  std::string settings = "seeds 2028..2032, 200,000 adopters";
  for (int i = 0; i < 8; ++i) {
    settings.append(", --set adoption.parameter_");
    settings.append(std::to_string(i));
    settings.append("=0.00259789");
  }
  const std::string svg = svg_chart("t", {}, {}, ChartScale::kPerPanel, {settings});
  EXPECT_NE(svg.find(">seeds 2028..2032, 200,000 adopters, "), std::string::npos) << svg;
  EXPECT_NE(svg.find(">    --set adoption.parameter_"), std::string::npos) << svg;
  EXPECT_EQ(svg.find(settings), std::string::npos);  // not on one line
}

}  // namespace
}  // namespace stackrace
