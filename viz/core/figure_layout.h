#pragma once
// Where things go on a picture, in pixels from the top-left corner: the map
// transform from projected coordinates, the title and the legend. Shared by
// the SVG figures, the PNG renderer and the window, so that a PNG and an SVG
// of the same month put every country on the same pixels (tests rely on it).

#include <cstdint>
#include <string>
#include <vector>

#include "viz/core/layers.h"
#include "viz/core/projection.h"

namespace stackrace::viz {

struct Rect {
  double x = 0, y = 0, w = 0, h = 0;
  bool contains(double px, double py) const { return px >= x && px < x + w && py >= y && py < y + h; }
};

// Projected -> pixels: x to the right, y down.
struct MapTransform {
  double scale = 1, cx = 0, cy = 0;  // pixels per projected unit; pixel of projected (0, 0)
  Point to_pixel(Point p) const { return {cx + p.x * scale, cy - p.y * scale}; }
  Point to_projected(Point pixel) const { return {(pixel.x - cx) / scale, (cy - pixel.y) / scale}; }
};

// The whole world map, centred in `area` with a small margin.
MapTransform fit_world(const Rect& area);

// The outline of the Equal Earth map (the +-180 meridians from pole to pole),
// projected, counter-clockwise: the ocean is drawn inside it.
std::vector<Point> world_outline();

// Text width is estimated rather than measured, so that SVG (where the viewer
// picks the font) and PNG agree. DejaVu Sans measures 0.46-0.59 em per
// character on the legend and title texts; boxes get padding besides.
inline constexpr double kCharWidthEm = 0.55;
double text_width(const std::string& text, double font_px);
// Bold text runs about 10% wider than text_width's estimate.
inline constexpr double kBoldWidthFactor = 1.1;

struct LegendLayout {
  Rect box;
  double font_px = 12;
  Point title_at;                // top-left of the title text
  std::vector<Rect> swatches;    // one per item
  std::vector<Point> labels_at;  // top-left of each item's text
};

enum class LegendOrientation { vertical, horizontal };

// Padding inside a legend's box, in em.
inline constexpr double kLegendPadEm = 0.6;
// The box's opacity (the map shows through a little) and its frame's, of
// 255, in the PNG and the SVG alike.
inline constexpr std::uint8_t kLegendBoxAlpha = 230, kLegendFrameAlpha = 120;

// Lays out `legend` with its box's top-left at (left, top); horizontal
// legends wrap at max_width.
LegendLayout legend_layout(const Legend& legend, double left, double top, double font_px, LegendOrientation orientation,
                           double max_width);

// What a figure (SVG or PNG) shows, and its size.
struct FigureSpec {
  Layer layer = Layer::dominant;
  std::string title;
  int width = 1600, height = 900;  // pixels
};

// Marker radius on figures: about a third of the font height, so markers
// stay visible but do not hide neighbouring countries.
inline constexpr double kMarkerRadiusEm = 0.3;

// A figure for a paper: title on top, the map, a horizontal legend below.
struct FigureLayout {
  double font_px = 12;
  Rect title, map;
  Point title_at;  // top-left of the title text
  MapTransform transform;
  LegendLayout legend;
};

FigureLayout figure_layout(int width, int height, const Legend& legend);

// Where a title goes and its size: the figure's font, made smaller for a
// title too long for the width (down to kMinTitleFontPx, below which it runs
// past the edge), so that a long --title is shown whole, not cut.
struct TitleText {
  Point at;  // top-left of the text
  double font_px = 12;
  double room = 0;  // the width it must fit in, px
};
inline constexpr double kMinTitleFontPx = 8;
// Bold DejaVu Sans is wider than the regular face's kCharWidthEm: about
// 0.63 em a character in mixed text, up to 0.77 for capitals and digits.
inline constexpr double kBoldCharWidthEm = 0.63, kBoldCapitalWidthEm = 0.77;
double bold_text_width(const std::string& text, double font_px);
TitleText fit_title(const FigureLayout& layout, const std::string& title);
// The same for a title `width` px wide at the figure's font (the PNG
// renderer measures its text; the SVG's viewer picks the font, so the
// string version estimates).
TitleText fit_title_of_width(const FigureLayout& layout, double width);

// `title` as drawn where it still runs past its room at the smallest font
// (a 200 px figure): cut at a character, with "..." (estimated width).
std::string title_that_fits(const std::string& title, const TitleText& fitted);

// "baseline, 2030-12: Dominant AI stack (paler: fewer AI users)"
std::string figure_title(const std::string& run_name, const std::string& month, Layer layer);

}  // namespace stackrace::viz
