#pragma once
// The map on the GPU: every country's triangles in one vertex buffer (with
// each country's vertex range, so a month change only rewrites colours),
// borders as one array of line segments, and the ocean. Built once from the
// MapModel. Coordinates are projected units with y flipped (y down), so an
// sf::View does zoom and pan.

#include <SFML/Graphics.hpp>
#include <vector>

#include "viz/core/layers.h"
#include "viz/core/map_frame.h"
#include "viz/core/map_model.h"

namespace stackrace::viz {

class MapDrawable : public sf::Drawable {
 public:
  explicit MapDrawable(const MapModel& model);

  // Recolours every country for this month and layer. The triangles take
  // the new colours when next drawn directly; the window's palette path
  // only reads country_colours().
  void recolour(const MapFrame& frame, Layer layer);
  const std::vector<sf::Color>& country_colours() const { return marker_colour_; }

  // For the palette-lookup path of the window (palette_map.h): the ocean and
  // every country filled with its palette index as a colour (index_colour),
  // and the borders alone in pure blue.
  void draw_indices(sf::RenderTarget& target, sf::RenderStates states) const;
  void draw_border_marks(sf::RenderTarget& target, sf::RenderStates states) const;

  // Markers for small economies, a fixed size on screen: drawn in pixels,
  // after the map, with `to_pixel` giving each label point's position.
  template <class ToPixel>
  void draw_markers(sf::RenderTarget& target, ToPixel to_pixel, float radius_px) const;

  const MapModel& model() const { return model_; }

 private:
  void draw(sf::RenderTarget& target, sf::RenderStates states) const override;

  const MapModel& model_;
  sf::VertexArray ocean_;
  mutable std::vector<sf::Vertex> fill_;
  mutable bool fill_stale_ = false;       // fill_ colours lag behind marker_colour_
  std::vector<std::size_t> fill_begin_;   // country c owns fill_[fill_begin_[c], fill_begin_[c + 1])
  mutable sf::VertexBuffer fill_buffer_;  // on the GPU when vertex buffers are available
  mutable bool use_buffer_ = false;
  sf::VertexArray borders_;
  sf::VertexArray ocean_indices_;
  mutable sf::VertexBuffer index_buffer_;  // built on first use: only the window needs it
  mutable std::vector<sf::Vertex> index_fill_;
  mutable sf::VertexArray border_marks_{sf::Lines};
  std::vector<sf::Color> marker_colour_;
};

sf::Vector2f map_coordinates(Point projected);  // projected -> MapDrawable coordinates

// Palette indices: 0 outside the world, 1 the ocean, 2 + c country c. Written
// as colours (low byte in red, high byte in green) into an index texture.
inline constexpr int kPaletteBackground = 0, kPaletteOcean = 1, kPaletteFirstCountry = 2;
// The borders' colour with the opacity they are drawn at.
sf::Color border_colour();
inline sf::Color index_colour(int index) {
  return sf::Color(static_cast<sf::Uint8>(index & 0xFF), static_cast<sf::Uint8>(index >> 8), 0);
}

template <class ToPixel>
void MapDrawable::draw_markers(sf::RenderTarget& target, ToPixel to_pixel, float radius_px) const {
  sf::CircleShape dot(radius_px);
  dot.setOrigin(radius_px, radius_px);
  dot.setOutlineThickness(1);
  dot.setOutlineColor(sf::Color(kBorderColour.r, kBorderColour.g, kBorderColour.b));
  for (std::size_t c = 0; c < model_.countries.size(); ++c) {
    if (!model_.countries[c].marker) continue;
    dot.setFillColor(marker_colour_[c]);
    dot.setPosition(to_pixel(model_.countries[c].label));
    target.draw(dot);
  }
}

}  // namespace stackrace::viz
