#include "viz/sfml/map_camera.h"

#include <algorithm>
#include <cmath>

#include "viz/sfml/map_drawable.h"

namespace stackrace::viz {
namespace {

// Mouse wheel: 20% per notch.
constexpr float kZoomPerNotch = 1.2f;
// Cape Horn, about 56 degrees south: land further south is Antarctica's.
constexpr double kSouthernmostInhabitedLatitude = -56;
// The map is fitted above the legend only if it keeps this share of its size.
constexpr double kLeastScaleAboveLegend = 0.85;

}  // namespace

void MapCamera::fit(const Rect& map_area, int window_width, int window_height, double bottom_band) {
  MapTransform fit = fit_world(map_area);
  // Cape Horn's latitude, the world centred in the area, against the band's
  // top: Antarctica alone may lie under the legend, inhabited land may not.
  const double horn_below_centre = -equal_earth(0, kSouthernmostInhabitedLatitude).y * fit.scale;
  sf::Vector2f home{0, 0};
  if (bottom_band > 0 && map_area.h / 2 + horn_below_centre > map_area.h - bottom_band && map_area.h > bottom_band) {
    // Fitted above the band, unless that shrinks the map much (a lever panel
    // under it leaves a short area): then the legend covers the far south.
    const MapTransform above = fit_world({map_area.x, map_area.y, map_area.w, map_area.h - bottom_band});
    if (above.scale >= kLeastScaleAboveLegend * fit.scale) {
      fit = above;
      home = {0, static_cast<float>(bottom_band / 2 / fit.scale)};  // the view's centre lower: the world higher
    }
  }
  centre_ += home - home_;  // the user's pan kept
  home_ = home;
  world_size_ = {static_cast<float>(map_area.w / fit.scale), static_cast<float>(map_area.h / fit.scale)};
  map_width_px_ = map_area.w;
  view_.setViewport(
      sf::FloatRect(static_cast<float>(map_area.x / window_width), static_cast<float>(map_area.y / window_height),
                    static_cast<float>(map_area.w / window_width), static_cast<float>(map_area.h / window_height)));
  apply();
}

void MapCamera::zoom_at(const sf::RenderTarget& window, sf::Vector2i pixel, float notches) {
  const float zoom = std::clamp(zoom_ * std::pow(kZoomPerNotch, notches), 1.0f, kMaxZoom);
  const sf::Vector2f before = window.mapPixelToCoords(pixel, view_);
  zoom_ = zoom;
  apply();
  const sf::Vector2f after = window.mapPixelToCoords(pixel, view_);
  centre_ += before - after;
  apply();
}

void MapCamera::reset() {
  zoom_ = 1;
  centre_ = home_;
  apply();
}

void MapCamera::start_drag(sf::Vector2i pixel) {
  dragging_ = true;
  drag_from_ = pixel;
  drag_centre_ = centre_;
}

void MapCamera::drag_to(sf::Vector2i pixel) {
  if (!dragging_) return;
  const float units_per_px = view_.getSize().x / static_cast<float>(map_width_px_);
  centre_ = drag_centre_ -
            sf::Vector2f(static_cast<float>(pixel.x - drag_from_.x), static_cast<float>(pixel.y - drag_from_.y)) *
                units_per_px;
  apply();
}

sf::Vector2i MapCamera::to_pixel(const sf::RenderTarget& window, Point projected) const {
  return window.mapCoordsToPixel(map_coordinates(projected), view_);
}

Point MapCamera::to_projected(const sf::RenderTarget& window, sf::Vector2i pixel) const {
  const sf::Vector2f at = window.mapPixelToCoords(pixel, view_);
  return {at.x, -at.y};  // map coordinates have y down
}

void MapCamera::apply() {
  view_.setSize(world_size_ / zoom_);
  view_.setCenter(centre_);
}

}  // namespace stackrace::viz
