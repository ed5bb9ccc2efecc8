#pragma once
// SVG figures, written directly (no display needed): one <path> per country
// (even-odd fill, so holes such as Lesotho in South Africa stay open, with a
// <title> for viewers that show tooltips), markers for small economies, the
// title and the legend. The ocean is a <polygon> and legend swatches are
// <rect>s, so <path> elements are exactly the countries.

#include <ostream>
#include <string>

#include "viz/core/layers.h"
#include "viz/core/map_frame.h"
#include "viz/core/map_model.h"
#include "base/text_escape.h"

namespace stackrace::viz {

struct FigureSpec {
  Layer layer = Layer::dominant;
  std::string title;
  int width = 1600, height = 900;  // pixels
};

void write_svg(std::ostream& out, const MapModel& model, const MapFrame& frame, const FigureSpec& figure);

// Writes to `path`; throws std::runtime_error if the file cannot be written.
void write_svg_file(const std::string& path, const MapModel& model, const MapFrame& frame, const FigureSpec& figure);

// xml_escape (text_escape.h) escapes the figure's text.

// Marker radius on figures: about a third of the font height, so markers
// stay visible but do not hide neighbouring countries.
inline constexpr double kMarkerRadiusEm = 0.3;

}  // namespace stackrace::viz
