#include "viz/sfml/country_hover.h"

#include "viz/sfml/view_chrome.h"

namespace stackrace::viz {
namespace {

// A marker is hovered within its radius plus this slack, px.
constexpr float kMarkerHoverSlackPx = 2;

}  // namespace

void CountryHover::mouse_moved(const sf::RenderTarget& window, const MapCamera& camera, sf::Vector2i pixel,
                               bool over_map) {
  mouse_ = pixel;
  hovered_ = over_map ? country_under(window, camera, pixel) : -1;
}

void CountryHover::pin(const sf::RenderTarget& window, const MapCamera& camera, int country) {
  hovered_ = country;
  mouse_ = camera.to_pixel(window, model_.countries[country].label);
}

void CountryHover::draw(sf::RenderTarget& target, const MapFrame& frame) const {
  if (hovered_ >= 0) draw_tooltip(target, model_.countries[hovered_], frame.countries[hovered_], mouse_);
}

int CountryHover::country_under(const sf::RenderTarget& window, const MapCamera& camera, sf::Vector2i pixel) const {
  const float reach = marker_radius_px_ + kMarkerHoverSlackPx;
  for (std::size_t c = 0; c < model_.countries.size(); ++c) {
    if (!model_.countries[c].marker) continue;
    const sf::Vector2i at = camera.to_pixel(window, model_.countries[c].label);
    const float dx = static_cast<float>(at.x - pixel.x), dy = static_cast<float>(at.y - pixel.y);
    if (dx * dx + dy * dy <= reach * reach) return static_cast<int>(c);
  }
  return country_at(model_, camera.to_projected(window, pixel));
}

}  // namespace stackrace::viz
