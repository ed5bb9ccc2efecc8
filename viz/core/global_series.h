#pragma once
// World values over time for the side-panel charts: the columns of global.csv
// (docs/outputs.md), read from a recorded run or appended month by month by a
// live one. Columns are found by name, so columns added later (lead_months,
// compute_ratio from the supply side) appear without changes here.

#include <string>
#include <string_view>
#include <vector>

#include "base/months.h"

namespace stackrace::viz {

struct GlobalSeries {
  std::vector<std::string> columns;       // global.csv's columns after `month`
  std::vector<Month> months;              // one per row
  std::vector<std::vector<double>> rows;  // rows[i][j]: month i, column j

  int column(std::string_view name) const;  // -1 when absent
  // Indices of the columns whose name is `prefix` or starts with `prefix` + "_".
  std::vector<int> columns_with_prefix(std::string_view prefix) const;
};

// Reads and checks global.csv: a header starting with `month`, then rows with
// a YYYY-MM month and one finite number per column. Throws InputError naming
// the file, line and column.
GlobalSeries read_global_csv(const std::string& path);
GlobalSeries parse_global_csv(std::string_view text, const std::string& name);

// One country's rows of countries.csv (`month,iso3,...`), as a GlobalSeries
// of its numeric columns (text columns such as region and partner are left
// out). Throws InputError naming the file, line and column for a malformed
// file, and for an ISO3 code that is not in it, listing the codes that are.
GlobalSeries read_country_csv(const std::string& path, const std::string& iso3);
GlobalSeries parse_country_csv(std::string_view text, const std::string& name, const std::string& iso3);

}  // namespace stackrace::viz
