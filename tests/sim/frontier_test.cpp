// Tests sim/frontier.*: the lead in months between two frontiers.
#include "sim/frontier.h"

#include <gtest/gtest.h>

namespace stackrace {
namespace {

// A frontier growing linearly from `start` by `rate` a month for `months` months.
FrontierHistory linear(double start, double rate, int months, double pre_rate) {
  FrontierHistory h(pre_rate);
  for (int m = 0; m < months; ++m) h.push(start + rate * m);
  return h;
}

TEST(Frontier, LeadOfALinearHistoryIsTheGapOverTheRate) {
  // US at 26 + 0.1 m, China 0.35 behind: the US stood there 3.5 months ago.
  const FrontierHistory us = linear(26.0, 0.1, 24, 0.075);
  const FrontierHistory cn = linear(25.65, 0.1, 24, 0.075);
  EXPECT_NEAR(lead_months(us, cn), 0.35 / 0.1, 1e-9);
  EXPECT_NEAR(us.months_since(us.levels().back() - 0.35), 3.5, 1e-9);
  EXPECT_NEAR(us.months_since(us.levels().back()), 0.0, 1e-12);
  // Within the first months too (interpolating between two months).
  EXPECT_NEAR(us.months_since(26.05), 23 - 0.5, 1e-9);
}

TEST(Frontier, NegativeWhenChinaIsAhead) {
  const FrontierHistory us = linear(26.0, 0.1, 24, 0.075);
  const FrontierHistory cn = linear(26.2, 0.1, 24, 0.075);
  EXPECT_NEAR(lead_months(us, cn), -2.0, 1e-9);
  // Equal frontiers: no lead.
  EXPECT_DOUBLE_EQ(lead_months(us, us), 0.0);
}

TEST(Frontier, ExtrapolatesBeforeTheStartAtThePreStartRate) {
  // Three months of history; China is 1.0 below the first month: 10 months
  // before it at 0.1 a month, plus the 2 months since.
  const FrontierHistory us = linear(26.0, 0.2, 3, 0.1);
  const FrontierHistory cn = linear(25.0, 0.2, 3, 0.1);
  EXPECT_NEAR(us.months_since(25.0), 2 + 10, 1e-9);
  // China is at 25.4 now, 0.6 below the US's first month: 6 months before it.
  EXPECT_NEAR(lead_months(us, cn), 2 + 0.6 / 0.1, 1e-9);
  // Exactly at the first month.
  EXPECT_NEAR(us.months_since(26.0), 2.0, 1e-12);
}

TEST(Frontier, NotYetReachedOrEmptyIsZero) {
  const FrontierHistory us = linear(26.0, 0.1, 5, 0.075);
  EXPECT_DOUBLE_EQ(us.months_since(30.0), 0.0);
  const FrontierHistory empty(0.075);
  EXPECT_DOUBLE_EQ(empty.months_since(26.0), 0.0);
  EXPECT_DOUBLE_EQ(lead_months(empty, us), 0.0);
  EXPECT_DOUBLE_EQ(lead_months(us, empty), 0.0);
}

TEST(Frontier, StepwiseHistoryInterpolatesWithinTheReleaseMonth) {
  // Releases make the best model a staircase: flat, then a jump.
  FrontierHistory us(0.075);
  for (double level : {26.0, 26.0, 26.0, 26.6, 26.6, 26.6}) us.push(level);
  // 26.3 was passed halfway through month 2 -> 3: 2.5 months before month 5.
  EXPECT_NEAR(us.months_since(26.3), 2.5, 1e-12);
  // 26.0 was reached before the run began: at month 0 exactly.
  EXPECT_NEAR(us.months_since(26.0), 5.0, 1e-12);
}

TEST(Frontier, GrowthPerMonthOverAWindow) {
  const FrontierHistory us = linear(26.0, 0.1, 24, 0.075);
  EXPECT_NEAR(us.growth_per_month(12), 0.1, 1e-12);
  // A short history reaches back before the start at the pre-start rate:
  // 3 months of 0.1 in the run and 9 of 0.075 before it.
  const FrontierHistory short_history = linear(26.0, 0.1, 4, 0.075);
  EXPECT_NEAR(short_history.growth_per_month(12), (0.3 + 9 * 0.075) / 12, 1e-12);
  // No history, or no growth: the pre-start rate.
  EXPECT_DOUBLE_EQ(FrontierHistory(0.075).growth_per_month(12), 0.075);
  EXPECT_DOUBLE_EQ(linear(26.0, 0.0, 24, 0.075).growth_per_month(12), 0.075);
}

}  // namespace
}  // namespace stackrace
