#pragma once
// Colours as 8-bit sRGB triples, shared by the window, PNG and SVG output so
// that a country has the same colour everywhere (the pixel tests rely on it).

#include <cstdint>
#include <string>
#include <vector>

namespace stackrace::viz {

struct Rgb {
  std::uint8_t r = 0, g = 0, b = 0;
  friend bool operator==(Rgb, Rgb) = default;
};

// Linear blend in sRGB: t = 0 gives a, t = 1 gives b (t is clamped).
Rgb mix(Rgb a, Rgb b, double t);

// Position t in 0..1 along evenly spaced colour stops.
Rgb sample_ramp(const std::vector<Rgb>& stops, double t);

std::string hex(Rgb c);  // "#rrggbb"

}  // namespace stackrace::viz
