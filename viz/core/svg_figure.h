#pragma once
// The map as an SVG figure, drawn with the common writer (base/svg.h) and
// laid out like the PNG figures (figure_layout.h): one <path> per country
// (even-odd fill, so holes such as Lesotho in South Africa stay open, with a
// <title> for viewers that show tooltips), markers for small economies, the
// title and the legend. The ocean is a <polygon> and legend swatches are
// <rect>s, so <path> elements are exactly the countries.

#include <ostream>
#include <string>

#include "viz/core/figure_layout.h"
#include "viz/core/map_frame.h"
#include "viz/core/map_model.h"

namespace stackrace::viz {

void write_svg(std::ostream& out, const MapModel& model, const MapFrame& frame, const FigureSpec& figure);


}  // namespace stackrace::viz
