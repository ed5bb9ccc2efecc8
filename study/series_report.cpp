#include "study/series_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

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

}  // namespace

std::vector<RecordTrajectories> record_trajectories(const StudyPlan& plan, const std::vector<StoredRun>& runs) {
  std::vector<RecordTrajectories> out;
  for (std::size_t r = 0; r < plan.records.size(); ++r) {
    RecordTrajectories t;
    t.name = plan.records[r].name;
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

std::string series_svg(const std::string& title, const std::vector<RecordTrajectories>& records) {
  constexpr double kWidth = 760, kLeft = 80, kPlotWidth = 640, kPlotHeight = 220, kPanel = 280, kTop = 40;
  std::ostringstream text;
  svg::Writer out(text);
  out.open(svg::root()
               .attr("width", static_cast<int>(kWidth))
               .attr("height", kTop + kPanel * static_cast<double>(records.size()), 0)
               .attr("font-family", "sans-serif")
               .attr("font-size", 12));
  out.line(svg::Element("text").attr("x", 10).attr("y", 24).attr("font-size", 15).with_text(title));
  for (std::size_t r = 0; r < records.size(); ++r) {
    const RecordTrajectories& t = records[r];
    const double top = kTop + kPanel * static_cast<double>(r) + 24;
    double low = INFINITY, high = -INFINITY;
    for (const auto& point : t.points) {
      for (double v : point) {
        if (std::isnan(v)) continue;
        low = std::min(low, v);
        high = std::max(high, v);
      }
    }
    if (!(high > low)) high = low + 1;
    out.line(svg::Element("text").attr("x", 10).attr("y", top - 6, 1).attr("font-weight", "bold").with_text(
        t.name + " (one line per design point; " + svg::significant(low, 4) + " .. " + svg::significant(high, 4) +
        ")"));
    out.line(svg::Element("rect").attr("x", kLeft, 0).attr("y", top, 1).attr("width", kPlotWidth, 0)
                 .attr("height", kPlotHeight, 0).attr("fill", "none").attr("stroke", "#888888").empty());
    auto x = [&](std::size_t k) {
      return kLeft + (t.months.size() > 1 ? kPlotWidth * static_cast<double>(k) / (t.months.size() - 1) : 0.0);
    };
    auto y = [&](double v) { return top + kPlotHeight * (1 - (v - low) / (high - low)); };
    for (const auto& point : t.points) {
      svg::PointList line(1);
      for (std::size_t k = 0; k < point.size(); ++k)
        if (!std::isnan(point[k])) line.add(x(k), y(point[k]));
      out.line(svg::Element("polyline").attr("points", line.str()).attr("fill", "none").attr("stroke", "#0072b2")
                   .attr("stroke-opacity", "0.35").empty());
    }
    for (std::size_t k : {std::size_t{0}, t.months.empty() ? 0 : t.months.size() - 1}) {
      if (t.months.empty()) break;
      out.line(svg::Element("text").attr("x", x(k), 1).attr("y", top + kPlotHeight + 16, 1)
                   .attr("text-anchor", "middle").with_text(t.months[k]));
    }
    out.line(svg::Element("text").attr("x", kLeft - 6, 0).attr("y", top + 10, 1).attr("text-anchor", "end")
                 .with_text(svg::significant(high, 4)) +
             svg::Element("text").attr("x", kLeft - 6, 0).attr("y", top + kPlotHeight, 1).attr("text-anchor", "end")
                 .with_text(svg::significant(low, 4)));
  }
  out.close();
  return text.str();
}

}  // namespace stackrace
