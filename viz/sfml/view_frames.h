#pragma once
// The whole view of a recorded run (map, legend, title bar, charts and the
// timeline) drawn offscreen month by month, as the window shows it while it
// plays: the frames of `stackrace render --video`. The title bar carries the
// run's caption (seed, adopters, overrides) where the window shows its
// playback state, and the panel has no key help. With a country pinned, its
// inspector card is drawn over the map where the window pins it (without the
// hint on how to unpin). Needs an X display (see display.h); call
// require_display() first.

#include <cstdint>
#include <functional>
#include <string>

#include "viz/core/layers.h"
#include "viz/core/map_model.h"
#include "viz/core/recorded_run.h"

namespace stackrace::viz {

struct ViewFramesSpec {
  int width = 1600, height = 900;  // pixels
  Layer layer = Layer::dominant;
  std::string run_name;  // the title bar's scenario
  std::string caption;   // beside it: seed, adopters, overrides
  int from = 0, to = 0;  // month indices, inclusive
  int pin_country = -1;  // index into the run's countries whose inspector card is drawn; -1: none
};

// Calls `frame` once per month from spec.from to spec.to with the view's
// width * height * 4 bytes (RGBA, rows top to bottom). Throws
// std::runtime_error when no offscreen target can be made.
void draw_view_frames(const MapModel& model, const RecordedRun& run, const ViewFramesSpec& spec,
                      const std::function<void(const std::uint8_t* rgba)>& frame);

}  // namespace stackrace::viz
