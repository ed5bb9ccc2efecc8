// `stackrace render RUN --video` end to end on the fixture run (6 months):
// the frame count ffprobe reads back (one a month, --from/--to honoured),
// the whole view in a frame, a pinned country's card in it (--pin), nothing
// left behind when ffmpeg fails, and bad input refused with exit code 2.
// Tests that encode skip without SFML, xvfb-run or ffmpeg/ffprobe, saying
// which.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "base/piped_child.h"
#include "png_check.h"
#include "viz/core/view_layout.h"
#include "viz_support.h"

namespace stackrace::viz {
namespace {

namespace fs = std::filesystem;
using viz_test::run_stackrace;

constexpr double kQuickS = 20;
// Encoding a few small frames takes a few seconds; a hang must still fail.
constexpr double kEncodeS = 90;

#define SKIP_WITHOUT_VIDEO_TOOLS()                                                                             \
  do {                                                                                                         \
    if (!viz_test::have_sfml()) GTEST_SKIP() << "built without SFML";                                          \
    if (!viz_test::have_xvfb_run()) GTEST_SKIP() << "xvfb-run not found (apt-get install xvfb)";               \
    if (!find_on_path("ffmpeg") || !find_on_path("ffprobe"))                                                   \
      GTEST_SKIP() << "ffmpeg/ffprobe not found: the video tests need them (apt-get install ffmpeg, or "       \
                      "scripts/install-deps)";                                                                 \
  } while (0)

bool has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

struct VideoInfo {
  int frames = -1, width = 0, height = 0;
};

// What ffprobe reads back: frames decoded (not a header's claim) and size.
VideoInfo probe(const fs::path& video) {
  const auto r = viz_test::run_command({"ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
                                        "-show_entries", "stream=nb_read_frames,width,height", "-of",
                                        "default=noprint_wrappers=1", video.string()},
                                       kQuickS);
  VideoInfo info;
  std::istringstream lines(r.output);
  std::string line;
  while (std::getline(lines, line)) {
    const auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = line.substr(0, eq);
    const int value = std::atoi(line.c_str() + eq + 1);
    if (key == "nb_read_frames") info.frames = value;
    if (key == "width") info.width = value;
    if (key == "height") info.height = value;
  }
  return info;
}

// The names in `dir`, to see that nothing but the video was left there.
std::vector<std::string> listing(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

void expect_refused(const std::vector<std::string>& args, const std::string& message) {
  const auto r = run_stackrace(args, false, kQuickS);
  EXPECT_FALSE(r.timed_out) << r.output;
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_TRUE(has(r.output, message)) << "expected '" << message << "' in:\n" << r.output;
}

// The first frame of `video`, decoded to a PNG in `dir`.
std::optional<viz_test::Png> first_frame(const fs::path& video, const fs::path& dir) {
  const fs::path frame = dir / (video.stem().string() + ".png");
  const auto x = viz_test::run_command(
      {"ffmpeg", "-v", "error", "-y", "-i", video.string(), "-frames:v", "1", frame.string()}, kQuickS);
  EXPECT_EQ(x.exit_code, 0) << x.output;
  return viz_test::load_png(frame);
}

// Mean absolute difference of two frames' channels over the pixels where
// `where` holds.
template <class Where>
double mean_difference(const viz_test::Png& a, const viz_test::Png& b, Where where) {
  double sum = 0;
  int n = 0;
  for (int y = 0; y < a.height; ++y) {
    for (int x = 0; x < a.width; ++x) {
      if (!where(x, y)) continue;
      const Rgb p = a.at(x, y), q = b.at(x, y);
      sum += std::abs(p.r - q.r) + std::abs(p.g - q.g) + std::abs(p.b - q.b);
      n += 3;
    }
  }
  return n ? sum / n : 0;
}

TEST(VideoCli, Mp4HasOneFramePerMonthOfTheWholeView) {
  SKIP_WITHOUT_VIDEO_TOOLS();
  viz_test::TempDir dir;
  const fs::path out = dir / "run.mp4";
  const auto r = run_stackrace({"render", viz_test::fixture_run().string(), "--video", out.string(), "--size",
                                "960x540"},
                               true, kEncodeS);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(has(r.output, "6 frames, 2025-01 to 2025-06")) << r.output;
  const VideoInfo info = probe(out);
  EXPECT_EQ(info.frames, 6);  // the fixture run's months
  EXPECT_EQ(info.width, 960);
  EXPECT_EQ(info.height, 540);
  EXPECT_EQ(listing(dir.path()), std::vector<std::string>{"run.mp4"});  // no frames or temporary files

  // A frame shows the whole view, not only the map: the title bar's grey
  // across the top and the side panel's near-white at the right.
  const auto png = first_frame(out, dir.path());
  ASSERT_TRUE(png.has_value());
  const ViewLayout layout = view_layout(960, 540);
  const Rgb bar = png->at(layout.top_bar.x + layout.top_bar.w / 2, 2);  // above the text
  EXPECT_NEAR(bar.r, 242, 6);
  EXPECT_NEAR(bar.b, 247, 6);
  // The charts draw lines of several colours in the panel.
  EXPECT_GT(png->distinct_colours(static_cast<int>(layout.charts.x), static_cast<int>(layout.charts.y),
                                  static_cast<int>(layout.charts.w), static_cast<int>(layout.charts.h)),
            8);
}

TEST(VideoCli, GifKeepsTheMonthsFromTo) {
  SKIP_WITHOUT_VIDEO_TOOLS();
  viz_test::TempDir dir;
  const fs::path out = dir / "part.gif";
  const auto r = run_stackrace({"render", viz_test::fixture_run().string(), "--video", out.string(), "--from",
                                "2025-02", "--to", "2025-04", "--size", "640x360", "--speed", "2"},
                               true, kEncodeS);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(has(r.output, "3 frames, 2025-02 to 2025-04, 2 months a second")) << r.output;
  const VideoInfo info = probe(out);
  EXPECT_EQ(info.frames, 3);
  EXPECT_EQ(info.width, 640);
}

TEST(VideoCli, FramesKeepTheMonthsFromTo) {
  if (!viz_test::have_sfml() || !viz_test::have_xvfb_run()) GTEST_SKIP() << "needs SFML and xvfb-run";
  viz_test::TempDir dir;
  const auto r = run_stackrace({"render", viz_test::fixture_run().string(), "--frames", (dir / "f").string(),
                                "--from", "2025-05", "--size", "400x300"},
                               true, kEncodeS);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(listing(dir / "f"), (std::vector<std::string>{"frame_0000.png", "frame_0001.png"}));
}

// An ffmpeg that fails (here a stand-in that exits at once) leaves no video
// and no temporary file, and the failure is said.
TEST(VideoCli, FailedEncodingLeavesNothingBehind) {
  SKIP_WITHOUT_VIDEO_TOOLS();
  viz_test::TempDir dir;
  const fs::path bin = dir / "bin";
  fs::create_directories(bin);
  viz_test::write_file(bin / "ffmpeg", "#!/bin/sh\necho 'stand-in ffmpeg: refusing' >&2\nexit 3\n");
  ::chmod((bin / "ffmpeg").c_str(), 0755);
  const fs::path videos = dir / "videos";
  fs::create_directories(videos);
  const auto r = run_stackrace({"render", viz_test::fixture_run().string(), "--video", (videos / "x.mp4").string(),
                                "--size", "400x300"},
                               true, kEncodeS, {"PATH=" + bin.string() + ":" + std::getenv("PATH")});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(has(r.output, "ffmpeg")) << r.output;
  EXPECT_TRUE(listing(videos).empty());
}

TEST(VideoCli, MissingFfmpegIsBadInput) {
  viz_test::TempDir dir;
  fs::create_directories(dir / "empty");
  const auto r = run_stackrace({"render", viz_test::fixture_run().string(), "--video", (dir / "x.mp4").string()},
                               false, kQuickS, {"PATH=" + (dir / "empty").string()});
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_TRUE(has(r.output, "needs ffmpeg")) << r.output;
  EXPECT_TRUE(has(r.output, "apt-get install ffmpeg")) << r.output;
  EXPECT_FALSE(fs::exists(dir / "x.mp4"));
}

// --pin draws the country's card over the map: a video with Kenya pinned
// differs from one without inside the card (on the left, away from Kenya),
// and elsewhere only by the encoder's noise along the card's edge.
TEST(VideoCli, PinDrawsTheCountrysCardInTheVideo) {
  SKIP_WITHOUT_VIDEO_TOOLS();
  viz_test::TempDir dir;
  const std::vector<std::string> common = {"render", viz_test::fixture_run().string(), "--size", "960x540",
                                           "--from", "2025-06"};
  auto args = [&](const std::string& file, bool pin) {
    std::vector<std::string> a = common;
    a.insert(a.end(), {"--video", (dir / file).string()});
    if (pin) a.insert(a.end(), {"--pin", "KEN"});
    return a;
  };
  const auto plain = run_stackrace(args("plain.mp4", false), true, kEncodeS);
  ASSERT_EQ(plain.exit_code, 0) << plain.output;
  const auto pinned = run_stackrace(args("pinned.mp4", true), true, kEncodeS);
  ASSERT_EQ(pinned.exit_code, 0) << pinned.output;
  EXPECT_EQ(probe(dir / "pinned.mp4").frames, 1);
  const auto a = first_frame(dir / "plain.mp4", dir.path()), b = first_frame(dir / "pinned.mp4", dir.path());
  ASSERT_TRUE(a && b);
  const ViewLayout layout = view_layout(960, 540);
  const Rect card = inspector_card(layout, layout.map.x + layout.map.w);  // a country east of the middle
  constexpr double kEdgePx = 16;  // H.264 blocks along the card's edge
  const Rect near_card{card.x - kEdgePx, card.y - kEdgePx, card.w + 2 * kEdgePx, card.h + 2 * kEdgePx};
  const double inside = mean_difference(*a, *b, [&](int x, int y) { return card.contains(x, y); });
  const double outside = mean_difference(*a, *b, [&](int x, int y) { return !near_card.contains(x, y); });
  EXPECT_GT(inside, 10) << "the card is not drawn";
  EXPECT_LT(outside, 0.5) << "the rest of the view changed";
}

TEST(VideoCli, PinIsForVideosAndCountriesOfTheRun) {
  const std::string run = viz_test::fixture_run().string();
  viz_test::TempDir dir;
  expect_refused({"render", run, "--out", (dir / "x.svg").string(), "--pin", "KEN"}, "--pin KEN: works with --video");
  expect_refused({"render", run, "--out", (dir / "x.png").string(), "--pin", "KEN"}, "--out and --frames draw");
  expect_refused({"render", run, "--frames", (dir / "f").string(), "--pin", "KEN"}, "--pin KEN: works with --video");
  if (find_on_path("ffmpeg")) {
    // Checked against the run before anything is drawn or written.
    expect_refused({"render", run, "--video", (dir / "x.mp4").string(), "--pin", "XXX"},
                   "--pin XXX: expected the ISO3 code of a country of the run");
  }
  EXPECT_TRUE(listing(dir.path()).empty());
}

TEST(VideoCli, BadInputIsRefused) {
  const std::string run = viz_test::fixture_run().string();
  viz_test::TempDir dir;
  const std::string mp4 = (dir / "x.mp4").string();
  expect_refused({"render", run, "--video", (dir / "x.avi").string()}, "ending in .mp4 or .gif");
  expect_refused({"render", run, "--video", (dir / "no/such/dir/x.mp4").string()}, "does not exist");
  fs::create_directories(dir / "folder.mp4");
  expect_refused({"render", run, "--video", (dir / "folder.mp4").string()}, "is a directory");
  expect_refused({"render", run, "--video", mp4, "--from", "2025-05", "--to", "2025-02"}, "is after --to 2025-02");
  expect_refused({"render", run, "--video", mp4, "--from", "2024-12"}, "--from 2024-12: is outside the run");
  expect_refused({"render", run, "--video", mp4, "--to", "2025-13"}, "--to 2025-13: expected YYYY-MM");
  expect_refused({"render", run, "--video", mp4, "--month", "2025-03"}, "drop --month/--title");
  expect_refused({"render", run, "--video", mp4, "--out", (dir / "x.svg").string()}, "exactly one of");
  expect_refused({"render", run, "--out", (dir / "x.svg").string(), "--from", "2025-02"}, "--out draws one month");
  expect_refused({"render", run, "--out", (dir / "x.svg").string(), "--speed", "8"}, "frame rate of --video");
  expect_refused({"view", run, "--video", mp4}, "belong to `stackrace render`");
  // H.264 has even sides; ffmpeg padded an odd one with a black line.
  expect_refused({"render", run, "--video", mp4, "--size", "801x600"}, "--size 801x600: an .mp4 needs an even width");
  // Options of the window only, which render used to ignore.
  expect_refused({"render", run, "--out", (dir / "x.svg").string(), "--hover", "KEN"}, "belong to `stackrace view`");
  expect_refused({"render", run, "--out", (dir / "x.svg").string(), "--keys", "up"}, "belong to `stackrace view`");
  expect_refused({"render", run, "--out", (dir / "x.svg").string(), "--wait-for-runs"}, "belong to `stackrace view`");
  EXPECT_EQ(listing(dir.path()), std::vector<std::string>{"folder.mp4"});
}

}  // namespace
}  // namespace stackrace::viz
