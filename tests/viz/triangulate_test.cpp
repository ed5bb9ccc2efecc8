// viz/core/triangulate: ear clipping with holes. The triangles of a polygon
// must cover exactly its area (outer minus holes): no gaps, no overlaps.

#include "viz/core/triangulate.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

namespace stackrace::viz {
namespace {

using Rings = std::vector<std::vector<GridPoint>>;

double twice_area(const std::vector<GridPoint>& ring) {
  double a = 0;
  for (std::size_t i = 0; i < ring.size(); ++i) {
    const GridPoint p = ring[i], q = ring[(i + 1) % ring.size()];
    a += static_cast<double>(p.x) * q.y - static_cast<double>(q.x) * p.y;
  }
  return a;
}

std::vector<GridPoint> flatten(const Rings& rings) {
  std::vector<GridPoint> all;
  for (const auto& r : rings) all.insert(all.end(), r.begin(), r.end());
  return all;
}

// Sum of the triangles' areas (all must be counter-clockwise) and the polygon's.
void expect_exact_cover(const Rings& rings, const Triangulation& t) {
  const std::vector<GridPoint> v = flatten(rings);
  ASSERT_EQ(t.indices.size() % 3, 0u);
  double covered = 0;
  for (std::size_t i = 0; i < t.indices.size(); i += 3) {
    const double a = twice_area({v[t.indices[i]], v[t.indices[i + 1]], v[t.indices[i + 2]]});
    EXPECT_GE(a, 0) << "triangle " << i / 3 << " is clockwise";
    covered += a;
  }
  double expected = std::abs(twice_area(rings[0]));
  for (std::size_t r = 1; r < rings.size(); ++r) expected -= std::abs(twice_area(rings[r]));
  EXPECT_NEAR(covered, expected, 1e-9 * expected);
  EXPECT_EQ(t.forced_clips, 0);
  EXPECT_EQ(t.dropped_holes, 0);
}

TEST(Triangulate, Square) {
  const Rings rings{{{0, 0}, {10, 0}, {10, 10}, {0, 10}}};
  const Triangulation t = triangulate(rings);
  EXPECT_EQ(t.indices.size(), 6u);
  expect_exact_cover(rings, t);
}

TEST(Triangulate, ClockwiseOuterRingIsAccepted) {
  const Rings rings{{{0, 0}, {0, 10}, {10, 10}, {10, 0}}};
  expect_exact_cover(rings, triangulate(rings));
}

TEST(Triangulate, NonConvexComb) {
  // A comb: teeth up, notches down to y = 2.
  std::vector<GridPoint> comb{{0, 0}, {100, 0}};
  for (int x = 100; x > 0; x -= 20) {
    comb.push_back({x, 50});
    comb.push_back({x - 10, 50});
    comb.push_back({x - 10, 2});
    comb.push_back({x - 20, 2});
  }
  const Rings rings{comb};
  expect_exact_cover(rings, triangulate(rings));
}

TEST(Triangulate, SquareWithTwoHoles) {
  const Rings rings{{{0, 0}, {100, 0}, {100, 100}, {0, 100}},
                    {{10, 10}, {10, 40}, {40, 40}, {40, 10}},
                    {{60, 60}, {60, 90}, {90, 90}, {90, 60}}};
  expect_exact_cover(rings, triangulate(rings));
}

TEST(Triangulate, HoleGivenCounterClockwiseIsAccepted) {
  const Rings rings{{{0, 0}, {100, 0}, {100, 100}, {0, 100}}, {{20, 20}, {80, 20}, {80, 80}, {20, 80}}};
  expect_exact_cover(rings, triangulate(rings));
}

TEST(Triangulate, HolesBehindEachOtherOnTheRay) {
  // The second hole hides the outer ring from the first one's rightmost vertex.
  const Rings rings{{{0, 0}, {200, 0}, {200, 100}, {0, 100}},
                    {{10, 40}, {10, 60}, {50, 60}, {50, 40}},
                    {{70, 20}, {70, 80}, {120, 80}, {120, 20}}};
  expect_exact_cover(rings, triangulate(rings));
}

TEST(Triangulate, HoleTouchingTheOuterRing) {
  const Rings rings{{{0, 0}, {100, 0}, {100, 100}, {0, 100}}, {{50, 50}, {50, 70}, {100, 60}}};
  expect_exact_cover(rings, triangulate(rings));
}

TEST(Triangulate, RepeatedAndCollinearVerticesAddNothing) {
  const Rings rings{{{0, 0}, {5, 0}, {5, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 10}, {0, 0}}};
  expect_exact_cover(rings, triangulate(rings));
}

TEST(Triangulate, RingsTouchingThemselvesAtAVertex) {
  // Two squares joined at (10, 10): a pinched ring, as where two islands touch.
  const Rings rings{{{0, 0}, {10, 0}, {10, 10}, {20, 10}, {20, 20}, {10, 20}, {10, 10}, {0, 10}}};
  expect_exact_cover(rings, triangulate(rings));
}

TEST(Triangulate, DegenerateInputGivesNoTriangles) {
  EXPECT_TRUE(triangulate({}).indices.empty());
  EXPECT_TRUE(triangulate(Rings{{{0, 0}, {1, 1}}}).indices.empty());
  EXPECT_TRUE(triangulate(Rings{{{0, 0}, {1, 1}, {2, 2}}}).indices.empty());
}

TEST(Triangulate, ManyVerticesOnACircleWithAHole) {
  // A 2000-gon: exercises the quadratic part at the size of the largest countries.
  constexpr int kVertices = 2000;
  std::vector<GridPoint> outer, hole;
  for (int i = 0; i < kVertices; ++i) {
    const double a = 2 * M_PI * i / kVertices;
    // A wavy radius makes half the vertices reflex.
    const double r = 1e6 * (1 + 0.05 * std::sin(40 * a));
    outer.push_back({std::llround(r * std::cos(a)), std::llround(r * std::sin(a))});
    hole.push_back({std::llround(3e5 * std::cos(-a)), std::llround(3e5 * std::sin(-a))});
  }
  const Rings rings{outer, hole};
  expect_exact_cover(rings, triangulate(rings));
}

}  // namespace
}  // namespace stackrace::viz
