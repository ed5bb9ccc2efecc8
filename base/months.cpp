#include "base/months.h"

#include <cstdio>

namespace stackrace {

std::string Month::str() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year(), month_of_year());
  return buf;
}

bool parse_month(std::string_view text, Month& out) {
  if (text.size() != 7 || text[4] != '-') return false;
  int year = 0, month = 0;
  for (int i = 0; i < 7; ++i) {
    if (i == 4) continue;
    if (text[i] < '0' || text[i] > '9') return false;
    (i < 4 ? year : month) = (i < 4 ? year : month) * 10 + (text[i] - '0');
  }
  if (year < 1900 || year > 2200 || month < 1 || month > 12) return false;
  out = Month::from_year_month(year, month);
  return true;
}

}  // namespace stackrace
