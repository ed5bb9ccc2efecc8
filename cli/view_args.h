#pragma once
// Command-line pieces shared by `view` and `render`: parsing --size and
// --month against a run, and the message printed when SFML is missing.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "viz/core/layers.h"
#include "base/months.h"

namespace stackrace::cli {

// Everything `view` and `render` accept; each command refuses what is not its own.
struct ViewArgs {
  std::string command, target;  // target: a run directory or a scenario config
  bool recorded = false;        // target is a directory
  std::string layer = "dominant";
  viz::Layer layer_value = viz::Layer::dominant;
  std::optional<std::string> month, geometry;
  int width = 1600, height = 900;  // --size; a 16:9 window or figure
  // view
  double speed = 4;  // months per second: a 6-year run plays in 18 s (and a video lasts 18 s)
  bool speed_given = false;
  std::vector<std::string> sets;
  std::optional<std::uint64_t> seed, adopters;
  unsigned threads = 0;
  int exit_after_frames = 0;
  std::optional<std::string> screenshot;
  bool frame_stats = false;
  std::optional<std::string> hover;  // ISO3 whose tooltip is shown (screenshots)
  std::optional<std::string> pin;    // ISO3 whose inspector is pinned
  std::optional<std::string> keys;   // scripted key presses, comma-separated
  bool wait_for_runs = false;
  bool overwrite = false;  // --overwrite: replace an existing --out, --video or --screenshot file
  // render
  std::optional<std::string> out, frames, title;
  std::optional<std::string> video;     // FILE.mp4 or FILE.gif: the whole view, a frame a month
  std::optional<std::string> from, to;  // YYYY-MM: the months of --frames and --video
};

struct Size {
  int width = 0, height = 0;
};

// "1920x1080" -> Size; throws InputError("--size ...") outside 200..8192 px.
Size parse_size(const std::string& text);

// The index of `month` (YYYY-MM) in a run of `months` months from `first`;
// throws InputError("--month ...") naming the run's range.
int month_index(const std::string& month, Month first, int months);

// The index range [first, last] of --from/--to (each optional) in a run of
// `months` months from `first`; throws InputError naming the option.
struct MonthRange {
  int first = 0, last = 0;
};
MonthRange month_range(const std::optional<std::string>& from, const std::optional<std::string>& to, Month first,
                       int months);

// The index of `code` (an ISO3) among a run's countries `iso3`, for --pin
// and --hover; throws InputError("OPTION CODE ...") when the run has no such
// country.
int country_index(const std::string& option, const std::string& code, const std::vector<std::string>& iso3);

// What to do without SFML: printed by `view` and PNG `render`, which then exit 1.
extern const char* const kNoSfmlMessage;

}  // namespace stackrace::cli
