#include "study/compare.h"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <mutex>

#include "base/bounded_read.h"
#include "base/errors.h"
#include "base/field_path.h"
#include "base/interrupt.h"
#include "base/problems.h"
#include "base/range_check.h"
#include "base/text_escape.h"
#include "base/textproto_parse.h"
#include "sim/runner.h"
#include "study/adoption_calibration.h"

namespace stackrace {

namespace {

// "a-b" as two scenario indices; {-1, -1} if it does not name two scenarios.
std::pair<int, int> difference_of(const std::string& text, const std::vector<std::string>& names) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    for (std::size_t j = 0; j < names.size(); ++j)
      if (i != j && text == names[i] + "-" + names[j]) return {static_cast<int>(i), static_cast<int>(j)};
  }
  return {-1, -1};
}

int index_of(const std::string& name, const std::vector<std::string>& names) {
  const auto it = std::find(names.begin(), names.end(), name);
  return it == names.end() ? -1 : static_cast<int>(it - names.begin());
}

double percentile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double pos = q * (sorted.size() - 1);
  const std::size_t lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

std::string bounds_text(const PaperFigure& f) {
  char buf[64];
  if (f.has_min() && f.has_max()) {
    std::snprintf(buf, sizeof buf, "[%g, %g]", f.min(), f.max());
  } else if (f.has_min()) {
    std::snprintf(buf, sizeof buf, ">= %g", f.min());
  } else if (f.has_max()) {
    std::snprintf(buf, sizeof buf, "<= %g", f.max());
  } else {
    return "";
  }
  return buf;
}

}  // namespace

CompareCell summarize_cell(std::vector<double> values) {
  CompareCell c;
  c.values = values;
  double sum = 0;
  for (double v : values) sum += v;
  c.mean = values.empty() ? std::numeric_limits<double>::quiet_NaN() : sum / values.size();
  std::sort(values.begin(), values.end());
  c.p05 = percentile(values, 0.05);
  c.p95 = percentile(values, 0.95);
  return c;
}

namespace {

// Where a field of the comparison file is written, for error messages.
struct ComparisonSource {
  const Comparison& config;
  const SourceMap& map;
  std::string at(const std::string& field) const { return map.locate(config, field); }
};

// A scenario's name is the name of its run directory: nothing that could
// leave the output directory, hide, or clash with compare.csv or the manifest.
bool usable_as_directory(const std::string& name) {
  return std::all_of(name.begin(), name.end(), [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '-'; });
}

// Loads every scenario the comparison names (paths relative to the comparison
// file), into out.specs and out.names, refusing missing files and empty or
// repeated scenario names.
void load_scenarios(const ComparisonSource& source, const std::filesystem::path& dir, const CompareOptions& options,
                    const std::vector<ParameterSet>& posterior, LoadedComparison& out) {
  const Comparison& c = source.config;
  for (int i = 0; i < c.scenario_size(); ++i) {
    const std::string file = (dir / c.scenario(i)).lexically_normal().string();
    if (!path_exists(file, source.at(item_path("scenario", i)))) {
      throw InputError(source.at(item_path("scenario", i)),
                       "scenario \"" + c.scenario(i) + "\": " + no_such_file(dir.string(), c.scenario(i), "comparison"));
    }
    out.specs.push_back(load_spec(file, SpecOptions{options.overrides, options.adopters}));
    if (!posterior.empty()) {
      out.replicate_specs.emplace_back();
      for (std::uint32_t r = 0; r < out.replicates; ++r) {
        const ParameterSet& set = posterior[r % posterior.size()];
        std::vector<std::string> sets(set.set().begin(), set.set().end());
        sets.insert(sets.end(), options.overrides.begin(), options.overrides.end());
        out.replicate_specs.back().push_back(load_spec(file, SpecOptions{sets, options.adopters}));
      }
    }
    const std::string& name = out.specs.back().scenario.name();
    if (name.empty() || index_of(name, out.names) >= 0) {
      throw InputError(source.at(item_path("scenario", i)), "scenario \"" + c.scenario(i) + "\": its name '" + name +
                                                                "' is empty or repeats another scenario's");
    }
    if (!usable_as_directory(name)) {
      throw InputError(source.at(item_path("scenario", i)),
                       "scenario \"" + c.scenario(i) + "\": its name '" + name +
                           "' names the directory of its run under compare --out: expected letters, digits, '_' and "
                           "'-' only");
    }
    out.names.push_back(name);
  }
}

// A row's metric (or minus) must read only months inside every scenario's
// horizon, or some replicates would have nothing to read. `field` is the
// row's field path ("row[0].metric"), `what` its last part.
void check_months_within_horizons(const ComparisonSource& source, const OutcomeExpr& expr, const std::string& field,
                                  const char* what, const std::vector<Spec>& specs) {
  if (expr.terms.empty()) return;
  for (const Spec& spec : specs) {
    if (expr.first < spec.start || spec.end < expr.last) {
      throw InputError(source.at(field), std::string(what) + " '" + expr.metric + "' reads months outside scenario '" +
                                             spec.scenario.name() + "' (" + spec.start.str() + ".." + spec.end.str() +
                                             ")");
    }
  }
}

// A paper figure must name a scenario or a difference of two, and its bounds
// must not be upside down.
void check_paper_figure(const ComparisonSource& source, const PaperFigure& fig, const std::string& field,
                        const std::vector<std::string>& names) {
  if (index_of(fig.scenario(), names) < 0 && difference_of(fig.scenario(), names).first < 0) {
    throw InputError(source.at(field + ".scenario"), "paper figure for '" + fig.scenario() +
                                                         "': expected a scenario name or NAME-NAME (a difference) of "
                                                         "the scenarios " +
                                                         comma_list(names));
  }
  if (fig.has_min() && fig.has_max() && fig.min() > fig.max())
    throw InputError(source.at(field + ".max"), "max is below min");
}

// Parses row r's metric and minus into out.metric and out.minus, then checks
// them and its paper figures against the scenarios already loaded.
void load_row(const ComparisonSource& source, int r, LoadedComparison& out) {
  const CompareRow& row = source.config.row(r);
  const std::string base = item_path("row", r);
  out.metric.push_back(parse_outcome(row.metric(), row.name(), source.at(base + ".metric")));
  out.minus.push_back(row.minus().empty() ? OutcomeExpr{}
                                          : parse_outcome(row.minus(), row.name(), source.at(base + ".minus")));
  check_months_within_horizons(source, out.metric.back(), base + ".metric", "metric", out.specs);
  check_months_within_horizons(source, out.minus.back(), base + ".minus", "minus", out.specs);
  for (int f = 0; f < row.paper_size(); ++f)
    check_paper_figure(source, row.paper(f), base + "." + item_path("paper", f), out.names);
  const auto& fronts = front_names();
  if (!row.front().empty() && std::find(fronts.begin(), fronts.end(), row.front()) == fronts.end()) {
    throw InputError(source.at(base + ".front"), "unknown front '" + row.front() +
                                                     "', expected intelligence, domestic_adoption, "
                                                     "global_distribution or resilience");
  }
}

}  // namespace

LoadedComparison load_comparison(const std::string& path, const CompareOptions& options) {
  LoadedComparison out;
  out.path = path;
  if (!path_exists(path, path))
    throw InputError(path, "no such comparison file (run from the repository root, or give --config FILE)");
  const SourceMap map = load_textproto(path, out.config, kCompareConfigFile);
  std::vector<Problem> problems;
  check_ranges(out.config, map, {}, problems);
  throw_if_any(problems);
  const ComparisonSource source{out.config, map};
  if (out.config.scenario_size() == 0)
    throw InputError(source.at("scenario"), "a comparison needs at least one scenario");
  out.replicates = options.replicates.value_or(out.config.replicates());
  if (out.replicates < 1) throw InputError("--replicates", "expected at least 1 replicate");
  out.seed = options.seed.value_or(out.config.seed());
  std::vector<ParameterSet> posterior;
  AdoptionPosterior file;
  if (options.posterior) {
    file = load_adoption_posterior(*options.posterior);
    posterior.assign(file.sample().begin(), file.sample().end());
    if (posterior.empty()) throw InputError(*options.posterior, "the posterior holds no accepted set (sample)");
    out.posterior_sets = static_cast<std::uint32_t>(posterior.size());
  }
  load_scenarios(source, std::filesystem::path(path).parent_path(), options, posterior, out);
  // Calibrated on another model, or on other world data than a scenario's.
  for (std::size_t i = 0; options.posterior && i < out.specs.size() && out.posterior_warning.empty(); ++i)
    out.posterior_warning = stale_posterior_warning(file, *options.posterior, out.specs[i].world.digest);
  for (const Spec& spec : out.specs) {
    const std::string warning = horizon_warning(spec);
    if (!warning.empty() &&
        std::find(out.horizon_warnings.begin(), out.horizon_warnings.end(), warning) == out.horizon_warnings.end())
      out.horizon_warnings.push_back(warning);
  }
  for (int r = 0; r < out.config.row_size(); ++r) {
    // compare.csv and plot tell rows apart by name.
    if (out.config.row(r).name().empty())
      throw InputError(source.at(item_path("row", r)), "a row needs a name (its label in the table and compare.csv)");
    for (int earlier = 0; earlier < r; ++earlier) {
      if (out.config.row(r).name() == out.config.row(earlier).name()) {
        throw InputError(source.at(item_path("row", r) + ".name"),
                         "row name '" + out.config.row(r).name() + "' repeats row " + std::to_string(earlier) +
                             "'s: compare.csv and plot tell rows apart by name");
      }
    }
    load_row(source, r, out);
  }
  return out;
}

namespace {

// What a run throws when another run of the comparison failed first: TBB
// rethrows that first failure, never this.
struct StoppedBesideAFailure : std::exception {
  const char* what() const noexcept override { return "stopped: another run of the comparison failed"; }
};

// values[scenario][replicate][row]: each row's value in each run.
using RunValues = std::vector<std::vector<std::vector<double>>>;

// Runs every scenario x replicate on TBB and evaluates each row in each run;
// replicate 0 writes its outputs under runs_dir when there is one.
RunValues run_all(const LoadedComparison& loaded, const std::function<void(int, int)>& on_run,
                  const std::optional<std::filesystem::path>& runs_dir) {
  const int scenarios = static_cast<int>(loaded.specs.size());
  const int replicates = static_cast<int>(loaded.replicates);
  const int runs = scenarios * replicates;
  RunValues values(scenarios, std::vector<std::vector<double>>(replicates, std::vector<double>(loaded.metric.size())));
  std::mutex progress;
  int done = 0;
  std::atomic<bool> failed{false};  // a run failed: the others stop at their next month
  tbb::parallel_for(0, runs, [&](int k) {
    const int s = k / replicates, r = k % replicates;
    RunOptions options;
    options.seed = loaded.seed + static_cast<std::uint64_t>(r);
    if (runs_dir && r == 0) {
      options.out = (*runs_dir / loaded.names[s]).string();
      options.threads = static_cast<unsigned>(tbb::this_task_arena::max_concurrency());
    }
    // Interrupted between months ends this run; TBB starts no more runs, the
    // others stop at their own next month (sim/runner.h), as they do when a
    // run fails, and the first error is rethrown here on the calling thread.
    options.on_month = [&failed](int, int) {
      throw_if_interrupted();
      if (failed.load()) throw StoppedBesideAFailure();
    };
    RunReport report;
    try {
      report = run(loaded.replicate_specs.empty() ? loaded.specs[s] : loaded.replicate_specs[s][r], options);
    } catch (const StoppedBesideAFailure&) {
      throw;
    } catch (...) {
      failed = true;
      throw;
    }
    for (std::size_t row = 0; row < loaded.metric.size(); ++row) {
      double v = evaluate_outcome(loaded.metric[row], report.months, report.global_values);
      if (!loaded.minus[row].terms.empty())
        v -= evaluate_outcome(loaded.minus[row], report.months, report.global_values);
      values[s][r][row] = v;
    }
    if (on_run) {
      const std::lock_guard<std::mutex> lock(progress);
      on_run(++done, runs);
    }
  });
  return values;
}

// A paper figure beside the simulated cell it describes: a scenario's own
// cell, or the per-replicate difference of two scenarios summarised afresh.
FigureResult figure_result(const PaperFigure& fig, const std::vector<CompareCell>& cells, const RunValues& values,
                           std::size_t row, const std::vector<std::string>& names) {
  FigureResult f;
  f.figure = fig;
  const int s = index_of(fig.scenario(), names);
  if (s >= 0) {
    f.cell = cells[s];
  } else {
    const auto [a, b] = difference_of(fig.scenario(), names);
    std::vector<double> diff;
    for (std::size_t r = 0; r < values[a].size(); ++r) diff.push_back(values[a][r][row] - values[b][r][row]);
    f.cell = summarize_cell(diff);
  }
  f.has_bounds = fig.has_min() || fig.has_max();
  f.within = (!fig.has_min() || f.cell.mean >= fig.min()) && (!fig.has_max() || f.cell.mean <= fig.max());
  return f;
}

// One row of the result: a cell per scenario, then its paper figures.
CompareRowResult row_result(const LoadedComparison& loaded, const RunValues& values, std::size_t row) {
  const CompareRow& config = loaded.config.row(static_cast<int>(row));
  CompareRowResult out{
      config.name(), config.metric() + (config.minus().empty() ? "" : " - " + config.minus()), config.front(), {}, {}};
  for (const std::vector<std::vector<double>>& scenario : values) {
    std::vector<double> series;
    series.reserve(scenario.size());
    for (const std::vector<double>& replicate : scenario) series.push_back(replicate[row]);
    out.cells.push_back(summarize_cell(std::move(series)));
  }
  for (const PaperFigure& fig : config.paper())
    out.figures.push_back(figure_result(fig, out.cells, values, row, loaded.names));
  return out;
}

}  // namespace

CompareResult run_comparison(const LoadedComparison& loaded, const std::function<void(int, int)>& on_run,
                             const std::optional<std::filesystem::path>& runs_dir) {
  const auto started = std::chrono::steady_clock::now();
  const RunValues values = run_all(loaded, on_run, runs_dir);
  CompareResult result;
  result.scenarios = loaded.names;
  result.replicates = loaded.replicates;
  result.seed = loaded.seed;
  result.posterior_sets = loaded.posterior_sets;
  for (std::size_t row = 0; row < loaded.metric.size(); ++row) result.rows.push_back(row_result(loaded, values, row));
  result.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

const std::vector<std::string>& front_names() {
  static const std::vector<std::string> names = {"intelligence", "domestic_adoption", "global_distribution",
                                                 "resilience"};
  return names;
}

std::string front_title(const std::string& front) {
  if (front == "intelligence") return "Intelligence (frontier lead, compute)";
  if (front == "domestic_adoption") return "Domestic adoption (AI use at home in the US and China)";
  if (front == "global_distribution") return "Global distribution (which stack the world runs on)";
  if (front == "resilience") return "Resilience (labour disruption and stability)";
  return front;
}

namespace {

// The table's column widths: the row label (at least; wider when a label
// needs it), then each scenario.
constexpr int kLabelWidth = 58, kColumnWidth = 34;

// The label column: the longest label and a space, so that no label runs
// into its first cell.
int label_width(const CompareResult& result) {
  std::size_t width = kLabelWidth;
  for (const CompareRowResult& row : result.rows) width = std::max(width, row.name.size() + 1);
  return static_cast<int>(width);
}

std::string cell_text(const CompareCell& c) {
  char t[96];
  std::snprintf(t, sizeof t, "%.4g [%.4g, %.4g] ", c.mean, c.p05, c.p95);
  return t;
}

// One row: its cells, then its paper figures beneath it.
void print_row(const CompareResult& result, const CompareRowResult& row, std::ostream& out) {
  char buf[512];
  out << row.name << std::string(label_width(result) - row.name.size(), ' ');
  for (const CompareCell& c : row.cells) {
    std::snprintf(buf, sizeof buf, "%-*s", kColumnWidth, cell_text(c).c_str());
    out << buf;
  }
  out << "\n";
  for (const FigureResult& f : row.figures) {
    const bool difference =
        std::find(result.scenarios.begin(), result.scenarios.end(), f.figure.scenario()) == result.scenarios.end();
    std::string line = "    paper (" + f.figure.scenario() + "): " + f.figure.figure();
    if (difference) line += "; simulated " + cell_text(f.cell);
    if (f.has_bounds) line += "; target " + bounds_text(f.figure) + (f.within ? "  ok" : "  MISSED");
    out << line << "\n";
  }
}

// The scoreboard: each front's rows under its title, in front order.
void print_scoreboard(const CompareResult& result, std::ostream& out) {
  bool titled = false;
  for (const std::string& front : front_names()) {
    bool any = false;
    for (const CompareRowResult& row : result.rows) {
      if (row.front != front) continue;
      if (!titled) out << "\nScoreboard of the four fronts\n";
      if (!any) out << "\n" << front_title(front) << "\n";
      titled = any = true;
      print_row(result, row, out);
    }
  }
}

}  // namespace

void print_comparison(const CompareResult& result, std::ostream& out) {
  char buf[512];
  if (result.replicates <= 1) {
    std::snprintf(buf, sizeof buf, "1 replicate per scenario (seed %llu), %.1f s; one run's value, no interval\n\n",
                  static_cast<unsigned long long>(result.seed), result.wall_time_s);
  } else {
    std::snprintf(buf, sizeof buf,
                  "%d replicates per scenario (seeds %llu..%llu), %.1f s; mean [5th, 95th percentile]\n\n",
                  static_cast<int>(result.replicates), static_cast<unsigned long long>(result.seed),
                  static_cast<unsigned long long>(result.seed + result.replicates - 1), result.wall_time_s);
  }
  out << buf;
  if (result.posterior_sets > 0) {
    std::snprintf(buf, sizeof buf,
                  "adoption parameters: replicate r runs accepted set r mod %u of the posterior (parameter "
                  "uncertainty and seed noise together)\n\n",
                  static_cast<unsigned>(result.posterior_sets));
    out << buf;
  }
  const std::string header = "metric";
  out << header << std::string(label_width(result) - header.size(), ' ');
  for (const std::string& s : result.scenarios) {
    std::snprintf(buf, sizeof buf, "%-*s", kColumnWidth, s.c_str());
    out << buf;
  }
  out << "\n";
  for (const CompareRowResult& row : result.rows) {
    if (row.front.empty()) print_row(result, row, out);
  }
  print_scoreboard(result, out);
}

void write_comparison_csv(const CompareResult& result, std::ostream& out) {
  out << "row,metric,scenario,replicates,mean,p05,p95,paper,min,max,within,front\n";
  char buf[128];
  auto number = [&](double v) {
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return std::string(buf);
  };
  auto line = [&](const CompareRowResult& row, const std::string& scenario, const CompareCell& c,
                  const PaperFigure* fig, bool within) {
    out << csv_field(row.name) << "," << csv_field(row.metric) << "," << csv_field(scenario) << "," << c.values.size()
        << "," << number(c.mean) << "," << number(c.p05) << "," << number(c.p95) << ",";
    if (fig) {
      out << csv_field(fig->figure()) << "," << (fig->has_min() ? number(fig->min()) : "") << ","
          << (fig->has_max() ? number(fig->max()) : "") << ","
          << (fig->has_min() || fig->has_max() ? (within ? "yes" : "no") : "");
    } else {
      out << ",,,";
    }
    out << "," << row.front << "\n";
  };
  for (const CompareRowResult& row : result.rows) {
    // One line per scenario and paper figure (a scenario without one gets a line without).
    for (std::size_t s = 0; s < result.scenarios.size(); ++s) {
      bool any = false;
      for (const FigureResult& f : row.figures) {
        if (f.figure.scenario() == result.scenarios[s]) {
          line(row, result.scenarios[s], row.cells[s], &f.figure, f.within);
          any = true;
        }
      }
      if (!any) line(row, result.scenarios[s], row.cells[s], nullptr, true);
    }
    for (const FigureResult& f : row.figures) {
      if (std::find(result.scenarios.begin(), result.scenarios.end(), f.figure.scenario()) == result.scenarios.end())
        line(row, f.figure.scenario(), f.cell, &f.figure, f.within);
    }
  }
}

std::string failed_figures(const CompareResult& result) {
  std::string failed;
  char buf[256];
  for (const CompareRowResult& row : result.rows) {
    for (const FigureResult& f : row.figures) {
      if (f.has_bounds && !f.within) {
        std::snprintf(buf, sizeof buf, "%s (%s): mean %.4g, target %s\n", row.name.c_str(), f.figure.scenario().c_str(),
                      f.cell.mean, bounds_text(f.figure).c_str());
        failed += buf;
      }
    }
  }
  return failed;
}

}  // namespace stackrace
