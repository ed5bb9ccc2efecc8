#include "base/distinct_rows.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace stackrace {
namespace {

TEST(DistinctRows, IdenticalRowsShareAnIdInOrderOfFirstSight) {
  DistinctRows<3> rows;
  EXPECT_EQ(rows.add({1.0, 2.0, 3.0}), 0u);
  EXPECT_EQ(rows.add({1.0, 2.0, 4.0}), 1u);
  EXPECT_EQ(rows.add({1.0, 2.0, 3.0}), 0u);
  EXPECT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1][2], 4.0);
}

// Bit for bit: -0 and +0 are two rows (a result may tell them apart), the
// same infinity or NaN is one.
TEST(DistinctRows, ComparesBitForBit) {
  const double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
  DistinctRows<2> rows;
  EXPECT_NE(rows.add({0.0, 1.0}), rows.add({-0.0, 1.0}));
  EXPECT_EQ(rows.add({-inf, 1.0}), rows.add({-inf, 1.0}));
  EXPECT_EQ(rows.add({nan, 1.0}), rows.add({nan, 1.0}));
  EXPECT_EQ(rows.size(), 4u);
}

// Many more rows than expected: the table grows and every row keeps its id.
TEST(DistinctRows, GrowsPastTheExpectedSize) {
  DistinctRows<2> rows(4);
  for (int i = 0; i < 5000; ++i) ASSERT_EQ(rows.add({static_cast<double>(i), 0.5}), static_cast<std::uint32_t>(i));
  for (int i = 4999; i >= 0; --i) ASSERT_EQ(rows.add({static_cast<double>(i), 0.5}), static_cast<std::uint32_t>(i));
  EXPECT_EQ(rows.size(), 5000u);
}

}  // namespace
}  // namespace stackrace
