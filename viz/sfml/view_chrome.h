#pragma once
// The window's fixed parts around the map: the title bar (run, month, layer,
// playback state, live progress), the panel's background and help line, and
// the hover tooltip.

#include <SFML/Graphics.hpp>
#include <string>

#include "viz/core/layers.h"
#include "viz/core/map_frame.h"
#include "viz/core/map_model.h"
#include "viz/core/view_layout.h"

namespace stackrace::viz {

struct ChromeState {
  std::string run_name, month;
  Layer layer = Layer::dominant;
  bool playing = false, live = false;
  double speed = 1;  // months per second
  int available = 0, total = 0;
  // A recording (render --video): this caption (seed, adopters, overrides)
  // where the window shows its playback state, and no key help. Empty: the window.
  std::string caption;
};

void draw_chrome(sf::RenderTarget& target, const ViewLayout& layout, const ChromeState& state);

// A box of text next to the mouse, kept inside the window.
void draw_tooltip(sf::RenderTarget& target, const MapCountry& country, const CountryFrame& state, sf::Vector2i mouse);

}  // namespace stackrace::viz
