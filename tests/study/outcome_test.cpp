// Tests study/outcome.*: parsing and evaluating outcome metrics.
#include "study/outcome.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "base/errors.h"
#include "sim/metrics.h"

namespace stackrace {
namespace {

int column(const std::string& name) {
  const auto& names = global_column_names();
  return static_cast<int>(std::find(names.begin(), names.end(), name) - names.begin());
}

// Three months of fake global rows: every column j at month i holds 10 i + j.
struct Rows {
  std::vector<std::string> months{"2026-01", "2026-02", "2026-03"};
  std::vector<std::vector<double>> values;
  Rows() {
    for (int i = 0; i < 3; ++i) {
      std::vector<double> row;
      for (std::size_t j = 0; j < global_column_names().size(); ++j) row.push_back(10.0 * i + static_cast<double>(j));
      values.push_back(row);
    }
  }
};

TEST(OutcomeTest, ValueAtAMonth) {
  const OutcomeExpr o = parse_outcome("dev_share_cn_open@2026-02", "", "f:1:1");
  EXPECT_EQ(o.name, "dev_share_cn_open@2026-02");
  const Rows r;
  EXPECT_DOUBLE_EQ(evaluate_outcome(o, r.months, r.values), 10 + column("dev_share_cn_open"));
}

TEST(OutcomeTest, SumsAndDifferencesOfColumns) {
  const Rows r;
  const OutcomeExpr sum = parse_outcome("dev_share_cn_closed + dev_share_cn_open@2026-03", "cn", "f:1:1");
  EXPECT_EQ(sum.name, "cn");
  EXPECT_DOUBLE_EQ(evaluate_outcome(sum, r.months, r.values),
                   40 + column("dev_share_cn_closed") + column("dev_share_cn_open"));
  const OutcomeExpr diff = parse_outcome("share_us_closed-share_us_open@2026-01", "", "f:1:1");
  EXPECT_DOUBLE_EQ(evaluate_outcome(diff, r.months, r.values), column("share_us_closed") - column("share_us_open"));
}

TEST(OutcomeTest, MeanOverAWindow) {
  const Rows r;
  const OutcomeExpr o = parse_outcome("mean(ai_user_share_world, 2026-02..2026-03)", "", "f:1:1");
  EXPECT_EQ(o.name, "mean(ai_user_share_world,2026-02..2026-03)");
  EXPECT_DOUBLE_EQ(evaluate_outcome(o, r.months, r.values), 15 + column("ai_user_share_world"));
}

TEST(OutcomeTest, ErrorsNameTheProblemAndTheLocation) {
  auto message = [](const std::string& metric) {
    try {
      parse_outcome(metric, "", "study.textproto:7:3");
    } catch (const InputError& e) {
      EXPECT_EQ(e.where(), "study.textproto:7:3");
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message("no_such_column@2026-01").find("unknown column 'no_such_column'"), std::string::npos);
  EXPECT_NE(message("share_us_closed@2026-13").find("not a month"), std::string::npos);
  EXPECT_NE(message("share_us_closed").find("expected COLUMN@YYYY-MM"), std::string::npos);
  EXPECT_NE(message("mean(share_us_closed, 2026-05..2026-01)").find("ends before it starts"), std::string::npos);
  EXPECT_NE(message("mean(share_us_closed)").find("expected mean("), std::string::npos);
  EXPECT_NE(message("share_us_closed+@2026-01").find("expected a column name"), std::string::npos);
}

TEST(OutcomeTest, CountryRegionAndGroupTermsBecomeSeriesAfterTheWorldColumns) {
  std::vector<ScopedSeries> series;
  const int world = static_cast<int>(global_column_names().size());
  const OutcomeExpr kenya = parse_outcome("KEN:share_cn_open@2026-02", "", "f:1:1", series);
  ASSERT_EQ(series.size(), 1u);
  EXPECT_EQ(series[0].kind, ScopeKind::kCountry);
  EXPECT_EQ(series[0].name, "KEN");
  EXPECT_EQ(series[0].label(), "KEN:share_cn_open");
  ASSERT_EQ(kenya.terms.size(), 1u);
  EXPECT_EQ(kenya.terms[0].column, world);

  // A region's name sits in parentheses; the sum splits outside them, and a
  // series read twice is computed once.
  const OutcomeExpr africa = parse_outcome(
      "region(sub_saharan_africa):share_cn_closed + region(sub_saharan_africa):share_cn_open - KEN:share_cn_open"
      "@2026-03",
      "africa", "f:2:1", series);
  ASSERT_EQ(series.size(), 3u);
  EXPECT_EQ(series[1].label(), "region(sub_saharan_africa):share_cn_closed");
  ASSERT_EQ(africa.terms.size(), 3u);
  EXPECT_EQ(africa.terms[1].column, world + 2);
  EXPECT_EQ(africa.terms[2].column, world);
  EXPECT_EQ(africa.terms[2].sign, -1.0);

  const OutcomeExpr developing =
      parse_outcome("mean(group(developing):ai_user_share, 2026-01..2026-02)", "", "f:3:1", series);
  ASSERT_EQ(series.size(), 4u);
  EXPECT_EQ(series[3].kind, ScopeKind::kGroup);
  // The spelling of countries.csv's income_group column is taken as well.
  std::vector<ScopedSeries> spelt;
  parse_outcome("group(lower-middle):ai_user_share@2026-01", "", "f:4:1", spelt);
  ASSERT_EQ(spelt.size(), 1u);
  EXPECT_EQ(spelt[0].name, "lower_middle");

  // Rows with the world columns, then the four series (1000 + 100 s + 10 month).
  Rows r;
  for (std::size_t i = 0; i < r.values.size(); ++i)
    for (int s = 0; s < 4; ++s) r.values[i].push_back(1000 + 100.0 * s + 10.0 * static_cast<double>(i));
  EXPECT_DOUBLE_EQ(evaluate_outcome(kenya, r.months, r.values), 1010);
  EXPECT_DOUBLE_EQ(evaluate_outcome(africa, r.months, r.values), 1120 + 1220 - 1020);
  EXPECT_DOUBLE_EQ(evaluate_outcome(developing, r.months, r.values), 1305);
}

TEST(OutcomeTest, ScopedTermErrorsListWhatIsValid) {
  auto message = [](const std::string& metric) {
    std::vector<ScopedSeries> series;
    try {
      parse_outcome(metric, "", "study.textproto:9:3", series);
    } catch (const InputError& e) {
      EXPECT_EQ(e.where(), "study.textproto:9:3");
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::string group = message("group(rich):ai_user_share@2026-01");
  EXPECT_NE(group.find("unknown income group 'rich'"), std::string::npos) << group;
  EXPECT_NE(group.find("low, lower_middle, upper_middle, high, developing"), std::string::npos) << group;
  const std::string column = message("KEN:lead_months@2026-01");
  EXPECT_NE(column.find("unknown country column 'lead_months'"), std::string::npos) << column;
  EXPECT_NE(column.find("share_cn_open"), std::string::npos) << column;
  EXPECT_NE(message("Kenya:ai_user_share@2026-01").find("not a country code"), std::string::npos);
  EXPECT_NE(message("region(south_asia)ai_user_share@2026-01").find("expected region(NAME):COLUMN"),
            std::string::npos);
  // Comparisons read world metrics only.
  try {
    parse_outcome("KEN:ai_user_share@2026-01", "", "compare.textproto:4:3");
    ADD_FAILURE() << "a scoped term outside a study was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("only study outcomes"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace stackrace
