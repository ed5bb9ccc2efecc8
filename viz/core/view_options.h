#pragma once
// What the view window is asked to do: the command line's choices, kept free
// of SFML so the command can be parsed and checked in builds without it.

#include <optional>
#include <string>
#include <vector>

#include "viz/core/layers.h"

namespace stackrace::viz {

struct ViewOptions {
  Layer layer = Layer::dominant;
  int width = 1600, height = 900;         // initial window size; the window is resizable
  int exit_after_frames = 0;              // > 0: close after this many frames (tests, measurements)
  std::optional<std::string> screenshot;  // PNG of the last frame drawn
  bool frame_stats = false;               // no frame-rate cap; print frame-time statistics at exit
  std::optional<int> start_month;         // month index to show first, paused; else play from the start
  double months_per_second = 4;           // initial playback speed
  std::string run_name;                   // for the title bar
  int hover_country = -1;                 // >= 0: show this country's tooltip as if hovered (screenshots, tests)
  int pin_country = -1;                   // >= 0: pin this country's inspector from the start
  // Key presses played one a frame once the first month shown is there
  // (tests, screenshots of the lever panel): names from scripted_key_names().
  std::vector<std::string> keys;
  bool wait_for_runs = false;  // count --exit-after-frames only once the live run and its branch are done
};

// The keys --keys may name.
inline const std::vector<std::string>& scripted_key_names() {
  static const std::vector<std::string> names = {"up",        "down",   "[",    "]",     "backspace", "delete",
                                                 "l",         "escape", "left", "right", "space"};
  return names;
}

}  // namespace stackrace::viz
