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

}  // namespace
}  // namespace stackrace
