#pragma once
// The study report's charts (report.svg, robustness.svg), drawn with the
// common SVG writer (base/svg.h): one panel per outcome, one row per factor,
// horizontal bars with interval whiskers, and under the bars the outcome's
// response curves, small line charts side by side.
//
// Drawn so that they cannot mislead: the horizontal axis has round ticks and
// holds every bar and every whisker whole (a negative interval end moves the
// axis past zero; nothing is clipped), panels measured in the same unit can
// share one axis (ChartScale::kShared), the response curves of one outcome
// share their vertical axis, and a panel's R^2 is printed beside its title,
// marked and its bars faded when it is below kWeakFitR2.

#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace stackrace {

// Below this R^2 a panel is marked as a weak fit (judgement: the factors'
// linear effects then explain less than half the outcome's variance).
inline constexpr double kWeakFitR2 = 0.5;

struct ChartBar {
  ChartBar() = default;
  ChartBar(double value_, double low_, double high_, std::string colour_, bool dot_ = false)
      : value(value_), low(low_), high(high_), colour(std::move(colour_)), dot(dot_) {}
  double value = 0;
  double low = 0, high = 0;  // whisker; NaN for none
  std::string colour;        // "#rrggbb"
  bool dot = false;          // a dot at the value instead of a bar from zero
};

struct ChartRow {
  ChartRow() = default;
  ChartRow(std::string label_, std::vector<ChartBar> bars_) : label(std::move(label_)), bars(std::move(bars_)) {}
  std::string label;
  std::vector<ChartBar> bars;  // drawn as thinner stacked bars within the row
  // A target range shaded behind the bars (one end NaN: open on that side;
  // both NaN: none), and its hover text.
  double target_low = std::numeric_limits<double>::quiet_NaN();
  double target_high = std::numeric_limits<double>::quiet_NaN();
  std::string target_label;
};

// The outcome against one factor: at each x, the mean outcome and a band.
struct ChartCurve {
  std::string label;                       // the factor
  double x_min = 0, x_max = 1;             // the factor's range: the x axis holds it
  std::vector<double> x, mean, low, high;  // one each per point of the curve
};

struct ChartPanel {
  std::string title, subtitle;
  std::vector<ChartRow> rows;  // top to bottom
  bool signed_axis = false;    // an axis symmetric around zero (a tornado)
  double r2 = std::numeric_limits<double>::quiet_NaN();  // NaN: none printed
  std::string r2_label;        // what the R^2 is of, printed beside it
  std::vector<ChartCurve> curves;  // left to right; none: no curve row
  std::string curves_subtitle;
};

struct ChartLegend {
  std::string label, colour;
};

enum class ChartScale {
  kPerPanel,  // each panel's axis holds its own bars (panels in different units)
  kShared,    // one axis for all panels (one unit: Sobol indices, SRC)
};

// `caption`: lines under the title (what the results are of: seed, runs, overrides).
std::string svg_chart(const std::string& title, const std::vector<ChartPanel>& panels,
                      const std::vector<ChartLegend>& legend, ChartScale scale = ChartScale::kPerPanel,
                      const std::vector<std::string>& caption = {});

}  // namespace stackrace
