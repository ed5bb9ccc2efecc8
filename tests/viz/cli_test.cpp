// `stackrace view` and `stackrace render` end to end, on the small run of the
// CTest fixture: figures in the right colours at known countries, the
// window's screenshot, and bad input refused with exit code 2, quickly.
// Tests that need SFML and an X display skip without them.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "base/proto/output.pb.h"
#include "png_check.h"
#include "viz/core/figure_layout.h"
#include "viz/core/layers.h"
#include "viz/core/view_layout.h"
#include "viz_support.h"
#include "xml_check.h"

namespace stackrace::viz {
namespace {

namespace fs = std::filesystem;
using viz_test::run_stackrace;

// Bad input must be refused long before this (a hang would hit it).
constexpr double kQuickS = 20;

#define SKIP_WITHOUT_DISPLAY()                                                                   \
  do {                                                                                           \
    if (!viz_test::have_sfml()) GTEST_SKIP() << "built without SFML";                            \
    if (!viz_test::have_xvfb_run()) GTEST_SKIP() << "xvfb-run not found (apt-get install xvfb)"; \
  } while (0)

bool has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

// A copy of the fixture run whose trajectory.pb is replaced by `bytes`.
fs::path run_with_trajectory(const viz_test::TempDir& dir, const std::string& bytes) {
  fs::path run = dir / "run";
  fs::copy(viz_test::fixture_run(), run, fs::copy_options::recursive);
  viz_test::write_file(run / "trajectory.pb", bytes);
  return run;
}

// --- SVG: no display needed ---

TEST(RenderCli, SvgIsWellFormedWithOnePathPerCountry) {
  viz_test::TempDir dir;
  for (const char* layer : {"dominant", "ai_user_share", "cn_share", "tier"}) {
    const fs::path out = dir / (std::string(layer) + ".svg");
    const auto r = run_stackrace(
        {"render", viz_test::fixture_run().string(), "--month", "2025-06", "--layer", layer, "--out", out.string()});
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const std::string svg = viz_test::read_file(out);
    const viz_test::XmlCheck check = viz_test::check_xml(svg);
    ASSERT_EQ(check.error, "") << layer;
    EXPECT_EQ(check.element_count.at("path"), 241) << layer;
    EXPECT_TRUE(has(svg, "baseline, 2025-06: ")) << layer;  // the title
    EXPECT_TRUE(has(svg, "<g id=\"legend\">")) << layer;
  }
  // --title "" (unlike other empty arguments) asks for a figure without one.
  const fs::path untitled = dir / "untitled.svg";
  const auto r = run_stackrace(
      {"render", viz_test::fixture_run().string(), "--month", "2025-06", "--title", "", "--out", untitled.string()});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_FALSE(has(viz_test::read_file(untitled), "baseline, 2025-06: "));
}

// --- PNG figures: under xvfb-run ---

TEST(RenderCli, PngHasTheTierColoursAtKnownCountries) {
  SKIP_WITHOUT_DISPLAY();
  viz_test::TempDir dir;
  const fs::path out = dir / "tier.png";
  const auto r = run_stackrace(
      {"render", viz_test::fixture_run().string(), "--layer", "tier", "--size", "1600x900", "--out", out.string()},
      true);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto png = viz_test::load_png(out);
  ASSERT_TRUE(png);
  ASSERT_EQ(png->width, 1600);
  const FigureLayout layout = figure_layout(1600, 900, layer_legend(Layer::tier));
  const viz_test::FixtureScene& f = viz_test::fixture_scene();
  auto pixel_at = [&](const std::string& iso3) {
    const Point p = layout.transform.to_pixel(f.model.countries[f.index(iso3)].label);
    return png->at(p.x, p.y);
  };
  EXPECT_EQ(pixel_at("USA"), tier_colour(1));
  EXPECT_EQ(pixel_at("FRA"), tier_colour(1));
  EXPECT_EQ(pixel_at("CHN"), tier_colour(3));
  EXPECT_EQ(pixel_at("RUS"), tier_colour(3));
  EXPECT_EQ(pixel_at("BRA"), tier_colour(2));
  // The legend's swatches are drawn where the layout puts them.
  const Legend legend = layer_legend(Layer::tier);
  for (std::size_t i = 0; i < legend.items.size(); ++i) {
    const Rect& s = layout.legend.swatches[i];
    EXPECT_EQ(png->at(s.x + s.w / 2, s.y + s.h / 2), legend.items[i].colour) << legend.items[i].label;
  }
}

TEST(RenderCli, PngDominantLayerShowsChinaOnAChineseStackAndMarkers) {
  SKIP_WITHOUT_DISPLAY();
  viz_test::TempDir dir;
  const fs::path out = dir / "dominant.png";
  const auto r = run_stackrace({"render", viz_test::fixture_run().string(), "--layer", "dominant", "--month", "2025-06",
                                "--size", "1600x900", "--out", out.string()},
                               true);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto png = viz_test::load_png(out);
  ASSERT_TRUE(png);
  const FigureLayout layout = figure_layout(1600, 900, layer_legend(Layer::dominant));
  const viz_test::FixtureScene& f = viz_test::fixture_scene();
  const CountryFrame& china = f.last("CHN");
  ASSERT_TRUE(china.dominant_stack == CN_CLOSED || china.dominant_stack == CN_OPEN) << china.dominant_stack;
  const Point chn = layout.transform.to_pixel(f.model.countries[f.index("CHN")].label);
  EXPECT_EQ(png->at(chn.x, chn.y), country_colour(Layer::dominant, china, true));
  // Singapore is about one pixel of land here: its marker shows its colour
  // beyond the land, where there would otherwise be sea.
  const Point sgp = layout.transform.to_pixel(f.model.countries[f.index("SGP")].label);
  const double inside_marker = kMarkerRadiusEm * layout.font_px - 2;
  EXPECT_EQ(png->at(sgp.x + inside_marker, sgp.y), country_colour(Layer::dominant, f.last("SGP"), true));
}

TEST(RenderCli, FramesWritesOnePngPerMonth) {
  SKIP_WITHOUT_DISPLAY();
  viz_test::TempDir dir;
  const auto r = run_stackrace({"render", viz_test::fixture_run().string(), "--layer", "cn_share", "--size", "640x360",
                                "--frames", (dir / "frames").string()},
                               true);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (int i = 0; i < 6; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "frame_%04d.png", i);
    EXPECT_TRUE(viz_test::load_png(dir / "frames" / name)) << name;
  }
  EXPECT_FALSE(fs::exists(dir / "frames/frame_0006.png"));
}

// --frames DIR must be new or empty, as run's --out: an earlier render's
// frames left there would mix with the new ones (a shorter --from/--to kept
// the old tail). Refused before anything is drawn, without a display.
TEST(RenderCli, FramesRefuseADirectoryThatHoldsFiles) {
  viz_test::TempDir dir;
  viz_test::write_file(dir / "frames" / "frame_0071.png", "an earlier render");
  const auto r = run_stackrace({"render", viz_test::fixture_run().string(), "--frames", (dir / "frames").string()},
                               false, kQuickS);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_TRUE(has(r.output, "--frames " + (dir / "frames").string() + ": directory exists and is not empty"))
      << r.output;
  EXPECT_EQ(viz_test::read_file(dir / "frames" / "frame_0071.png"), "an earlier render");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1);  // nothing staged
  const auto nested = run_stackrace(
      {"render", viz_test::fixture_run().string(), "--frames", (dir / "no" / "frames").string()}, false, kQuickS);
  EXPECT_EQ(nested.exit_code, 2) << nested.output;
  EXPECT_TRUE(has(nested.output, "parent directory")) << nested.output;
}

// A screenshot into a missing folder is refused before a window opens (it
// failed after drawing, with SFML's own message about a temporary file).
TEST(ViewCli, ScreenshotIntoAMissingFolderIsRefusedFirst) {
  viz_test::TempDir dir;
  const fs::path shot = dir / "no" / "s.png";
  const auto r = viz_test::run_command(
      {"env", "-u", "DISPLAY", viz_test::stackrace_bin(), "view", viz_test::fixture_run().string(), "--screenshot",
       shot.string(), "--exit-after-frames", "2"},
      kQuickS);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_TRUE(has(r.output, "--screenshot " + shot.string())) << r.output;
  EXPECT_TRUE(has(r.output, "does not exist, expected a file name in an existing directory")) << r.output;
  EXPECT_FALSE(fs::exists(dir / "no"));
  // So is a name SFML cannot write an image to (an .svg failed after the run played).
  const auto svg = viz_test::run_command(
      {"env", "-u", "DISPLAY", viz_test::stackrace_bin(), "view", viz_test::fixture_run().string(), "--screenshot",
       (dir / "s.svg").string(), "--exit-after-frames", "2"},
      kQuickS);
  EXPECT_EQ(svg.exit_code, 2) << svg.output;
  EXPECT_TRUE(has(svg.output, "--screenshot: expected a file name ending in .png")) << svg.output;
  // render takes no scenario config, and says so.
  const auto missing = run_stackrace({"render", (dir / "nosuch").string()}, false, kQuickS);
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  EXPECT_TRUE(has(missing.output, "expected a run directory (from stackrace run)\n")) << missing.output;
}

TEST(RenderCli, PngWithoutADisplayExplainsXvfb) {
  if (!viz_test::have_sfml()) GTEST_SKIP() << "built without SFML";
  viz_test::TempDir dir;
  const auto r = viz_test::run_command({"env", "-u", "DISPLAY", viz_test::stackrace_bin(), "render",
                                        viz_test::fixture_run().string(), "--out", (dir / "x.png").string()},
                                       kQuickS);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(has(r.output, "xvfb-run")) << r.output;
}

// An 8-bit screen has no visual OpenGL can draw to: refused with the reason
// (SFML crashed on it with a segmentation fault), and nothing written.
TEST(RenderCli, PngOnAnEightBitDisplayIsRefused) {
  SKIP_WITHOUT_DISPLAY();
  viz_test::TempDir dir;
  const fs::path out = dir / "x.png";
  const auto r = viz_test::run_command({"xvfb-run", "-a", "-s", "-screen 0 640x480x8", viz_test::stackrace_bin(),
                                        "render", viz_test::fixture_run().string(), "--out", out.string()},
                                       kQuickS);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(has(r.output, "has 8-bit colour and no true-colour visual")) << r.output;
  EXPECT_FALSE(fs::exists(out));
}

// --- The window: under xvfb-run ---

TEST(ViewCli, ScreenshotOfARecordedRunShowsTheMapAndLegend) {
  SKIP_WITHOUT_DISPLAY();
  viz_test::TempDir dir;
  const fs::path shot = dir / "view.png";
  // Frame statistics in a run of their own: uncapped frames with a screenshot
  // and a hover crash LeakSanitizer's exit-time tracer under the asan preset
  // on some Xvfb/Mesa set-ups (the view itself exits 0 without it).
  const auto stats = run_stackrace(
      {"view", viz_test::fixture_run().string(), "--size", "1280x720", "--exit-after-frames", "10", "--frame-stats"},
      true);
  ASSERT_EQ(stats.exit_code, 0) << stats.output;
  EXPECT_TRUE(has(stats.output, "10 frames: median")) << stats.output;
  const auto r = run_stackrace({"view", viz_test::fixture_run().string(), "--size", "1280x720", "--exit-after-frames",
                                "10", "--screenshot", shot.string(), "--hover", "IND"},
                               true);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto png = viz_test::load_png(shot);
  ASSERT_TRUE(png);
  ASSERT_EQ(png->width, 1280);
  ASSERT_EQ(png->height, 720);
  EXPECT_GT(png->distinct_colours(0, 0, 1280, 720), 50);  // not blank
  const ViewLayout layout = view_layout(1280, 720);
  const Legend legend = layer_legend(Layer::dominant);
  const LegendLayout l = window_legend_layout(layout, legend);
  EXPECT_GT(png->distinct_colours(static_cast<int>(l.box.x), static_cast<int>(l.box.y), static_cast<int>(l.box.w),
                                  static_cast<int>(l.box.h)),
            legend.items.size());
  for (std::size_t i = 0; i < legend.items.size(); ++i) {
    const Rect& s = l.swatches[i];
    EXPECT_EQ(png->at(s.x + s.w / 2, s.y + s.h / 2), legend.items[i].colour) << legend.items[i].label;
  }
  // The chart panel has its lines: stack colours appear in it.
  EXPECT_GT(png->distinct_colours(static_cast<int>(layout.charts.x), static_cast<int>(layout.charts.y),
                                  static_cast<int>(layout.charts.w), static_cast<int>(layout.charts.h)),
            10);
}

// The window looks the whole map up in the palette on the first frame after a
// view change, then draws large areas of one colour as flat quads
// (palette_map.h). Both must draw the same picture, pixel for pixel.
TEST(ViewCli, FlatSpansDrawTheSameMapAsLookingUpEveryPixel) {
  SKIP_WITHOUT_DISPLAY();
  viz_test::TempDir dir;
  auto shoot = [&](int frames) {
    const fs::path shot = dir / ("frame" + std::to_string(frames) + ".png");
    const auto r = run_stackrace({"view", viz_test::fixture_run().string(), "--size", "1280x720", "--month", "2025-06",
                                  "--exit-after-frames", std::to_string(frames), "--screenshot", shot.string()},
                                 true);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return viz_test::load_png(shot);
  };
  const auto first = shoot(1), settled = shoot(4);
  ASSERT_TRUE(first && settled);
  const Rect map = view_layout(1280, 720).map;
  const int x0 = static_cast<int>(map.x), y0 = static_cast<int>(map.y);
  const int x1 = static_cast<int>(map.x + map.w), y1 = static_cast<int>(map.y + map.h);
  EXPECT_GT(first->distinct_colours(x0, y0, x1 - x0, y1 - y0), 20);  // a map, not a blank
  int differing = 0;
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) {
      if (!(first->at(x, y) == settled->at(x, y)) && differing++ < 5)
        ADD_FAILURE() << "pixel " << x << "," << y << " differs";
    }
  }
  EXPECT_EQ(differing, 0);
}

TEST(ViewCli, LiveRunOfAConfig) {
  SKIP_WITHOUT_DISPLAY();
  viz_test::TempDir dir;
  const fs::path shot = dir / "live.png";
  const auto r = run_stackrace({"view", (viz_test::repo_root() / "configs/scenarios/baseline.textproto").string(),
                                "--adopters", "20000", "--set", "horizon.end_month=2025-06", "--exit-after-frames",
                                "20", "--size", "960x540", "--screenshot", shot.string()},
                               true);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto png = viz_test::load_png(shot);
  ASSERT_TRUE(png);
  EXPECT_GT(png->distinct_colours(0, 0, png->width, png->height), 20);
}

// The lever panel driven by scripted keys: the fourth lever
// (remote_access_closure, 0 in 2025) stepped up twice branches the live run
// from the month shown; the branch runs to the end, and the inspector is
// pinned over the map, on the side away from Kenya.
TEST(ViewCli, LeverPanelBranchesALiveRunAndTheInspectorPins) {
  SKIP_WITHOUT_DISPLAY();
  viz_test::TempDir dir;
  const fs::path shot = dir / "branch.png";
  const auto r = run_stackrace({"view", (viz_test::repo_root() / "configs/scenarios/baseline.textproto").string(),
                                "--adopters", "20000", "--set", "horizon.end_month=2025-12", "--month", "2025-06",
                                "--keys", "down,down,down,],]", "--pin", "KEN", "--wait-for-runs",
                                "--exit-after-frames", "3", "--size", "1280x720", "--screenshot", shot.string()},
                               true, 120);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(has(r.output, "branch from 2025-06 --set policy.levers.remote_access_closure=0.1: 12 of 12 months"))
      << r.output;
  const auto png = viz_test::load_png(shot);
  ASSERT_TRUE(png);
  const ViewLayout layout = view_layout(1280, 720, 8);
  ASSERT_GT(layout.levers.h, 0);
  // The lever panel: buttons, names and values drawn.
  EXPECT_GT(png->distinct_colours(static_cast<int>(layout.levers.x), static_cast<int>(layout.levers.y),
                                  static_cast<int>(layout.levers.w), static_cast<int>(layout.levers.h)),
            20);
  // The inspector card in the map's top-left corner (Kenya is east of the middle): near white (it lets
  // a little of the map through), with charts.
  const Rect card = inspector_card(layout, layout.map.x + layout.map.w);
  const Rgb corner = png->at(card.x + card.w - 3, card.y + 3);
  EXPECT_GE(std::min({corner.r, corner.g, corner.b}), 240)
      << int(corner.r) << "," << int(corner.g) << "," << int(corner.b);
  EXPECT_GT(png->distinct_colours(static_cast<int>(card.x), static_cast<int>(card.y), static_cast<int>(card.w),
                                  static_cast<int>(card.h)),
            10);
}

TEST(ViewCli, WithoutSfmlSaysHowToGetIt) {
  if (viz_test::have_sfml()) GTEST_SKIP() << "built with SFML";
  const auto r = run_stackrace({"view", viz_test::fixture_run().string()});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(has(r.output, "apt-get install libsfml-dev")) << r.output;
}

// --- Bad input: exit 2 with a message, quickly, for both commands ---

void expect_refused(const std::vector<std::string>& args, const std::string& message) {
  const auto r = run_stackrace(args, false, kQuickS);
  EXPECT_FALSE(r.timed_out) << r.output;
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_TRUE(has(r.output, message)) << "expected '" << message << "' in:\n" << r.output;
  EXPECT_LT(r.seconds, 10.0);
}

TEST(BadInput, CorruptedTrajectoriesAreRefused) {
  const std::string good = viz_test::read_file(viz_test::fixture_run() / "trajectory.pb");
  std::string random(4096, '\0');
  unsigned state = 12345;
  for (char& ch : random) ch = static_cast<char>((state = state * 1103515245u + 12345u) >> 16);
  const std::map<std::string, std::pair<std::string, std::string>> cases = {
      {"truncated", {good.substr(0, good.size() - 5), "truncated"}},
      {"random bytes", {random, "trajectory.pb: frame 0"}},
      {"empty", {"", "empty"}},
      {"huge length prefix", {std::string("\xff\xff\xff\xff\x0f", 5) + "abc", "limit"}},
  };
  for (const auto& [name, bytes_and_message] : cases) {
    SCOPED_TRACE(name);
    viz_test::TempDir dir;
    const fs::path run = run_with_trajectory(dir, bytes_and_message.first);
    expect_refused({"render", run.string(), "--out", (dir / "x.svg").string()}, bytes_and_message.second);
    expect_refused({"view", run.string()}, bytes_and_message.second);
    EXPECT_FALSE(fs::exists(dir / "x.svg"));
  }
}

TEST(BadInput, OptionsAreChecked) {
  const std::string run = viz_test::fixture_run().string();
  viz_test::TempDir dir;
  const std::string svg = (dir / "x.svg").string();
  expect_refused({"render", run, "--layer", "nope", "--out", svg}, "unknown layer 'nope'");
  expect_refused({"render", run, "--month", "2031-01", "--out", svg}, "outside the run, which has 2025-01..2025-06");
  expect_refused({"render", run, "--month", "June", "--out", svg}, "expected YYYY-MM");
  expect_refused({"view", run, "--month", "2024-12"}, "outside the run");
  expect_refused({"render", run, "--out", (dir / "x.jpg").string()}, "ending in .png or .svg");
  expect_refused({"render", run, "--out", svg, "--frames", (dir / "f").string()}, "exactly one of");
  expect_refused({"render", run, "--size", "10x10", "--out", svg}, "--size 10x10");
  expect_refused({"render", (dir / "missing").string(), "--out", svg}, "no such file or directory");
  expect_refused({"view", run, "--set", "adoption.q=1"}, "not to a recorded RUN_DIR");
  expect_refused({"view", run, "--hover", "XXX"}, "--hover XXX");
  expect_refused({"view", run, "--pin", "XXX"}, "--pin XXX");
  expect_refused({"view", run, "--keys", "down,jump"}, "\"jump\" is not a key --keys knows");
  expect_refused({"view", run, "--speed", "0"}, "--speed");
  expect_refused({"render", (viz_test::repo_root() / "configs/scenarios/baseline.textproto").string(), "--out", svg},
                 "render needs a run directory");
  expect_refused(
      {"view", (viz_test::repo_root() / "configs/scenarios/baseline.textproto").string(), "--set", "adoption.nope=1"},
      "--set adoption.nope=1");
}

TEST(BadInput, IncompleteRunDirectoriesAreRefused) {
  viz_test::TempDir dir;
  const fs::path run = dir / "run";
  fs::copy(viz_test::fixture_run(), run, fs::copy_options::recursive);
  fs::remove(run / "global.csv");
  expect_refused({"render", run.string(), "--out", (dir / "x.svg").string()}, "global.csv");
  fs::remove(run / "manifest.textproto");
  expect_refused({"render", run.string(), "--out", (dir / "x.svg").string()}, "manifest.textproto");
  // A geometry file that lacks the run's countries.
  viz_test::write_file(dir / "geometry.textproto", "country { iso3: \"USA\" }\n");
  expect_refused({"render", viz_test::fixture_run().string(), "--geometry", (dir / "geometry.textproto").string(),
                  "--out", (dir / "x.svg").string()},
                 "has no shape for");
  // A geometry that is there but is no file is not said to be missing.
  expect_refused({"render", viz_test::fixture_run().string(), "--geometry", dir.path().string(), "--out",
                  (dir / "x.svg").string()},
                 "--geometry " + dir.path().string() + ": not a regular file, expected a WorldGeometry textproto");
}

// view given a comparison or study spec for a scenario names the file's kind.
TEST(BadInput, ViewNamesAComparisonOrStudySpecForWhatItIs) {
  expect_refused({"view", (viz_test::repo_root() / "configs/compare.textproto").string(), "--exit-after-frames", "1"},
                 "this looks like a comparison config, not a scenario");
  expect_refused(
      {"view", (viz_test::repo_root() / "configs/studies/smoke.textproto").string(), "--exit-after-frames", "1"},
      "this looks like a study spec, not a scenario");
}

// The output of compare or study given for a run: named as such, with the
// runs a comparison keeps.
TEST(BadInput, ComparisonAndStudyDirectoriesAreNamed) {
  viz_test::TempDir dir;
  const fs::path cmp = dir / "cmp";
  viz_test::write_file(cmp / "compare.csv", "row,metric\n");
  viz_test::write_file(cmp / "manifest.textproto", "replicates: 5\n");
  expect_refused({"view", cmp.string()}, "is the output of stackrace compare, not a run: it keeps no runs");
  fs::copy(viz_test::fixture_run(), cmp / "baseline", fs::copy_options::recursive);
  expect_refused(
      {"render", cmp.string(), "--out", (dir / "x.svg").string()},
      "is the output of stackrace compare, not a run: give one of its scenarios' runs: " + (cmp / "baseline").string());
  viz_test::write_file(dir / "study/study.sqlite", "");
  expect_refused({"render", (dir / "study").string(), "--out", (dir / "x.svg").string()},
                 "is the output of stackrace study, not a run");
}

// A run file replaced by a link to an endless device, or by a fifo that no
// one writes: refused by what it is, without reading a byte or waiting.
TEST(BadInput, RunFilesThatAreNotRegularFilesAreRefusedAtOnce) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"global.csv", "/dev/urandom"}, {"trajectory.pb", "/dev/zero"}, {"manifest.textproto", ""}};
  for (const auto& [file, target] : cases) {
    SCOPED_TRACE(file);
    viz_test::TempDir dir;
    const fs::path run = dir / "run";
    fs::copy(viz_test::fixture_run(), run, fs::copy_options::recursive);
    fs::remove(run / file);
    if (target.empty()) {
      ASSERT_EQ(::mkfifo((run / file).c_str(), 0600), 0);
    } else {
      fs::create_symlink(target, run / file);
    }
    const std::string kind = target.empty() ? "a fifo" : "a character device";
    const std::string message = (run / file).string() + ": not a regular file (" + kind + ")";
    expect_refused({"render", run.string(), "--out", (dir / "x.svg").string()}, message);
    expect_refused({"view", run.string()}, message);
    EXPECT_FALSE(fs::exists(dir / "x.svg"));
  }
}

}  // namespace
}  // namespace stackrace::viz
