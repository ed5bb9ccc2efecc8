#pragma once
// `stackrace render RUN_DIR`: figures of a recorded run. An .svg is written
// directly; a .png, --frames (one PNG per month) and --video (the whole
// view, a frame a month, piped to ffmpeg) go through SFML's offscreen
// renderer, which needs an X display (xvfb-run on a server).

#include "cli/view_args.h"

namespace stackrace::cli {

int render(const ViewArgs& args);

}  // namespace stackrace::cli
