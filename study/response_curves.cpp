#include "study/response_curves.h"

#include <algorithm>
#include <cmath>

namespace stackrace {

namespace {

// Slice k holds the values in [edges[k], edges[k + 1]).
std::vector<double> slice_edges(const StudyPlan& plan, const StudyFactor& f) {
  std::vector<double> edges;
  if (f.has_levels) {
    std::vector<double> levels = f.levels;
    std::sort(levels.begin(), levels.end());
    levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
    for (std::size_t k = 0; k + 1 < levels.size(); ++k) edges.push_back((levels[k] + levels[k + 1]) / 2);
    edges.insert(edges.begin(), -INFINITY);
    edges.push_back(INFINITY);
  } else {
    const std::size_t slices = std::clamp(plan.point_count() / kPointsPerSlice, kMinSlices, kMaxSlices);
    for (std::size_t k = 0; k <= slices; ++k)
      edges.push_back(f.min + (f.max - f.min) * static_cast<double>(k) / static_cast<double>(slices));
    edges.back() = INFINITY;  // the range's top value falls in the last slice
  }
  return edges;
}

}  // namespace

ChartCurve response_curve(const StudyPlan& plan, const std::vector<double>& y, std::size_t factor) {
  const StudyFactor& f = plan.factors[factor];
  const std::vector<double> edges = slice_edges(plan, f);
  const std::size_t slices = edges.size() - 1;
  std::vector<double> x_sum(slices, 0), y_sum(slices, 0), low(slices, INFINITY), high(slices, -INFINITY);
  std::vector<std::size_t> count(slices, 0);
  for (std::size_t p = 0; p < plan.point_count(); ++p) {
    const double x = plan.points[p][factor];
    if (!std::isfinite(y[p])) continue;
    const auto k = static_cast<std::size_t>(std::upper_bound(edges.begin(), edges.end(), x) - edges.begin());
    if (k == 0 || k > slices) continue;  // below the range (cannot happen for a planned point)
    x_sum[k - 1] += x;
    y_sum[k - 1] += y[p];
    low[k - 1] = std::min(low[k - 1], y[p]);
    high[k - 1] = std::max(high[k - 1], y[p]);
    ++count[k - 1];
  }
  ChartCurve curve;
  curve.label = f.name;
  if (f.has_levels) {
    curve.x_min = *std::min_element(f.levels.begin(), f.levels.end());
    curve.x_max = *std::max_element(f.levels.begin(), f.levels.end());
  } else {
    curve.x_min = f.min;
    curve.x_max = f.max;
  }
  for (std::size_t k = 0; k < slices; ++k) {
    if (count[k] == 0) continue;
    const auto n = static_cast<double>(count[k]);
    curve.x.push_back(x_sum[k] / n);
    curve.mean.push_back(y_sum[k] / n);
    curve.low.push_back(low[k]);
    curve.high.push_back(high[k]);
  }
  return curve;
}

}  // namespace stackrace
