// viz/core/global_series: global.csv for the side-panel charts, and one
// country's rows of countries.csv for `stackrace plot --country`.

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

constexpr const char* kCountries =
    "month,iso3,ai_user_share,share_us_closed,dominant_stack,region\n"
    "2025-01,KEN,0.10,0.80,us_closed,east_africa\n2025-01,NGA,0.20,0.70,us_closed,west_africa\n"
    "2025-02,KEN,0.15,0.75,us_closed,east_africa\n2025-02,NGA,0.25,0.65,cn_open,west_africa\n";

TEST(CountryCsv, ReadsOneCountrysNumericColumns) {
  const GlobalSeries g = parse_country_csv(kCountries, "countries.csv", "NGA");
  EXPECT_EQ(g.columns, (std::vector<std::string>{"ai_user_share", "share_us_closed"}));
  ASSERT_EQ(g.rows.size(), 2u);
  EXPECT_EQ(g.months[1].str(), "2025-02");
  EXPECT_DOUBLE_EQ(g.rows[1][g.column("ai_user_share")], 0.25);
}

TEST(CountryCsv, AnUnknownCountryListsTheValidOnes) {
  try {
    parse_country_csv(kCountries, "countries.csv", "XYZ");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("no country 'XYZ'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("KEN NGA"), std::string::npos) << e.what();
  }
}

TEST(CountryCsv, ABadNumberNamesItsLineAndColumn) {
  try {
    parse_country_csv("month,iso3,ai_user_share\n2025-01,KEN,0.1\n2025-02,KEN,x\n", "countries.csv", "KEN");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("countries.csv:3:3"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_country_csv("month,ai_user_share\n2025-01,0.1\n", "global.csv", "KEN"), InputError);
}

TEST(CountryCsv, ReadsTheFixtureRun) {
  const GlobalSeries g = read_country_csv((viz_test::fixture_run() / "countries.csv").string(), "KEN");
  EXPECT_EQ(g.months.size(), 6u);
  EXPECT_GE(g.column("share_cn_open"), 0);
  EXPECT_EQ(g.column("region"), -1);
}

}  // namespace
}  // namespace stackrace::viz
