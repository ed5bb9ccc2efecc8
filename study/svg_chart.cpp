#include "study/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <tuple>

#include "base/axis_ticks.h"
#include "base/svg.h"
#include "base/text_escape.h"

namespace stackrace {

namespace {

using svg::Element;

// Layout in SVG user units (pixels at 100% zoom).
constexpr double kWidth = 760, kLabelWidth = 260, kPlotWidth = 440, kRowHeight = 26, kPanelGap = 30;
constexpr double kPanelHeader = 40, kTitleHeight = 40, kLegendHeight = 24, kTickLabels = 20;
// The curve row: a subtitle, then small charts side by side with their x labels under them.
constexpr double kCurveHeader = 22, kCurveHeight = 110, kCurveAxisLabels = 34, kCurveLeft = 70, kCurveRight = 24, kCurveGap = 44;
constexpr double kTargetTicks = 5, kCurveTargetTicks = 3;
constexpr const char* kGrid = "#e3e3e3";
constexpr const char* kAxis = "#333";
constexpr const char* kWarn = "#d55e00";  // Okabe & Ito vermillion
constexpr double kFadedOpacity = 0.35;
constexpr double kCaptionLine = 16, kDotRadius = 4;
constexpr const char* kTarget = "#009e73";  // Okabe & Ito bluish green

bool weak_fit(const ChartPanel& p) { return std::isfinite(p.r2) && p.r2 < kWeakFitR2; }

double curves_height(const ChartPanel& p) {
  return p.curves.empty() ? 0 : kCurveHeader + kCurveHeight + kCurveAxisLabels;
}

double panel_height(const ChartPanel& p) {
  return kPanelHeader + kRowHeight * static_cast<double>(p.rows.size()) + kTickLabels + curves_height(p) + kPanelGap;
}

double chart_height(const std::vector<ChartPanel>& panels, double heading) {
  double height = heading + kLegendHeight;
  for (const ChartPanel& p : panels) height += panel_height(p);
  return height;
}

std::string line(double x1, double y1, double x2, double y2, const char* colour) {
  return Element("line")
      .attr("x1", x1, 1)
      .attr("y1", y1, 1)
      .attr("x2", x2, 1)
      .attr("y2", y2, 1)
      .attr("stroke", colour)
      .empty();
}

std::string tick_text(double v, int decimals) { return svg::fixed(std::fabs(v) < 1e-12 ? 0.0 : v, decimals); }

// Legend entries side by side, each a swatch and its label on one line.
void draw_legend(svg::Writer& out, const std::vector<ChartLegend>& legend, double y) {
  double x = 10;
  for (const ChartLegend& l : legend) {
    const Element swatch = Element("rect")
                               .attr("x", x, 0)
                               .attr("y", y, 0)
                               .attr("width", 12)
                               .attr("height", 12)
                               .attr("fill", l.colour);
    const Element label = Element("text").attr("x", x + 16, 0).attr("y", y + 10, 0);
    out.line(swatch.empty() + label.with_text(l.label));
    x += 30 + 7 * static_cast<double>(l.label.size());
  }
}

// The lowest and highest of a panel's bars (and zero, where a bar is drawn
// from it), and of its whisker ends. Dots need no zero: a log10 FLOP of 29
// on an axis from 0 hid every difference between scenarios.
struct Extent {
  double lo = std::numeric_limits<double>::infinity(), hi = -std::numeric_limits<double>::infinity();
  void add(double v) {
    if (!std::isfinite(v)) return;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  Extent or_zero() const { return lo <= hi ? *this : Extent{0, 0, from_zero}; }
  bool from_zero = false;  // some bar is drawn from zero
};

void extend(const ChartPanel& p, Extent& bars, Extent& whiskers) {
  for (const ChartRow& r : p.rows) {
    for (Extent* e : {&bars, &whiskers}) {
      e->add(r.target_low);
      e->add(r.target_high);
    }
    for (const ChartBar& b : r.bars) {
      if (!b.dot) {
        bars.add(0);
        whiskers.add(0);
        bars.from_zero = true;
      }
      bars.add(b.value);
      whiskers.add(b.value);
      if (std::isfinite(b.low) && std::isfinite(b.high)) {
        whiskers.add(b.low);
        whiskers.add(b.high);
      }
    }
  }
}

// Where values fall on a panel's horizontal axis: round ticks that hold
// every bar whole and every whisker whole unless the whiskers reach more than
// kWhiskerReach times as far as the bars (an interval from a handful of
// samples); such a whisker stops at the axis's end with an arrow and the
// value it reaches, so that the bars stay readable and nothing is cut
// without saying so.
constexpr double kWhiskerReach = 3;

class PanelAxis {
 public:
  PanelAxis(Extent bars, Extent whiskers, bool symmetric) {
    Extent shown = whiskers;
    const double bar_span = std::max(bars.hi - bars.lo, 1e-12);
    // Dots with whiskers (intervals) show their whiskers whole: there the
    // intervals are what is read.
    if (bars.from_zero && whiskers.hi - whiskers.lo > kWhiskerReach * bar_span) {
      // Room for half the bars' span past them on a side with a long whisker.
      shown = bars;
      if (whiskers.lo < bars.lo) shown.lo = std::max(whiskers.lo, bars.lo - bar_span / 2);
      if (whiskers.hi > bars.hi) shown.hi = std::min(whiskers.hi, bars.hi + bar_span / 2);
    }
    if (symmetric) {
      const double m = std::max(-shown.lo, shown.hi);
      shown = {-m, m};
    }
    ticks_ = tick_axis(shown.lo, shown.hi, kTargetTicks);
    per_unit_ = kPlotWidth / (ticks_.max - ticks_.min);
  }
  const TickAxis& ticks() const { return ticks_; }
  double at(double v) const { return kLabelWidth + (v - ticks_.min) * per_unit_; }
  bool holds(double v) const { return v >= ticks_.min - 1e-12 && v <= ticks_.max + 1e-12; }
  double clamp(double v) const { return std::clamp(v, ticks_.min, ticks_.max); }

 private:
  TickAxis ticks_;
  double per_unit_ = 1;
};

PanelAxis axis_for(const std::vector<ChartPanel>& panels, const ChartPanel& p, ChartScale scale) {
  Extent bars, whiskers;
  if (scale == ChartScale::kShared) {
    for (const ChartPanel& q : panels) extend(q, bars, whiskers);
  } else {
    extend(p, bars, whiskers);
  }
  return PanelAxis(bars.or_zero(), whiskers.or_zero(), p.signed_axis);
}

// The panel's title, its R^2 (marked when weak), and its subtitle.
void draw_heading(svg::Writer& out, const ChartPanel& p, double y) {
  out.line(Element("text")
               .attr("x", 10)
               .attr("y", y + 16, 0)
               .attr("font-size", 14)
               .attr("font-weight", "bold")
               .with_text(p.title));
  if (std::isfinite(p.r2)) {
    const std::string r2 = "R^2 " + svg::fixed(p.r2, 2) + (p.r2_label.empty() ? "" : " (" + p.r2_label + ")");
    Element e("text");
    e.attr("x", kWidth - 10, 0).attr("y", y + 16, 0).attr("text-anchor", "end").attr("class", "r2");
    if (weak_fit(p)) {
      e.attr("fill", kWarn).attr("font-weight", "bold");
      out.line(e.with_text("! weak fit: " + r2 + " < " + svg::fixed(kWeakFitR2, 1) + ", ranking unreliable"));
    } else {
      out.line(e.with_text(r2));
    }
  }
  out.line(Element("text").attr("x", 10).attr("y", y + 32, 0).attr("fill", "#555").with_text(p.subtitle));
}

// A grid line and a label at each tick, the zero line darker.
void draw_ticks(svg::Writer& out, const PanelAxis& axis, double top, double bottom) {
  const TickAxis& t = axis.ticks();
  const int decimals = tick_decimals(t.step);
  const int steps = static_cast<int>(std::lround((t.max - t.min) / t.step));
  out.open(Element("g").attr("class", "x-axis").attr("fill", "#555"));
  for (int k = 0; k <= steps; ++k) {
    const double v = t.min + k * t.step;
    const double x = axis.at(v);
    out.line(line(x, top, x, bottom, std::fabs(v) < 1e-12 ? kAxis : kGrid) +
             Element("text")
                 .attr("x", x, 1)
                 .attr("y", bottom + 14, 1)
                 .attr("text-anchor", "middle")
                 .with_text(tick_text(v, decimals)));
  }
  out.close();
}

// A row: its label, then its bars stacked within the row's height, each with
// its value as a tooltip and its interval as a whisker with end caps.
void draw_row(svg::Writer& out, const ChartRow& r, const PanelAxis& axis, double row_top, bool faded) {
  out.line(Element("text")
               .attr("x", kLabelWidth - 8, 0)
               .attr("y", row_top + kRowHeight / 2 + 4, 1)
               .attr("text-anchor", "end")
               .with_text(r.label));
  if (std::isfinite(r.target_low) || std::isfinite(r.target_high)) {
    const double t0 = axis.at(std::isfinite(r.target_low) ? r.target_low : axis.ticks().min);
    const double t1 = axis.at(std::isfinite(r.target_high) ? r.target_high : axis.ticks().max);
    out.line(Element("rect")
                 .attr("class", "target")
                 .attr("x", t0, 1)
                 .attr("y", row_top + 1, 1)
                 .attr("width", std::max(t1 - t0, 1.0), 1)
                 .attr("height", kRowHeight - 2, 1)
                 .attr("fill", kTarget)
                 .attr("fill-opacity", 0.2, 1)
                 .with_title(r.target_label));
  }
  const double bar_height = (kRowHeight - 6) / static_cast<double>(std::max<std::size_t>(1, r.bars.size()));
  for (std::size_t k = 0; k < r.bars.size(); ++k) {
    const ChartBar& b = r.bars[k];
    const double by = row_top + 3 + bar_height * static_cast<double>(k);
    const double value = std::isfinite(b.value) ? b.value : 0.0;
    const double x0 = std::min(axis.at(0), axis.at(value)), x1 = std::max(axis.at(0), axis.at(value));
    const bool whisker = std::isfinite(b.low) && std::isfinite(b.high);
    std::string tip = r.label + ": " + svg::significant(b.value, 4);
    if (whisker) tip += " [" + svg::significant(b.low, 3) + ", " + svg::significant(b.high, 3) + "]";
    Element bar(b.dot ? "circle" : "rect");
    if (b.dot) {
      bar.attr("cx", axis.at(value), 1).attr("cy", by + bar_height / 2, 1).attr("r", kDotRadius, 1);
    } else {
      bar.attr("x", x0, 1).attr("y", by, 1).attr("width", x1 - x0, 1).attr("height", bar_height - 1, 1);
    }
    bar.attr("fill", b.colour);
    if (faded) bar.attr("fill-opacity", kFadedOpacity, 2);
    out.line(bar.with_title(tip));
    if (whisker) {
      const double wy = by + bar_height / 2, cap = std::min(3.0, bar_height / 2);
      // The interval, with a cap at each end so that its ends read as ends;
      // an end past the axis gets an arrow at the axis's end and its value.
      const double lo = axis.at(axis.clamp(b.low)), hi = axis.at(axis.clamp(b.high));
      svg::PathData d(1);
      d.move_to(lo, wy);
      d.line_to(hi, wy);
      for (const auto& [end, x, outward] : {std::tuple{b.low, lo, -1.0}, std::tuple{b.high, hi, 1.0}}) {
        if (axis.holds(end)) {
          d.move_to(x, wy - cap);
          d.line_to(x, wy + cap);
        } else {
          d.move_to(x - outward * 5, wy - cap);
          d.line_to(x, wy);
          d.line_to(x - outward * 5, wy + cap);
        }
      }
      out.line(Element("path")
                   .attr("class", "whisker")
                   .attr("d", d.str())
                   .attr("stroke", "#000")
                   .attr("fill", "none")
                   .empty());
      for (const auto& [end, x, outward] : {std::tuple{b.low, lo, -1.0}, std::tuple{b.high, hi, 1.0}}) {
        if (axis.holds(end)) continue;
        out.line(Element("text")
                     .attr("class", "clipped")
                     .attr("x", x - outward * 8, 1)
                     .attr("y", wy + 3, 1)
                     .attr("font-size", 9)
                     .attr("text-anchor", outward > 0 ? "end" : "start")
                     .with_text((outward > 0 ? "to " : "from ") + svg::significant(end, 3)));
      }
    }
  }
}

// The vertical axis that the curves of one panel share.
TickAxis curves_axis(const ChartPanel& p) {
  Extent e{INFINITY, -INFINITY};
  for (const ChartCurve& c : p.curves) {
    for (const std::vector<double>* v : {&c.mean, &c.low, &c.high}) {
      for (double value : *v) e.add(value);
    }
  }
  if (!std::isfinite(e.lo)) e = {0, 0};
  return tick_axis(e.lo, e.hi, kCurveTargetTicks);
}

// Where one small chart of the curve row lies, and its axes.
struct CurveFrame {
  double left = 0, width = 0, top = 0, bottom = 0;
  TickAxis x, y;
  double px(double v) const { return left + (v - x.min) / (x.max - x.min) * width; }
  double py(double v) const { return bottom - (v - y.min) / (y.max - y.min) * (bottom - top); }
};

// Grid lines at the y ticks (labelled on the first chart only: the axis is
// shared), ticks and labels along x.
void draw_curve_axes(svg::Writer& out, const CurveFrame& f, bool label_y) {
  const int y_decimals = tick_decimals(f.y.step), x_decimals = tick_decimals(f.x.step);
  const int ysteps = static_cast<int>(std::lround((f.y.max - f.y.min) / f.y.step));
  for (int k = 0; k <= ysteps; ++k) {
    const double v = f.y.min + k * f.y.step;
    std::string markup = line(f.left, f.py(v), f.left + f.width, f.py(v), std::fabs(v) < 1e-12 ? kAxis : kGrid);
    if (label_y) {
      markup += Element("text")
                    .attr("x", f.left - 6, 1)
                    .attr("y", f.py(v) + 4, 1)
                    .attr("text-anchor", "end")
                    .attr("fill", "#555")
                    .with_text(tick_text(v, y_decimals));
    }
    out.line(markup);
  }
  const int xsteps = static_cast<int>(std::lround((f.x.max - f.x.min) / f.x.step));
  for (int k = 0; k <= xsteps; ++k) {
    const double v = f.x.min + k * f.x.step;
    out.line(line(f.px(v), f.bottom, f.px(v), f.bottom + 4, kAxis) + Element("text")
                                                                      .attr("x", f.px(v), 1)
                                                                      .attr("y", f.bottom + 15, 1)
                                                                      .attr("text-anchor", "middle")
                                                                      .attr("fill", "#555")
                                                                      .with_text(tick_text(v, x_decimals)));
  }
  out.line(line(f.left, f.bottom, f.left + f.width, f.bottom, kAxis));
}

// One curve: the band from low to high shaded under the mean line, the factor named under it.
void draw_curve(svg::Writer& out, const std::string& outcome, const ChartCurve& curve, const CurveFrame& f) {
  svg::PointList band(1), mean(1);
  for (std::size_t i = 0; i < curve.x.size(); ++i) band.add(f.px(curve.x[i]), f.py(curve.high[i]));
  for (std::size_t i = curve.x.size(); i-- > 0;) band.add(f.px(curve.x[i]), f.py(curve.low[i]));
  for (std::size_t i = 0; i < curve.x.size(); ++i) mean.add(f.px(curve.x[i]), f.py(curve.mean[i]));
  out.line(Element("polygon").attr("points", band.str()).attr("fill", "#0072b2").attr("fill-opacity", 0.18, 2).empty());
  out.line(Element("polyline")
               .attr("points", mean.str())
               .attr("fill", "none")
               .attr("stroke", "#0072b2")
               .attr("stroke-width", 2)
               .with_title(outcome + " against " + curve.label));
  out.line(Element("text")
               .attr("x", f.left + f.width / 2, 1)
               .attr("y", f.bottom + 30, 1)
               .attr("text-anchor", "middle")
               .with_text(curve.label));
}

// The curve row: one small chart per curve, all on one vertical axis.
void draw_curves(svg::Writer& out, const ChartPanel& p, double y) {
  out.line(Element("text").attr("x", 10).attr("y", y + 15, 0).attr("fill", "#555").with_text(p.curves_subtitle));
  const double count = static_cast<double>(p.curves.size());
  CurveFrame f;
  f.y = curves_axis(p);
  f.top = y + kCurveHeader;
  f.bottom = f.top + kCurveHeight;
  f.width = (kWidth - kCurveLeft - kCurveRight - kCurveGap * (count - 1)) / count;
  for (std::size_t c = 0; c < p.curves.size(); ++c) {
    const ChartCurve& curve = p.curves[c];
    f.left = kCurveLeft + static_cast<double>(c) * (f.width + kCurveGap);
    double xmin = curve.x_min, xmax = curve.x_max;
    for (double x : curve.x) {
      xmin = std::min(xmin, x);
      xmax = std::max(xmax, x);
    }
    f.x = tick_axis(xmin, xmax, kCurveTargetTicks);
    out.open(Element("g").attr("class", "curve"));
    draw_curve_axes(out, f, c == 0);
    draw_curve(out, p.title, curve, f);
    out.close();
  }
}

// The caption's lines, each broken after ", " where it would run past the
// chart's width (a comparison's --set list did), continuations indented. The
// width is estimated at 0.55 em a character of the 12 px text.
std::vector<std::string> wrapped_caption(const std::vector<std::string>& caption) {
  constexpr double kCharPx = 12 * 0.55, kMargin = 10;
  const auto room = static_cast<std::size_t>((kWidth - 2 * kMargin) / kCharPx);
  std::vector<std::string> out;
  for (const std::string& line : caption) {
    for (std::string& wrapped : wrap_after_commas(line, room, "    ")) out.push_back(std::move(wrapped));
  }
  return out;
}

}  // namespace

std::string svg_chart(const std::string& title, const std::vector<ChartPanel>& panels,
                      const std::vector<ChartLegend>& legend, ChartScale scale,
                      const std::vector<std::string>& caption) {
  const std::vector<std::string> lines = wrapped_caption(caption);
  std::ostringstream text;
  svg::Writer out(text);
  const double heading = kTitleHeight + kCaptionLine * static_cast<double>(lines.size());
  out.open(svg::root()
               .attr("width", kWidth, 0)
               .attr("height", chart_height(panels, heading), 0)
               .attr("font-family", "sans-serif")
               .attr("font-size", 12));
  out.line(Element("rect").attr("width", "100%").attr("height", "100%").attr("fill", "white").empty());
  out.line(
      Element("text").attr("x", 10).attr("y", 24).attr("font-size", 16).attr("font-weight", "bold").with_text(title));
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out.line(Element("text")
                 .attr("x", 10)
                 .attr("y", kTitleHeight + kCaptionLine * static_cast<double>(i), 0)
                 .attr("fill", "#555")
                 .with_text(lines[i]));
  }
  draw_legend(out, legend, heading);
  double y = heading + kLegendHeight;
  for (const ChartPanel& p : panels) {
    const PanelAxis axis = axis_for(panels, p, scale);
    const double top = y + kPanelHeader;
    const double bottom = top + kRowHeight * static_cast<double>(p.rows.size());
    out.open(Element("g").attr("class", "panel"));
    draw_heading(out, p, y);
    draw_ticks(out, axis, top, bottom);
    for (std::size_t i = 0; i < p.rows.size(); ++i)
      draw_row(out, p.rows[i], axis, top + kRowHeight * static_cast<double>(i), weak_fit(p));
    if (!p.curves.empty()) draw_curves(out, p, bottom + kTickLabels);
    out.close();
    y += panel_height(p);
  }
  out.close();
  return text.str();
}

}  // namespace stackrace
