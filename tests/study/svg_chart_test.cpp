// study/svg_chart: the report's bar chart, to the byte. The chart is drawn
// with the common writer (base/svg.h); this pins what it draws, so that a
// change to either shows up here before it changes users' report.svg files.

#include "study/svg_chart.h"

#include <gtest/gtest.h>

#include <cmath>

namespace stackrace {
namespace {

// A signed (tornado) panel: the zero line mid-plot, both scale labels, a
// whisker only where both ends of the interval are finite, labels escaped.
TEST(SvgChart, SignedPanelToTheByte) {
  const ChartPanel panel{
      "Outcome", "by SRC", {{"beta <price>", {{-0.5, -0.75, NAN, "#d95f02"}, {0.25, 0.1, 0.4, "#1b9e77"}}}}, true};
  EXPECT_EQ(svg_chart("T & t", {panel}, {{"negative", "#d95f02"}}),
            R"(<svg xmlns="http://www.w3.org/2000/svg" width="760" height="160" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<text x="10" y="24" font-size="16" font-weight="bold">T &amp; t</text>
<rect x="10" y="40" width="12" height="12" fill="#d95f02"/><text x="26" y="50">negative</text>
<text x="10" y="80" font-size="14" font-weight="bold">Outcome</text>
<text x="10" y="96" fill="#555">by SRC</text>
<line x1="480.0" y1="104.0" x2="480.0" y2="130.0" stroke="#333"/>
<text x="700.0" y="144.0" text-anchor="end" fill="#555">0.5</text>
<text x="260.0" y="144.0" fill="#555">-0.5</text>
<text x="252" y="121.0" text-anchor="end">beta &lt;price&gt;</text>
<rect x="260.0" y="107.0" width="220.0" height="9.0" fill="#d95f02"><title>beta &lt;price&gt;: -0.5</title></rect>
<rect x="480.0" y="117.0" width="110.0" height="9.0" fill="#1b9e77"><title>beta &lt;price&gt;: 0.25</title></rect>
<line x1="524.0" y1="122.0" x2="656.0" y2="122.0" stroke="#000"/>
</svg>
)");
}

TEST(SvgChart, UnsignedBarsStartAtTheLabelsAndClipWideIntervals) {
  const ChartPanel panel{"Outcome", "", {{"f", {{1, 0.5, 5, "#000000"}}}}, false};
  const std::string chart = svg_chart("t", {panel}, {});
  // The bar fills the plot (440 wide from x=260); the whisker is cut 4 px past its end.
  EXPECT_NE(chart.find("<rect x=\"260.0\" y=\"107.0\" width=\"440.0\""), std::string::npos) << chart;
  EXPECT_NE(chart.find("<line x1=\"480.0\" y1=\"117.0\" x2=\"704.0\""), std::string::npos) << chart;
}

}  // namespace
}  // namespace stackrace
