#pragma once
// The fonts of the view and the PNG figures: DejaVu Sans from Debian's
// fonts-dejavu-core (installed by scripts/install-deps). STACKRACE_FONT can
// name another TrueType file.

#include <SFML/Graphics/Font.hpp>

namespace stackrace::viz {

// Loaded once; throw std::runtime_error naming the package when missing.
const sf::Font& ui_font();
// DejaVu Sans Mono (same package), for text in columns (the tooltip).
// STACKRACE_MONO_FONT can name another file.
const sf::Font& ui_mono_font();
// DejaVu Sans Bold (same package), for titles: SFML's own bold style only
// thickens and spaces the regular face, wider than the SVG's bold.
// STACKRACE_BOLD_FONT can name another file.
const sf::Font& ui_bold_font();

}  // namespace stackrace::viz
