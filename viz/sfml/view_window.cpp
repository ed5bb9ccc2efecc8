#include "viz/sfml/view_window.h"

#include <SFML/Graphics.hpp>
#include <chrono>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "viz/core/chart_feed.h"
#include "viz/core/country_series.h"
#include "viz/core/levers.h"
#include "viz/core/live_branch.h"
#include "viz/core/playback.h"
#include "viz/core/view_layout.h"
#include "viz/sfml/chart_panel.h"
#include "viz/sfml/country_hover.h"
#include "viz/sfml/draw_util.h"
#include "viz/sfml/gl_driver_pin.h"
#include "viz/sfml/inspector_card.h"
#include "viz/sfml/lever_panel.h"
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
// A branch starts this long after the last lever step, so that a run of
// presses makes one branch, not one each.
constexpr double kBranchDelayS = 0.4;
// A press and release on the map closer than this is a click (pin), not a pan.
constexpr int kClickSlopPx = 4;

// The SFML key a --keys name stands for (view_options.h).
sf::Keyboard::Key scripted_key(const std::string& name) {
  static const std::pair<const char*, sf::Keyboard::Key> keys[] = {
      {"up", sf::Keyboard::Up},         {"down", sf::Keyboard::Down},       {"[", sf::Keyboard::LBracket},
      {"]", sf::Keyboard::RBracket},    {"backspace", sf::Keyboard::Backspace}, {"delete", sf::Keyboard::Delete},
      {"l", sf::Keyboard::L},           {"escape", sf::Keyboard::Escape},   {"left", sf::Keyboard::Left},
      {"right", sf::Keyboard::Right},   {"space", sf::Keyboard::Space}};
  for (const auto& [n, key] : keys)
    if (name == n) return key;
  return sf::Keyboard::Unknown;
}

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
  ViewWindow(const MapModel& model, const Timeline& timeline, const ViewOptions& options, const LiveSource* live)
      : model_(model),
        timeline_(timeline),
        options_(options),
        live_(live),
        playback_(options.months_per_second, options.start_month),
        hover_(model, kMarkerRadiusPx),
        capture_(options.screenshot, options.frame_stats),
        layer_(options.layer) {
    pinned_ = options.pin_country;
    levers_shown_ = live_ != nullptr;
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
      const double now_s = std::chrono::duration<double>(started - opened).count();
      closing = handle_events(now_s) || closing;
      closing = play_scripted_key(now_s) || closing;
      const double dt = std::chrono::duration<double>(started - last).count();
      last = started;
      start_branch_if_due(now_s);
      sync_data(now_s);
      advance(dt);
      // With --wait-for-runs, frames count once the runs are done and the scripted keys played.
      const bool counting = !options_.wait_for_runs || runs_settled();
      const bool last_frame = closing || (options_.exit_after_frames > 0 && counting && frames + 1 >= options_.exit_after_frames);
      draw();
      if (last_frame) capture_.last_frame_drawn(window_);
      window_.display();
      capture_.frame_took(std::chrono::duration<double, std::milli>(clock::now() - started).count(), live_running);
      if (counting) ++frames;
      if (last_frame) window_.close();
    }
    capture_.report(window_.getSize());
    report_branch();
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
    width_ = width;
    height_ = height;
    layout_ = view_layout(width, height, levers_shown_ ? lever_panel_rows() : 0);
    window_.setView(sf::View(sf::FloatRect(0, 0, static_cast<float>(width), static_cast<float>(height))));
    camera_.fit(layout_.map, width, height, legend_band(layout_));
    palette_map_->invalidate();
    bar_.set_area(layout_.timeline);
  }

  // Returns true when the window should close.
  bool handle_events(double now_s) {
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
          close = on_key(e.key.code, now_s) || close;
          break;
        case sf::Event::MouseWheelScrolled:
          if (layout_.map.contains(e.mouseWheelScroll.x, e.mouseWheelScroll.y)) {
            camera_.zoom_at(window_, {e.mouseWheelScroll.x, e.mouseWheelScroll.y}, e.mouseWheelScroll.delta);
            palette_map_->invalidate();
          }
          break;
        case sf::Event::MouseButtonPressed:
          if (e.mouseButton.button == sf::Mouse::Left) on_left_press({e.mouseButton.x, e.mouseButton.y}, now_s);
          break;
        case sf::Event::MouseButtonReleased:
          if (e.mouseButton.button == sf::Mouse::Left) on_left_release({e.mouseButton.x, e.mouseButton.y});
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
  bool on_key(sf::Keyboard::Key key, double now_s) {
    if (live_ && levers_shown_ && on_lever_key(key, now_s)) return false;
    switch (key) {
      case sf::Keyboard::Escape:
        if (pinned_ >= 0) {
          pinned_ = -1;
          return false;
        }
        return true;
      case sf::Keyboard::Q:
        return true;
      case sf::Keyboard::L:
        if (live_) {
          levers_shown_ = !levers_shown_;
          relayout(width_, height_);
        }
        break;
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

  // The lever panel's keys; true when the key was one of them.
  bool on_lever_key(sf::Keyboard::Key key, double now_s) {
    const int count = static_cast<int>(lever_fields().size());
    switch (key) {
      case sf::Keyboard::Up:
        selected_lever_ = (selected_lever_ + count - 1) % count;
        return true;
      case sf::Keyboard::Down:
        selected_lever_ = (selected_lever_ + 1) % count;
        return true;
      case sf::Keyboard::LBracket:
        step_lever_edit(selected_lever_, -1, now_s);
        return true;
      case sf::Keyboard::RBracket:
        step_lever_edit(selected_lever_, +1, now_s);
        return true;
      case sf::Keyboard::Backspace:
        edits_.reset(selected_lever_);
        edited(now_s);
        return true;
      case sf::Keyboard::Delete:
        edits_.clear();
        edited(now_s);
        return true;
      default:
        return false;
    }
  }

  void step_lever_edit(int lever, int direction, double now_s) {
    selected_lever_ = lever;
    edits_.step(lever, direction, in_force_);
    edited(now_s);
  }

  // The edits changed: branch from the month shown, once the presses stop.
  void edited(double now_s) {
    branch_from_ = playback_.month();
    branch_due_s_ = now_s + kBranchDelayS;
  }

  void start_branch_if_due(double now_s) {
    if (branch_due_s_ < 0 || now_s < branch_due_s_) return;
    branch_due_s_ = -1;
    branch_.reset();  // stops and joins the one before
    branch_status_.clear();
    if (edits_.empty()) return;
    if (branch_from_ + 1 >= timeline_.total_months()) {
      branch_status_ = "the last month: nothing left to branch";
      return;
    }
    branch_ = std::make_unique<LiveBranch>(live_->spec, live_->seed, BranchRequest{branch_from_, edits_.sets()});
    branch_feed_ = ChartFeed();
    ++branch_serial_;
  }

  // The live run, its branch and the scripted keys are all done.
  bool runs_settled() const {
    return timeline_.finished() && next_key_ >= options_.keys.size() && branch_due_s_ < 0 &&
           (!branch_ || branch_->timeline().finished());
  }

  // Plays the next --keys press once the month first shown is there.
  bool play_scripted_key(double now_s) {
    if (next_key_ >= options_.keys.size() || playback_.available() <= options_.start_month.value_or(0)) return false;
    return on_key(scripted_key(options_.keys[next_key_++]), now_s);
  }

  // What the branch came to, for the terminal (and the tests).
  void report_branch() const {
    if (!branch_) return;
    const Timeline& t = branch_->timeline();
    std::string sets;
    for (const std::string& set : branch_->request().sets) sets += " --set " + set;
    std::cout << "branch from " << Month{timeline_.first_month().index + branch_->request().from_month}.str() << sets
              << ": " << t.size() << " of " << t.total_months() << " months"
              << (t.error().empty() ? "" : ", failed: " + t.error()) << "\n";
  }

  // On the timeline: jump there, and keep following the mouse while the
  // button is down. On the lever panel: its buttons. On the map: start a pan
  // (or, released where it went down, a click that pins a country).
  void on_left_press(sf::Vector2i pixel, double now_s) {
    if (const auto button = live_ && levers_shown_ ? lever_button_at(layout_.levers, pixel) : std::nullopt) {
      step_lever_edit(button->lever, button->direction, now_s);
      return;
    }
    if (bar_.area().contains(pixel.x, pixel.y)) {
      scrubbing_ = true;
      scrub_to(pixel.x);
    } else if (layout_.map.contains(pixel.x, pixel.y)) {
      camera_.start_drag(pixel);
      press_at_ = pixel;
    }
  }

  void on_left_release(sf::Vector2i pixel) {
    const bool click = press_at_.x >= 0 && std::abs(pixel.x - press_at_.x) <= kClickSlopPx &&
                       std::abs(pixel.y - press_at_.y) <= kClickSlopPx;
    press_at_ = {-1, -1};
    if (!click || !layout_.map.contains(pixel.x, pixel.y)) return;
    const int country = hover_.country_at_pixel(window_, camera_, pixel);
    if (country < 0) return;
    pinned_ = country == pinned_ ? -1 : country;
    inspector_version_ = UINT64_MAX;  // rebuild the card
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

  // Picks up months the live run (and its branch) added since the last frame.
  void sync_data(double now_s) {
    playback_.set_available(timeline_.size());
    chart_feed_.sync(timeline_, now_s);
    if (branch_) branch_feed_.sync(branch_->timeline(), now_s);
    // One version for both feeds and the branch they came from.
    const std::uint64_t version = chart_feed_.version() * 1000003ULL + branch_feed_.version() + branch_serial_ * 7919ULL;
    ChartInput input;
    input.series = &chart_feed_.series();
    input.version = version;
    if (branch_ && !branch_feed_.series().rows.empty()) {
      input.branch = &branch_feed_.series();
      input.branch_from = branch_->request().from_month;
      input.branch_label = branch_label();
    }
    if (version != charts_version_ || layout_.charts.w != charts_area_.w || layout_.charts.h != charts_area_.h) {
      input.specs = chart_specs(chart_feed_.series());
      charts_version_ = version;
      charts_area_ = layout_.charts;
      charts_.update(input, timeline_.total_months(), layout_.charts);
    }
    sync_inspector(version);
    if (live_ && playback_.available() > 0) {
      in_force_ = levers_in_force(*live_->spec, Month{timeline_.first_month().index + playback_.month()});
    }
  }

  // "branch from 2026-06: remote_access_closure 1": the edits it made.
  std::string branch_label() const {
    std::string label = "branch from ";
    label.append(Month{timeline_.first_month().index + branch_->request().from_month}.str()).append(":");
    for (const std::string& set : branch_->request().sets) {
      // "policy.levers.NAME=VALUE" -> " NAME VALUE"
      const std::size_t name = set.rfind('.', set.find('=')) + 1, equals = set.find('=');
      label.append(" ").append(set, name, equals - name).append(" ").append(set, equals + 1);
    }
    return label;
  }

  void sync_inspector(std::uint64_t version) {
    if (pinned_ < 0) return;
    const Rect card = inspector_card(layout_, camera_.to_pixel(window_, model_.countries[pinned_].label).x);
    const bool moved = card.x != card_.x || card.w != card_.w || card.h != card_.h;
    if (version == inspector_version_ && !moved) return;
    inspector_version_ = version;
    card_ = card;
    country_ = country_series(timeline_, pinned_);
    InspectorInput input;
    input.country = &model_.countries[pinned_];
    input.series = &country_;
    input.version = version + static_cast<std::uint64_t>(pinned_) * 104729ULL;
    if (branch_ && branch_->timeline().size() > 0) {
      branch_country_ = country_series(branch_->timeline(), pinned_);
      input.branch = &branch_country_;
      input.branch_from = branch_->request().from_month;
      input.branch_label = "dashed: branch";
    }
    inspector_.update(input, timeline_.total_months(), card_);
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
    if (live_ && levers_shown_) draw_lever_panel(window_, layout_.levers, lever_panel_state());
    if (pinned_ >= 0) inspector_.draw(window_, playback_.month());
    if (options_.hover_country >= 0) hover_.pin(window_, camera_, options_.hover_country);
    if (playback_.available() > 0) hover_.draw(window_, frame_);
  }

  LeverPanelState lever_panel_state() const {
    LeverPanelState state;
    state.in_force = &in_force_;
    state.edits = &edits_;
    state.selected = selected_lever_;
    state.status = branch_status_;
    if (branch_due_s_ >= 0) {
      state.status = "branching...";
    } else if (branch_) {
      const Timeline& t = branch_->timeline();
      if (!t.error().empty()) {
        state.status = "branch refused: " + t.error();
      } else if (!t.finished()) {
        state.status = "branch: " + std::to_string(t.size()) + " of " + std::to_string(t.total_months()) + " months";
      } else {
        state.status = "branch done (dashed in the charts)";
      }
    }
    return state;
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

  const MapModel& model_;
  const Timeline& timeline_;
  const ViewOptions options_;
  const LiveSource* live_;  // null for a recorded run: no lever panel
  sf::RenderWindow window_;
  ViewLayout layout_;
  int width_ = 0, height_ = 0;

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
  sf::Vector2i press_at_{-1, -1};  // where the left button went down on the map

  // The lever panel and the branch it made.
  bool levers_shown_ = false;
  int selected_lever_ = 0;
  LeverEdits edits_;
  PolicyLevers in_force_;      // in the month shown
  double branch_due_s_ = -1;   // when to start the branch; -1: none due
  int branch_from_ = 0;        // the month shown when the edits changed
  std::unique_ptr<LiveBranch> branch_;
  std::uint64_t branch_serial_ = 0;  // one more per branch started
  ChartFeed branch_feed_;
  std::string branch_status_;
  std::size_t next_key_ = 0;  // in options_.keys
  std::uint64_t charts_version_ = UINT64_MAX;
  Rect charts_area_;

  // The country inspector.
  int pinned_ = -1;
  InspectorCard inspector_;
  GlobalSeries country_, branch_country_;
  std::uint64_t inspector_version_ = UINT64_MAX;
  Rect card_;
};

}  // namespace

int run_view_window(const MapModel& model, const Timeline& timeline, const ViewOptions& options,
                    const LiveSource* live) {
  ViewWindow window(model, timeline, options, live);
  return window.run();
}

}  // namespace stackrace::viz
