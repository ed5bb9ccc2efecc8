// viz/core/timeline and tooltip: the month store shared by the live run and
// the window, and the hover text.

#include "viz/core/timeline.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>

#include "base/proto/output.pb.h"
#include "viz/core/tooltip.h"

namespace stackrace::viz {
namespace {

MapFrame frame(int month_index, std::size_t countries) {
  MapFrame f;
  f.month = Month{2025 * 12 + month_index};
  f.countries.resize(countries);
  return f;
}

TEST(Timeline, AppendsAndCopiesUnderALock) {
  Timeline t({"CHN", "USA"}, {"a"}, Month::from_year_month(2025, 1), 24);
  EXPECT_EQ(t.size(), 0);
  EXPECT_EQ(t.total_months(), 24);
  std::thread producer([&] {
    for (int m = 0; m < 24; ++m) t.append(frame(m, 2), {m * 1.0});
    t.finish();
  });
  producer.join();
  EXPECT_TRUE(t.finished());
  EXPECT_EQ(t.size(), 24);
  EXPECT_EQ(t.version(), 24u);
  EXPECT_EQ(t.frame(5).month.str(), "2025-06");
  EXPECT_DOUBLE_EQ(t.global().rows[7][0], 7.0);
  EXPECT_THROW(t.append(frame(24, 3), {0.0}), std::logic_error);
}

TEST(Timeline, RecordsAFailure) {
  Timeline t({"USA"}, {}, Month::from_year_month(2025, 1), 3);
  t.fail("out of memory");
  EXPECT_TRUE(t.finished());
  EXPECT_EQ(t.error(), "out of memory");
}

TEST(Tooltip, ListsSharesTierAndPartnership) {
  MapCountry country;
  country.iso3 = "SGP";
  country.name = "Singapore";
  country.population = 5.7e6;
  CountryFrame state;
  state.ai_user_share = 0.42;
  state.stack_share = {0.5, 0.1, 0.2, 0.15, 0.05};
  state.dominant_stack = US_CLOSED;
  state.partnership = US_PARTNER;
  state.government_default = US_OPEN;
  state.export_tier = 2;
  const std::string text = tooltip_text(country, state);
  EXPECT_NE(text.find("Singapore (SGP)"), std::string::npos) << text;
  EXPECT_NE(text.find("42.0% of population"), std::string::npos) << text;
  EXPECT_NE(text.find("CN closed   20.0%"), std::string::npos) << text;
  EXPECT_NE(text.find("Export tier 2, US partner"), std::string::npos) << text;
  EXPECT_NE(text.find("Government default: US open"), std::string::npos) << text;
  country.population = 0;
  EXPECT_NE(tooltip_text(country, state).find("uninhabited"), std::string::npos);
}

}  // namespace
}  // namespace stackrace::viz
