#pragma once
// Triangulation of a polygon with holes, for filling countries on the GPU:
// ear clipping (Meisters' two-ears theorem) after joining each hole to the
// outer ring by a bridge to a visible vertex (Eberly, "Triangulation by Ear
// Clipping", 2002). Coordinates are integers so that every orientation and
// point-in-triangle test is exact: no triangle flips because of rounding.

#include <cstdint>
#include <vector>

namespace stackrace::viz {

struct GridPoint {
  std::int64_t x = 0, y = 0;
  friend bool operator==(GridPoint, GridPoint) = default;
};

struct Triangulation {
  // Triples of indices into the rings' vertices numbered in order: ring 0's
  // vertices first, then ring 1's, ... Each triangle is counter-clockwise.
  std::vector<std::uint32_t> indices;
  // Ears clipped although a vertex blocked them, when no proper ear remained
  // (only on self-intersecting input). 0 for a valid polygon.
  int forced_clips = 0;
  // Holes that no edge of the outer ring surrounds (bad input); left unfilled.
  int dropped_holes = 0;
};

// rings[0] is the outer boundary, the others holes; either orientation is
// accepted. Rings are closed implicitly; repeated consecutive vertices and
// rings of fewer than 3 distinct vertices are ignored. Coordinates must stay
// within +-2^30 so that products of differences fit in 64 bits.
Triangulation triangulate(const std::vector<std::vector<GridPoint>>& rings);

}  // namespace stackrace::viz
