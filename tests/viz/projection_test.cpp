// viz/core/projection: Equal Earth against the published figures.

#include "viz/core/projection.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace stackrace::viz {
namespace {

TEST(EqualEarth, OriginAndSymmetry) {
  const Point o = equal_earth(0, 0);
  EXPECT_DOUBLE_EQ(o.x, 0);
  EXPECT_DOUBLE_EQ(o.y, 0);
  const Point p = equal_earth(30, 40), q = equal_earth(-30, -40);
  EXPECT_DOUBLE_EQ(p.x, -q.x);
  EXPECT_DOUBLE_EQ(p.y, -q.y);
}

TEST(EqualEarth, ExtentMatchesThePaper) {
  // Šavrič et al. 2018: on the unit sphere the map is 2 x 2.7066 wide and
  // 2 x 1.3173 high (width to height ratio 2.05:1).
  EXPECT_NEAR(equal_earth_half_width(), 2.7066, 1e-4);
  EXPECT_NEAR(equal_earth_half_height(), 1.3173, 1e-4);
}

TEST(EqualEarth, IsEqualArea) {
  // A 1-degree cell's projected area equals its area on the unit sphere.
  for (double lat : {0.0, 30.0, 60.0, 85.0}) {
    const Point a = equal_earth(10, lat), b = equal_earth(11, lat), c = equal_earth(11, lat + 1),
                d = equal_earth(10, lat + 1);
    const double projected = 0.5 * std::abs((a.x * b.y - b.x * a.y) + (b.x * c.y - c.x * b.y) +
                                            (c.x * d.y - d.x * c.y) + (d.x * a.y - a.x * d.y));
    const double deg = std::numbers::pi / 180;
    const double sphere = deg * (std::sin((lat + 1) * deg) - std::sin(lat * deg));
    EXPECT_NEAR(projected / sphere, 1.0, 2e-3) << lat;
  }
}

TEST(EqualEarth, ParallelsAreStraight) { EXPECT_DOUBLE_EQ(equal_earth(-170, 50).y, equal_earth(120, 50).y); }

}  // namespace
}  // namespace stackrace::viz
