// viz/core/global_series: global.csv for the side-panel charts.

#include "viz/core/global_series.h"

#include <gtest/gtest.h>

#include "base/errors.h"
#include "viz_support.h"

namespace stackrace::viz {
namespace {

TEST(GlobalSeries, ReadsColumnsByName) {
  const GlobalSeries g = parse_global_csv(
      "month,ai_user_share_world,share_us_closed,dev_share_us_closed,lead_months\n2025-01,0.1,0.6,0.7,5\n"
      "2025-02,0.2,0.5,0.6,6\n",
      "global.csv");
  ASSERT_EQ(g.rows.size(), 2u);
  EXPECT_EQ(g.column("lead_months"), 3);
  EXPECT_EQ(g.column("compute_ratio"), -1);
  EXPECT_DOUBLE_EQ(g.rows[1][3], 6);
  EXPECT_EQ(g.columns_with_prefix("share"), std::vector<int>{1});
  EXPECT_EQ(g.columns_with_prefix("lead_months"), std::vector<int>{3});
}

TEST(GlobalSeries, ReadsTheFixtureRun) {
  const GlobalSeries g = read_global_csv((viz_test::fixture_run() / "global.csv").string());
  EXPECT_EQ(g.months.size(), 6u);
  EXPECT_EQ(g.columns_with_prefix("share").size(), 5u);
}

TEST(GlobalSeries, RefusesBadInputWithLineAndColumn) {
  auto error = [](const std::string& text) {
    try {
      parse_global_csv(text, "g.csv");
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error("").find("empty"), std::string::npos);
  EXPECT_NE(error("month,a\n").find("no rows"), std::string::npos);
  EXPECT_NE(error("when,a\n2025-01,1\n").find("header"), std::string::npos);
  EXPECT_NE(error("month,a\n2025-01,x\n").find("g.csv:2:2"), std::string::npos) << error("month,a\n2025-01,x\n");
  EXPECT_NE(error("month,a\n2025-01,1,2\n").find("fields"), std::string::npos);
  EXPECT_NE(error("month,a\n2025-01,1\n2025-03,1\n").find("does not follow"), std::string::npos);
  EXPECT_NE(error("month,a\n2025-01,nan\n").find("finite"), std::string::npos);
}

}  // namespace
}  // namespace stackrace::viz
