#pragma once
// Zoom and pan of the window's map: an sf::View onto the map's coordinates
// (map_drawable.h), shown in the map area of the window. At zoom 1 the whole
// world fits the area; the mouse wheel zooms at the cursor up to kMaxZoom,
// and a left drag pans. Whoever draws the map through view() must redraw
// after any call that moves it (PaletteMap::invalidate).

#include <SFML/Graphics.hpp>

#include "viz/core/figure_layout.h"
#include "viz/core/projection.h"

namespace stackrace::viz {

class MapCamera {
 public:
  // From the whole world up to 40x: a small European country then fills
  // the map area.
  static constexpr float kMaxZoom = 40;

  // The map area of a window of this size (on a resize): the whole world
  // fits it at zoom 1, and the zoom and the user's pan are kept. Where more
  // than Antarctica would run under a band of `bottom_band` px at the area's
  // bottom (the legend's), the world is fitted into the area above the band,
  // if it keeps 85% of its size there.
  void fit(const Rect& map_area, int window_width, int window_height, double bottom_band = 0);
  // Zooms by `notches` of the mouse wheel (20% each) while the point under
  // `pixel` stays there.
  void zoom_at(const sf::RenderTarget& window, sf::Vector2i pixel, float notches);
  // Back to the whole world.
  void reset();

  // Left drag: the point grabbed at start_drag() follows the mouse.
  void start_drag(sf::Vector2i pixel);
  void drag_to(sf::Vector2i pixel);
  void end_drag() { dragging_ = false; }
  bool dragging() const { return dragging_; }

  const sf::View& view() const { return view_; }
  // Projected coordinates <-> window pixels, through the view.
  sf::Vector2i to_pixel(const sf::RenderTarget& window, Point projected) const;
  Point to_projected(const sf::RenderTarget& window, sf::Vector2i pixel) const;

 private:
  void apply();

  sf::View view_;
  sf::Vector2f world_size_;  // the view's size at zoom 1, map units
  sf::Vector2f home_{0, 0};  // the centre at zoom 1: the world clear of the band
  sf::Vector2f centre_{0, 0};
  float zoom_ = 1;
  double map_width_px_ = 1;
  bool dragging_ = false;
  sf::Vector2i drag_from_;
  sf::Vector2f drag_centre_;
};

}  // namespace stackrace::viz
