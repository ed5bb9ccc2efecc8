#include "viz/core/line_plot.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "base/svg.h"
#include "viz/core/charts.h"
#include "viz/core/figure_layout.h"

namespace stackrace::viz {
namespace {

// Layout in pixels. The plot area is fixed; the legend column to its right
// is as wide as its longest label, so long scenario labels never overlap.
constexpr double kPlotWidth = 640, kPlotHeight = 360;
constexpr double kMarginLeft = 84, kMarginRight = 24, kMarginBottom = 56;
constexpr double kTitlePx = 18, kTextPx = 13, kLineGap = 1.5;  // line spacing in em
constexpr double kLegendGap = 24, kSwatch = 22;
constexpr double kStrokeWidth = 2.2, kHoverRadius = 4;
constexpr int kDecimals = 1;
const char* const kFont = "DejaVu Sans, Verdana, sans-serif";
const char* const kGridColour = "#e3e3e3";
const char* const kAxisColour = "#444444";

std::string text(double x, double y, double px, const std::string& s, const char* anchor = "start") {
  svg::Element e("text");
  e.attr("x", x, kDecimals).attr("y", y, kDecimals).attr("font-size", px, kDecimals);
  if (std::string_view(anchor) != "start") e.attr("text-anchor", anchor);
  return e.with_text(s);
}

std::string line(double x1, double y1, double x2, double y2, const char* colour) {
  return svg::Element("line")
      .attr("x1", x1, kDecimals)
      .attr("y1", y1, kDecimals)
      .attr("x2", x2, kDecimals)
      .attr("y2", y2, kDecimals)
      .attr("stroke", colour)
      .empty();
}

// Decimals that tell the ticks of `step` apart (0.25 -> 2, 5 -> 0).
int tick_decimals(double step) {
  int d = 0;
  while (d < 6 && std::fabs(step * std::pow(10.0, d) - std::round(step * std::pow(10.0, d))) > 1e-6) ++d;
  return d;
}

}  // namespace

std::string plot_value(double value, bool percent, int decimals) {
  if (percent) return svg::fixed(100 * value, decimals) + "%";
  return svg::fixed(value, decimals);
}

std::string line_plot_svg(const LinePlot& plot) {
  std::size_t months = 0;
  double lo = 0, hi = 0;
  for (const PlotSeries& s : plot.series) {
    months = std::max(months, s.values.size());
    for (double v : s.values) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  // Shares get the same round steps as other values (10%, 20%, ...), never past 100%.
  AxisRange axis = axis_range(lo, hi, false);
  // A figure has room for more ticks than the side panel: at least four intervals.
  if ((axis.max - axis.min) / axis.step < 4 - 1e-9) axis.step /= 2;
  if (plot.percent) axis.max = std::min(axis.max, 1.0);
  const int decimals = plot.percent ? tick_decimals(100 * axis.step) : tick_decimals(axis.step);

  double legend_width = 0;
  for (const PlotSeries& s : plot.series) legend_width = std::max(legend_width, text_width(s.label, kTextPx));
  const double top = kTitlePx * kLineGap + kTextPx * kLineGap * static_cast<double>(plot.caption.size() + 1);
  const Rect area{kMarginLeft, top, kPlotWidth, kPlotHeight};
  const double width = area.x + area.w + kLegendGap + kSwatch + kTextPx / 2 + legend_width + kMarginRight;
  const double height = area.y + area.h + kMarginBottom;
  const double span = std::max<double>(1, static_cast<double>(months) - 1);
  auto px = [&](std::size_t i) { return area.x + area.w * static_cast<double>(i) / span; };
  auto py = [&](double v) { return area.y + area.h * (axis.max - v) / (axis.max - axis.min); };

  std::ostringstream out;
  svg::Writer w(out);
  w.declaration();
  w.open(svg::root()
             .attr("width", width, 0)
             .attr("height", height, 0)
             .attr("viewBox", "0 0 " + svg::fixed(width, 0) + " " + svg::fixed(height, 0))
             .attr("font-family", kFont)
             .attr("fill", "#222222"));
  w.line(svg::Element("rect").attr("width", "100%").attr("height", "100%").attr("fill", "#ffffff").empty());
  w.line(svg::Element("text")
             .attr("x", kMarginLeft, kDecimals)
             .attr("y", kTitlePx * 1.2, kDecimals)
             .attr("font-size", kTitlePx, kDecimals)
             .attr("font-weight", "bold")
             .with_text(plot.title));
  for (std::size_t i = 0; i < plot.caption.size(); ++i)
    w.line(text(kMarginLeft, kTitlePx * 1.2 + kTextPx * kLineGap * static_cast<double>(i + 1), kTextPx, plot.caption[i]));

  // The y axis: a grid line and label at each step.
  w.open(svg::Element("g").attr("id", "y-axis").attr("font-size", kTextPx, kDecimals));
  const int steps = static_cast<int>(std::lround((axis.max - axis.min) / axis.step));
  for (int k = 0; k <= steps; ++k) {
    const double v = axis.min + k * axis.step;
    w.line(line(area.x, py(v), area.x + area.w, py(v), std::fabs(v) < 1e-12 ? kAxisColour : kGridColour) +
           text(area.x - 6, py(v) + kTextPx * 0.35, kTextPx, plot_value(v, plot.percent, decimals), "end"));
  }
  w.line(svg::Element("text")
             .attr("transform", "translate(" + svg::fixed(kTextPx * 1.2, 1) + "," +
                                    svg::fixed(area.y + area.h / 2, 1) + ") rotate(-90)")
             .attr("text-anchor", "middle")
             .with_text(plot.y_label));
  w.close();

  // The x axis: a tick and the year at each January, a small tick each quarter.
  w.open(svg::Element("g").attr("id", "x-axis").attr("font-size", kTextPx, kDecimals));
  w.line(line(area.x, area.y + area.h, area.x + area.w, area.y + area.h, kAxisColour));
  for (std::size_t i = 0; i < months; ++i) {
    const Month m{plot.first.index + static_cast<int>(i)};
    if (m.month_of_year() == 1) {
      w.line(line(px(i), area.y, px(i), area.y + area.h, kGridColour) +
             line(px(i), area.y + area.h, px(i), area.y + area.h + 6, kAxisColour) +
             text(px(i), area.y + area.h + 6 + kTextPx * 1.1, kTextPx, std::to_string(m.year()), "middle"));
    } else if (m.month_of_year() % 3 == 1) {  // April, July, October
      w.line(line(px(i), area.y + area.h, px(i), area.y + area.h + 3, kAxisColour));
    }
  }
  w.line(text(area.x + area.w / 2, height - kTextPx * 0.6, kTextPx, "month (ticks at January)", "middle"));
  w.close();

  // One group per series: the line, then an invisible point per month that
  // shows its value on hover.
  for (std::size_t s = 0; s < plot.series.size(); ++s) {
    const PlotSeries& series = plot.series[s];
    w.open(svg::Element("g").attr("class", "series").attr("id", "series-" + std::to_string(s)));
    svg::PointList points(kDecimals);
    for (std::size_t i = 0; i < series.values.size(); ++i) points.add(px(i), py(series.values[i]));
    svg::Element polyline("polyline");
    polyline.attr("points", points.str())
        .attr("fill", "none")
        .attr("stroke", hex(series.colour))
        .attr("stroke-width", kStrokeWidth, kDecimals)
        .attr("stroke-linejoin", "round");
    if (series.dashed) polyline.attr("stroke-dasharray", "6 4");
    w.line(polyline.with_title(series.label));
    for (std::size_t i = 0; i < series.values.size(); ++i) {
      const Month m{plot.first.index + static_cast<int>(i)};
      w.line(svg::Element("circle")
                 .attr("cx", px(i), kDecimals)
                 .attr("cy", py(series.values[i]), kDecimals)
                 .attr("r", kHoverRadius, kDecimals)
                 .attr("fill", hex(series.colour))
                 .attr("fill-opacity", "0")
                 .with_title(series.label + ", " + m.str() + ": " +
                             plot_value(series.values[i], plot.percent, decimals + 2)));
    }
    w.close();
  }

  w.open(svg::Element("g").attr("id", "legend").attr("font-size", kTextPx, kDecimals));
  const double legend_x = area.x + area.w + kLegendGap;
  for (std::size_t s = 0; s < plot.series.size(); ++s) {
    const double y = area.y + kTextPx * kLineGap * static_cast<double>(s) + kTextPx / 2;
    svg::Element swatch("line");
    swatch.attr("x1", legend_x, kDecimals)
        .attr("y1", y, kDecimals)
        .attr("x2", legend_x + kSwatch, kDecimals)
        .attr("y2", y, kDecimals)
        .attr("stroke", hex(plot.series[s].colour))
        .attr("stroke-width", kStrokeWidth + 1, kDecimals);
    if (plot.series[s].dashed) swatch.attr("stroke-dasharray", "6 4");
    w.line(swatch.empty() + text(legend_x + kSwatch + kTextPx / 2, y + kTextPx * 0.35, kTextPx, plot.series[s].label));
  }
  w.close();
  w.close();
  return out.str();
}

}  // namespace stackrace::viz
