// `stackrace plot ... --out FILE.png` end to end on the fixture run: the PNG
// is the SVG chart at twice its pixel size, with its lines drawn in the plot
// area; without SFML a .png is refused with exit 2, as is a PNG of a
// comparison's interval chart (drawn as SVG only).

// GCC 12 reports a false -Wmaybe-uninitialized inside libstdc++'s std::regex
// when building with sanitizers (make asan-test); the sanitizers check the
// real thing at run time.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <sys/resource.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "png_check.h"
#include "viz/core/colour.h"
#include "viz/core/line_plot.h"
#include "viz/core/layers.h"
#include "viz_support.h"

namespace stackrace::viz {
namespace {

namespace fs = std::filesystem;
using viz_test::run_stackrace;

bool has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

int svg_attribute(const std::string& svg, const std::string& name) {
  std::smatch m;
  if (!std::regex_search(svg, m, std::regex("<svg[^>]* " + name + "=\"([0-9]+)\""))) return -1;
  return std::stoi(m[1]);
}

TEST(PlotPng, IsTheSvgChartAtTwiceItsSizeWithItsLines) {
  if (!viz_test::have_sfml()) GTEST_SKIP() << "built without SFML";
  if (!viz_test::have_xvfb_run()) GTEST_SKIP() << "xvfb-run not found (apt-get install xvfb)";
  viz_test::TempDir dir;
  const std::string run = viz_test::fixture_run().string();
  const auto svg_run = run_stackrace({"plot", run, "--country", "KEN", "--out", (dir / "ken.svg").string()});
  ASSERT_EQ(svg_run.exit_code, 0) << svg_run.output;
  const auto r = run_stackrace({"plot", run, "--country", "KEN", "--out", (dir / "ken.png").string()}, true);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string svg = viz_test::read_file(dir / "ken.svg");
  const auto png = viz_test::load_png(dir / "ken.png");
  ASSERT_TRUE(png.has_value());
  EXPECT_EQ(png->width, kPlotPngScale * svg_attribute(svg, "width"));
  EXPECT_EQ(png->height, kPlotPngScale * svg_attribute(svg, "height"));

  // The plot area (from the SVG's own layout constants): grid, axis and six
  // coloured series, so far more than the white background.
  using line_plot_style::kMarginLeft;
  const int x0 = static_cast<int>(kMarginLeft) * kPlotPngScale + 4;
  const int y0 = png->height / 8, w = png->width / 2, h = png->height * 3 / 4;
  EXPECT_GT(png->distinct_colours(x0, y0, w, h), 6);
  int coloured = 0;
  for (int y = y0; y < y0 + h; ++y) {
    for (int x = x0; x < x0 + w; ++x) coloured += png->at(x, y) != Rgb{255, 255, 255} ? 1 : 0;
  }
  EXPECT_GT(coloured, w * h / 100);  // lines, not a stray pixel
  // US closed, Kenya's dominant stack, is drawn in its own colour.
  bool us_closed = false;
  for (int y = y0; y < y0 + h && !us_closed; ++y) {
    for (int x = x0; x < x0 + w && !us_closed; ++x) us_closed = png->at(x, y) == stack_colour(0);
  }
  EXPECT_TRUE(us_closed);
}

TEST(PlotPng, RefusedWhereItCannotBeDrawn) {
  viz_test::TempDir dir;
  const std::string png = (dir / "x.png").string();
  if (!viz_test::have_sfml()) {
    const auto r = run_stackrace({"plot", viz_test::fixture_run().string(), "--out", png});
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_TRUE(has(r.output, "built without")) << r.output;
  }
  // A comparison's directory alone draws its interval chart, which is SVG only.
  const auto compare = viz_test::TempDir();
  fs::copy(viz_test::fixture_run(), compare / "baseline", fs::copy_options::recursive);
  viz_test::write_file(compare / "compare.csv", "scenario,metric\n");
  const auto intervals = run_stackrace({"plot", compare.path().string(), "--out", png});
  EXPECT_EQ(intervals.exit_code, 2) << intervals.output;
  EXPECT_TRUE(has(intervals.output, viz_test::have_sfml() ? "SVG only" : "built without")) << intervals.output;
  const auto jpg = run_stackrace({"plot", viz_test::fixture_run().string(), "--out", (dir / "x.jpg").string()});
  EXPECT_EQ(jpg.exit_code, 2) << jpg.output;
  EXPECT_TRUE(has(jpg.output, "ending in .svg (or .png")) << jpg.output;
  EXPECT_FALSE(fs::exists(png));
}

// A file-size limit for the commands this process starts (they inherit it),
// lifted again at the end of the scope. It stands in for a full disk: the
// image's writes fail part-way.
class ChildFileSizeLimit {
 public:
  explicit ChildFileSizeLimit(rlim_t bytes) {
    EXPECT_EQ(::getrlimit(RLIMIT_FSIZE, &old_), 0);
    rlimit limit = old_;
    limit.rlim_cur = bytes;
    EXPECT_EQ(::setrlimit(RLIMIT_FSIZE, &limit), 0);
  }
  ~ChildFileSizeLimit() { ::setrlimit(RLIMIT_FSIZE, &old_); }
  ChildFileSizeLimit(const ChildFileSizeLimit&) = delete;
  ChildFileSizeLimit& operator=(const ChildFileSizeLimit&) = delete;

 private:
  rlimit old_{};
};

TEST(PlotPng, AnImageCutShortFailsAndKeepsThePreviousFile) {
  if (!viz_test::have_sfml()) GTEST_SKIP() << "built without SFML";
  if (!viz_test::have_xvfb_run()) GTEST_SKIP() << "xvfb-run not found (apt-get install xvfb)";
  viz_test::TempDir dir;
  const std::string png = (dir / "ken.png").string();
  const std::vector<std::string> args = {"plot", viz_test::fixture_run().string(), "--country", "KEN", "--out", png};
  const auto first = run_stackrace(args, true);
  ASSERT_EQ(first.exit_code, 0) << first.output;
  const std::string before = viz_test::read_file(png);
  ASSERT_GT(before.size(), 80'000U);
  viz_test::CommandResult cut;
  std::vector<std::string> again = args;
  again.emplace_back("--overwrite");
  {
    const ChildFileSizeLimit limit(60'000);  // under the chart's size, over the X server's own files
    cut = run_stackrace(again, true);
  }
  EXPECT_EQ(cut.exit_code, 1) << cut.output;
  EXPECT_TRUE(has(cut.output, "cannot write " + png + ": the image was cut short")) << cut.output;
  EXPECT_EQ(viz_test::read_file(png), before);
  EXPECT_EQ(viz_test::list_dir(dir.path()), std::vector<std::string>{"ken.png"});
}

}  // namespace
}  // namespace stackrace::viz
