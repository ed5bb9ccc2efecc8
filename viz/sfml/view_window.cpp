#include "viz/sfml/view_window.h"

#include <SFML/Graphics.hpp>
#include <chrono>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "viz/core/chart_feed.h"
#include "viz/core/playback.h"
#include "viz/core/view_layout.h"
#include "viz/sfml/chart_panel.h"
#include "viz/sfml/country_hover.h"
#include "viz/sfml/draw_util.h"
#include "viz/sfml/gl_driver_pin.h"
#include "viz/sfml/map_camera.h"
#include "viz/sfml/map_drawable.h"
#include "viz/sfml/palette_map.h"
#include "viz/sfml/timeline_bar.h"
#include "viz/sfml/view_chrome.h"
#include "viz/sfml/window_capture.h"

namespace stackrace::viz {
namespace {

// Markers on screen, px: visible at any zoom without hiding neighbours.
constexpr float kMarkerRadiusPx = 5;
// The window's frame-rate cap when not measuring.
constexpr unsigned kFrameRateCap = 60;

// The layer a key selects: 1-5 on the main keyboard or the keypad; -1 for
// any other key.
int layer_index_for_key(sf::Keyboard::Key key) {
  if (key >= sf::Keyboard::Num1 && key <= sf::Keyboard::Num5) return key - sf::Keyboard::Num1;
  if (key >= sf::Keyboard::Numpad1 && key <= sf::Keyboard::Numpad5) return key - sf::Keyboard::Numpad1;
  return -1;
}

// The window: it reads the timeline, turns events into calls on its parts
// (playback, camera, hover, capture) and draws a frame from their state.
class ViewWindow {
 public:
  ViewWindow(const MapModel& model, const Timeline& timeline, const ViewOptions& options)
      : timeline_(timeline),
        options_(options),
        playback_(options.months_per_second, options.start_month),
        hover_(model, kMarkerRadiusPx),
        capture_(options.screenshot, options.frame_stats),
        layer_(options.layer) {
    open(options.width, options.height);
    map_ = std::make_unique<MapDrawable>(model);
    palette_map_ = std::make_unique<PaletteMap>(*map_);
    relayout(options.width, options.height);
  }

  int run() {
    using clock = std::chrono::steady_clock;
    const auto opened = clock::now();
    auto last = opened;
    int frames = 0;
    bool closing = false;
    while (window_.isOpen()) {
      const auto started = clock::now();
      const bool live_running = !timeline_.finished();
      closing = handle_events() || closing;
      const double dt = std::chrono::duration<double>(started - last).count();
      last = started;
      sync_data(std::chrono::duration<double>(started - opened).count());
      advance(dt);
      const bool last_frame = closing || (options_.exit_after_frames > 0 && frames + 1 >= options_.exit_after_frames);
      draw();
      if (last_frame) capture_.last_frame_drawn(window_);
      window_.display();
      capture_.frame_took(std::chrono::duration<double, std::milli>(clock::now() - started).count(), live_running);
      ++frames;
      if (last_frame) window_.close();
    }
    capture_.report(window_.getSize());
    const std::string error = timeline_.error();
    if (!error.empty()) {
      std::cerr << "error: the live simulation failed: " << error << "\n";
      return 1;
    }
    return 0;
  }

 private:
  void open(int width, int height) {
    {
      // SFML reports that Xvfb cannot set vertical sync, which the window
      // does not use; keep that out of the user's terminal.
      std::ostringstream sfml_messages;
      std::streambuf* previous = sf::err().rdbuf(sfml_messages.rdbuf());
      window_.create(sf::VideoMode(static_cast<unsigned>(width), static_cast<unsigned>(height)), "stackrace view",
                     sf::Style::Default);
      sf::err().rdbuf(previous);
    }
    if (!window_.isOpen()) throw std::runtime_error("cannot open a window");
    pin_gl_driver_for_leak_checks();
    window_.setFramerateLimit(options_.frame_stats ? 0 : kFrameRateCap);
  }

  void relayout(int width, int height) {
    layout_ = view_layout(width, height);
    window_.setView(sf::View(sf::FloatRect(0, 0, static_cast<float>(width), static_cast<float>(height))));
    camera_.fit(layout_.map, width, height);
    palette_map_->invalidate();
    bar_.set_area(layout_.timeline);
  }

  // Returns true when the window should close.
  bool handle_events() {
    bool close = false;
    sf::Event e;
    while (window_.pollEvent(e)) {
      switch (e.type) {
        case sf::Event::Closed:
          close = true;
          break;
        case sf::Event::Resized:
          relayout(static_cast<int>(e.size.width), static_cast<int>(e.size.height));
          break;
        case sf::Event::KeyPressed:
          close = on_key(e.key.code) || close;
          break;
        case sf::Event::MouseWheelScrolled:
          if (layout_.map.contains(e.mouseWheelScroll.x, e.mouseWheelScroll.y)) {
            camera_.zoom_at(window_, {e.mouseWheelScroll.x, e.mouseWheelScroll.y}, e.mouseWheelScroll.delta);
            palette_map_->invalidate();
          }
          break;
        case sf::Event::MouseButtonPressed:
          if (e.mouseButton.button == sf::Mouse::Left) on_left_press({e.mouseButton.x, e.mouseButton.y});
          break;
        case sf::Event::MouseButtonReleased:
          camera_.end_drag();
          scrubbing_ = false;
          break;
        case sf::Event::MouseMoved:
          on_mouse_moved({e.mouseMove.x, e.mouseMove.y});
          break;
        case sf::Event::MouseLeft:
          hover_.mouse_left();
          break;
        default:
          break;
      }
    }
    return close;
  }

  // Returns true when the key closes the window.
  bool on_key(sf::Keyboard::Key key) {
    switch (key) {
      case sf::Keyboard::Escape:
      case sf::Keyboard::Q:
        return true;
      case sf::Keyboard::Space:
        playback_.toggle(timeline_.finished());
        break;
      case sf::Keyboard::Right:
        playback_.step_forward();
        break;
      case sf::Keyboard::Left:
        playback_.step_back();
        break;
      case sf::Keyboard::Home:
        playback_.to_first();
        break;
      case sf::Keyboard::End:
        playback_.to_last();
        break;
      case sf::Keyboard::Add:
      case sf::Keyboard::Equal:
        playback_.faster();
        break;
      case sf::Keyboard::Subtract:
      case sf::Keyboard::Hyphen:
        playback_.slower();
        break;
      case sf::Keyboard::R:
        camera_.reset();
        palette_map_->invalidate();
        break;
      default:
        if (const int layer = layer_index_for_key(key); layer >= 0) layer_ = layer_from_index(layer);
    }
    return false;
  }

  // On the timeline: jump there, and keep following the mouse while the
  // button is down. On the map: start a pan.
  void on_left_press(sf::Vector2i pixel) {
    if (bar_.area().contains(pixel.x, pixel.y)) {
      scrubbing_ = true;
      scrub_to(pixel.x);
    } else if (layout_.map.contains(pixel.x, pixel.y)) {
      camera_.start_drag(pixel);
    }
  }

  void on_mouse_moved(sf::Vector2i pixel) {
    if (scrubbing_) scrub_to(pixel.x);
    if (camera_.dragging()) {
      camera_.drag_to(pixel);
      palette_map_->invalidate();
    }
    hover_.mouse_moved(window_, camera_, pixel, layout_.map.contains(pixel.x, pixel.y));
  }

  void scrub_to(int x) { playback_.jump_to(bar_.month_at(x, timeline_.total_months())); }

  // Picks up months the live run added since the last frame.
  void sync_data(double now_s) {
    playback_.set_available(timeline_.size());
    chart_feed_.sync(timeline_, now_s);
    charts_.update(chart_feed_.series(), chart_feed_.version(), timeline_.total_months(), layout_.charts);
  }

  void advance(double dt) {
    playback_.advance(dt, timeline_.finished());
    if (playback_.available() == 0) return;
    if (playback_.month() == shown_month_ && layer_ == shown_layer_) return;
    frame_ = timeline_.frame(playback_.month());
    map_->recolour(frame_, layer_);
    palette_map_->update_palette();
    shown_month_ = playback_.month();
    shown_layer_ = layer_;
  }

  void draw() {
    window_.clear(to_sf(kBackgroundColour));
    palette_map_->draw(window_, layout_.map, camera_.view(), camera_.dragging());
    draw_markers();
    const Legend legend = layer_legend(layer_);
    draw_legend(window_, legend, window_legend_layout(layout_, legend));
    draw_chrome(window_, layout_, chrome_state());
    charts_.draw(window_, playback_.month());
    bar_.draw(window_, timeline_.first_month(), playback_.month(), playback_.available(), timeline_.total_months());
    if (options_.hover_country >= 0) hover_.pin(window_, camera_, options_.hover_country);
    if (playback_.available() > 0) hover_.draw(window_, frame_);
  }

  void draw_markers() {
    const Rect& area = layout_.map;
    map_->draw_markers(
        window_,
        [&](Point p) {
          const sf::Vector2i q = camera_.to_pixel(window_, p);
          // Off-map markers are parked outside the window.
          if (!area.contains(q.x, q.y)) return sf::Vector2f(-100, -100);
          return sf::Vector2f(static_cast<float>(q.x), static_cast<float>(q.y));
        },
        kMarkerRadiusPx);
  }

  ChromeState chrome_state() const {
    ChromeState chrome;
    chrome.run_name = options_.run_name;
    chrome.month = playback_.available() > 0 ? frame_.month.str() : "";
    chrome.layer = layer_;
    chrome.playing = playback_.playing();
    chrome.speed = playback_.speed();
    chrome.available = playback_.available();
    chrome.total = timeline_.total_months();
    chrome.live = !timeline_.finished();
    return chrome;
  }

  const Timeline& timeline_;
  const ViewOptions options_;
  sf::RenderWindow window_;
  ViewLayout layout_;

  // The parts, each with one job.
  Playback playback_;      // the month shown and how it moves on
  MapCamera camera_;       // zoom and pan
  CountryHover hover_;     // the country under the mouse, for its tooltip
  WindowCapture capture_;  // screenshot and frame times
  ChartFeed chart_feed_;   // the series the charts draw, refreshed at a bounded rate

  // What is drawn, and its caches.
  std::unique_ptr<MapDrawable> map_;
  std::unique_ptr<PaletteMap> palette_map_;
  ChartPanel charts_;
  TimelineBar bar_;
  bool scrubbing_ = false;  // the left button went down on the timeline and is still down
  Layer layer_;             // the layer chosen
  Layer shown_layer_ = Layer::dominant;
  int shown_month_ = -1;  // the map's colours are those of this month and shown_layer_
  MapFrame frame_;        // of shown_month_
};

}  // namespace

int run_view_window(const MapModel& model, const Timeline& timeline, const ViewOptions& options) {
  ViewWindow window(model, timeline, options);
  return window.run();
}

}  // namespace stackrace::viz
