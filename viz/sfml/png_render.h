#pragma once
// PNG figures through an offscreen SFML render target: the same layout,
// colours and title as the SVG figures (figure_layout.h), rasterised.
// Needs an X display (see display.h); call require_display() first.

#include <functional>
#include <string>
#include <vector>

#include "viz/core/figure_layout.h"
#include "viz/core/map_frame.h"
#include "viz/core/map_model.h"

namespace stackrace::viz {

// Writes one month to `path` (.png). Throws std::runtime_error on failure.
void render_png(const MapModel& model, const MapFrame& frame, const FigureSpec& figure, const std::string& path);

// Writes every frame to dir/frame_0000.png, frame_0001.png, ... (the
// numbering ffmpeg's -i frame_%04d.png expects), titled by `title`. Creates
// dir if needed. Returns the files written.
std::vector<std::string> render_png_frames(const MapModel& model, const std::vector<MapFrame>& frames,
                                           const FigureSpec& figure,
                                           const std::function<std::string(const MapFrame&)>& title,
                                           const std::string& dir);

}  // namespace stackrace::viz
