// `stackrace plot` end to end (cli/plot_command), on the small run of the
// CTest fixture: world series, one country's path, a comparison's runs on one
// chart, and bad input refused with exit code 2 and nothing written.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "viz_support.h"
#include "xml_check.h"

namespace stackrace::viz {
namespace {

namespace fs = std::filesystem;
using viz_test::run_stackrace;

bool has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

// A comparison's directory as compare --out leaves it: compare.csv and a run per scenario.
fs::path fake_compare(const viz_test::TempDir& dir) {
  fs::path compare = dir / "compare";
  fs::create_directories(compare);
  viz_test::write_file(compare / "compare.csv", "row,scenario\n");
  for (const char* scenario : {"baseline", "parity"})
    fs::copy(viz_test::fixture_run(), compare / scenario, fs::copy_options::recursive);
  return compare;
}

TEST(PlotCli, WorldSeriesOneLineEach) {
  viz_test::TempDir dir;
  const fs::path out = dir / "lead.svg";
  const auto r = run_stackrace({"plot", viz_test::fixture_run().string(), "--metric", "lead_months", "--metric",
                                "compute_ratio", "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string svg = viz_test::read_file(out);
  const viz_test::XmlCheck check = viz_test::check_xml(svg);
  ASSERT_EQ(check.error, "");
  EXPECT_EQ(check.element_count.at("polyline"), 2);
  EXPECT_TRUE(has(svg, ">lead_months</text>"));
  EXPECT_TRUE(has(svg, ">2025</text>"));                     // the x axis
  EXPECT_TRUE(has(svg, "baseline: seed 20250101, "));        // the caption
  EXPECT_TRUE(has(svg, "--set horizon.end_month=2025-06"));  // the fixture's override
  EXPECT_TRUE(has(svg, "<title>lead_months, 2025-03: "));    // hover text with a value
}

TEST(PlotCli, OneCountrysUserShareAndStackShares) {
  viz_test::TempDir dir;
  const fs::path out = dir / "kenya.svg";
  const auto r = run_stackrace({"plot", viz_test::fixture_run().string(), "--country", "KEN", "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string svg = viz_test::read_file(out);
  EXPECT_EQ(viz_test::check_xml(svg).element_count.at("polyline"), 6);  // user share and five stacks
  EXPECT_TRUE(has(svg, ">KEN: AI users and the stacks they use</text>"));
  EXPECT_TRUE(has(svg, ">US closed</text>"));
  EXPECT_TRUE(has(svg, "%</text>"));  // share ticks
}

TEST(PlotCli, ACompareDirectoryDrawsEachScenariosRun) {
  viz_test::TempDir dir;
  const fs::path compare = fake_compare(dir);
  const fs::path out = dir / "compare.svg";
  const auto r = run_stackrace({"plot", compare.string(), "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string svg = viz_test::read_file(out);
  EXPECT_EQ(viz_test::check_xml(svg).element_count.at("polyline"), 2);
  // Both copies of the fixture are "baseline" with the same override: told apart by their directories.
  EXPECT_TRUE(has(svg, ">baseline horizon.end_month=2025-06 (baseline)</text>"));
  EXPECT_TRUE(has(svg, ">baseline horizon.end_month=2025-06 (parity)</text>"));
}

struct BadPlot {
  std::vector<std::string> args;  // after `plot RUN`
  std::string message;
};

TEST(PlotCli, BadInputExitsTwoAndWritesNothing) {
  viz_test::TempDir dir;
  const fs::path out = dir / "plot.svg";
  const std::string run = viz_test::fixture_run().string();
  const std::vector<BadPlot> cases = {
      {{run, "--metric", "lead_monthz", "--out", out.string()}, "expected one of: ai_user_share_world"},
      {{run, "--country", "XYZ", "--out", out.string()}, "expected an ISO3 code, one of: ABW"},
      {{run, "--country", "KEN", "--metric", "lead_months", "--out", out.string()}, "countries.csv"},
      {{run, "--metric", "lead_months", "--metric", "share_cn_open", "--out", out.string()}, "one y axis"},
      {{dir.path().string(), "--out", out.string()}, "not a complete run directory"},
      {{(dir / "missing").string(), "--out", out.string()}, "is not a directory"},
      {{run, "--out", (dir / "no/such/dir/plot.svg").string()}, "does not exist"},
      {{run, "--out", (dir / "plot.png").string()}, "expected a file name ending in .svg"},
      {{run, "--out", (viz_test::fixture_run() / "global.csv/plot.svg").string()}, "global.csv is not a directory"},
      {{}, "missing RUN_DIR"},
  };
  for (const BadPlot& c : cases) {
    std::vector<std::string> args = {"plot"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    const auto r = run_stackrace(args);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_TRUE(has(r.output, c.message)) << c.message << "\n" << r.output;
    EXPECT_FALSE(fs::exists(out));
  }
  EXPECT_TRUE(fs::is_empty(dir.path()));  // not even a temporary file
}

TEST(PlotCli, AnUnwritableDirectoryIsRefusedBeforeReading) {
  if (::geteuid() == 0) GTEST_SKIP() << "root may write anywhere";
  viz_test::TempDir dir;
  const fs::path locked = dir / "locked";
  fs::create_directory(locked);
  fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_exec);
  const auto r = run_stackrace({"plot", viz_test::fixture_run().string(), "--out", (locked / "plot.svg").string()});
  fs::permissions(locked, fs::perms::owner_all);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_TRUE(has(r.output, "is not writable")) << r.output;
  EXPECT_TRUE(fs::is_empty(locked));
}

TEST(PlotCli, HelpShowsUsageAndAnExample) {
  const auto r = run_stackrace({"plot", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(has(r.output, "usage: stackrace plot RUN_DIR"));
  EXPECT_TRUE(has(r.output, "--country KEN"));
}

}  // namespace
}  // namespace stackrace::viz
