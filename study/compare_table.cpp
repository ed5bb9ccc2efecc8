#include "study/compare_table.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

#include "base/bounded_read.h"
#include "base/errors.h"
#include "base/text_escape.h"

namespace stackrace {

namespace {

constexpr const char* kHeader = "row,metric,scenario,replicates,mean,p05,p95,paper,min,max,within,front";
constexpr std::size_t kColumns = 12;

double number(const std::string& text, bool empty_is_nan) {
  if (text.empty() && empty_is_nan) return std::nan("");
  std::size_t used = 0;
  const double v = std::stod(text, &used);
  if (used != text.size()) throw std::invalid_argument(text);
  return v;
}

}  // namespace

std::vector<CompareLine> read_compare_csv(const std::filesystem::path& path) {
  std::istringstream text(read_file_bounded(path.string(), kCompareCsvFile));
  std::string line;
  if (!std::getline(text, line) || line != kHeader)
    throw InputError(path.string() + ":1", std::string("expected the header ") + kHeader);
  std::vector<CompareLine> out;
  for (int n = 2; std::getline(text, line); ++n) {
    const std::string where = path.string() + ":" + std::to_string(n);
    std::vector<std::string> f;
    try {
      f = csv_split(line);
    } catch (const std::invalid_argument& e) {
      throw InputError(where, e.what());
    }
    if (f.size() != kColumns) {
      throw InputError(where, std::to_string(f.size()) + " fields, expected " + std::to_string(kColumns) +
                                  " (" + kHeader + ")");
    }
    CompareLine c{f[0], f[1], f[2], 0, 0, 0, 0, f[7], 0, 0, f[10], f[11]};
    try {
      c.replicates = static_cast<int>(number(f[3], false));
      c.mean = number(f[4], true);
      c.p05 = number(f[5], true);
      c.p95 = number(f[6], true);
      c.min = number(f[8], true);
      c.max = number(f[9], true);
    } catch (const std::logic_error&) {
      throw InputError(where, "expected numbers in replicates, mean, p05, p95, min and max");
    }
    out.push_back(std::move(c));
  }
  if (out.empty()) throw InputError(path.string(), "holds no metrics");
  return out;
}

}  // namespace stackrace
