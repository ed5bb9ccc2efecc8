#pragma once
// compare.csv read back (`stackrace plot COMPARE_DIR`): one line per metric
// and scenario, as write_comparison_csv() wrote it (docs/outputs.md).

#include <filesystem>
#include <string>
#include <vector>

namespace stackrace {

struct CompareLine {
  std::string row, metric, scenario;
  int replicates = 0;
  double mean = 0, p05 = 0, p95 = 0;
  std::string paper;
  double min = 0, max = 0;  // the paper's target range; NaN where not given
  std::string within, front;
};

// Throws InputError (file:line) for a header or line not as compare writes them.
std::vector<CompareLine> read_compare_csv(const std::filesystem::path& path);

}  // namespace stackrace
