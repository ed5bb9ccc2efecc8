#include "viz/core/line_plot.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "base/axis_ticks.h"
#include "base/svg.h"
#include "base/text_escape.h"
#include "viz/core/charts.h"
#include "viz/core/figure_layout.h"

namespace stackrace::viz {
namespace {

// Layout in pixels. The plot area is fixed; the legend column to its right
// is as wide as its longest label, so long scenario labels never overlap.
using line_plot_style::kLegendChars;
using line_plot_style::kLegendGap;
using line_plot_style::kLegendRowEm;
using line_plot_style::kLineGap;
using line_plot_style::kMarginLeft;
using line_plot_style::kStrokeWidth;
using line_plot_style::kSwatch;
using line_plot_style::kTextPx;
using line_plot_style::kTickGap;
using line_plot_style::kTitlePx;
using line_plot_style::kYTitleBaseline;
using line_plot_style::kYTitleRight;
constexpr double kPlotWidth = 640, kPlotHeight = 360;
constexpr double kMarginRight = 24, kMarginBottom = 56;
constexpr double kHoverRadius = 4;
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

}  // namespace

std::string plot_value(double value, bool percent, int decimals) {
  if (percent) return svg::fixed(100 * value, decimals) + "%";
  return svg::fixed(value, decimals);
}

std::string plot_tick(double value, bool percent, int decimals, bool compact) {
  if (percent || !compact || std::fabs(value) < 1e3) return plot_value(value, percent, decimals);
  struct Unit {
    double size;
    const char* suffix;
  };
  static constexpr Unit kUnits[] = {{1e12, "tn"}, {1e9, "bn"}, {1e6, "M"}, {1e3, "k"}};
  for (const Unit& unit : kUnits) {
    if (std::fabs(value) < unit.size) continue;
    // Round ticks need few decimals in the unit; trailing zeros go.
    std::string digits = svg::fixed(value / unit.size, 3);
    digits.erase(digits.find_last_not_of('0') + 1);
    if (digits.back() == '.') digits.pop_back();
    return digits + unit.suffix;
  }
  return plot_value(value, percent, decimals);
}

namespace {

using Frame = LinePlotFrame;

}  // namespace

namespace {

// Fills f.y_ticks; returns the plot's left edge, with the tick labels
// between the axis's title and the plot.
double layout_y_ticks(const LinePlot& plot, Frame& f) {
  constexpr double kCompactFrom = 1e4;
  const bool compact = std::max(std::fabs(f.axis.min), std::fabs(f.axis.max)) >= kCompactFrom;
  const int steps = static_cast<int>(std::lround((f.axis.max - f.axis.min) / f.axis.step));
  double widest_tick = 0;
  for (int k = 0; k <= steps; ++k) {
    const double v = f.axis.min + k * f.axis.step;
    f.y_ticks.emplace_back(v, plot_tick(v, plot.percent, f.decimals, compact));
    widest_tick = std::max(widest_tick, text_width(f.y_ticks.back().second, kTextPx));
  }
  return std::max(kMarginLeft, kYTitleRight + kTickGap + widest_tick + kTickGap);
}

// Fills f.legend; returns the widest row's width.
double wrap_legend(const LinePlot& plot, Frame& f) {
  double legend_width = 0;
  for (const PlotSeries& s : plot.series) {
    f.legend.push_back(wrap_after_commas(s.label, kLegendChars, "  "));
    for (const std::string& row : f.legend.back()) legend_width = std::max(legend_width, text_width(row, kTextPx));
  }
  return legend_width;
}

}  // namespace

LinePlotFrame line_plot_frame(const LinePlot& plot) {
  std::size_t months = 0;
  double lo = 0, hi = 0;
  for (const PlotSeries& s : plot.series) {
    months = std::max(months, s.values.size());
    for (double v : s.values) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  Frame f;
  // Shares get the same round steps as other values (10%, 20%, ...), never past 100%.
  f.axis = axis_range(lo, hi, false);
  // A figure has room for more ticks than the side panel: at least four intervals.
  if ((f.axis.max - f.axis.min) / f.axis.step < 4 - 1e-9) f.axis.step /= 2;
  if (plot.percent) f.axis.max = std::min(f.axis.max, 1.0);
  f.decimals = plot.percent ? tick_decimals(100 * f.axis.step) : tick_decimals(f.axis.step);
  const double left = layout_y_ticks(plot, f);
  const double legend_width = wrap_legend(plot, f);
  f.width = left + kPlotWidth + kLegendGap + kSwatch + kTextPx / 2 + legend_width + kMarginRight;
  // Characters of kTextPx text that fit between the margins (text_width's estimate).
  const auto caption_chars =
      static_cast<std::size_t>((f.width - kMarginLeft - kMarginRight) / (kCharWidthEm * kTextPx));
  for (const std::string& line : plot.caption) {
    for (std::string& wrapped : wrap_after_commas(line, caption_chars, "    ")) f.caption.push_back(std::move(wrapped));
  }
  const double top = kTitlePx * kLineGap + kTextPx * kLineGap * static_cast<double>(f.caption.size() + 1);
  f.area = Rect{left, top, kPlotWidth, kPlotHeight};
  // A wrapped label's rows are kLegendRowEm apart, entries a line and a half.
  double y = f.area.y + kTextPx / 2;
  for (const std::vector<std::string>& rows : f.legend) {
    f.legend_y.push_back(y);
    y += kTextPx * (kLineGap + kLegendRowEm * static_cast<double>(rows.size() - 1));
  }
  f.x_title_y = f.area.y + f.area.h + kMarginBottom - kTextPx * 0.6;
  f.height = std::max(f.area.y + f.area.h, y) + kMarginBottom;
  f.span = std::max<double>(1, static_cast<double>(months) - 1);
  return f;
}

namespace {

void write_heading(svg::Writer& w, const LinePlot& plot, const Frame& f) {
  w.line(svg::Element("text")
             .attr("x", kMarginLeft, kDecimals)
             .attr("y", kTitlePx * 1.2, kDecimals)
             .attr("font-size", kTitlePx, kDecimals)
             .attr("font-weight", "bold")
             .with_text(plot.title));
  for (std::size_t i = 0; i < f.caption.size(); ++i) {
    const double y = kTitlePx * 1.2 + kTextPx * kLineGap * static_cast<double>(i + 1);
    w.line(text(kMarginLeft, y, kTextPx, f.caption[i]));
  }
}

// A grid line and label at each step.
void write_y_axis(svg::Writer& w, const LinePlot& plot, const Frame& f) {
  const Rect& a = f.area;
  w.open(svg::Element("g").attr("id", "y-axis").attr("font-size", kTextPx, kDecimals));
  for (const auto& [v, label] : f.y_ticks) {
    w.line(line(a.x, f.py(v), a.x + a.w, f.py(v), std::fabs(v) < 1e-12 ? kAxisColour : kGridColour) +
           text(a.x - kTickGap, f.py(v) + kTextPx * 0.35, kTextPx, label, "end"));
  }
  w.line(svg::Element("text")
             .attr("transform",
                   "translate(" + svg::fixed(kYTitleBaseline, 1) + "," + svg::fixed(a.y + a.h / 2, 1) + ") rotate(-90)")
             .attr("text-anchor", "middle")
             .with_text(plot.y_label));
  w.close();
}

// A tick and the year at each January, a small tick each quarter.
void write_x_axis(svg::Writer& w, const LinePlot& plot, const Frame& f) {
  const Rect& a = f.area;
  w.open(svg::Element("g").attr("id", "x-axis").attr("font-size", kTextPx, kDecimals));
  w.line(line(a.x, a.y + a.h, a.x + a.w, a.y + a.h, kAxisColour));
  const auto months = static_cast<std::size_t>(std::lround(f.span)) + 1;
  for (std::size_t i = 0; i < months; ++i) {
    const Month m{plot.first.index + static_cast<int>(i)};
    if (m.month_of_year() == 1) {
      w.line(line(f.px(i), a.y, f.px(i), a.y + a.h, kGridColour) +
             line(f.px(i), a.y + a.h, f.px(i), a.y + a.h + 6, kAxisColour) +
             text(f.px(i), a.y + a.h + 6 + kTextPx * 1.1, kTextPx, std::to_string(m.year()), "middle"));
    } else if (m.month_of_year() % 3 == 1) {  // April, July, October
      w.line(line(f.px(i), a.y + a.h, f.px(i), a.y + a.h + 3, kAxisColour));
    }
  }
  w.line(text(a.x + a.w / 2, f.x_title_y, kTextPx, "month (ticks at January)", "middle"));
  w.close();
}

// The line, then an invisible point per month that shows its value on hover.
void write_series(svg::Writer& w, const LinePlot& plot, const Frame& f, std::size_t index) {
  const PlotSeries& series = plot.series[index];
  w.open(svg::Element("g").attr("class", "series").attr("id", "series-" + std::to_string(index)));
  svg::PointList points(kDecimals);
  for (std::size_t i = 0; i < series.values.size(); ++i) points.add(f.px(i), f.py(series.values[i]));
  svg::Element polyline("polyline");
  polyline.attr("points", points.str())
      .attr("fill", "none")
      .attr("stroke", hex(series.colour))
      .attr("stroke-width", kStrokeWidth, kDecimals)
      .attr("stroke-linejoin", "round");
  if (!series.dash.empty()) polyline.attr("stroke-dasharray", series.dash);
  w.line(polyline.with_title(series.label));
  for (std::size_t i = 0; i < series.values.size(); ++i) {
    const Month m{plot.first.index + static_cast<int>(i)};
    w.line(svg::Element("circle")
               .attr("cx", f.px(i), kDecimals)
               .attr("cy", f.py(series.values[i]), kDecimals)
               .attr("r", kHoverRadius, kDecimals)
               .attr("fill", hex(series.colour))
               .attr("fill-opacity", "0")
               .with_title(series.label + ", " + m.str() + ": " +
                           plot_value(series.values[i], plot.percent, f.decimals + 2)));
  }
  w.close();
}

void write_legend(svg::Writer& w, const LinePlot& plot, const Frame& f) {
  w.open(svg::Element("g").attr("id", "legend").attr("font-size", kTextPx, kDecimals));
  const double x = f.area.x + f.area.w + kLegendGap;
  for (std::size_t s = 0; s < plot.series.size(); ++s) {
    const double y = f.legend_y[s];
    svg::Element swatch("line");
    swatch.attr("x1", x, kDecimals)
        .attr("y1", y, kDecimals)
        .attr("x2", x + kSwatch, kDecimals)
        .attr("y2", y, kDecimals)
        .attr("stroke", hex(plot.series[s].colour))
        .attr("stroke-width", kStrokeWidth + 1, kDecimals);
    if (!plot.series[s].dash.empty()) swatch.attr("stroke-dasharray", plot.series[s].dash);
    std::string rows = swatch.empty();
    for (std::size_t r = 0; r < f.legend[s].size(); ++r) {
      rows += text(x + kSwatch + kTextPx / 2, y + kTextPx * (0.35 + kLegendRowEm * static_cast<double>(r)), kTextPx,
                   f.legend[s][r]);
    }
    w.line(rows);
  }
  w.close();
}

}  // namespace

std::string line_plot_svg(const LinePlot& plot) {
  const Frame f = line_plot_frame(plot);
  std::ostringstream out;
  svg::Writer w(out);
  w.declaration();
  w.open(svg::root()
             .attr("width", f.width, 0)
             .attr("height", f.height, 0)
             .attr("viewBox", "0 0 " + svg::fixed(f.width, 0) + " " + svg::fixed(f.height, 0))
             .attr("font-family", kFont)
             .attr("fill", "#222222"));
  w.line(svg::Element("rect").attr("width", "100%").attr("height", "100%").attr("fill", "#ffffff").empty());
  write_heading(w, plot, f);
  write_y_axis(w, plot, f);
  write_x_axis(w, plot, f);
  for (std::size_t s = 0; s < plot.series.size(); ++s) write_series(w, plot, f, s);
  write_legend(w, plot, f);
  w.close();
  return out.str();
}

}  // namespace stackrace::viz
