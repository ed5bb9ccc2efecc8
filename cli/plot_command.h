#pragma once
// `stackrace plot`: time-series line charts (SVG) of recorded runs, for
// papers and talks, without other tools: world series of global.csv, one
// country's path from countries.csv, and a comparison's scenarios side by
// side (viz/core/line_plot.h draws them).
//   stackrace plot RUN_DIR... [--metric NAME]... [--country ISO3] [--out FILE.svg]
//   stackrace plot COMPARE_DIR [...]: every scenario run the comparison kept

namespace stackrace::cli {

// argv[1] is "plot". Returns the exit code; throws InputError on bad input
// (exit 2) before anything is written.
int plot_main(int argc, char** argv);

}  // namespace stackrace::cli
