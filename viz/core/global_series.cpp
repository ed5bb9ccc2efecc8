#include "viz/core/global_series.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "base/bounded_read.h"
#include "base/errors.h"

namespace stackrace::viz {
namespace {

std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = line.find(',', start);
    fields.push_back(line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (comma == std::string_view::npos) return fields;
    start = comma + 1;
  }
}

bool parse_number(std::string_view f, double& value) {
  const auto [ptr, ec] = std::from_chars(f.data(), f.data() + f.size(), value);
  return ec == std::errc() && ptr == f.data() + f.size() && std::isfinite(value);
}

// The lines of `text` with their 1-based numbers, without line ends; empty lines skipped.
template <typename Visit>
void for_each_line(std::string_view text, Visit&& visit) {
  std::size_t line_no = 0, pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) visit(line_no, line);
  }
}

// The row's month, which must follow the previous row's.
Month next_month(std::string_view field, const std::string& where, const std::vector<Month>& months) {
  Month month;
  if (!parse_month(field, month))
    throw InputError(where + ":1", "month is '" + std::string(field) + "', expected YYYY-MM");
  if (!months.empty() && month.index != months.back().index + 1)
    throw InputError(where + ":1", "month " + month.str() + " does not follow " + months.back().str());
  return month;
}

// The indices of the fields that are numbers (from the first row of a file
// whose text columns, such as region, are never numbers).
std::vector<int> numeric_fields(const std::vector<std::string_view>& fields) {
  std::vector<int> out;
  double unused = 0;
  for (std::size_t j = 2; j < fields.size(); ++j)
    if (parse_number(fields[j], unused)) out.push_back(static_cast<int>(j));
  return out;
}

InputError unknown_country(const std::string& name, const std::string& iso3, std::vector<std::string> codes) {
  std::sort(codes.begin(), codes.end());
  std::string list;
  for (const std::string& c : codes) list += (list.empty() ? "" : " ") + c;
  return InputError(name, "has no country '" + iso3 + "'; expected an ISO3 code, one of: " + list);
}

}  // namespace

int GlobalSeries::column(std::string_view name) const {
  for (std::size_t j = 0; j < columns.size(); ++j)
    if (columns[j] == name) return static_cast<int>(j);
  return -1;
}

std::vector<int> GlobalSeries::columns_with_prefix(std::string_view prefix) const {
  std::vector<int> out;
  for (std::size_t j = 0; j < columns.size(); ++j) {
    const std::string_view c = columns[j];
    if (c == prefix || (c.size() > prefix.size() && c.substr(0, prefix.size()) == prefix && c[prefix.size()] == '_'))
      out.push_back(static_cast<int>(j));
  }
  return out;
}

GlobalSeries parse_global_csv(std::string_view text, const std::string& name) {
  GlobalSeries out;
  for_each_line(text, [&](std::size_t line_no, std::string_view line) {
    const std::string where = name + ":" + std::to_string(line_no);
    const std::vector<std::string_view> fields = split_fields(line);
    if (line_no == 1) {
      if (fields.size() < 2 || fields[0] != "month")
        throw InputError(where, "expected a header `month,<column>,...` (global.csv of a run)");
      for (std::size_t j = 1; j < fields.size(); ++j) out.columns.emplace_back(fields[j]);
      return;
    }
    if (fields.size() != out.columns.size() + 1) {
      throw InputError(where, "has " + std::to_string(fields.size()) + " fields, expected " +
                                  std::to_string(out.columns.size() + 1) + " as in the header");
    }
    const Month month = next_month(fields[0], where, out.months);
    std::vector<double> row(out.columns.size());
    for (std::size_t j = 0; j < row.size(); ++j) {
      if (!parse_number(fields[j + 1], row[j])) {
        throw InputError(where + ":" + std::to_string(j + 2),
                         out.columns[j] + " is '" + std::string(fields[j + 1]) + "', expected a finite number");
      }
    }
    out.months.push_back(month);
    out.rows.push_back(std::move(row));
  });
  if (out.columns.empty()) throw InputError(name, "is empty, expected a header and one row per month");
  if (out.rows.empty()) throw InputError(name, "has a header but no rows, expected one row per month");
  return out;
}

GlobalSeries parse_country_csv(std::string_view text, const std::string& name, const std::string& iso3) {
  std::vector<std::string> header;
  std::vector<int> numeric;        // header indices of the numeric columns, from the first row
  std::vector<std::string> codes;  // every country, in file order, for the error
  GlobalSeries out;
  for_each_line(text, [&](std::size_t line_no, std::string_view line) {
    const std::string where = name + ":" + std::to_string(line_no);
    const std::vector<std::string_view> fields = split_fields(line);
    if (line_no == 1) {
      if (fields.size() < 3 || fields[0] != "month" || fields[1] != "iso3")
        throw InputError(where, "expected a header `month,iso3,<column>,...` (countries.csv of a run)");
      header.assign(fields.begin(), fields.end());
      return;
    }
    if (fields.size() != header.size()) {
      throw InputError(where, "has " + std::to_string(fields.size()) + " fields, expected " +
                                  std::to_string(header.size()) + " as in the header");
    }
    if (codes.empty()) {  // the first row
      numeric = numeric_fields(fields);
      for (int j : numeric) out.columns.push_back(header[j]);
    }
    if (std::find(codes.begin(), codes.end(), fields[1]) == codes.end()) codes.emplace_back(fields[1]);
    if (fields[1] != iso3) return;
    const Month month = next_month(fields[0], where, out.months);
    std::vector<double> row;
    for (int j : numeric) {
      row.push_back(0);
      if (!parse_number(fields[j], row.back())) {
        throw InputError(where + ":" + std::to_string(j + 1),
                         header[j] + " is '" + std::string(fields[j]) + "', expected a finite number");
      }
    }
    out.months.push_back(month);
    out.rows.push_back(std::move(row));
  });
  if (header.empty()) throw InputError(name, "is empty, expected a header and one row per country and month");
  if (out.rows.empty()) throw unknown_country(name, iso3, codes);
  return out;
}

GlobalSeries read_country_csv(const std::string& path, const std::string& iso3) {
  return parse_country_csv(read_file_bounded(path, kCountriesCsvFile), path, iso3);
}

GlobalSeries read_global_csv(const std::string& path) {
  return parse_global_csv(read_file_bounded(path, kGlobalCsvFile), path);
}

}  // namespace stackrace::viz
