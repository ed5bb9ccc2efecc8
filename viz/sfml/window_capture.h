#pragma once
// What `stackrace view` records for scripts, tests and measurements: a PNG
// of the last frame drawn (--screenshot) and every frame's time
// (--frame-stats), kept apart for the frames drawn while a live run was
// still simulating, since those compete with it for the CPU.

#include <SFML/Graphics.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace stackrace::viz {

class WindowCapture {
 public:
  WindowCapture(std::optional<std::string> screenshot, bool frame_stats)
      : screenshot_(std::move(screenshot)), frame_stats_(frame_stats) {}

  // Call after drawing the last frame and before displaying it: saves the
  // screenshot, if one was asked for. Throws std::runtime_error on failure.
  void last_frame_drawn(const sf::RenderWindow& window) const;
  void frame_took(double ms, bool live_running);
  // Prints the frame-time statistics to stdout, if they were asked for.
  void report(sf::Vector2u window_size) const;

 private:
  std::optional<std::string> screenshot_;
  bool frame_stats_;
  std::vector<double> live_ms_, after_ms_;
};

}  // namespace stackrace::viz
