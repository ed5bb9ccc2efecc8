#include "cli/render_command.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "base/atomic_file.h"
#include "base/errors.h"
#include "base/text_escape.h"
#include "cli/command_line.h"
#include "sim/output_dir.h"
#include "viz/core/figure_layout.h"
#include "viz/core/map_model.h"
#include "viz/core/recorded_run.h"
#include "viz/core/svg_figure.h"
#include "viz/core/video_encoder.h"
#include "viz/core/view_layout.h"
#include "viz/core/world_files.h"

#ifdef STACKRACE_HAVE_SFML
#include "viz/sfml/display.h"
#include "viz/sfml/png_render.h"
#include "viz/sfml/view_frames.h"
#endif

namespace stackrace::cli {
namespace {

namespace fs = std::filesystem;

std::string lower_extension(const std::string& path) {
  return ascii_lower(std::filesystem::path(path).extension().string());
}

// --frames DIR is new or empty, as run's --out: the frames of an earlier
// render left there would mix with these.
void check_frames_dir(const std::string& dir) {
  const std::string option = "--frames " + dir;
  std::error_code ec;
  fs::path path(dir);
  if (!path.has_filename()) path = path.parent_path();  // "frames/" -> "frames"
  if (fs::exists(path, ec)) {
    refuse(!fs::is_directory(path, ec), option, "exists and is not a directory");
    refuse(!fs::is_empty(path, ec), option,
           "directory exists and is not empty: choose a new or empty directory (the frames of an earlier render "
           "there would mix with these)");
  }
  const fs::path parent = path.has_parent_path() ? path.parent_path() : fs::path(".");
  refuse(!fs::is_directory(parent, ec), option, "parent directory " + parent.string() + " does not exist");
}

#ifdef STACKRACE_HAVE_SFML
// The whole view, a frame a month, piped to ffmpeg.
// With --pin, the country's inspector card in every frame.
void write_video(const viz::RecordedRun& run, const viz::MapModel& model, const ViewArgs& a, const MonthRange& range,
                 int pin_country) {
  viz::ViewFramesSpec spec;
  spec.width = a.width;
  spec.height = a.height;
  spec.layer = a.layer_value;
  spec.run_name = run.manifest.resolved_config().name();
  spec.caption = viz::run_settings(run);
  spec.from = range.first;
  spec.to = range.last;
  spec.pin_country = pin_country;
  viz::VideoSpec video;
  video.format = *viz::video_format_for(*a.video);
  video.width = a.width;
  video.height = a.height;
  video.frames_per_second = a.speed;
  if (!viz::hidden_panel_note(viz::view_layout(a.width, a.height)).empty()) {
    std::cerr << "note: the video is " << a.width << " px wide and leaves out the chart panel, which needs "
              << viz::kMinWidthForPanel << " px (--size)\n";
  }
  const int written =
      viz::encode_video(*a.video, video, [&](const auto& frame) { viz::draw_view_frames(model, run, spec, frame); });
  const auto& frames = run.trajectory.frames;
  std::cout << "wrote " << *a.video << " (" << written << " frames, " << frames[range.first].month.str() << " to "
            << frames[range.last].month.str() << ", " << a.speed << " months a second)\n";
}
#endif

}  // namespace

int render(const ViewArgs& a) {
  refuse(!a.recorded, a.target, "render needs a run directory; make one with `stackrace run CONFIG --out DIR`");
  refuse(!a.sets.empty() || a.seed || a.adopters || a.threads || a.exit_after_frames || a.screenshot || a.frame_stats ||
             a.hover || a.keys || a.wait_for_runs,
         "command line",
         "--set, --seed, --adopters, --threads, --exit-after-frames, --screenshot, --frame-stats, --hover, "
         "--keys and --wait-for-runs belong to `stackrace view`");
  refuse(a.pin && !a.video, "--pin " + a.pin.value_or(""),
         "works with --video (the whole view, with the country's inspector card); --out and --frames draw the map "
         "alone");
  refuse(static_cast<int>(a.out.has_value()) + static_cast<int>(a.frames.has_value()) +
                 static_cast<int>(a.video.has_value()) !=
             1,
         "command line",
         "render needs exactly one of --out FILE.png|FILE.svg, --frames DIR and --video FILE.mp4|FILE.gif");
  refuse(!a.out && (a.month || a.title), a.frames ? "--frames" : "--video",
         "draws every month with its own title; drop --month/--title (choose months with --from/--to)");
  refuse(a.out && (a.from || a.to), "--from/--to",
         "choose the months of --frames or --video; --out draws one month, chosen with --month");
  refuse(a.speed_given && !a.video, "--speed", "sets the frame rate of --video (months per second); drop it");
  const std::string ext = a.out ? lower_extension(*a.out) : ".png";
  refuse(ext != ".png" && ext != ".svg", "--out " + a.out.value_or(""), "expected a file name ending in .png or .svg");
  if (a.out) check_output_file("--out", *a.out, a.overwrite);
  if (a.video) {
    refuse(!viz::video_format_for(*a.video), "--video " + *a.video, "expected a file name ending in .mp4 or .gif");
    // H.264 in yuv420p, which every player reads, has even sides; ffmpeg
    // would pad an odd one with a black line.
    refuse(viz::video_format_for(*a.video) == viz::VideoFormat::mp4 && (a.width % 2 != 0 || a.height % 2 != 0),
           "--size " + std::to_string(a.width) + "x" + std::to_string(a.height),
           "an .mp4 needs an even width and height (H.264); e.g. --size " + std::to_string(a.width / 2 * 2) + "x" +
               std::to_string(a.height / 2 * 2) + ", or a .gif");
    check_output_file("--video", *a.video, a.overwrite);
    refuse(!viz::find_ffmpeg(), "--video " + *a.video,
           "needs ffmpeg, which is not on PATH; install it with `apt-get install ffmpeg` (or scripts/install-deps)");
  }

  if (a.frames) check_frames_dir(*a.frames);

  const viz::RecordedRun run = viz::load_recorded_run(a.target);
  const std::vector<viz::MapFrame>& frames = run.trajectory.frames;
  const int months = static_cast<int>(frames.size());
  const int index = a.month ? month_index(*a.month, frames.front().month, months) : months - 1;  // default: the last
  [[maybe_unused]] const int pin_country = a.pin ? country_index("--pin", *a.pin, run.trajectory.iso3) : -1;
  // Checked in every build, used by PNG frames and videos (SFML builds).
  [[maybe_unused]] const MonthRange range = month_range(a.from, a.to, frames.front().month, months);
  const viz::WorldFiles files =
      viz::locate_world_files(run.manifest.config_path(), run.manifest.resolved_config().world_data(), a.geometry);
  const std::string name = run.manifest.resolved_config().name();
  viz::FigureSpec figure;
  figure.layer = a.layer_value;
  figure.width = a.width;
  figure.height = a.height;
  figure.title = a.title.value_or(viz::figure_title(name, frames[index].month.str(), a.layer_value));

  if (ext == ".svg") {
    const viz::MapModel model = viz::build_map_model(run.trajectory.iso3, files);
    // Written whole or not at all (base/atomic_file.h), never a truncated figure.
    std::ostringstream svg;
    viz::write_svg(svg, model, frames[index], figure);
    write_file_atomically(*a.out, svg.str());
    std::cout << "wrote " << *a.out << "\n";
    return 0;
  }
#ifdef STACKRACE_HAVE_SFML
  viz::require_display();
  const viz::MapModel model = viz::build_map_model(run.trajectory.iso3, files);
  if (a.out) {
    viz::render_png(model, frames[index], figure, *a.out);
    std::cout << "wrote " << *a.out << "\n";
  } else if (a.frames) {
    const std::vector<viz::MapFrame> chosen(frames.begin() + range.first, frames.begin() + range.last + 1);
    // Drawn into a hidden sibling and renamed into place whole: a failed or
    // stopped render leaves no frames behind.
    // frame_NNNN.png: a horizon has at most 1,200 months, four digits.
    static const OutputLayout frames_layout{"render --frames", {"frame_####.png"}, nullptr, false};
    OutputDir dir(*a.frames, false, frames_layout, "--frames");
    const auto written = viz::render_png_frames(
        model, chosen, figure,
        [&](const viz::MapFrame& f) { return viz::figure_title(name, f.month.str(), a.layer_value); },
        dir.staging().string());
    dir.commit();
    std::cout << "wrote " << written.size() << " frames to " << *a.frames << "\n";
  } else {
    write_video(run, model, a, range, pin_country);
  }
  return 0;
#else
  std::cerr << "error: " << kNoSfmlMessage << "\n";
  return 1;
#endif
}

}  // namespace stackrace::cli
