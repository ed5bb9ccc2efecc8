#pragma once
// Which country the mouse is on, for the tooltip: a small economy's marker
// within a few pixels wins over the country under it, so that Singapore can
// be hovered at any zoom. `view --hover ISO3` pins a country instead, as if
// the mouse rested on its label point (screenshots, tests).

#include <SFML/Graphics.hpp>

#include "viz/core/map_frame.h"
#include "viz/core/map_model.h"
#include "viz/sfml/map_camera.h"

namespace stackrace::viz {

class CountryHover {
 public:
  // marker_radius_px: the markers' radius as the window draws them.
  CountryHover(const MapModel& model, float marker_radius_px) : model_(model), marker_radius_px_(marker_radius_px) {}

  // The mouse moved to `pixel`; over_map: it is inside the map area.
  void mouse_moved(const sf::RenderTarget& window, const MapCamera& camera, sf::Vector2i pixel, bool over_map);
  void mouse_left() { hovered_ = -1; }
  void pin(const sf::RenderTarget& window, const MapCamera& camera, int country);
  // The country at `pixel` on the map (a small economy's marker first), or -1.
  int country_at_pixel(const sf::RenderTarget& window, const MapCamera& camera, sf::Vector2i pixel) const {
    return country_under(window, camera, pixel);
  }

  // The hovered country's tooltip next to the mouse, if a country is hovered.
  void draw(sf::RenderTarget& target, const MapFrame& frame) const;

 private:
  int country_under(const sf::RenderTarget& window, const MapCamera& camera, sf::Vector2i pixel) const;

  const MapModel& model_;
  float marker_radius_px_;
  int hovered_ = -1;  // index into model_.countries; -1 for none
  sf::Vector2i mouse_;
};

}  // namespace stackrace::viz
