#pragma once
// Splits the window's map image into rectangles that need a palette lookup
// and rectangles of one flat colour, so that each frame only looks up the
// pixels near borders and coasts.
//
// The input is the index image of palette_map.h: per pixel, a palette index
// (red + 256 * green) and a border mark (blue, non-zero on a border). The
// image is cut into horizontal bands; within a band, a column whose pixels
// all hold the same index and no border mark is "flat". Runs of flat columns
// with one index become flat spans, drawn as a quad of that index's colour;
// everything else becomes lookup spans, drawn through the palette shader.
// Together the spans cover every pixel exactly once, and the picture they
// draw is the one a lookup of every pixel would draw.

#include <cstdint>
#include <vector>

namespace stackrace::viz {

struct MapSpan {
  int x0, x1, y0, y1;  // pixels [x0, x1) x [y0, y1) of the image
  int index;           // palette index of a flat span; kLookupSpan otherwise
};

inline constexpr int kLookupSpan = -1;

struct MapSpanOptions {
  // Band height, px. Taller bands mean fewer quads but fewer flat columns.
  // At 1920x1080 under Mesa's llvmpipe, 12 to 32 all gave a median frame of
  // 6.9-7.6 ms; 8 gave 10.3 ms (twice the quads, each a thin strip), 64 gave
  // 8.0 ms (a third of the map looked up). docs/performance.md.
  int band_px = 16;
  // Flat runs narrower than this are looked up instead: a small quad saves
  // fewer lookups than the quad itself costs to set up.
  int min_flat_px = 32;
};

// `rgba`: width * height pixels, 4 bytes each, rows top to bottom.
std::vector<MapSpan> map_spans(const std::uint8_t* rgba, int width, int height, const MapSpanOptions& options = {});

}  // namespace stackrace::viz
