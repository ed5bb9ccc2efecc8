#include "draw_util.h"

#include <cmath>

#include "font.h"

namespace stackrace::viz {
namespace {

// sf::Text puts the top of its line box at the position; centre the glyphs
// in our 1.5 em line: (1.5 - ~1.2 em of SFML line box) / 2.
constexpr double kTextTopEm = 0.15;
// The legend box lets the map show through a little.
constexpr std::uint8_t kLegendBoxAlpha = 230;

}  // namespace

void draw_text(sf::RenderTarget& target, const std::string& text, Point top_left, double font_px, Rgb colour,
               bool bold) {
  sf::Text t(sf::String::fromUtf8(text.begin(), text.end()), ui_font(), static_cast<unsigned>(std::lround(font_px)));
  t.setFillColor(to_sf(colour));
  if (bold) t.setStyle(sf::Text::Bold);
  t.setPosition(std::round(static_cast<float>(top_left.x)),
                std::round(static_cast<float>(top_left.y + kTextTopEm * font_px)));
  target.draw(t);
}

void draw_rect(sf::RenderTarget& target, const Rect& r, sf::Color fill, sf::Color outline, float outline_px) {
  sf::RectangleShape shape({static_cast<float>(r.w), static_cast<float>(r.h)});
  shape.setPosition(static_cast<float>(r.x), static_cast<float>(r.y));
  shape.setFillColor(fill);
  shape.setOutlineColor(outline);
  shape.setOutlineThickness(-outline_px);  // inside the rectangle
  target.draw(shape);
}

void draw_legend(sf::RenderTarget& target, const Legend& legend, const LegendLayout& layout) {
  draw_rect(target, layout.box, to_sf(kBackgroundColour, kLegendBoxAlpha), to_sf(kBorderColour, 120), 1);
  draw_text(target, legend.title, layout.title_at, layout.font_px, kTextColour);
  for (std::size_t i = 0; i < legend.items.size(); ++i) {
    draw_rect(target, layout.swatches[i], to_sf(legend.items[i].colour), to_sf(kBorderColour), 1);
    draw_text(target, legend.items[i].label, layout.labels_at[i], layout.font_px, kTextColour);
  }
}

}  // namespace stackrace::viz
