#include "study/series_report.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

#include "base/axis_ticks.h"
#include "base/svg.h"

namespace stackrace {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string num(double v) {
  if (std::isnan(v)) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

// "point 3: beta=0.25, q=0.03", with the point's option where the study has them.
std::string point_label(const StudyPlan& plan, std::size_t p) {
  std::string label = "point " + std::to_string(p) + ":";
  if (!plan.options.empty()) label += " option " + plan.options[plan.option_of(p)].name + ";";
  for (std::size_t f = 0; f < plan.factors.size(); ++f)
    label += (f ? ", " : " ") + plan.factors[f].name + "=" + num(plan.points[p][f]);
  return label;
}

}  // namespace

std::vector<RecordTrajectories> record_trajectories(const StudyPlan& plan, const std::vector<StoredRun>& runs) {
  std::vector<RecordTrajectories> out;
  for (std::size_t r = 0; r < plan.records.size(); ++r) {
    RecordTrajectories t;
    t.name = plan.records[r].name;
    for (std::size_t p = 0; p < plan.point_count(); ++p) t.labels.push_back(point_label(plan, p));
    for (const StoredRun& run : runs) {
      if (!run.ok() || run.recorded.size() <= r || run.recorded[r].empty()) continue;
      for (const RecordedValue& v : run.recorded[r]) t.months.push_back(v.month);
      break;
    }
    std::vector<std::vector<double>> sum(plan.point_count(), std::vector<double>(t.months.size(), 0.0));
    std::vector<std::vector<int>> count(plan.point_count(), std::vector<int>(t.months.size(), 0));
    for (const StoredRun& run : runs) {
      if (!run.ok() || run.recorded.size() <= r) continue;
      const auto p = static_cast<std::size_t>(run.point);
      for (std::size_t k = 0; k < std::min(t.months.size(), run.recorded[r].size()); ++k) {
        sum[p][k] += run.recorded[r][k].value;
        ++count[p][k];
      }
    }
    for (std::size_t p = 0; p < sum.size(); ++p) {
      for (std::size_t k = 0; k < t.months.size(); ++k) sum[p][k] = count[p][k] ? sum[p][k] / count[p][k] : kNaN;
    }
    t.points = std::move(sum);
    out.push_back(std::move(t));
  }
  return out;
}

void print_records(const std::vector<RecordTrajectories>& records, std::ostream& out) {
  for (const RecordTrajectories& t : records) {
    out << "\nrecorded " << t.name << "  (over design points: mean, lowest and highest point; per point in "
        << "summary.csv)\n";
    for (std::size_t k = 0; k < t.months.size(); ++k) {
      double sum = 0, low = INFINITY, high = -INFINITY;
      int n = 0;
      for (const std::vector<double>& point : t.points) {
        if (std::isnan(point[k])) continue;
        sum += point[k];
        low = std::min(low, point[k]);
        high = std::max(high, point[k]);
        ++n;
      }
      char line[160];
      std::snprintf(line, sizeof line, "  %s  mean %10s   lowest %10s   highest %10s\n", t.months[k].c_str(),
                    num(n ? sum / n : kNaN).c_str(), num(n ? low : kNaN).c_str(), num(n ? high : kNaN).c_str());
      out << line;
    }
  }
}

namespace {

// A design with this many points or fewer gets a colour a point and a key.
constexpr std::size_t kKeyedPoints = 8;
// Okabe & Ito (2008), colour-blind safe, then the blue every point gets in a large design.
constexpr std::array<const char*, kKeyedPoints> kPointColours = {"#0072b2", "#e69f00", "#009e73", "#d55e00",
                                                                "#cc79a7", "#56b4e9", "#000000", "#f0e442"};
constexpr double kKeyLine = 15;  // px a key line takes

}  // namespace

namespace {

constexpr double kWidth = 760, kLeft = 80, kPlotWidth = 640, kPlotHeight = 220, kPanel = 280, kTop = 40;

double key_height(const RecordTrajectories& t) {
  return t.points.size() <= kKeyedPoints ? kKeyLine * static_cast<double>(t.points.size()) : 0.0;
}

std::string label_of(const RecordTrajectories& t, std::size_t p) {
  return p < t.labels.size() ? t.labels[p] : "point " + std::to_string(p);
}

// One record's panel, its plot area from `top`: round ticks, a line per
// design point with its label on hover, and the key of a small design.
void series_panel(svg::Writer& out, const RecordTrajectories& t, double top) {
  double low = INFINITY, high = -INFINITY;
  for (const auto& point : t.points) {
    for (double v : point) {
      if (std::isnan(v)) continue;
      low = std::min(low, v);
      high = std::max(high, v);
    }
  }
  if (!(high >= low)) low = 0, high = 1;
  const TickAxis axis = tick_axis(low, high, 4);
  const bool keyed = t.points.size() <= kKeyedPoints;
  out.line(svg::Element("text").attr("x", 10).attr("y", top - 6, 1).attr("font-weight", "bold").with_text(
      t.name + " (one line per design point" + (keyed ? "" : ", its factor values on hover") + "; " +
      svg::significant(low, 4) + " .. " + svg::significant(high, 4) + ")"));
  auto x = [&](std::size_t k) {
    return kLeft + (t.months.size() > 1 ? kPlotWidth * static_cast<double>(k) / (t.months.size() - 1) : 0.0);
  };
  auto y = [&](double v) { return top + kPlotHeight * (1 - (v - axis.min) / (axis.max - axis.min)); };
  const int decimals = tick_decimals(axis.step);
  for (int i = 0; axis.min + i * axis.step <= axis.max + axis.step / 2; ++i) {
    const double v = axis.min + i * axis.step;
    out.line(svg::Element("line").attr("x1", kLeft, 0).attr("x2", kLeft + kPlotWidth, 0).attr("y1", y(v), 1)
                 .attr("y2", y(v), 1).attr("stroke", "#e5e5e5").empty() +
             svg::Element("text").attr("x", kLeft - 6, 0).attr("y", y(v) + 4, 1).attr("text-anchor", "end")
                 .with_text(svg::fixed(v, decimals)));
  }
  out.line(svg::Element("rect").attr("x", kLeft, 0).attr("y", top, 1).attr("width", kPlotWidth, 0)
               .attr("height", kPlotHeight, 0).attr("fill", "none").attr("stroke", "#888888").empty());
  for (std::size_t p = 0; p < t.points.size(); ++p) {
    svg::PointList line(1);
    for (std::size_t k = 0; k < t.points[p].size(); ++k)
      if (!std::isnan(t.points[p][k])) line.add(x(k), y(t.points[p][k]));
    out.open(svg::Element("g"));
    out.line(svg::Element("title").with_text(label_of(t, p)));
    out.line(svg::Element("polyline").attr("points", line.str()).attr("fill", "none")
                 .attr("stroke", keyed ? kPointColours[p] : kPointColours[0])
                 .attr("stroke-width", keyed ? "2" : "1").attr("stroke-opacity", keyed ? "0.9" : "0.35").empty());
    out.close();
  }
  for (std::size_t k : {std::size_t{0}, t.months.empty() ? 0 : t.months.size() - 1}) {
    if (t.months.empty()) break;
    out.line(svg::Element("text").attr("x", x(k), 1).attr("y", top + kPlotHeight + 16, 1)
                 .attr("text-anchor", "middle").with_text(t.months[k]));
  }
  for (std::size_t p = 0; keyed && p < t.points.size(); ++p) {
    const double key_y = top + kPlotHeight + 34 + kKeyLine * static_cast<double>(p);
    out.line(svg::Element("line").attr("x1", kLeft, 0).attr("x2", kLeft + 24, 0).attr("y1", key_y - 4, 1)
                 .attr("y2", key_y - 4, 1).attr("stroke", kPointColours[p]).attr("stroke-width", "2").empty() +
             svg::Element("text").attr("x", kLeft + 30, 0).attr("y", key_y, 1).with_text(label_of(t, p)));
  }
}

}  // namespace

std::string series_svg(const std::string& title, const std::vector<RecordTrajectories>& records) {
  double height = kTop;
  for (const RecordTrajectories& t : records) height += kPanel + key_height(t);
  std::ostringstream text;
  svg::Writer out(text);
  out.open(svg::root()
               .attr("width", static_cast<int>(kWidth))
               .attr("height", height, 0)
               .attr("font-family", "sans-serif")
               .attr("font-size", 12));
  out.line(svg::Element("text").attr("x", 10).attr("y", 24).attr("font-size", 15).with_text(title));
  double panel_top = kTop;
  for (const RecordTrajectories& t : records) {
    series_panel(out, t, panel_top + 24);
    panel_top += kPanel + key_height(t);
  }
  out.close();
  return text.str();
}

}  // namespace stackrace
