// Tests study/summary_stats.*: replicate means, sd and Student-t intervals.
#include "study/summary_stats.h"

#include <gtest/gtest.h>

#include <cmath>

namespace stackrace {
namespace {

TEST(SummaryStatsTest, StudentQuantilesMatchTables) {
  EXPECT_NEAR(student_t_975(1), 12.706, 1e-3);
  EXPECT_NEAR(student_t_975(10), 2.228, 1e-3);
  EXPECT_NEAR(student_t_975(30), 2.042, 1e-3);
  EXPECT_NEAR(student_t_975(40), 2.021, 1e-3);   // table value 2.0211
  EXPECT_NEAR(student_t_975(120), 1.980, 1e-3);  // table value 1.9799
}

TEST(SummaryStatsTest, MeanSdAndIntervalOfReplicates) {
  const ReplicateSummary s = summarize_replicates({1, 2, 3, 4});
  EXPECT_EQ(s.n, 4);
  EXPECT_DOUBLE_EQ(s.mean, 2.5);
  EXPECT_NEAR(s.sd, std::sqrt(5.0 / 3.0), 1e-12);
  const double half = 3.182 * s.sd / 2;
  EXPECT_NEAR(s.ci_low, 2.5 - half, 1e-9);
  EXPECT_NEAR(s.ci_high, 2.5 + half, 1e-9);
}

TEST(SummaryStatsTest, OneReplicateHasNoSpread) {
  const ReplicateSummary s = summarize_replicates({0.7});
  EXPECT_DOUBLE_EQ(s.mean, 0.7);
  EXPECT_TRUE(std::isnan(s.sd));
  EXPECT_TRUE(std::isnan(s.ci_low));
}

}  // namespace
}  // namespace stackrace
