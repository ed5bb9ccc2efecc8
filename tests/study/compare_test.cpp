// `stackrace compare` (study/compare.*): the shipped scenarios reproduce
// the paper's figures within the tolerances in configs/compare.textproto, and
// a comparison file is validated before anything runs.

#include "study/compare.h"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>

#include "base/errors.h"
#include "support/files.h"

namespace stackrace {
namespace {

using test_support::read_file;
using test_support::replace_once;
using test_support::TempDir;
using test_support::write_file;

const std::string kCompare = std::string(STACKRACE_ROOT) + "/configs/compare.textproto";

// The whole table of the issue, on the shipped files: every paper figure with
// a target range holds for the mean over replicates.
TEST(CompareShipped, ScenariosReproduceThePapersFigures) {
  CompareOptions options;
  options.adopters = STACKRACE_SANITIZED ? 30000 : 100000;
  options.replicates = 4;
  const LoadedComparison loaded = load_comparison(kCompare, options);
  ASSERT_EQ(loaded.names, (std::vector<std::string>{"baseline", "commanding_lead", "parity"}));
  const CompareResult result = run_comparison(loaded);
  int checked = 0;
  for (const CompareRowResult& row : result.rows)
    for (const FigureResult& f : row.figures) {
      if (!f.has_bounds) continue;
      ++checked;
      EXPECT_TRUE(f.within) << row.name << " (" << f.figure.scenario() << "): mean " << f.cell.mean;
      EXPECT_EQ(f.cell.values.size(), 4u);
    }
  // Every row of the table: two compute ratios, two Huawei shares,
  // three leads, the frontier check and the developing-world difference.
  EXPECT_EQ(checked, 9);
  EXPECT_EQ(failed_figures(result), "");
}

TEST(CompareShipped, ResultsDoNotDependOnThreadsOrRunOrder) {
  CompareOptions options;
  options.adopters = 20000;
  options.replicates = 2;
  const LoadedComparison loaded = load_comparison(kCompare, options);
  std::ostringstream a, b;
  write_comparison_csv(run_comparison(loaded), a);
  write_comparison_csv(run_comparison(loaded), b);
  EXPECT_EQ(a.str(), b.str());
  EXPECT_NE(a.str().find("parity-commanding_lead"), std::string::npos);
}

TEST(CompareCell, MeanAndPercentiles) {
  const CompareCell c = summarize_cell({4, 1, 3, 2, 5});
  EXPECT_DOUBLE_EQ(c.mean, 3.0);
  EXPECT_DOUBLE_EQ(c.p05, 1.2);  // linear interpolation between order statistics
  EXPECT_DOUBLE_EQ(c.p95, 4.8);
  const CompareCell one = summarize_cell({7});
  EXPECT_DOUBLE_EQ(one.p05, 7.0);
  EXPECT_DOUBLE_EQ(one.p95, 7.0);
}

// A copy of the shipped comparison in a temporary directory whose scenario
// paths point back at the shipped scenarios.
std::string copy_with(const TempDir& dir, const std::string& from, const std::string& to) {
  std::string text = read_file(kCompare);
  const std::string root = std::string(STACKRACE_ROOT) + "/configs/";
  for (const char* s : {"baseline", "commanding_lead", "parity"}) {
    const std::string rel = std::string("\"scenarios/") + s + ".textproto\"";
    text = replace_once(text, rel, "\"" + root + "scenarios/" + s + ".textproto\"");
  }
  if (!from.empty()) text = replace_once(text, from, to);
  const auto path = dir / "compare.textproto";
  write_file(path, text);
  return path.string();
}

std::string load_error(const std::string& path, CompareOptions options = {}) {
  options.adopters = 2000;
  try {
    load_comparison(path, options);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(CompareLoad, UnknownColumnIsLocated) {
  TempDir dir;
  const std::string path = copy_with(dir, "metric: \"compute_ratio@2028-12\"", "metric: \"compute_ration@2028-12\"");
  const std::string msg = load_error(path);
  EXPECT_NE(msg.find(path + ":"), std::string::npos) << msg;
  EXPECT_NE(msg.find("unknown column 'compute_ration'"), std::string::npos) << msg;
}

TEST(CompareLoad, MonthOutsideAScenarioIsRefused) {
  TempDir dir;
  const std::string path = copy_with(dir, "metric: \"compute_ratio@2028-12\"", "metric: \"compute_ratio@2031-01\"");
  EXPECT_NE(load_error(path).find("outside scenario 'baseline'"), std::string::npos);
}

TEST(CompareLoad, UnknownScenarioInAPaperFigureIsRefused) {
  TempDir dir;
  const std::string path = copy_with(dir, "scenario: \"parity-commanding_lead\"", "scenario: \"parity-commanding\"");
  EXPECT_NE(load_error(path).find("expected a scenario name or NAME-NAME"), std::string::npos);
}

// compare.csv and plot tell rows apart by name: two rows of one name are
// refused, not drawn as one panel.
TEST(CompareLoad, ARepeatedRowNameIsRefused) {
  TempDir dir;
  const std::string path = copy_with(dir, "name: \"compute ratio, 2028-12\"", "name: \"compute ratio, mean 2026\"");
  const std::string msg = load_error(path);
  EXPECT_NE(msg.find(path + ":"), std::string::npos) << msg;
  EXPECT_NE(msg.find("row name 'compute ratio, mean 2026' repeats row 0's"), std::string::npos) << msg;
}

TEST(CompareLoad, UnknownFrontIsLocated) {
  TempDir dir;
  const std::string path = copy_with(dir, "front: \"intelligence\"\n  metric: \"compute_ratio@2028-12\"",
                                     "front: \"intelligance\"\n  metric: \"compute_ratio@2028-12\"");
  const std::string msg = load_error(path);
  EXPECT_NE(msg.find(path + ":"), std::string::npos) << msg;
  EXPECT_NE(msg.find("unknown front 'intelligance'"), std::string::npos) << msg;
}

// The shipped comparison has a row on every front, and the table prints
// them last, under their fronts' titles in front order; compare.csv says
// each row's front.
TEST(CompareScoreboard, EveryFrontHasRowsPrintedUnderItsTitle) {
  const LoadedComparison loaded = load_comparison(kCompare, {});
  CompareResult result;
  result.scenarios = loaded.names;
  result.replicates = 1;
  for (const std::string& front : front_names()) {
    bool any = false;
    for (int r = 0; r < loaded.config.row_size(); ++r) any = any || loaded.config.row(r).front() == front;
    EXPECT_TRUE(any) << "no row for the front " << front;
  }
  for (int r = 0; r < loaded.config.row_size(); ++r) {
    CompareRowResult row{
        loaded.config.row(r).name(), loaded.config.row(r).metric(), loaded.config.row(r).front(), {}, {}};
    row.cells.resize(loaded.names.size(), summarize_cell({1.0}));
    result.rows.push_back(row);
  }
  std::ostringstream table, csv;
  print_comparison(result, table);
  const std::string text = table.str();
  std::size_t last = text.find("Scoreboard of the four fronts");
  ASSERT_NE(last, std::string::npos) << text;
  for (const std::string& front : front_names()) {
    const std::size_t at = text.find(front_title(front));
    EXPECT_GT(at, last) << front;
    last = at;
  }
  EXPECT_GT(text.find("Displaced workers, US-allied, 2028-12"), text.find(front_title("resilience")));
  write_comparison_csv(result, csv);
  EXPECT_NE(csv.str().find("within,front\n"), std::string::npos);
  EXPECT_NE(csv.str().find(",resilience\n"), std::string::npos);
}

// Every row's cells start in one column, after its whole label and a space,
// however long a label or a cell is (a label of the shipped comparison ran
// into its first cell).
TEST(CompareTable, LabelsAndCellsNeverRunTogether) {
  const LoadedComparison loaded = load_comparison(kCompare, {});
  CompareResult result;
  result.scenarios = loaded.names;
  result.replicates = 1;
  for (int r = 0; r < loaded.config.row_size(); ++r) {
    CompareRowResult row{
        loaded.config.row(r).name(), loaded.config.row(r).metric(), loaded.config.row(r).front(), {}, {}};
    row.cells.resize(loaded.names.size(), summarize_cell({-1.234567e+04, -2.345678e+05, -3.456789e+06}));
    result.rows.push_back(row);
  }
  std::ostringstream table;
  print_comparison(result, table);
  const std::string text = table.str();
  // The header's first scenario name marks the column of the first cells.
  const std::size_t header = text.find("\nmetric ") + 1;
  const std::size_t column = text.find(result.scenarios.front(), header) - header;
  for (const CompareRowResult& row : result.rows) {
    const std::size_t start = text.find("\n" + row.name + " ") + 1;
    ASSERT_NE(start, 0u) << row.name << " is not followed by a space";
    const std::string line = text.substr(start, text.find('\n', start) - start);
    EXPECT_EQ(line.find_first_not_of(' ', row.name.size()), column) << line;
  }
}

TEST(CompareLoad, MissingFileAndBadOverrideAreInputErrors) {
  EXPECT_NE(load_error("/nonexistent/compare.textproto").find("no such comparison file"), std::string::npos);
  EXPECT_EQ(load_error("/dev/zero"),
            "/dev/zero: not a regular file (a character device), expected a comparison config");
  TempDir dir;
  const std::string nan_bound = copy_with(dir, "replicates:", "row { paper { min: nan } }\nreplicates:");
  EXPECT_NE(load_error(nan_bound).find("min = nan: expected a finite number"), std::string::npos)
      << load_error(nan_bound);
  CompareOptions options;
  options.overrides = {"policy.levers.remote_access_closure=1.5"};
  const std::string msg = load_error(kCompare, options);
  EXPECT_NE(msg.find("--set policy.levers.remote_access_closure=1.5"), std::string::npos) << msg;
}

}  // namespace
}  // namespace stackrace
