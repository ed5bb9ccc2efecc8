#include "viz/core/figure_layout.h"

#include <algorithm>

#include "base/text_escape.h"

namespace stackrace::viz {
namespace {

// Share of the area left empty on each side of the world map.
constexpr double kMapMargin = 0.02;
// Points per meridian when drawing the map's outline; its curvature is gentle.
constexpr int kOutlineSteps = 90;
// Legend metrics in em: line height, swatch side, gap after a swatch, space
// between horizontal items (the padding inside the box is kLegendPadEm).
constexpr double kLineEm = 1.5, kSwatchEm = 1.0, kGapEm = 0.5, kItemSpaceEm = 1.5;
// Figure font size: 2% of the height, readable from 11 px (small PNGs) to
// 28 px (4K).
constexpr double kFontShareOfHeight = 0.02, kMinFontPx = 11, kMaxFontPx = 28;
constexpr double kTitleBandEm = 2.4;

// The legend's widest line (its title or an item), in em, with the padding
// inside its box and the figure's margin of one em on each side: a narrow
// figure takes a smaller font so that the legend fits its width.
double legend_width_em(const Legend& legend) {
  double widest = text_width(legend.title, 1);
  for (const LegendItem& item : legend.items) widest = std::max(widest, kSwatchEm + kGapEm + text_width(item.label, 1));
  return widest + 2 * kLegendPadEm + 2;
}

}  // namespace

MapTransform fit_world(const Rect& area) {
  const double hw = equal_earth_half_width(), hh = equal_earth_half_height();
  MapTransform t;
  t.scale = std::min(area.w * (1 - 2 * kMapMargin) / (2 * hw), area.h * (1 - 2 * kMapMargin) / (2 * hh));
  t.cx = area.x + area.w / 2;
  t.cy = area.y + area.h / 2;
  return t;
}

std::vector<Point> world_outline() {
  std::vector<Point> out;
  for (int i = 0; i <= kOutlineSteps; ++i) out.push_back(equal_earth(180.0, -90.0 + 180.0 * i / kOutlineSteps));
  for (int i = 0; i <= kOutlineSteps; ++i) out.push_back(equal_earth(-180.0, 90.0 - 180.0 * i / kOutlineSteps));
  return out;
}

double text_width(const std::string& text, double font_px) {
  return static_cast<double>(shown_length(text)) * kCharWidthEm * font_px;
}

LegendLayout legend_layout(const Legend& legend, double left, double top, double font_px, LegendOrientation orientation,
                           double max_width) {
  LegendLayout out;
  out.font_px = font_px;
  const double line = kLineEm * font_px, swatch = kSwatchEm * font_px, gap = kGapEm * font_px;
  const double pad = kLegendPadEm * font_px;
  // Swatches sit centred on their text line.
  const double swatch_dy = (line - swatch) / 2;
  out.title_at = {left + pad, top + pad};
  double width = text_width(legend.title, font_px);
  double x = left + pad, y = top + pad + line;
  for (const LegendItem& item : legend.items) {
    const double item_w = swatch + gap + text_width(item.label, font_px);
    if (orientation == LegendOrientation::horizontal && x > left + pad && x + item_w > left + max_width - pad) {
      x = left + pad;
      y += line;
    }
    out.swatches.push_back({x, y + swatch_dy, swatch, swatch});
    out.labels_at.push_back({x + swatch + gap, y});
    width = std::max(width, x + item_w - (left + pad));
    if (orientation == LegendOrientation::horizontal) {
      x += item_w + kItemSpaceEm * font_px;
    } else {
      y += line;
    }
  }
  if (orientation == LegendOrientation::horizontal && !legend.items.empty()) y += line;
  out.box = {left, top, width + 2 * pad, y - top + pad};
  return out;
}

FigureLayout figure_layout(int width, int height, const Legend& legend) {
  FigureLayout f;
  const double w = width, h = height;
  f.font_px = std::clamp(h * kFontShareOfHeight, kMinFontPx, kMaxFontPx);
  f.font_px = std::max(kMinTitleFontPx, std::min(f.font_px, w / legend_width_em(legend)));
  f.title = {0, 0, w, kTitleBandEm * f.font_px};
  f.title_at = {f.font_px, (f.title.h - kLineEm * f.font_px) / 2};
  // Lay the legend out once to learn its height, then put it at the bottom.
  const double legend_left = f.font_px;
  LegendLayout probe =
      legend_layout(legend, legend_left, 0, f.font_px, LegendOrientation::horizontal, w - 2 * legend_left);
  const double legend_top = h - probe.box.h - f.font_px / 2;
  f.legend =
      legend_layout(legend, legend_left, legend_top, f.font_px, LegendOrientation::horizontal, w - 2 * legend_left);
  f.map = {0, f.title.h, w, std::max(1.0, legend_top - f.title.h)};
  f.transform = fit_world(f.map);
  return f;
}

double bold_text_width(const std::string& text, double font_px) {
  double em = 0;
  for (unsigned char ch : text) {
    if ((ch & 0xC0) == 0x80) continue;  // inside a UTF-8 sequence
    em += (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ? kBoldCapitalWidthEm : kBoldCharWidthEm;
  }
  return em * font_px;
}

TitleText fit_title(const FigureLayout& layout, const std::string& title) {
  return fit_title_of_width(layout, bold_text_width(title, layout.font_px));
}

TitleText fit_title_of_width(const FigureLayout& layout, double width) {
  TitleText t;
  t.room = layout.title.w - 2 * layout.title_at.x;
  t.font_px = width > t.room && width > 0
                  ? std::max(std::min(kMinTitleFontPx, layout.font_px), layout.font_px * t.room / width)
                  : layout.font_px;
  t.at = {layout.title_at.x, layout.title.y + (layout.title.h - kLineEm * t.font_px) / 2};
  return t;
}

std::string title_that_fits(const std::string& title, const TitleText& fitted) {
  constexpr const char* kEllipsis = "...";
  if (bold_text_width(title, fitted.font_px) <= fitted.room) return title;
  std::string cut = title;
  while (!cut.empty() && bold_text_width(cut + kEllipsis, fitted.font_px) > fitted.room) {
    // One character off the end: its continuation bytes, then its first.
    while (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0x80) cut.pop_back();
    if (!cut.empty()) cut.pop_back();
  }
  return cut + kEllipsis;
}

std::string figure_title(const std::string& run_name, const std::string& month, Layer layer) {
  return (run_name.empty() ? std::string() : run_name + ", ") + month + ": " + layer_title(layer);
}

}  // namespace stackrace::viz
