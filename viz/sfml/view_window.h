#pragma once
// The interactive map window of `stackrace view`. It reads months from a
// Timeline (filled at once for a recorded run, month by month by a live
// one) and never touches a simulation.
//
// Controls: space play/pause; left/right step a month; home/end first/last
// month; +/- playback speed; 1-5 map layer; mouse wheel zoom at the cursor;
// left drag pan; R reset the zoom; click or drag the timeline to jump; hover
// a country for its tooltip; click a country to pin its inspector, click it
// again or Esc to unpin; Esc (nothing pinned) or Q close. In a live run, the
// lever panel: Up/Down select a lever, [ and ] (or its - and + buttons)
// step it, Backspace resets it, Delete resets all, L hides the panel; a
// change branches the run from the month shown (viz/core/live_branch.h).

#include <cstdint>
#include <memory>

#include "sim/spec.h"
#include "viz/core/map_model.h"
#include "viz/core/timeline.h"
#include "viz/core/view_options.h"

namespace stackrace::viz {

// Runs until the window is closed (or exit_after_frames). Returns the exit
// code: 0, or 1 when the live simulation failed (its error is printed).
// A live run's spec and seed, from which lever changes branch.
struct LiveSource {
  std::shared_ptr<const Spec> spec;
  std::uint64_t seed = 0;
};

int run_view_window(const MapModel& model, const Timeline& timeline, const ViewOptions& options,
                    const LiveSource* live = nullptr);

}  // namespace stackrace::viz
