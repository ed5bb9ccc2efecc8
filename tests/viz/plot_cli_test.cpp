// `stackrace plot` end to end (cli/plot_command), on the small run of the
// CTest fixture: world series, one country's path, a comparison's runs on one
// chart, and bad input refused with exit code 2 and nothing written.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "viz_support.h"
#include "xml_check.h"

namespace stackrace::viz {
namespace {

namespace fs = std::filesystem;
using viz_test::run_stackrace;

bool has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

// An attribute of an SVG element's text, or "" where it has none.
std::string attribute(const std::string& element, const std::string& name) {
  const std::size_t at = element.find(" " + name + "=\"");
  if (at == std::string::npos) return "";
  const std::size_t start = at + name.size() + 3;
  return element.substr(start, element.find('"', start) - start);
}

struct DrawnLine {
  std::string title, stroke, dash;
};

// Each <polyline> of a chart: its hover title, colour and dash pattern.
std::vector<DrawnLine> drawn_lines(const std::string& svg) {
  std::vector<DrawnLine> lines;
  for (std::size_t at = svg.find("<polyline"); at != std::string::npos; at = svg.find("<polyline", at + 1)) {
    const std::string element = svg.substr(at, svg.find("</polyline>", at) - at);
    const std::size_t title = element.find("<title>") + 7;
    lines.push_back({element.substr(title, element.find("</title>", title) - title), attribute(element, "stroke"),
                     attribute(element, "stroke-dasharray")});
  }
  return lines;
}

// A copy of the fixture run whose manifest names it `scenario`.
fs::path run_named(const viz_test::TempDir& dir, const std::string& scenario) {
  const fs::path copy = dir / scenario;
  fs::copy(viz_test::fixture_run(), copy, fs::copy_options::recursive);
  std::string manifest = viz_test::read_file(copy / "manifest.textproto");
  const std::string from = "name: \"baseline\"";
  const std::size_t at = manifest.find(from);
  if (at != std::string::npos) manifest.replace(at, from.size(), "name: \"" + scenario + "\"");
  viz_test::write_file(copy / "manifest.textproto", manifest);
  return copy;
}

// A comparison's directory as compare --out leaves it: compare.csv, its
// manifest and a run per scenario. Two metrics: the first with the paper's
// range 4-11 on baseline, the second with intervals below zero and a
// per-replicate difference line.
fs::path fake_compare(const viz_test::TempDir& dir) {
  fs::path compare = dir / "compare";
  fs::create_directories(compare);
  viz_test::write_file(compare / "compare.csv",
                       "row,metric,scenario,replicates,mean,p05,p95,paper,min,max,within,front\n"
                       "\"compute ratio, mean 2026\",\"mean(compute_ratio, 2026-01..2026-12)\",baseline,4,7.75,7.66,7.81,"
                       "4-11x,4,11,yes,\n"
                       "\"compute ratio, mean 2026\",\"mean(compute_ratio, 2026-01..2026-12)\",parity,4,6.87,6.8,6.91,,,,,\n"
                       "gap,cn_frontier_capability@2029-05,baseline,4,-0.03,-0.12,0.05,,,,,intelligence\n"
                       "gap,cn_frontier_capability@2029-05,parity,4,0.2,0.1,0.31,,,,,intelligence\n"
                       "gap,cn_frontier_capability@2029-05,parity-baseline,4,0.23,0.2,0.3,>0,0,,yes,intelligence\n");
  viz_test::write_file(compare / "manifest.textproto",
                       "config_path: \"configs/compare.textproto\" replicates: 4 seed: 2028 adopters: 20000 "
                       "overrides: \"adoption.peer_weight=0.7\"\n");
  for (const char* scenario : {"baseline", "parity"})
    fs::copy(viz_test::fixture_run(), compare / scenario, fs::copy_options::recursive);
  return compare;
}

TEST(PlotCli, WorldSeriesOneLineEach) {
  viz_test::TempDir dir;
  const fs::path out = dir / "lead.svg";
  const auto r = run_stackrace({"plot", viz_test::fixture_run().string(), "--metric", "compute_ratio", "--metric",
                                "stability_index_world", "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string svg = viz_test::read_file(out);
  const viz_test::XmlCheck check = viz_test::check_xml(svg);
  ASSERT_EQ(check.error, "");
  EXPECT_EQ(check.element_count.at("polyline"), 2);
  EXPECT_TRUE(has(svg, ">compute_ratio</text>"));
  EXPECT_TRUE(has(svg, ">2025</text>"));                     // the x axis
  EXPECT_TRUE(has(svg, "baseline: seed 20250101, "));        // the caption
  EXPECT_TRUE(has(svg, "--set horizon.end_month=2025-06"));  // the fixture's override
  EXPECT_TRUE(has(svg, "<title>compute_ratio, 2025-03: "));  // hover text with a value
}

// A run or a metric given twice would draw two identical lines under one
// label: refused, nothing written.
TEST(PlotCli, ARunOrAMetricGivenTwiceIsRefused) {
  viz_test::TempDir dir;
  const fs::path out = dir / "twice.svg";
  const std::string run = viz_test::fixture_run().string();
  const auto runs = run_stackrace({"plot", run, run + "/", "--out", out.string()});
  EXPECT_EQ(runs.exit_code, 2) << runs.output;
  EXPECT_TRUE(has(runs.output, "is drawn twice (" + run + " is the same run): give each run once")) << runs.output;
  const auto metrics =
      run_stackrace({"plot", run, "--metric", "lead_months", "--metric", "lead_months", "--out", out.string()});
  EXPECT_EQ(metrics.exit_code, 2) << metrics.output;
  EXPECT_TRUE(has(metrics.output, "--metric lead_months: is given twice")) << metrics.output;
  EXPECT_FALSE(fs::exists(out));
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
  // One axis, two denominators: the label says which share is of what.
  EXPECT_TRUE(has(svg, ">share, % (users of people, stacks of users)</text>")) << svg.substr(0, 3000);
  const fs::path one = dir / "cn_open.svg";
  ASSERT_EQ(
      run_stackrace({"plot", viz_test::fixture_run().string(), "--metric", "share_cn_open", "--out", one.string()})
          .exit_code,
      0);
  EXPECT_TRUE(has(viz_test::read_file(one), ">CN open, % of the AI users</text>"));
  // An ISO3 code in small letters is the same country.
  const fs::path lower = dir / "ken.svg";
  ASSERT_EQ(
      run_stackrace({"plot", viz_test::fixture_run().string(), "--country", "ken", "--out", lower.string()}).exit_code,
      0);
  EXPECT_EQ(viz_test::read_file(lower), svg);
  // A place without people has only zero shares: refused, nothing written.
  const fs::path empty = dir / "ata.svg";
  const auto ata = run_stackrace({"plot", viz_test::fixture_run().string(), "--country", "ATA", "--out", empty.string()});
  EXPECT_EQ(ata.exit_code, 2) << ata.output;
  EXPECT_TRUE(has(ata.output, "--country ATA: has no population in the run")) << ata.output;
  EXPECT_FALSE(fs::exists(empty));
}

TEST(PlotCli, ACompareDirectoryDrawsEachMetricWithItsIntervalsPerScenario) {
  viz_test::TempDir dir;
  const fs::path compare = fake_compare(dir);
  const fs::path out = dir / "intervals.svg";
  const auto r = run_stackrace({"plot", compare.string(), "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string svg = viz_test::read_file(out);
  const viz_test::XmlCheck check = viz_test::check_xml(svg);
  ASSERT_EQ(check.error, "");
  EXPECT_EQ(check.element_count.at("circle"), 5);  // a mean per scenario and metric, and the difference
  EXPECT_EQ(check.element_count.at("path"), 5);    // each with its 5th-95th percentile whisker
  EXPECT_TRUE(has(svg, ">compute ratio, mean 2026</text>"));
  EXPECT_TRUE(has(svg, "<title>baseline: 7.75 [7.66, 7.81]</title>"));
  EXPECT_TRUE(has(svg, "<title>paper: 4-11x (target 4 to 11; mean within)</title>"));
  // An open-ended target reads as a bound, not "0 to -".
  EXPECT_TRUE(has(svg, "<title>paper: &gt;0 (target &gt;= 0; mean within)</title>")) << svg;
  EXPECT_TRUE(has(svg, "<title>baseline: -0.03 [-0.12, 0.05]</title>"));
  EXPECT_TRUE(has(svg, ">-0.2</text>"));  // the axis reaches past the negative whisker
  EXPECT_TRUE(has(svg, ">parity-baseline</text>"));
  EXPECT_TRUE(has(svg, "4 replicates per scenario, seeds 2028-2031, 20000 adopters"));  // the caption
  EXPECT_TRUE(has(svg, "--set adoption.peer_weight=0.7"));
  EXPECT_TRUE(has(svg, "s target range</text>"));  // the paper's
  // A comparison of one's own scenarios has no paper figures, and no key for them.
  viz_test::write_file(compare / "compare.csv",
                       "row,metric,scenario,replicates,mean,p05,p95,paper,min,max,within,front\n"
                       "lead,lead_months,mine,4,7,6,8,,,,,\n");
  const fs::path own = dir / "own.svg";
  ASSERT_EQ(run_stackrace({"plot", compare.string(), "--out", own.string()}).exit_code, 0);
  EXPECT_FALSE(has(viz_test::read_file(own), "target range"));
}

TEST(PlotCli, ABrokenCompareCsvIsLocatedAndNothingIsWritten) {
  viz_test::TempDir dir;
  const fs::path compare = fake_compare(dir);
  viz_test::write_file(compare / "compare.csv",
                       "row,metric,scenario,replicates,mean,p05,p95,paper,min,max,within,front\n"
                       "r,m,baseline,4,seven,1,2,,,,,\n");
  const fs::path out = dir / "intervals.svg";
  const auto r = run_stackrace({"plot", compare.string(), "--out", out.string()});
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_TRUE(has(r.output, "compare.csv:2: expected numbers")) << r.output;
  EXPECT_FALSE(fs::exists(out));
}

TEST(PlotCli, ACompareDirectoryWithAMetricDrawsEachScenariosRun) {
  viz_test::TempDir dir;
  const fs::path compare = fake_compare(dir);
  const fs::path out = dir / "compare.svg";
  const auto r = run_stackrace({"plot", compare.string(), "--metric", "lead_months", "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string svg = viz_test::read_file(out);
  EXPECT_EQ(viz_test::check_xml(svg).element_count.at("polyline"), 2);
  // Both copies of the fixture are "baseline" with the same override: told apart by their directories.
  EXPECT_TRUE(has(svg, ">baseline horizon.end_month=2025-06 (baseline)</text>"));
  EXPECT_TRUE(has(svg, ">baseline horizon.end_month=2025-06 (parity)</text>"));
  // The runs come in the comparison's order, each in its colour there.
  const std::string csv = viz_test::read_file(compare / "compare.csv");
  const std::size_t header = csv.find('\n') + 1;
  viz_test::write_file(
      compare / "compare.csv",
      csv.substr(0, header) + "r,lead_months,parity,4,1,0,2,,,,,\nr,lead_months,baseline,4,1,0,2,,,,,\n");
  const fs::path reordered = dir / "reordered.svg";
  ASSERT_EQ(run_stackrace({"plot", compare.string(), "--metric", "lead_months", "--out", reordered.string()}).exit_code,
            0);
  const std::string again = viz_test::read_file(reordered);
  EXPECT_LT(again.find("(parity)</text>"), again.find("(baseline)</text>"));
  const fs::path chart = dir / "chart.svg";
  // Parity, second in the comparison's first row (given twice there, as a
  // row with two paper figures does), is parity's bluish green in both.
  run_named(dir, "parity");
  fs::remove_all(compare / "parity");
  fs::rename(dir / "parity", compare / "parity");
  viz_test::write_file(compare / "compare.csv", csv.substr(0, header) +
                                                    "r,lead_months,baseline,4,1,0,2,,,,,\n"
                                                    "r,lead_months,baseline,4,1,0,2,,,,,\n"
                                                    "r,lead_months,parity,4,1,0,2,,,,,\n");
  ASSERT_EQ(
      run_stackrace({"plot", compare.string(), "--metric", "lead_months", "--out", reordered.string(), "--overwrite"})
          .exit_code,
      0);
  ASSERT_EQ(run_stackrace({"plot", compare.string(), "--out", chart.string()}).exit_code, 0);
  const std::string parity_colour = "#009e73";
  EXPECT_TRUE(has(viz_test::read_file(reordered), parity_colour));
  EXPECT_TRUE(has(viz_test::read_file(chart), parity_colour));
  EXPECT_FALSE(has(viz_test::read_file(chart), "#d55e00"));  // commanding_lead's, not in this comparison
}

// Several runs of one country: a colour per run and, within a run, a dash
// pattern per series, each its own (the user share and CN open were both
// solid, US closed and Other both dashed); the user share dashed, as in one
// run's chart.
TEST(PlotCli, SeveralRunsTellEveryCountrySeriesApart) {
  viz_test::TempDir dir;
  const fs::path copy = dir / "again";
  fs::copy(viz_test::fixture_run(), copy, fs::copy_options::recursive);
  const fs::path out = dir / "kenya.svg";
  const auto r = run_stackrace(
      {"plot", viz_test::fixture_run().string(), copy.string(), "--country", "KEN", "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::vector<DrawnLine> lines = drawn_lines(viz_test::read_file(out));
  ASSERT_EQ(lines.size(), 12u);
  for (std::size_t run = 0; run < 2; ++run) {
    std::set<std::string> dashes;
    for (std::size_t k = 0; k < 6; ++k) {
      const DrawnLine& line = lines[run * 6 + k];
      dashes.insert(line.dash);
      EXPECT_EQ(line.stroke, lines[run * 6].stroke) << line.title;  // one colour per run
      if (has(line.title, "AI users, of population")) {
        EXPECT_EQ(line.dash, "7 4") << line.title;
      }
    }
    EXPECT_EQ(dashes.size(), 6u);
  }
  EXPECT_NE(lines[0].stroke, lines[6].stroke);
}

// A run of a shipped scenario has that scenario's colour in every figure,
// whatever the order the runs are given in; parity is green as in the
// comparison's chart.
TEST(PlotCli, AScenarioKeepsItsColourWhateverTheOrder) {
  viz_test::TempDir dir;
  const std::string parity = run_named(dir, "parity").string();
  const std::string baseline = run_named(dir, "baseline").string();
  const std::string loophole = run_named(dir, "loophole_2027").string();
  const std::string mine = run_named(dir, "mine").string();
  const std::map<std::string, std::string> colour = {
      {"baseline", "#0072b2"}, {"parity", "#009e73"}, {"loophole_2027", "#cc79a7"}, {"mine", "#e69f00"}};
  for (const std::vector<std::string>& order : {std::vector<std::string>{parity, baseline, mine, loophole},
                                                std::vector<std::string>{mine, loophole, baseline, parity}}) {
    const fs::path out = dir / "lead.svg";
    std::vector<std::string> args = {"plot"};
    args.insert(args.end(), order.begin(), order.end());
    for (const char* rest : {"--metric", "lead_months", "--overwrite", "--out"}) args.emplace_back(rest);
    args.push_back(out.string());
    const auto r = run_stackrace(args);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const std::vector<DrawnLine> lines = drawn_lines(viz_test::read_file(out));
    ASSERT_EQ(lines.size(), 4u);
    for (const DrawnLine& line : lines) EXPECT_EQ(line.stroke, colour.at(line.title)) << line.title;
  }
}

// A count without a unit suffix still gets its unit on the axis.
TEST(PlotCli, APopulationIsInPersons) {
  viz_test::TempDir dir;
  const fs::path out = dir / "population.svg";
  const auto r = run_stackrace(
      {"plot", viz_test::fixture_run().string(), "--country", "KEN", "--metric", "population", "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string svg = viz_test::read_file(out);
  EXPECT_TRUE(has(svg, ">population, persons</text>")) << svg.substr(0, 3000);
  EXPECT_TRUE(has(svg, "M</text>"));  // Kenya's tens of millions, compact
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
      {{run, "--metric", "seizures_usd", "--metric", "compute_ratio", "--out", out.string()},
       "compute_ratio: has no unit (a ratio, count or index) and seizures_usd is in USD"},
      {{dir.path().string(), "--out", out.string()}, "not a complete run directory"},
      {{(dir / "missing").string(), "--out", out.string()}, "is not a directory"},
      {{run, "--out", (dir / "no/such/dir/plot.svg").string()}, "does not exist"},
      {{run, "--out", (dir / "plot.jpg").string()}, "expected a file name ending in .svg"},
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

// A file already at --out is the user's until they say otherwise: plot and
// render refuse it (exit 2, the file as it was) unless --overwrite.
TEST(PlotCli, AnExistingFileIsKeptUnlessOverwrite) {
  viz_test::TempDir dir;
  const fs::path notes = dir / "notes.svg";
  viz_test::write_file(notes, "my own notes");
  for (const std::vector<std::string>& command :
       {std::vector<std::string>{"plot", viz_test::fixture_run().string(), "--out", notes.string()},
        std::vector<std::string>{"render", viz_test::fixture_run().string(), "--out", notes.string()}}) {
    const auto r = run_stackrace(command);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_TRUE(has(r.output, "--out " + notes.string() + ": exists: pass --overwrite to replace it")) << r.output;
    EXPECT_EQ(viz_test::read_file(notes), "my own notes");
  }
  // A link to nowhere is a file of the user's too.
  const fs::path link = dir / "link.svg";
  fs::create_symlink(dir / "nowhere.svg", link);
  const auto dangling = run_stackrace({"plot", viz_test::fixture_run().string(), "--out", link.string()});
  EXPECT_EQ(dangling.exit_code, 2) << dangling.output;
  EXPECT_TRUE(fs::is_symlink(link));
  fs::remove(link);
  const auto r = run_stackrace({"plot", viz_test::fixture_run().string(), "--out", notes.string(), "--overwrite"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(has(viz_test::read_file(notes), "<svg"));
  EXPECT_EQ(viz_test::list_dir(dir.path()), std::vector<std::string>{"notes.svg"});
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
