#include "viz/sfml/view_window.h"

#include <SFML/Graphics.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "viz/sfml/chart_panel.h"
#include "viz/sfml/draw_util.h"
#include "viz/core/frame_stats.h"
#include "viz/sfml/gl_driver_pin.h"
#include "viz/sfml/map_drawable.h"
#include "viz/sfml/palette_map.h"
#include "viz/sfml/timeline_bar.h"
#include "viz/sfml/view_chrome.h"
#include "viz/core/view_layout.h"

namespace stackrace::viz {
namespace {

// Playback speeds, months per second: doubling or halving with +/-.
constexpr double kMinSpeed = 0.25, kMaxSpeed = 32;
// Mouse wheel: 20% per notch; from the whole world up to 40x (a small
// European country fills the map area).
constexpr float kZoomPerNotch = 1.2f;
constexpr float kMaxZoom = 40;
// Markers on screen, px: visible at any zoom without hiding neighbours.
constexpr float kMarkerRadiusPx = 5;
// A marker is hovered within its radius plus this slack, px.
constexpr float kMarkerHoverSlackPx = 2;
// The window's frame-rate cap when not measuring.
constexpr unsigned kFrameRateCap = 60;
// While a live run adds months (up to ~20 a second), the charts are rebuilt
// at most this often: a rebuild lays out every label again, and doing it for
// each month would cost frames for no visible gain.
constexpr double kLiveChartRefreshS = 0.25;

class ViewWindow {
 public:
  ViewWindow(const MapModel& model, const Timeline& timeline, const ViewOptions& options)
      : model_(model),
        timeline_(timeline),
        options_(options),
        layer_(options.layer),
        speed_(std::clamp(options.months_per_second, kMinSpeed, kMaxSpeed)) {
    {
      // SFML reports that Xvfb cannot set vertical sync, which the window
      // does not use; keep that out of the user's terminal.
      std::ostringstream sfml_messages;
      std::streambuf* previous = sf::err().rdbuf(sfml_messages.rdbuf());
      window_.create(sf::VideoMode(static_cast<unsigned>(options.width), static_cast<unsigned>(options.height)),
                     "stackrace view", sf::Style::Default);
      sf::err().rdbuf(previous);
    }
    if (!window_.isOpen()) throw std::runtime_error("cannot open a window");
    pin_gl_driver_for_leak_checks();
    window_.setFramerateLimit(options.frame_stats ? 0 : kFrameRateCap);
    map_ = std::make_unique<MapDrawable>(model);
    palette_map_ = std::make_unique<PaletteMap>(*map_);
    if (options.start_month) {
      month_ = *options.start_month;
      playing_ = false;
    }
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
      if (last_frame && options_.screenshot) save_screenshot(*options_.screenshot);
      window_.display();
      const double ms = std::chrono::duration<double, std::milli>(clock::now() - started).count();
      (live_running ? frame_ms_live_ : frame_ms_after_).push_back(ms);
      ++frames;
      if (last_frame) window_.close();
    }
    if (options_.frame_stats) print_frame_stats();
    const std::string error = timeline_.error();
    if (!error.empty()) {
      std::cerr << "error: the live simulation failed: " << error << "\n";
      return 1;
    }
    return 0;
  }

 private:
  void relayout(int width, int height) {
    layout_ = view_layout(width, height);
    window_.setView(sf::View(sf::FloatRect(0, 0, static_cast<float>(width), static_cast<float>(height))));
    const MapTransform fit = fit_world(layout_.map);
    base_size_ = {static_cast<float>(layout_.map.w / fit.scale), static_cast<float>(layout_.map.h / fit.scale)};
    map_view_.setViewport(
        sf::FloatRect(static_cast<float>(layout_.map.x / width), static_cast<float>(layout_.map.y / height),
                      static_cast<float>(layout_.map.w / width), static_cast<float>(layout_.map.h / height)));
    apply_zoom();
    bar_.set_area(layout_.timeline);
  }

  void apply_zoom() {
    map_view_.setSize(base_size_ / zoom_);
    map_view_.setCenter(centre_);
    if (palette_map_) palette_map_->invalidate();
  }

  void zoom_at(sf::Vector2i pixel, float factor) {
    const float zoom = std::clamp(zoom_ * factor, 1.0f, kMaxZoom);
    const sf::Vector2f before = window_.mapPixelToCoords(pixel, map_view_);
    zoom_ = zoom;
    apply_zoom();
    const sf::Vector2f after = window_.mapPixelToCoords(pixel, map_view_);
    centre_ += before - after;
    apply_zoom();
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
          if (layout_.map.contains(e.mouseWheelScroll.x, e.mouseWheelScroll.y))
            zoom_at({e.mouseWheelScroll.x, e.mouseWheelScroll.y}, std::pow(kZoomPerNotch, e.mouseWheelScroll.delta));
          break;
        case sf::Event::MouseButtonPressed:
          if (e.mouseButton.button != sf::Mouse::Left) break;
          if (bar_.area().contains(e.mouseButton.x, e.mouseButton.y)) {
            scrubbing_ = true;
            scrub_to(e.mouseButton.x);
          } else if (layout_.map.contains(e.mouseButton.x, e.mouseButton.y)) {
            dragging_ = true;
            drag_from_ = {e.mouseButton.x, e.mouseButton.y};
            drag_centre_ = centre_;
          }
          break;
        case sf::Event::MouseButtonReleased:
          dragging_ = scrubbing_ = false;
          break;
        case sf::Event::MouseMoved:
          on_mouse_moved({e.mouseMove.x, e.mouseMove.y});
          break;
        case sf::Event::MouseLeft:
          hovered_ = -1;
          mouse_in_map_ = false;
          break;
        default:
          break;
      }
    }
    return close;
  }

  bool on_key(sf::Keyboard::Key key) {
    const int last = std::max(0, available_ - 1);
    switch (key) {
      case sf::Keyboard::Escape:
      case sf::Keyboard::Q:
        return true;
      case sf::Keyboard::Space:
        if (!playing_ && month_ >= last && timeline_.finished()) month_ = 0;  // replay from the start
        playing_ = !playing_;
        progress_ = 0;
        break;
      case sf::Keyboard::Right:
        playing_ = false;
        month_ = std::min(month_ + 1, last);
        break;
      case sf::Keyboard::Left:
        playing_ = false;
        month_ = std::max(month_ - 1, 0);
        break;
      case sf::Keyboard::Home:
        month_ = 0;
        break;
      case sf::Keyboard::End:
        month_ = last;
        break;
      case sf::Keyboard::Add:
      case sf::Keyboard::Equal:
        speed_ = std::min(speed_ * 2, kMaxSpeed);
        break;
      case sf::Keyboard::Subtract:
      case sf::Keyboard::Hyphen:
        speed_ = std::max(speed_ / 2, kMinSpeed);
        break;
      case sf::Keyboard::R:
        zoom_ = 1;
        centre_ = {0, 0};
        apply_zoom();
        break;
      default: {
        const int layer = key >= sf::Keyboard::Num1 && key <= sf::Keyboard::Num4         ? key - sf::Keyboard::Num1
                          : key >= sf::Keyboard::Numpad1 && key <= sf::Keyboard::Numpad4 ? key - sf::Keyboard::Numpad1
                                                                                         : -1;
        if (layer >= 0) layer_ = layer_from_index(layer);
      }
    }
    return false;
  }

  void on_mouse_moved(sf::Vector2i pixel) {
    mouse_ = pixel;
    if (scrubbing_) scrub_to(pixel.x);
    if (dragging_) {
      const float units_per_px = map_view_.getSize().x / static_cast<float>(layout_.map.w);
      centre_ = drag_centre_ -
                sf::Vector2f(static_cast<float>(pixel.x - drag_from_.x), static_cast<float>(pixel.y - drag_from_.y)) *
                    units_per_px;
      apply_zoom();
    }
    mouse_in_map_ = layout_.map.contains(pixel.x, pixel.y);
    hovered_ = mouse_in_map_ ? country_under(pixel) : -1;
  }

  int country_under(sf::Vector2i pixel) const {
    for (std::size_t c = 0; c < model_.countries.size(); ++c) {
      if (!model_.countries[c].marker) continue;
      const sf::Vector2i at = window_.mapCoordsToPixel(map_coordinates(model_.countries[c].label), map_view_);
      const float dx = static_cast<float>(at.x - pixel.x), dy = static_cast<float>(at.y - pixel.y);
      if (dx * dx + dy * dy <= (kMarkerRadiusPx + kMarkerHoverSlackPx) * (kMarkerRadiusPx + kMarkerHoverSlackPx))
        return static_cast<int>(c);
    }
    const sf::Vector2f world = window_.mapPixelToCoords(pixel, map_view_);
    return country_at(model_, {world.x, -world.y});
  }

  void scrub_to(int x) {
    playing_ = false;
    month_ = std::min(bar_.month_at(x, timeline_.total_months()), std::max(0, available_ - 1));
  }

  // Picks up months the live run added since the last frame.
  void sync_data(double now_s) {
    available_ = timeline_.size();
    const std::uint64_t version = timeline_.version();
    const bool due = timeline_.finished() || now_s - charts_refreshed_s_ >= kLiveChartRefreshS;
    if (version != data_version_ && due) {
      data_version_ = version;
      global_ = timeline_.global();
      charts_refreshed_s_ = now_s;
    }
    charts_.update(global_, data_version_, timeline_.total_months(), layout_.charts);
  }

  void advance(double dt) {
    if (available_ == 0) return;
    month_ = std::clamp(month_, 0, available_ - 1);
    if (playing_) {
      progress_ += dt * speed_;
      while (progress_ >= 1) {
        if (month_ + 1 < available_) {
          ++month_;
          progress_ -= 1;
        } else {
          progress_ = 0;  // at the newest month: wait for the live run, or stop at the end
          if (timeline_.finished()) playing_ = false;
          break;
        }
      }
    }
    if (month_ != shown_month_ || layer_ != shown_layer_) {
      frame_ = timeline_.frame(month_);
      map_->recolour(frame_, layer_);
      palette_map_->update_palette();
      shown_month_ = month_;
      shown_layer_ = layer_;
    }
  }

  void draw() {
    window_.clear(to_sf(kBackgroundColour));
    palette_map_->draw(window_, layout_.map, map_view_, dragging_);
    const Rect& area = layout_.map;
    map_->draw_markers(
        window_,
        [&](Point p) {
          const sf::Vector2i q = window_.mapCoordsToPixel(map_coordinates(p), map_view_);
          // Off-map markers are parked outside the window.
          if (!area.contains(q.x, q.y)) return sf::Vector2f(-100, -100);
          return sf::Vector2f(static_cast<float>(q.x), static_cast<float>(q.y));
        },
        kMarkerRadiusPx);

    const Legend legend = layer_legend(layer_);
    draw_legend(window_, legend, window_legend_layout(layout_, legend));

    ChromeState chrome;
    chrome.run_name = options_.run_name;
    chrome.month = available_ > 0 ? frame_.month.str() : "";
    chrome.layer = layer_;
    chrome.playing = playing_;
    chrome.speed = speed_;
    chrome.available = available_;
    chrome.total = timeline_.total_months();
    chrome.live = !timeline_.finished();
    draw_chrome(window_, layout_, chrome);
    charts_.draw(window_, month_);
    bar_.draw(window_, timeline_.first_month(), month_, available_, timeline_.total_months());
    if (options_.hover_country >= 0) {
      hovered_ = options_.hover_country;
      mouse_ = window_.mapCoordsToPixel(map_coordinates(model_.countries[hovered_].label), map_view_);
      mouse_in_map_ = true;
    }
    if (hovered_ >= 0 && mouse_in_map_ && available_ > 0)
      draw_tooltip(window_, model_.countries[hovered_], frame_.countries[hovered_], mouse_);
  }

  void save_screenshot(const std::string& path) {
    sf::Texture texture;
    if (!texture.create(window_.getSize().x, window_.getSize().y))
      throw std::runtime_error("cannot capture the window");
    texture.update(window_);
    if (!texture.copyToImage().saveToFile(path)) throw std::runtime_error("cannot write the screenshot " + path);
  }

  void print_frame_stats() const {
    const sf::Vector2u size = window_.getSize();
    std::vector<double> all = frame_ms_live_;
    all.insert(all.end(), frame_ms_after_.begin(), frame_ms_after_.end());
    std::printf("frame times at %ux%u: %s\n", size.x, size.y, format_frame_stats(summarize_frame_times(all)).c_str());
    if (!frame_ms_live_.empty())
      std::printf("  while the live run was simulating: %s\n  after it finished: %s\n",
                  format_frame_stats(summarize_frame_times(frame_ms_live_)).c_str(),
                  format_frame_stats(summarize_frame_times(frame_ms_after_)).c_str());
  }

  const MapModel& model_;
  const Timeline& timeline_;
  const ViewOptions options_;
  sf::RenderWindow window_;
  std::unique_ptr<MapDrawable> map_;
  std::unique_ptr<PaletteMap> palette_map_;
  ChartPanel charts_;
  TimelineBar bar_;
  ViewLayout layout_;

  Layer layer_, shown_layer_ = Layer::dominant;
  int month_ = 0, shown_month_ = -1, available_ = 0;
  bool playing_ = true;
  double speed_, progress_ = 0;
  std::uint64_t data_version_ = UINT64_MAX;
  double charts_refreshed_s_ = -1;
  GlobalSeries global_;
  MapFrame frame_;

  sf::View map_view_;
  sf::Vector2f base_size_, centre_{0, 0};
  float zoom_ = 1;
  bool dragging_ = false, scrubbing_ = false, mouse_in_map_ = false;
  sf::Vector2i drag_from_, mouse_;
  sf::Vector2f drag_centre_;
  int hovered_ = -1;

  std::vector<double> frame_ms_live_, frame_ms_after_;
};

}  // namespace

int run_view_window(const MapModel& model, const Timeline& timeline, const ViewOptions& options) {
  ViewWindow window(model, timeline, options);
  return window.run();
}

}  // namespace stackrace::viz
