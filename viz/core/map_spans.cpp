#include "viz/core/map_spans.h"

#include <algorithm>
#include <cstddef>

namespace stackrace::viz {
namespace {

// The palette index of pixel (x, y), or kLookupSpan on a border mark.
int pixel_index(const std::uint8_t* rgba, int width, int x, int y) {
  const std::uint8_t* p = rgba + (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + x) * 4;
  return p[2] != 0 ? kLookupSpan : p[0] + 256 * p[1];
}

// Appends one band's spans: runs of equal column values, with flat runs
// narrower than min_flat_px folded into the lookup runs beside them.
void band_spans(const std::vector<int>& column, int y0, int y1, int min_flat_px, std::vector<MapSpan>& out) {
  const int width = static_cast<int>(column.size());
  for (int x = 0; x < width;) {
    const int value = column[static_cast<std::size_t>(x)];
    int end = x + 1;
    while (end < width && column[static_cast<std::size_t>(end)] == value) ++end;
    const int index = end - x >= min_flat_px ? value : kLookupSpan;
    const bool extends = !out.empty() && out.back().y0 == y0 && out.back().index == kLookupSpan;
    if (index == kLookupSpan && extends) {
      out.back().x1 = end;
    } else {
      out.push_back({x, end, y0, y1, index});
    }
    x = end;
  }
}

}  // namespace

std::vector<MapSpan> map_spans(const std::uint8_t* rgba, int width, int height, const MapSpanOptions& options) {
  std::vector<MapSpan> spans;
  if (width <= 0 || height <= 0) return spans;
  const int band = std::max(1, options.band_px);
  std::vector<int> column(static_cast<std::size_t>(width));
  for (int y0 = 0; y0 < height; y0 += band) {
    const int y1 = y0 + std::min(height - y0, band);
    // Row by row, so that the image is read in memory order.
    for (int x = 0; x < width; ++x) column[static_cast<std::size_t>(x)] = pixel_index(rgba, width, x, y0);
    for (int y = y0 + 1; y < y1; ++y) {
      for (int x = 0; x < width; ++x) {
        int& index = column[static_cast<std::size_t>(x)];
        if (index != kLookupSpan && pixel_index(rgba, width, x, y) != index) index = kLookupSpan;
      }
    }
    band_spans(column, y0, y1, options.min_flat_px, spans);
  }
  return spans;
}

}  // namespace stackrace::viz
