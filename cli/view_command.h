#pragma once
// `stackrace view` and `stackrace render`: the map view's commands (viz/).
// Both throw InputError on bad input (exit 2). Without SFML, `view` and PNG
// figures print how to get it and return 1; SVG figures always work.

#include <string>

namespace stackrace::cli {

inline constexpr const char* kViewUsage =
    R"(  stackrace view RUN_DIR [--layer NAME] [--month YYYY-MM] [--geometry FILE] [--size WxH] [--speed MONTHS_PER_S]
  stackrace view CONFIG [--set k=v]... [--seed N] [--adopters N] [--threads N] [same options as above]
      window options: [--exit-after-frames N] [--screenshot FILE.png] [--frame-stats] [--hover ISO3]
  stackrace render RUN_DIR --out FILE.png|FILE.svg [--month YYYY-MM] [--layer NAME] [--geometry FILE] [--size WxH] [--title TEXT]
  stackrace render RUN_DIR --frames DIR [--layer NAME] [--geometry FILE] [--size WxH]
      layers: dominant, ai_user_share, cn_share, tier (default dominant); see docs/view.md
)";

bool is_view_command(const std::string& command);  // "view" or "render"

// argv[1] is the command. Returns the exit code.
int run_view_command(int argc, char** argv);

}  // namespace stackrace::cli
