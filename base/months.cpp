#include "base/months.h"

#include <cstdio>

namespace stackrace {

namespace {

// "YYYY-MM": four digits of year, a dash at kDashAt, two digits of month.
constexpr std::size_t kMonthTextLength = 7;
constexpr std::size_t kDashAt = 4;
constexpr int kFirstYear = 1900, kLastYear = 2200;  // far beyond any horizon the model can mean (kMonthExpected)
constexpr int kDecimalBase = 10;

}  // namespace

std::string Month::str() const {
  char buf[sizeof "-2147483648-12"];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year(), month_of_year());
  return buf;
}

bool parse_month(std::string_view text, Month& out) {
  if (text.size() != kMonthTextLength || text[kDashAt] != '-') return false;
  int year = 0, month = 0;
  for (std::size_t i = 0; i < kMonthTextLength; ++i) {
    if (i == kDashAt) continue;
    if (text[i] < '0' || text[i] > '9') return false;
    int& field = i < kDashAt ? year : month;
    field = field * kDecimalBase + (text[i] - '0');
  }
  if (year < kFirstYear || year > kLastYear || month < 1 || month > kMonthsPerYear) return false;
  out = Month::from_year_month(year, month);
  return true;
}

}  // namespace stackrace
