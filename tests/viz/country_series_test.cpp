// viz/core/country_series: the country inspector's series are the country's
// own months from the timeline, and its partnership and tier as spans.

#include "viz/core/country_series.h"

#include <gtest/gtest.h>

#include <memory>

#include "base/stacks.h"
#include "sim/metrics.h"

namespace stackrace::viz {
namespace {

// Two countries over four months; KEN partners with the US from the third.
std::unique_ptr<Timeline> small_timeline() {
  auto t = std::make_unique<Timeline>(std::vector<std::string>{"KEN", "NGA"}, global_column_names(), Month::from_year_month(2025, 1), 4);
  for (int m = 0; m < 4; ++m) {
    MapFrame f;
    f.month = Month::from_year_month(2025, 1 + m);
    f.countries.resize(2);
    f.countries[0].ai_user_share = 0.1 * (m + 1);
    f.countries[0].stack_share = {0.5, 0.1, 0.2, 0.1, 0.1};
    f.countries[0].partnership = m >= 2 ? US_PARTNER : NEUTRAL;
    f.countries[0].export_tier = 2;
    f.countries[1].ai_user_share = 0.9;
    t->append(f, std::vector<double>(global_column_names().size(), 0.0));
  }
  return t;
}

TEST(CountrySeries, IsTheCountrysOwnMonths) {
  const auto t = small_timeline();
  const GlobalSeries s = country_series(*t, 0);
  ASSERT_EQ(s.rows.size(), 4u);
  EXPECT_EQ(s.months[3], Month::from_year_month(2025, 4));
  EXPECT_DOUBLE_EQ(s.rows[2][s.column("ai_user_share")], 0.3);
  EXPECT_DOUBLE_EQ(s.rows[0][s.column("share_us_closed")], 0.5);
  EXPECT_DOUBLE_EQ(s.rows[0][s.column("share_cn_closed")], 0.2);
  EXPECT_EQ(country_series(*t, 1).rows[0][s.column("ai_user_share")], 0.9);

  const std::vector<ChartSpec> charts = country_chart_specs(s);
  ASSERT_EQ(charts.size(), 2u);
  EXPECT_EQ(charts[0].series.size(), 1u);
  EXPECT_EQ(charts[1].series.size(), static_cast<std::size_t>(kStackCount));
  EXPECT_TRUE(charts[1].percent);
}

TEST(CountrySeries, PartnershipAndTierAsSpans) {
  const GlobalSeries s = country_series(*small_timeline(), 0);
  const std::vector<ValueSpan> partner = value_spans(s, "partnership");
  ASSERT_EQ(partner.size(), 2u);
  EXPECT_EQ(partner[0].first, 0);
  EXPECT_EQ(partner[0].last, 1);
  EXPECT_EQ(partner[0].value, NEUTRAL);
  EXPECT_EQ(partner[1].first, 2);
  EXPECT_EQ(partner[1].last, 3);
  EXPECT_EQ(partner[1].value, US_PARTNER);
  const std::vector<ValueSpan> tier = value_spans(s, "export_tier");
  ASSERT_EQ(tier.size(), 1u);
  EXPECT_EQ(tier[0].value, 2);
  EXPECT_TRUE(value_spans(s, "no_such_column").empty());
}

}  // namespace
}  // namespace stackrace::viz
