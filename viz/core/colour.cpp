#include "viz/core/colour.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace stackrace::viz {

Rgb mix(Rgb a, Rgb b, double t) {
  t = std::clamp(t, 0.0, 1.0);
  auto channel = [t](std::uint8_t x, std::uint8_t y) {
    return static_cast<std::uint8_t>(std::lround(x + (static_cast<double>(y) - x) * t));
  };
  return {channel(a.r, b.r), channel(a.g, b.g), channel(a.b, b.b)};
}

Rgb sample_ramp(const std::vector<Rgb>& stops, double t) {
  if (stops.empty()) return {};
  if (stops.size() == 1) return stops.front();
  const double position = std::clamp(t, 0.0, 1.0) * static_cast<double>(stops.size() - 1);
  const auto i = std::min(static_cast<std::size_t>(position), stops.size() - 2);
  return mix(stops[i], stops[i + 1], position - static_cast<double>(i));
}

std::string hex(Rgb c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c.r, c.g, c.b);
  return buf;
}

}  // namespace stackrace::viz
