#pragma once
// Response curves for the study report: how an outcome moves along one
// factor's range, the other factors varying as the design varies them. The
// design points are sorted into equal slices of the factor's range (one per
// level for a factor with levels); each slice gives the mean of its points'
// outcomes (each point's mean over its replicates) at the mean factor value
// of the slice, and the lowest and highest of them as a band.

#include <cstddef>
#include <vector>

#include "study/study_plan.h"
#include "study/svg_chart.h"

namespace stackrace {

// About this many design points per slice, between kMinSlices and kMaxSlices
// slices (judgement: fewer points make a jagged curve, more slices than a
// small chart shows are lost on it).
inline constexpr std::size_t kPointsPerSlice = 10, kMinSlices = 3, kMaxSlices = 8;

// `y`: one outcome value per design point. Empty slices are left out.
ChartCurve response_curve(const StudyPlan& plan, const std::vector<double>& y, std::size_t factor);

}  // namespace stackrace
