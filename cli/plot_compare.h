#pragma once
// `stackrace plot COMPARE_DIR`: the comparison's metrics, one panel each,
// with every scenario's mean and 5th-95th percentile interval over its
// replicates and the paper's target range shaded behind them; drawn with the
// study report's chart (study/svg_chart.h) from DIR/compare.csv and
// DIR/manifest.textproto.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "viz/core/colour.h"

namespace stackrace::cli {

// The colours of scenarios and runs (Okabe & Ito 2008, safe for
// colour-blind readers): the comparison's chart and the line plots of
// several runs use the same, so a scenario keeps its colour from one figure
// to the next.
const std::vector<viz::Rgb>& scenario_colours();

// Each name's index in scenario_colours(), whatever the order given: the
// shipped scenarios (baseline, commanding_lead, parity, loophole_2027)
// always take the first four colours; other names, and a name given again (a
// run with --set beside its scenario's own), take the next colours not taken
// in this figure, from the fifth on; beyond seven they repeat.
std::vector<std::size_t> scenario_colour_indices(const std::vector<std::string>& names);

// The scenarios of a comparison in its own order (compare.csv's first row).
std::vector<std::string> compare_scenarios(const std::filesystem::path& dir);

// Throws InputError for a compare.csv or manifest not as compare writes them.
std::string compare_chart_svg(const std::filesystem::path& dir);

}  // namespace stackrace::cli
