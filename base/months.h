#pragma once
// Calendar months as a count since year 0, so that a horizon is a range of ints.

#include <string>
#include <string_view>

namespace stackrace {

inline constexpr int kMonthsPerYear = 12;

struct Month {
  int index = 0;  // year * 12 + (month - 1)

  static Month from_year_month(int year, int month) { return Month{year * kMonthsPerYear + (month - 1)}; }
  int year() const { return index / kMonthsPerYear; }
  int month_of_year() const { return index % kMonthsPerYear + 1; }
  std::string str() const;  // "YYYY-MM"
  friend bool operator==(Month, Month) = default;
  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads a defaulted <=>
  friend auto operator<=>(Month, Month) = default;
};

// Parses "YYYY-MM" (year 1900-2200, month 01-12); false on anything else.
bool parse_month(std::string_view text, Month& out);
// What parse_month takes, for messages: "a month as YYYY-MM from 1900-01 to 2200-12".
inline constexpr const char* kMonthExpected = "a month as YYYY-MM from 1900-01 to 2200-12";

}  // namespace stackrace
