#pragma once
// The Equal Earth projection (Šavrič, Patterson & Jenny, "The Equal Earth map
// projection", IJGIS 2018): equal-area, so countries keep their relative size,
// and a pleasing shape for world maps. Closed form forward; the view only
// needs forward, since hover tests are done in projected coordinates.

namespace stackrace::viz {

struct Point {
  double x = 0, y = 0;
};

// lon, lat in degrees -> projected units on the unit sphere, y pointing north.
Point equal_earth(double lon_deg, double lat_deg);

// Half width (at lon +-180, lat 0) and half height (at the poles) of the map.
double equal_earth_half_width();
double equal_earth_half_height();

}  // namespace stackrace::viz
