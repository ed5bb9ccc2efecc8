#pragma once
// Small drawing helpers shared by the window and the PNG figures.

#include <SFML/Graphics.hpp>
#include <string>

#include "viz/core/colour.h"
#include "viz/core/figure_layout.h"

namespace stackrace::viz {

inline sf::Color to_sf(Rgb c, std::uint8_t alpha = 255) { return {c.r, c.g, c.b, alpha}; }

// Text with its top-left near `top_left` (the glyphs' line box, as in the SVG
// layout: a line of 1.5 em).
void draw_text(sf::RenderTarget& target, const std::string& text, Point top_left, double font_px, Rgb colour,
               bool bold = false);
// The width in pixels draw_text gives `text` (its advances, as laid out).
double text_width_px(const std::string& text, double font_px, bool bold);
// `text`, or as much of its start as fits `width` px (measured) with "..."
// after it; whole UTF-8 characters only.
std::string fit_text(std::string text, double width, double font_px, bool bold = false);

void draw_rect(sf::RenderTarget& target, const Rect& r, sf::Color fill, sf::Color outline = sf::Color::Transparent,
               float outline_px = 0);

// A legend as laid out by legend_layout(), on a translucent white box.
void draw_legend(sf::RenderTarget& target, const Legend& legend, const LegendLayout& layout);

}  // namespace stackrace::viz
