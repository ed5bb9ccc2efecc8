#include "cli/plot_command.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "base/atomic_file.h"
#include "base/errors.h"
#include "base/stacks.h"
#include "base/text_escape.h"
#include "cli/command_line.h"
#include "cli/help.h"
#include "cli/plot_compare.h"
#include "viz/core/global_series.h"
#include "viz/core/layers.h"
#include "viz/core/line_plot.h"
#ifdef STACKRACE_HAVE_SFML
#include "viz/sfml/display.h"
#include "viz/sfml/plot_png.h"
#endif
#include "viz/core/recorded_run.h"

namespace stackrace::cli {
namespace {

namespace fs = std::filesystem;
namespace po = boost::program_options;

struct PlotArgs {
  std::vector<std::string> targets;
  std::vector<std::string> metrics;
  std::string country;
  std::string out = "plot.svg";
  bool overwrite = false;
};

const viz::Rgb kUserShareColour{34, 34, 34};
// Solid, dashed, dotted, dash-dot, dash-dot-dot, long dash: the metrics of
// several runs, six apart (a country's user share and its five stacks).
const std::vector<std::string> kDashes = {"", "7 4", "2 3", "9 3 2 3", "9 3 2 3 2 3", "16 5"};
const std::string& kUserShareDash = kDashes[1];

PlotArgs parse_plot_args(int argc, char** argv) {
  PlotArgs a;
  po::options_description opts;
  opts.add_options()("target", po::value(&a.targets)->composing())("metric", po::value(&a.metrics)->composing())(
      "country", po::value(&a.country))("out", po::value(&a.out))("overwrite", po::bool_switch(&a.overwrite));
  po::positional_options_description pos;
  pos.add("target", -1);
  parse_command_line(argc, argv, opts, pos, command_help("plot"));
  if (a.targets.empty()) throw InputError("command line", "missing RUN_DIR\n" + std::string(command_help("plot")));
  const std::string ext = fs::path(a.out).extension().string();
  if (ext != ".svg" && ext != ".png")
    throw InputError("--out " + a.out, "expected a file name ending in .svg (or .png, which needs SFML)");
#ifndef STACKRACE_HAVE_SFML
  if (ext == ".png") {
    throw InputError("--out " + a.out,
                     "PNG charts are drawn with SFML, and this stackrace was built without it; write an .svg "
                     "(any browser or converter turns it into a PNG), or install libsfml-dev and rebuild");
  }
#endif
  std::set<std::string> metrics;
  for (const std::string& metric : a.metrics)
    if (!metrics.insert(metric).second) throw InputError("--metric " + metric, "is given twice: give each metric once");
  check_output_file("--out", a.out, a.overwrite);
  a.country = ascii_upper(a.country);  // ISO3 codes are capitals: "ind" is IND
  return a;
}

// The run directories to draw: each target, or the scenario runs a
// comparison's directory keeps (DIR/baseline, ...), in the comparison's
// order, others after them by name.
std::vector<std::string> run_dirs(const std::vector<std::string>& targets) {
  std::vector<std::string> dirs;
  for (const std::string& target : targets) {
    if (!fs::exists(fs::path(target) / "compare.csv")) {
      dirs.push_back(target);
      continue;
    }
    std::vector<std::string> found;
    for (const fs::directory_entry& entry : fs::directory_iterator(target))
      if (fs::is_regular_file(entry.path() / "manifest.textproto")) found.push_back(entry.path().string());
    if (found.empty()) {
      throw InputError(target,
                       "is the output of stackrace compare but keeps no runs (compare --out keeps one per scenario)");
    }
    const std::vector<std::string> order = compare_scenarios(target);
    const auto rank = [&](const std::string& dir) {
      return std::find(order.begin(), order.end(), fs::path(dir).filename().string()) - order.begin();
    };
    std::sort(found.begin(), found.end(), [&](const std::string& a, const std::string& b) {
      return std::pair(rank(a), a) < std::pair(rank(b), b);
    });
    dirs.insert(dirs.end(), found.begin(), found.end());
  }
  // One run twice (given twice, or on its own and in its comparison) would
  // draw two identical lines under one label.
  for (std::size_t i = 0; i < dirs.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      std::error_code ec;
      if (fs::equivalent(dirs[i], dirs[j], ec)) {
        throw InputError(dirs[i], "is drawn twice (" + dirs[j] + " is the same run): give each run once");
      }
    }
  }
  return dirs;
}

bool is_share(const std::string& column) { return column.find("share") != std::string::npos; }

// The unit a column's name ends with (docs/outputs.md names units so).
std::string unit_of(const std::string& column) {
  // Longer suffixes first: _usd_per_h100e is a price, not a count of H100e.
  const std::vector<std::pair<std::string, std::string>> suffixes = {
      {"_months", "months"},        {"_usd_per_mtok", "USD per million tokens"},
      {"_usd_per_h100e", "USD per H100e"}, {"_musd", "million USD"},
      {"_usd", "USD"},              {"_h100e", "H100-equivalents"}};
  for (const auto& [suffix, unit] : suffixes)
    if (column.ends_with(suffix)) return unit;
  // Counts named for what they count (countries.csv, global.csv).
  const std::vector<std::pair<std::string, std::string>> counts = {{"population", "persons"},
                                                                   {"adopters", "agents"},
                                                                   {"us_partners", "governments"},
                                                                   {"cn_partners", "governments"}};
  for (const auto& [name, unit] : counts)
    if (column == name) return unit;
  return "";
}

// "Chinese closed" for share_cn_closed, the column's own name otherwise.
std::string series_label(const std::string& column) {
  for (int s = 0; s < kStackCount; ++s)
    if (column == std::string("share_") + stack_column(s)) return stack_label(s);
  if (column == "ai_user_share") return "AI users, of population";
  return column;
}

int stack_of(const std::string& column) {
  for (int s = 0; s < kStackCount; ++s)
    if (column == std::string("share_") + stack_column(s)) return s;
  return -1;
}

std::string scenario_of(const viz::RecordedRun& run) { return run.manifest.resolved_config().name(); }

// Each run's legend label: its scenario, with its --set overrides where two
// runs share a scenario, and its directory where even those are the same.
std::vector<std::string> run_labels(const std::vector<viz::RecordedRun>& runs) {
  auto unique = [](const std::vector<std::string>& labels) {
    std::vector<std::string> sorted = labels;
    std::sort(sorted.begin(), sorted.end());
    return std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end();
  };
  std::vector<std::string> labels;
  labels.reserve(runs.size());
  for (const viz::RecordedRun& run : runs) labels.push_back(scenario_of(run));
  if (unique(labels)) return labels;
  // After ", ", so that the legend can wrap a long list.
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const auto& sets = runs[r].manifest.overrides();
    for (int i = 0; i < sets.size(); ++i) labels[r].append(i == 0 ? " " : ", ").append(sets[i]);
  }
  if (unique(labels)) return labels;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    fs::path dir(runs[r].dir);
    if (dir.filename().empty()) dir = dir.parent_path();  // "out/run/"
    labels[r] += " (" + dir.filename().string() + ")";
  }
  return labels;
}

// What makes a run what it is: scenario, seed, adopters and --set overrides.
std::string run_caption(const viz::RecordedRun& run) { return scenario_of(run) + ": " + viz::run_settings(run); }

// Each run's table: global.csv, or the country's rows of countries.csv.
std::vector<viz::GlobalSeries> read_tables(const std::vector<viz::RecordedRun>& runs, const std::string& country) {
  std::vector<viz::GlobalSeries> tables;
  tables.reserve(runs.size());
  for (const viz::RecordedRun& run : runs) {
    tables.push_back(country.empty() ? run.global
                                     : viz::read_country_csv((fs::path(run.dir) / "countries.csv").string(), country));
    if (tables.back().months.front() != tables.front().months.front()) {
      throw InputError(run.dir, "starts in " + tables.back().months.front().str() + " but " + runs.front().dir +
                                    " in " + tables.front().months.front().str() +
                                    ": a chart's runs must start in the same month");
    }
  }
  return tables;
}

// The --metric columns, or the defaults; each must be in every table.
std::vector<std::string> chosen_metrics(const PlotArgs& a, const std::vector<viz::RecordedRun>& runs,
                                        const std::vector<viz::GlobalSeries>& tables) {
  std::vector<std::string> metrics = a.metrics;
  if (metrics.empty() && a.country.empty()) metrics = {"lead_months"};
  if (metrics.empty()) {
    metrics = {"ai_user_share"};
    for (int s = 0; s < kStackCount; ++s) metrics.push_back(std::string("share_") + stack_column(s));
  }
  for (const std::string& m : metrics) {
    if (is_share(m) != is_share(metrics.front())) {
      throw InputError("--metric " + m, std::string(is_share(m) ? "is a share (0-100%) and " : "is not a share and ") +
                                            metrics.front() + (is_share(m) ? " is not" : " is") +
                                            ": one chart has one y axis, so plot them in two charts");
    }
    if (!is_share(m) && unit_of(m) != unit_of(metrics.front())) {
      auto in = [](const std::string& column) {
        return unit_of(column).empty() ? std::string("has no unit (a ratio, count or index)") : "is in " + unit_of(column);
      };
      throw InputError("--metric " + m, in(m) + " and " + metrics.front() + " " + in(metrics.front()) +
                                            ": one chart has one y axis, so plot them in two charts");
    }
  }
  for (std::size_t r = 0; r < runs.size(); ++r) {
    for (const std::string& m : metrics) {
      if (tables[r].column(m) >= 0) continue;
      const std::string file = (fs::path(runs[r].dir) / (a.country.empty() ? "global.csv" : "countries.csv")).string();
      throw InputError("--metric " + m,
                       "is not a column of " + file + "; expected one of: " + comma_list(tables[r].columns));
    }
  }
  return metrics;
}

// Several runs: a dash pattern per metric, each its own; beside others, the
// AI user share dashed as in one run's chart.
std::vector<std::string> metric_dashes(const std::vector<std::string>& metrics) {
  const bool users_dashed =
      metrics.size() > 1 && std::find(metrics.begin(), metrics.end(), "ai_user_share") != metrics.end();
  std::vector<std::string> dashes;
  std::size_t next = 0;
  for (const std::string& m : metrics) {
    if (users_dashed && m == "ai_user_share") {
      dashes.push_back(kUserShareDash);
      continue;
    }
    if (users_dashed && kDashes[next % kDashes.size()] == kUserShareDash) ++next;
    dashes.push_back(kDashes[next++ % kDashes.size()]);
  }
  return dashes;
}

// One series per run and metric: a run's stack shares in the stacks'
// colours; several runs each in its scenario's colour (scenario_colour_indices),
// labelled by run.
std::vector<viz::PlotSeries> plot_series(const std::vector<viz::RecordedRun>& runs,
                                         const std::vector<viz::GlobalSeries>& tables,
                                         const std::vector<std::string>& metrics) {
  const bool many_runs = runs.size() > 1;
  const std::vector<std::string> labels = run_labels(runs);
  std::vector<std::string> scenarios;
  scenarios.reserve(runs.size());
  for (const viz::RecordedRun& run : runs) scenarios.push_back(scenario_of(run));
  const std::vector<std::size_t> run_colours = scenario_colour_indices(scenarios);
  const std::vector<std::string> dashes = metric_dashes(metrics);
  std::vector<viz::PlotSeries> out;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    for (std::size_t k = 0; k < metrics.size(); ++k) {
      const int column = tables[r].column(metrics[k]);
      viz::PlotSeries series;
      const int stack = stack_of(metrics[k]);
      // One run: a colour per metric (the stacks' own for stack shares).
      // Several: a colour per run and a dash pattern per metric.
      series.colour = !many_runs && stack >= 0
                          ? viz::stack_colour(stack)
                          : scenario_colours()[(many_runs ? run_colours[r] : k) % scenario_colours().size()];
      series.dash = many_runs ? dashes[k] : "";
      // Beside the stack shares, the user share is the one dashed black line.
      if (!many_runs && metrics[k] == "ai_user_share" && metrics.size() > 1) {
        series.colour = kUserShareColour;
        series.dash = kUserShareDash;
      }
      series.label = many_runs ? labels[r] : series_label(metrics[k]);
      if (many_runs && metrics.size() > 1) series.label += ": " + series_label(metrics[k]);
      series.values.reserve(tables[r].rows.size());
      for (const auto& row : tables[r].rows) series.values.push_back(row[column]);
      out.push_back(std::move(series));
    }
  }
  return out;
}

// The quantity and its unit, where the metrics share one.
std::string y_label(const std::vector<std::string>& metrics, bool percent) {
  if (percent) {
    // Say what the shares are of: stacks' of the AI users, AI users' of the people.
    const bool stacks =
        std::any_of(metrics.begin(), metrics.end(), [](const std::string& m) { return stack_of(m) >= 0; });
    const bool users =
        std::any_of(metrics.begin(), metrics.end(), [](const std::string& m) { return m == "ai_user_share"; });
    const std::string of = stacks && users ? " (users of people, stacks of users)" : stacks ? " of the AI users" : "";
    if (metrics.size() > 1) return "share, %" + of;
    return stacks ? stack_label(stack_of(metrics.front())) + std::string(", %") + of
                  : series_label(metrics.front()) + ", %";
  }
  const std::string unit = unit_of(metrics.front());
  const bool one_unit =
      std::all_of(metrics.begin(), metrics.end(), [&](const std::string& m) { return unit_of(m) == unit; });
  if (!one_unit || unit.empty()) return metrics.size() == 1 ? metrics.front() : "value";
  return (metrics.size() == 1 ? metrics.front() + ", " : "") + unit;
}

}  // namespace

int plot_main(int argc, char** argv) {
  const PlotArgs a = parse_plot_args(argc, argv);
  // One comparison with no column chosen: its metrics with their intervals.
  const bool png = fs::path(a.out).extension() == ".png";
  if (a.targets.size() == 1 && a.metrics.empty() && a.country.empty() &&
      fs::exists(fs::path(a.targets.front()) / "compare.csv")) {
    if (png) {
      throw InputError("--out " + a.out, "the comparison's chart of intervals is drawn as SVG only; write an .svg, "
                                         "or choose a --metric for a PNG line chart of its scenarios");
    }
    const std::string svg = compare_chart_svg(a.targets.front());
    write_file_atomically(a.out, svg);
    std::cout << "wrote " << a.out << " (the comparison's metrics with their intervals)\n";
    return 0;
  }
  std::vector<viz::RecordedRun> runs;
  for (const std::string& dir : run_dirs(a.targets)) runs.push_back(viz::load_recorded_run(dir));
  const std::vector<viz::GlobalSeries> tables = read_tables(runs, a.country);
  // A place without people (Antarctica, Bouvet Island) has no AI users: its
  // shares are all 0, a flat line that would read as a finding.
  if (!a.country.empty()) {
    const viz::GlobalSeries& t = tables.front();
    const int population = t.column("population");
    if (population >= 0 && std::all_of(t.rows.begin(), t.rows.end(), [&](const std::vector<double>& row) {
          return row[static_cast<std::size_t>(population)] == 0;
        })) {
      throw InputError("--country " + a.country,
                       "has no population in the run: no one there uses AI, and every share is 0; choose an "
                       "inhabited country");
    }
  }
  const std::vector<std::string> metrics = chosen_metrics(a, runs, tables);

  viz::LinePlot plot;
  plot.first = tables.front().months.front();
  plot.percent = std::all_of(metrics.begin(), metrics.end(), is_share);
  plot.series = plot_series(runs, tables, metrics);
  std::vector<std::string> names;
  names.reserve(metrics.size());
  for (const std::string& m : metrics) names.push_back(series_label(m));
  plot.title = (a.country.empty() ? std::string("world") : a.country) + ": " +
               (a.country.empty() || !a.metrics.empty() ? comma_list(names) : "AI users and the stacks they use");
  for (const viz::RecordedRun& run : runs) plot.caption.push_back(run_caption(run));
  plot.y_label = y_label(metrics, plot.percent);
  // Written whole or not at all (base/atomic_file.h).
  if (png) {
#ifdef STACKRACE_HAVE_SFML
    viz::require_display();
    viz::render_plot_png(plot, a.out);
#endif
  } else {
    write_file_atomically(a.out, viz::line_plot_svg(plot));
  }
  std::cout << "wrote " << a.out << " (" << plot.series.size() << " series)\n";
  return 0;
}

}  // namespace stackrace::cli
