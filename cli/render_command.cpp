#include "cli/render_command.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "base/atomic_file.h"
#include "base/errors.h"
#include "viz/core/figure_layout.h"
#include "viz/core/map_model.h"
#include "viz/core/recorded_run.h"
#include "viz/core/svg_figure.h"
#include "viz/core/world_files.h"

#ifdef STACKRACE_HAVE_SFML
#include "viz/sfml/display.h"
#include "viz/sfml/png_render.h"
#endif

namespace stackrace::cli {
namespace {

std::string lower_extension(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

void refuse(bool present, const std::string& option, const std::string& why) {
  if (present) throw InputError(option, why);
}

}  // namespace

int render(const ViewArgs& a) {
  refuse(!a.recorded, a.target, "render needs a run directory; make one with `stackrace run CONFIG --out DIR`");
  refuse(!a.sets.empty() || a.seed || a.adopters || a.threads || a.exit_after_frames || a.screenshot || a.frame_stats ||
             a.hover,
         "command line",
         "--set, --seed, --adopters, --threads, --exit-after-frames, --screenshot, --frame-stats and "
         "--hover belong to `stackrace view`");
  refuse(a.out.has_value() == a.frames.has_value(), "command line",
         "render needs exactly one of --out FILE.png|FILE.svg and --frames DIR");
  refuse(a.frames && (a.month || a.title), "--frames", "writes every month with its own title; drop --month/--title");
  const std::string ext = a.out ? lower_extension(*a.out) : ".png";
  refuse(ext != ".png" && ext != ".svg", "--out " + a.out.value_or(""), "expected a file name ending in .png or .svg");

  const viz::RecordedRun run = viz::load_recorded_run(a.target);
  const std::vector<viz::MapFrame>& frames = run.trajectory.frames;
  const int index = a.month ? month_index(*a.month, frames.front().month, static_cast<int>(frames.size()))
                            : static_cast<int>(frames.size()) - 1;  // default: the last month
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
  } else {
    const auto written = viz::render_png_frames(
        model, frames, figure,
        [&](const viz::MapFrame& f) { return viz::figure_title(name, f.month.str(), a.layer_value); }, *a.frames);
    std::cout << "wrote " << written.size() << " frames to " << *a.frames << "\n";
  }
  return 0;
#else
  std::cerr << "error: " << kNoSfmlMessage << "\n";
  return 1;
#endif
}

}  // namespace stackrace::cli
