#include "png_check.h"

#include <cmath>
#include <set>

#ifdef STACKRACE_HAVE_SFML
#include <SFML/Graphics/Image.hpp>
#endif

namespace stackrace::viz_test {

viz::Rgb Png::at(double x, double y) const {
  const int px = static_cast<int>(std::floor(x)), py = static_cast<int>(std::floor(y));
  if (px < 0 || py < 0 || px >= width || py >= height) return {};
  return pixels[static_cast<std::size_t>(py) * width + px];
}

int Png::distinct_colours(int x0, int y0, int w, int h) const {
  std::set<int> seen;
  for (int y = std::max(0, y0); y < std::min(height, y0 + h); ++y)
    for (int x = std::max(0, x0); x < std::min(width, x0 + w); ++x) {
      const viz::Rgb c = pixels[static_cast<std::size_t>(y) * width + x];
      seen.insert(c.r << 16 | c.g << 8 | c.b);
    }
  return static_cast<int>(seen.size());
}

std::optional<Png> load_png([[maybe_unused]] const std::filesystem::path& path) {
#ifdef STACKRACE_HAVE_SFML
  sf::Image image;
  if (!image.loadFromFile(path.string())) return std::nullopt;
  Png png;
  png.width = static_cast<int>(image.getSize().x);
  png.height = static_cast<int>(image.getSize().y);
  png.pixels.reserve(static_cast<std::size_t>(png.width) * png.height);
  for (int y = 0; y < png.height; ++y)
    for (int x = 0; x < png.width; ++x) {
      const sf::Color c = image.getPixel(static_cast<unsigned>(x), static_cast<unsigned>(y));
      png.pixels.push_back({c.r, c.g, c.b});
    }
  return png;
#else
  return std::nullopt;
#endif
}

}  // namespace stackrace::viz_test
