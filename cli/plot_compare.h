#pragma once
// `stackrace plot COMPARE_DIR`: the comparison's metrics, one panel each,
// with every scenario's mean and 5th-95th percentile interval over its
// replicates and the paper's target range shaded behind them; drawn with the
// study report's chart (study/svg_chart.h) from DIR/compare.csv and
// DIR/manifest.textproto.

#include <filesystem>
#include <string>

namespace stackrace::cli {

// Throws InputError for a compare.csv or manifest not as compare writes them.
std::string compare_chart_svg(const std::filesystem::path& dir);

}  // namespace stackrace::cli
