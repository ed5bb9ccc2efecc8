#include "study/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "base/svg.h"

namespace stackrace {

namespace {

using svg::Element;

// Layout in SVG user units (pixels at 100% zoom).
constexpr double kWidth = 760, kLabelWidth = 260, kPlotWidth = 440, kRowHeight = 26, kPanelGap = 30;
constexpr double kPanelHeader = 40, kTitleHeight = 40, kLegendHeight = 24;

double finite_or_zero(double v) { return std::isfinite(v) ? v : 0.0; }

double chart_height(const std::vector<ChartPanel>& panels) {
  double height = kTitleHeight + kLegendHeight;
  for (const ChartPanel& p : panels)
    height += kPanelHeader + kRowHeight * static_cast<double>(p.rows.size()) + kPanelGap;
  return height;
}

// Legend entries side by side, each a swatch and its label on one line.
void draw_legend(svg::Writer& out, const std::vector<ChartLegend>& legend) {
  double x = 10;
  for (const ChartLegend& l : legend) {
    const Element swatch = Element("rect")
                               .attr("x", x, 0)
                               .attr("y", kTitleHeight, 0)
                               .attr("width", 12)
                               .attr("height", 12)
                               .attr("fill", l.colour);
    const Element label = Element("text").attr("x", x + 16, 0).attr("y", kTitleHeight + 10, 0);
    out.line(swatch.empty() + label.with_text(l.label));
    x += 30 + 7 * static_cast<double>(l.label.size());
  }
}

// Where values fall on a panel's horizontal axis.
class PanelAxis {
 public:
  explicit PanelAxis(const ChartPanel& p) : signed_(p.signed_axis) {
    for (const ChartRow& r : p.rows)
      for (const ChartBar& b : r.bars) scale_ = std::max(scale_, std::fabs(finite_or_zero(b.value)));
    if (scale_ <= 0) scale_ = 1;
    zero_ = kLabelWidth + (signed_ ? kPlotWidth / 2 : 0);
    per_unit_ = (signed_ ? kPlotWidth / 2 : kPlotWidth) / scale_;
  }
  double scale() const { return scale_; }
  double zero() const { return zero_; }
  // The scale follows the bars; a wide interval (few samples) is clipped at
  // the plot's edges rather than shrinking every bar.
  double at(double v) const {
    const double left = signed_ ? kLabelWidth : kLabelWidth - 4, right = kLabelWidth + kPlotWidth + 4;
    return std::clamp(zero_ + finite_or_zero(v) * per_unit_, left, right);
  }

 private:
  bool signed_;
  double scale_ = 0, zero_ = 0, per_unit_ = 0;
};

// The panel's title and subtitle, its zero line from top to bottom, and the
// scale of the bars at the axis's ends.
void draw_panel_frame(svg::Writer& out, const ChartPanel& p, const PanelAxis& axis, double y, double top,
                      double bottom) {
  out.line(Element("text")
               .attr("x", 10)
               .attr("y", y + 16, 0)
               .attr("font-size", 14)
               .attr("font-weight", "bold")
               .with_text(p.title));
  out.line(Element("text").attr("x", 10).attr("y", y + 32, 0).attr("fill", "#555").with_text(p.subtitle));
  out.line(Element("line")
               .attr("x1", axis.zero(), 1)
               .attr("y1", top, 1)
               .attr("x2", axis.zero(), 1)
               .attr("y2", bottom, 1)
               .attr("stroke", "#333")
               .empty());
  out.line(Element("text")
               .attr("x", kLabelWidth + kPlotWidth, 1)
               .attr("y", bottom + 14, 1)
               .attr("text-anchor", "end")
               .attr("fill", "#555")
               .with_text(svg::significant(axis.scale(), 3)));
  if (p.signed_axis) {
    out.line(Element("text")
                 .attr("x", kLabelWidth, 1)
                 .attr("y", bottom + 14, 1)
                 .attr("fill", "#555")
                 .with_text(svg::significant(-axis.scale(), 3)));
  }
}

// A row: its label, then its bars stacked within the row's height, each with
// its value as a tooltip and its interval as a whisker.
void draw_row(svg::Writer& out, const ChartRow& r, const PanelAxis& axis, double row_top) {
  out.line(Element("text")
               .attr("x", kLabelWidth - 8, 0)
               .attr("y", row_top + kRowHeight / 2 + 4, 1)
               .attr("text-anchor", "end")
               .with_text(r.label));
  const double bar_height = (kRowHeight - 6) / static_cast<double>(std::max<std::size_t>(1, r.bars.size()));
  for (std::size_t k = 0; k < r.bars.size(); ++k) {
    const ChartBar& b = r.bars[k];
    const double by = row_top + 3 + bar_height * static_cast<double>(k);
    const double x0 = std::min(axis.at(0), axis.at(b.value)), x1 = std::max(axis.at(0), axis.at(b.value));
    out.line(Element("rect")
                 .attr("x", x0, 1)
                 .attr("y", by, 1)
                 .attr("width", x1 - x0, 1)
                 .attr("height", bar_height - 1, 1)
                 .attr("fill", b.colour)
                 .with_title(r.label + ": " + svg::significant(b.value, 4)));
    if (std::isfinite(b.low) && std::isfinite(b.high)) {
      const double wy = by + bar_height / 2;
      out.line(Element("line")
                   .attr("x1", axis.at(b.low), 1)
                   .attr("y1", wy, 1)
                   .attr("x2", axis.at(b.high), 1)
                   .attr("y2", wy, 1)
                   .attr("stroke", "#000")
                   .empty());
    }
  }
}

}  // namespace

std::string svg_chart(const std::string& title, const std::vector<ChartPanel>& panels,
                      const std::vector<ChartLegend>& legend) {
  std::ostringstream text;
  svg::Writer out(text);
  out.open(svg::root()
               .attr("width", kWidth, 0)
               .attr("height", chart_height(panels), 0)
               .attr("font-family", "sans-serif")
               .attr("font-size", 12));
  out.line(Element("rect").attr("width", "100%").attr("height", "100%").attr("fill", "white").empty());
  out.line(
      Element("text").attr("x", 10).attr("y", 24).attr("font-size", 16).attr("font-weight", "bold").with_text(title));
  draw_legend(out, legend);
  double y = kTitleHeight + kLegendHeight;
  for (const ChartPanel& p : panels) {
    const PanelAxis axis(p);
    const double top = y + kPanelHeader;
    const double bottom = top + kRowHeight * static_cast<double>(p.rows.size());
    draw_panel_frame(out, p, axis, y, top, bottom);
    for (std::size_t i = 0; i < p.rows.size(); ++i)
      draw_row(out, p.rows[i], axis, top + kRowHeight * static_cast<double>(i));
    y = bottom + kPanelGap;
  }
  out.close();
  return text.str();
}

}  // namespace stackrace
