#pragma once
// Reading PNG pixels in tests, through SFML's image loader (no display
// needed). Without SFML, load_png returns nothing and PNG tests skip.

#include <filesystem>
#include <optional>
#include <vector>

#include "viz/core/colour.h"

namespace stackrace::viz_test {

struct Png {
  int width = 0, height = 0;
  std::vector<viz::Rgb> pixels;           // row by row
  viz::Rgb at(double x, double y) const;  // the pixel containing (x, y)
  int distinct_colours(int x0, int y0, int w, int h) const;
};

std::optional<Png> load_png(const std::filesystem::path& path);

}  // namespace stackrace::viz_test
