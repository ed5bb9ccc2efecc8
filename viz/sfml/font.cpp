#include "viz/sfml/font.h"

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace stackrace::viz {
namespace {

constexpr const char* kDejaVuSans = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr const char* kDejaVuSansBold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
constexpr const char* kDejaVuSansMono = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf";

sf::Font load(const char* variable, const char* default_path) {
  const char* override_path = std::getenv(variable);
  const std::string path = override_path && *override_path ? override_path : default_path;
  sf::Font f;
  if (!f.loadFromFile(path)) {
    throw std::runtime_error("cannot load the font " + path +
                             ": install it with `apt-get install fonts-dejavu-core` (or scripts/install-deps), "
                             "or set " +
                             variable + " to a .ttf file");
  }
  return f;
}

}  // namespace

const sf::Font& ui_font() {
  static const sf::Font font = load("STACKRACE_FONT", kDejaVuSans);
  return font;
}

const sf::Font& ui_mono_font() {
  static const sf::Font font = load("STACKRACE_MONO_FONT", kDejaVuSansMono);
  return font;
}

const sf::Font& ui_bold_font() {
  static const sf::Font font = load("STACKRACE_BOLD_FONT", kDejaVuSansBold);
  return font;
}

}  // namespace stackrace::viz
