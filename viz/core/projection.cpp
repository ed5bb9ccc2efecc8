#include "viz/core/projection.h"

#include <cmath>
#include <numbers>

namespace stackrace::viz {
namespace {

// Polynomial coefficients of Equal Earth, from the paper (Šavrič et al. 2018, eq. 2).
constexpr double kA1 = 1.340264;
constexpr double kA2 = -0.081106;
constexpr double kA3 = 0.000893;
constexpr double kA4 = 0.003796;

}  // namespace

Point equal_earth(double lon_deg, double lat_deg) {
  constexpr double deg = std::numbers::pi / 180.0;
  const double lambda = lon_deg * deg;
  // theta is the parametric latitude: sin(theta) = sqrt(3)/2 sin(phi).
  const double theta = std::asin(std::numbers::sqrt3 / 2.0 * std::sin(lat_deg * deg));
  const double t2 = theta * theta, t6 = t2 * t2 * t2;
  const double x = 2.0 * std::numbers::sqrt3 * lambda * std::cos(theta) /
                   (3.0 * (9.0 * kA4 * t6 * t2 + 7.0 * kA3 * t6 + 3.0 * kA2 * t2 + kA1));
  const double y = theta * (kA4 * t6 * t2 + kA3 * t6 + kA2 * t2 + kA1);
  return {x, y};
}

double equal_earth_half_width() { return equal_earth(180.0, 0.0).x; }
double equal_earth_half_height() { return equal_earth(0.0, 90.0).y; }

}  // namespace stackrace::viz
