#include "viz/sfml/view_frames.h"

#include <SFML/Graphics.hpp>
#include <memory>
#include <stdexcept>

#include "viz/core/country_series.h"
#include "viz/core/view_layout.h"
#include "viz/sfml/chart_panel.h"
#include "viz/sfml/draw_util.h"
#include "viz/sfml/gl_driver_pin.h"
#include "viz/sfml/inspector_card.h"
#include "viz/sfml/map_camera.h"
#include "viz/sfml/map_drawable.h"
#include "viz/sfml/timeline_bar.h"
#include "viz/sfml/view_chrome.h"

namespace stackrace::viz {
namespace {

// Multisampling smooths borders and coastlines, as in the PNG figures.
constexpr unsigned kAntialiasing = 4;
// Markers of small countries, px: as in the window (view_window.cpp).
constexpr float kMarkerRadiusPx = 5;

// The pinned country's card, fed as the window feeds it (view_window.cpp's
// sync_inspector), with no branch in a recorded run and no one to unpin it.
void feed_card(InspectorCard& card, const MapCountry& country, const GlobalSeries& series, int total_months,
               const Rect& where) {
  InspectorInput input;
  input.country = &country;
  input.series = &series;
  input.unpin_hint = false;
  card.update(input, total_months, where);
}

}  // namespace

void draw_view_frames(const MapModel& model, const RecordedRun& run, const ViewFramesSpec& spec,
                      const std::function<void(const std::uint8_t* rgba)>& frame) {
  sf::ContextSettings settings;
  settings.antialiasingLevel = kAntialiasing;
  sf::RenderTexture target;
  if (!target.create(static_cast<unsigned>(spec.width), static_cast<unsigned>(spec.height), settings)) {
    throw std::runtime_error("cannot create a " + std::to_string(spec.width) + "x" + std::to_string(spec.height) +
                             " offscreen render target (too large for the GL driver?)");
  }
  pin_gl_driver_for_leak_checks();
  MapDrawable map(model);  // needs the GL context the target just made

  const ViewLayout layout = view_layout(spec.width, spec.height);
  MapCamera camera;
  camera.fit(layout.map, spec.width, spec.height, legend_band(layout));
  TimelineBar bar;
  bar.set_area(layout.timeline);
  const std::vector<MapFrame>& frames = run.trajectory.frames;
  const int total = static_cast<int>(frames.size());
  ChartPanel charts;
  charts.update(run.global, 0, total, layout.charts);
  const Legend legend = layer_legend(spec.layer);
  const LegendLayout legend_at = window_legend_layout(layout, legend);

  InspectorCard inspector;
  GlobalSeries country;  // the card's series, kept while it draws
  if (spec.pin_country >= 0) {
    const MapCountry& pinned = model.countries.at(static_cast<std::size_t>(spec.pin_country));
    country = country_series(*make_timeline(run), spec.pin_country);
    feed_card(inspector, pinned, country, total, inspector_card(layout, camera.to_pixel(target, pinned.label).x));
  }

  ChromeState chrome;
  chrome.run_name = spec.run_name;
  chrome.caption = spec.caption;
  chrome.layer = spec.layer;
  chrome.available = chrome.total = total;

  for (int m = spec.from; m <= spec.to; ++m) {
    const MapFrame& month = frames[static_cast<std::size_t>(m)];
    map.recolour(month, spec.layer);
    target.clear(to_sf(kBackgroundColour));
    target.setView(camera.view());
    target.draw(map);
    target.setView(target.getDefaultView());
    map.draw_markers(
        target,
        [&](Point p) {
          const sf::Vector2i q = camera.to_pixel(target, p);
          if (!layout.map.contains(q.x, q.y)) return sf::Vector2f(-100, -100);  // off the map: out of sight
          return sf::Vector2f(static_cast<float>(q.x), static_cast<float>(q.y));
        },
        kMarkerRadiusPx);
    draw_legend(target, legend, legend_at);
    chrome.month = month.month.str();
    draw_chrome(target, layout, chrome);
    charts.draw(target, m);
    bar.draw(target, frames.front().month, m, total, total);
    if (spec.pin_country >= 0) inspector.draw(target, m);
    target.display();
    const sf::Image image = target.getTexture().copyToImage();
    frame(image.getPixelsPtr());
  }
}

}  // namespace stackrace::viz
