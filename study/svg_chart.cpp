#include "study/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "base/text_escape.h"

namespace stackrace {

namespace {

// Layout in SVG user units (pixels at 100% zoom).
constexpr double kWidth = 760, kLabelWidth = 260, kPlotWidth = 440, kRowHeight = 26, kPanelGap = 30;
constexpr double kPanelHeader = 40, kTitleHeight = 40, kLegendHeight = 24;

std::string fmt(const char* format, double a) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, a);
  return buf;
}

double finite_or_zero(double v) { return std::isfinite(v) ? v : 0.0; }

}  // namespace

std::string svg_chart(const std::string& title, const std::vector<ChartPanel>& panels,
                      const std::vector<ChartLegend>& legend) {
  double height = kTitleHeight + kLegendHeight;
  for (const ChartPanel& p : panels)
    height += kPanelHeader + kRowHeight * static_cast<double>(p.rows.size()) + kPanelGap;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + fmt("%.0f", kWidth) + "\" height=\"" +
                    fmt("%.0f", height) + "\" font-family=\"sans-serif\" font-size=\"12\">\n";
  svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  svg += "<text x=\"10\" y=\"24\" font-size=\"16\" font-weight=\"bold\">" + xml_escape(title) + "</text>\n";
  double x = 10;
  for (const ChartLegend& l : legend) {
    svg += "<rect x=\"" + fmt("%.0f", x) + "\" y=\"" + fmt("%.0f", kTitleHeight) +
           "\" width=\"12\" height=\"12\" fill=\"" + l.colour + "\"/>";
    svg += "<text x=\"" + fmt("%.0f", x + 16) + "\" y=\"" + fmt("%.0f", kTitleHeight + 10) + "\">" +
           xml_escape(l.label) + "</text>\n";
    x += 30 + 7 * static_cast<double>(l.label.size());
  }
  double y = kTitleHeight + kLegendHeight;
  for (const ChartPanel& p : panels) {
    double scale = 0;
    for (const ChartRow& r : p.rows)
      for (const ChartBar& b : r.bars) scale = std::max(scale, std::fabs(finite_or_zero(b.value)));
    if (scale <= 0) scale = 1;
    const double zero = kLabelWidth + (p.signed_axis ? kPlotWidth / 2 : 0);
    const double per_unit = (p.signed_axis ? kPlotWidth / 2 : kPlotWidth) / scale;
    // The scale follows the bars; a wide interval (few samples) is clipped at
    // the plot's edges rather than shrinking every bar.
    const double left = p.signed_axis ? kLabelWidth : kLabelWidth - 4, right = kLabelWidth + kPlotWidth + 4;
    auto at = [&](double v) { return std::clamp(zero + finite_or_zero(v) * per_unit, left, right); };

    svg += "<text x=\"10\" y=\"" + fmt("%.0f", y + 16) + "\" font-size=\"14\" font-weight=\"bold\">" +
           xml_escape(p.title) + "</text>\n";
    svg += "<text x=\"10\" y=\"" + fmt("%.0f", y + 32) + "\" fill=\"#555\">" + xml_escape(p.subtitle) + "</text>\n";
    const double top = y + kPanelHeader;
    const double bottom = top + kRowHeight * static_cast<double>(p.rows.size());
    svg += "<line x1=\"" + fmt("%.1f", zero) + "\" y1=\"" + fmt("%.1f", top) + "\" x2=\"" + fmt("%.1f", zero) +
           "\" y2=\"" + fmt("%.1f", bottom) + "\" stroke=\"#333\"/>\n";
    // Axis end labels: the scale of the bars.
    svg += "<text x=\"" + fmt("%.1f", kLabelWidth + kPlotWidth) + "\" y=\"" + fmt("%.1f", bottom + 14) +
           "\" text-anchor=\"end\" fill=\"#555\">" + fmt("%.3g", scale) + "</text>\n";
    if (p.signed_axis)
      svg += "<text x=\"" + fmt("%.1f", kLabelWidth) + "\" y=\"" + fmt("%.1f", bottom + 14) + "\" fill=\"#555\">" +
             fmt("%.3g", -scale) + "</text>\n";
    for (std::size_t i = 0; i < p.rows.size(); ++i) {
      const ChartRow& r = p.rows[i];
      const double row_top = top + kRowHeight * static_cast<double>(i);
      svg += "<text x=\"" + fmt("%.0f", kLabelWidth - 8) + "\" y=\"" + fmt("%.1f", row_top + kRowHeight / 2 + 4) +
             "\" text-anchor=\"end\">" + xml_escape(r.label) + "</text>\n";
      const double bar_height = (kRowHeight - 6) / static_cast<double>(std::max<std::size_t>(1, r.bars.size()));
      for (std::size_t k = 0; k < r.bars.size(); ++k) {
        const ChartBar& b = r.bars[k];
        const double by = row_top + 3 + bar_height * static_cast<double>(k);
        const double x0 = std::min(at(0), at(b.value)), x1 = std::max(at(0), at(b.value));
        svg += "<rect x=\"" + fmt("%.1f", x0) + "\" y=\"" + fmt("%.1f", by) + "\" width=\"" + fmt("%.1f", x1 - x0) +
               "\" height=\"" + fmt("%.1f", bar_height - 1) + "\" fill=\"" + b.colour + "\"><title>" +
               xml_escape(r.label) + ": " + fmt("%.4g", b.value) + "</title></rect>\n";
        if (std::isfinite(b.low) && std::isfinite(b.high)) {
          const double wy = by + bar_height / 2;
          svg += "<line x1=\"" + fmt("%.1f", at(b.low)) + "\" y1=\"" + fmt("%.1f", wy) + "\" x2=\"" +
                 fmt("%.1f", at(b.high)) + "\" y2=\"" + fmt("%.1f", wy) + "\" stroke=\"#000\"/>\n";
        }
      }
    }
    y = bottom + kPanelGap;
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace stackrace
