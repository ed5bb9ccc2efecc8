// `stackrace view` (the window, replaying a run or running a config live)
// and the argument parsing shared with `stackrace render` (render_command.cpp).

#include <tbb/global_control.h>
#include <tbb/info.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>
#include <memory>

#include "base/errors.h"
#include "base/text_escape.h"
#include "cli/command_line.h"
#include "cli/help.h"
#include "cli/render_command.h"
#include "cli/validate_command.h"
#include "cli/view_args.h"
#include "cli/view_command.h"
#include "sim/spec.h"
#include "viz/core/live_run.h"
#include "viz/core/map_model.h"
#include "viz/core/recorded_run.h"
#include "viz/core/view_options.h"
#include "viz/core/world_files.h"

// The window exists only in builds with SFML (viz/CMakeLists.txt); without
// it, `view` checks its input all the same and then says how to get SFML.
#ifdef STACKRACE_HAVE_SFML
#include "viz/sfml/display.h"
#include "viz/sfml/view_window.h"
#endif

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace stackrace::cli {
namespace {

// Playback speeds the window accepts, months per second (see view_window.cpp).
constexpr double kMinSpeed = 0.25, kMaxSpeed = 32;

std::string usage(const std::string& command) { return command_help(command); }

ViewArgs parse_view_args(int argc, char** argv) {
  ViewArgs a;
  a.command = argv[1];
  po::options_description opts;
  opts.add_options()("target", po::value(&a.target))("layer", po::value(&a.layer))("month", po::value<std::string>())(
      "geometry", po::value<std::string>())("size", po::value<std::string>())("speed", po::value(&a.speed))(
      "set", po::value(&a.sets)->composing())("seed", po::value<std::string>())("adopters", po::value<std::string>())(
      "threads", po::value<std::string>())("exit-after-frames", po::value(&a.exit_after_frames))(
      "screenshot", po::value<std::string>())("frame-stats", po::bool_switch(&a.frame_stats))(
      "hover", po::value<std::string>())("out", po::value<std::string>())("frames", po::value<std::string>())(
      "title", po::value<std::string>())("pin", po::value<std::string>())("keys", po::value<std::string>())(
      "wait-for-runs", po::bool_switch(&a.wait_for_runs))("video", po::value<std::string>())(
      "from", po::value<std::string>())("to", po::value<std::string>())("overwrite", po::bool_switch(&a.overwrite));
  po::positional_options_description pos;
  pos.add("target", 1);
  // --title "" draws a figure without a title.
  const po::variables_map vm = parse_command_line(argc, argv, opts, pos, usage(a.command), "", {"title"});
  auto optional = [&](const char* name, std::optional<std::string>& out) {
    if (vm.count(name)) out = vm[name].as<std::string>();
  };
  optional("month", a.month);
  optional("geometry", a.geometry);
  optional("screenshot", a.screenshot);
  optional("out", a.out);
  optional("frames", a.frames);
  optional("title", a.title);
  optional("hover", a.hover);
  optional("pin", a.pin);
  optional("keys", a.keys);
  optional("video", a.video);
  optional("from", a.from);
  optional("to", a.to);
  a.speed_given = vm.count("speed") > 0;
  if (vm.count("size")) {
    const Size s = parse_size(vm["size"].as<std::string>());
    a.width = s.width;
    a.height = s.height;
  }
  if (vm.count("seed")) a.seed = unsigned_option(vm, "seed");
  if (vm.count("adopters")) a.adopters = adopters_option(vm);
  refuse_given_twice(a.seed.has_value(), a.adopters.has_value(), a.sets);
  a.layer_value = viz::parse_layer(a.layer);
  if (a.target.empty()) throw InputError("command line", "missing RUN_DIR or CONFIG\n" + usage(a.command));
  if (!fs::exists(a.target)) {
    throw InputError(a.target, a.command == "render"
                                   ? "no such file or directory, expected a run directory (from stackrace run)"
                                   : "no such file or directory, expected a run directory (from stackrace run) or a "
                                     "scenario config");
  }
  a.recorded = fs::is_directory(a.target);
  if (vm.count("speed") && !(a.speed >= kMinSpeed && a.speed <= kMaxSpeed))
    throw InputError("--speed", "expected months per second from 0.25 to 32");
  if (vm.count("exit-after-frames") && a.exit_after_frames < 1)
    throw InputError("--exit-after-frames", "expected a frame count of at least 1");
  if (vm.count("threads")) a.threads = threads_option(vm);
  return a;
}

// "down,],]" -> its key names, each one that --keys knows (view_options.h).
std::vector<std::string> parse_keys(const std::string& text) {
  std::vector<std::string> keys;
  const auto& known = viz::scripted_key_names();
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = text.find(',', start);
    const std::string key = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      std::string names;
      for (const std::string& k : known) names += (names.empty() ? "" : " ") + k;
      throw InputError("--keys " + text, "\"" + key + "\" is not a key --keys knows; expected a comma-separated list of: " + names);
    }
    keys.push_back(key);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return keys;
}

// --screenshot: a name SFML writes an image to, in a writable folder, told
// before the window opens and the run plays.
void check_screenshot(const ViewArgs& a) {
  if (!a.screenshot) return;
  const std::string ext = ascii_lower(std::filesystem::path(*a.screenshot).extension().string());
  refuse(ext != ".png" && ext != ".jpg" && ext != ".jpeg" && ext != ".bmp" && ext != ".tga", "--screenshot",
         "expected a file name ending in .png (or .jpg, .bmp, .tga): the window's last frame is an image");
  check_output_file("--screenshot", *a.screenshot, a.overwrite);
}

int view(const ViewArgs& a) {
  refuse(a.out || a.frames || a.title || a.video || a.from || a.to, "--out/--frames/--video/--title/--from/--to",
         "belong to `stackrace render`");
  check_screenshot(a);
  refuse(a.recorded && (!a.sets.empty() || a.seed || a.adopters || a.threads), "--set/--seed/--adopters/--threads",
         "apply to a CONFIG run live, not to a recorded RUN_DIR");
  refuse(!a.recorded && a.geometry.has_value(), "--geometry",
         "applies to a recorded RUN_DIR; a CONFIG's geometry is found next to its world_data");

  // Everything that can be bad input is checked before anything needs SFML.
  std::unique_ptr<viz::Timeline> timeline;
  std::shared_ptr<const Spec> spec;
  viz::WorldFiles files;
  viz::ViewOptions options;
  Month first;
  if (a.recorded) {
    const viz::RecordedRun run = viz::load_recorded_run(a.target);
    files =
        viz::locate_world_files(run.manifest.config_path(), run.manifest.resolved_config().world_data(), a.geometry);
    timeline = viz::make_timeline(run);
    first = run.trajectory.frames.front().month;
    options.run_name = run.manifest.resolved_config().name();
  } else {
    try {
      spec = std::make_shared<const Spec>(load_spec(a.target, SpecOptions{a.sets, a.adopters}));
    } catch (const InputError&) {
      cli::rethrow_with_kind_hint(a.target, ConfigKind::kScenario);  // a comparison or study spec is named so
    }
    warn_of_horizon(*spec);
    files = viz::locate_world_files(a.target, spec->scenario.world_data(), std::nullopt);
    timeline = viz::make_live_timeline(*spec);
    first = spec->start;
    options.run_name = spec->scenario.name();
  }
  if (a.month) options.start_month = month_index(*a.month, first, timeline->total_months());
  options.layer = a.layer_value;
  options.width = a.width;
  options.height = a.height;
  options.exit_after_frames = a.exit_after_frames;
  options.screenshot = a.screenshot;
  options.frame_stats = a.frame_stats;
  options.months_per_second = a.speed;
  if (a.hover) options.hover_country = country_index("--hover", *a.hover, timeline->iso3());
  if (a.pin) options.pin_country = country_index("--pin", *a.pin, timeline->iso3());
  if (a.keys) options.keys = parse_keys(*a.keys);
  options.wait_for_runs = a.wait_for_runs;

#ifdef STACKRACE_HAVE_SFML
  viz::require_display();
  const viz::MapModel model = viz::build_map_model(timeline->iso3(), files);
  if (a.recorded) return viz::run_view_window(model, *timeline, options);
  const unsigned threads = a.threads ? a.threads : static_cast<unsigned>(tbb::info::default_concurrency());
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  // The live run stops and joins when `live` goes out of scope, after the window closes.
  const std::uint64_t seed = a.seed.value_or(spec->scenario.seed());
  viz::LiveRun live(spec, seed, *timeline);
  const viz::LiveSource source{spec, seed};
  return viz::run_view_window(model, *timeline, options, &source);
#else
  std::cerr << "error: " << kNoSfmlMessage << "\n";
  return 1;
#endif
}

}  // namespace

bool is_view_command(const std::string& command) { return command == "view" || command == "render"; }

int run_view_command(int argc, char** argv) {
  const ViewArgs args = parse_view_args(argc, argv);
  return args.command == "view" ? view(args) : render(args);
}

}  // namespace stackrace::cli
