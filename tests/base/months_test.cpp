#include "base/months.h"

#include <gtest/gtest.h>

#include <string>

namespace stackrace {
namespace {

TEST(Month, FromYearMonthAndAccessors) {
  const Month m = Month::from_year_month(2025, 3);
  EXPECT_EQ(m.index, 2025 * 12 + 2);
  EXPECT_EQ(m.year(), 2025);
  EXPECT_EQ(m.month_of_year(), 3);
  EXPECT_EQ(m.str(), "2025-03");
  EXPECT_EQ(Month::from_year_month(2025, 12).str(), "2025-12");
  EXPECT_EQ(Month::from_year_month(1900, 1).str(), "1900-01");
}

TEST(Month, ConsecutiveIndicesCrossYearBoundary) {
  const Month dec = Month::from_year_month(2025, 12);
  const Month jan{dec.index + 1};
  EXPECT_EQ(jan.str(), "2026-01");
  EXPECT_LT(dec, jan);
  EXPECT_EQ(jan, Month::from_year_month(2026, 1));
}

TEST(Month, ParseStrRoundTripOverWholeRange) {
  for (int year = 1900; year <= 2200; ++year) {
    for (int month = 1; month <= 12; ++month) {
      const Month m = Month::from_year_month(year, month);
      Month parsed;
      ASSERT_TRUE(parse_month(m.str(), parsed)) << m.str();
      ASSERT_EQ(parsed, m) << m.str();
      ASSERT_EQ(parsed.str(), m.str());
    }
  }
}

TEST(Month, ParsesValidText) {
  Month m;
  ASSERT_TRUE(parse_month("2030-12", m));
  EXPECT_EQ(m.year(), 2030);
  EXPECT_EQ(m.month_of_year(), 12);
  ASSERT_TRUE(parse_month("2025-01", m));
  EXPECT_EQ(m, Month::from_year_month(2025, 1));
}

class InvalidMonth : public ::testing::TestWithParam<std::string> {};

TEST_P(InvalidMonth, IsRejected) {
  Month m;
  EXPECT_FALSE(parse_month(GetParam(), m)) << "'" << GetParam() << "' was accepted";
}

INSTANTIATE_TEST_SUITE_P(Month, InvalidMonth,
                         ::testing::Values("2025-13", "25-01", "2025-1", "abcd-ef", "2025-00", "1899-12", "2201-01",
                                           "2025/01", "2025-01 ", " 2025-01", "2025-001", "", "2025", "-2025-1",
                                           "2025-1a", "202a-01", "2025--1", "+025-01"));

}  // namespace
}  // namespace stackrace
