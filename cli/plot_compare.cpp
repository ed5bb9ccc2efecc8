#include "cli/plot_compare.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "base/bounded_read.h"
#include "base/proto/compare.pb.h"
#include "base/svg.h"
#include "base/textproto_parse.h"
#include "study/compare_table.h"
#include "study/svg_chart.h"

namespace stackrace::cli {

namespace {

namespace fs = std::filesystem;

// Per-replicate differences between scenarios in grey.
constexpr const char* kDifferenceColour = "#777777";

std::string scenario_colour(std::size_t i) { return viz::hex(scenario_colours()[i % scenario_colours().size()]); }

// configs/scenarios/, in the order of their colours.
const std::vector<std::string> kShippedScenarios = {"baseline", "commanding_lead", "parity", "loophole_2027"};

// What the intervals are of: replicates, seeds, adopters, overrides.
std::vector<std::string> caption(const fs::path& dir) {
  CompareManifest m;
  load_textproto((dir / "manifest.textproto").string(), m, kCompareManifestFile);
  const std::string seeds = m.replicates() <= 1
                                ? "1 replicate per scenario, seed " + std::to_string(m.seed())
                                : std::to_string(m.replicates()) + " replicates per scenario, seeds " +
                                      std::to_string(m.seed()) + "-" + std::to_string(m.seed() + m.replicates() - 1);
  // The number asked for: each run adds the per-country floor's agents.
  std::string first = seeds + ", " +
                      (m.adopters() == 0 ? std::string("each scenario's own adopters")
                                         : std::to_string(m.adopters()) + " adopters requested");
  std::string second = "config " + m.config_path();
  for (const std::string& set : m.overrides()) second += ", --set " + set;
  if (!m.posterior().empty()) second += ", posterior " + m.posterior();
  return {first, second};
}

// The scenarios of the first row, once each (a row may give one scenario
// twice: two paper figures), in its order.
std::vector<std::string> first_row_scenarios(const std::vector<CompareLine>& lines) {
  std::vector<std::string> scenarios;
  for (const CompareLine& l : lines) {
    if (l.row != lines.front().row) break;
    if (std::find(scenarios.begin(), scenarios.end(), l.scenario) == scenarios.end()) scenarios.push_back(l.scenario);
  }
  return scenarios;
}

}  // namespace

const std::vector<viz::Rgb>& scenario_colours() {
  static const std::vector<viz::Rgb> colours = {{0, 114, 178}, {213, 94, 0},   {0, 158, 115}, {204, 121, 167},
                                                {230, 159, 0}, {86, 180, 233}, {0, 0, 0}};
  return colours;
}

std::vector<std::size_t> scenario_colour_indices(const std::vector<std::string>& names) {
  const std::size_t colours = scenario_colours().size();
  std::vector<bool> taken(colours, false);
  std::vector<std::size_t> out(names.size(), colours);  // `colours`: none yet
  for (std::size_t i = 0; i < names.size(); ++i) {
    const auto shipped = std::find(kShippedScenarios.begin(), kShippedScenarios.end(), names[i]);
    const auto k = static_cast<std::size_t>(shipped - kShippedScenarios.begin());
    if (shipped != kShippedScenarios.end() && !taken[k]) {
      out[i] = k;
      taken[k] = true;
    }
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (out[i] != colours) continue;
    out[i] = (kShippedScenarios.size() + i) % colours;  // every colour taken: they repeat
    for (std::size_t t = 0; t < colours; ++t) {
      const std::size_t k = (kShippedScenarios.size() + t) % colours;
      if (taken[k]) continue;
      out[i] = k;
      break;
    }
    taken[out[i]] = true;
  }
  return out;
}

std::vector<std::string> compare_scenarios(const fs::path& dir) {
  return first_row_scenarios(read_compare_csv(dir / "compare.csv"));
}

std::string compare_chart_svg(const fs::path& dir) {
  const std::vector<CompareLine> lines = read_compare_csv(dir / "compare.csv");
  // Scenarios in order of first appearance; a line whose scenario is not
  // among the first row's is a difference between two.
  const std::vector<std::string> scenarios = first_row_scenarios(lines);
  const std::vector<std::size_t> colour_of = scenario_colour_indices(scenarios);
  std::vector<ChartPanel> panels;
  for (const CompareLine& l : lines) {
    if (panels.empty() || panels.back().title != l.row) {
      ChartPanel p;
      p.title = l.row;
      p.subtitle = l.metric + (l.front.empty() ? "" : "   (front: " + l.front + ")");
      panels.push_back(p);
    }
    const auto known = std::find(scenarios.begin(), scenarios.end(), l.scenario);
    const std::string colour = known == scenarios.end()
                                   ? kDifferenceColour
                                   : scenario_colour(colour_of[static_cast<std::size_t>(known - scenarios.begin())]);
    ChartRow row{l.scenario, {{l.mean, l.p05, l.p95, colour, true}}};
    row.target_low = l.min;
    row.target_high = l.max;
    if (!std::isnan(l.min) || !std::isnan(l.max)) {
      // An open end reads as a bound: ">= 9", "<= 3", else "2 to 4".
      const std::string range = std::isnan(l.max)   ? ">= " + svg::significant(l.min, 3)
                                : std::isnan(l.min) ? "<= " + svg::significant(l.max, 3)
                                                    : svg::significant(l.min, 3) + " to " + svg::significant(l.max, 3);
      row.target_label = "paper: " + (l.paper.empty() ? std::string("?") : l.paper) + " (target " + range + "; mean " +
                         (l.within == "yes" ? "within" : "outside") + ")";
    }
    panels.back().rows.push_back(row);
  }
  CompareManifest m;
  load_textproto((dir / "manifest.textproto").string(), m, kCompareManifestFile);
  std::vector<ChartLegend> keys = {{m.replicates() <= 1
                                        ? "one run's value (dot); one replicate has no interval"
                                        : "mean over replicates (dot) with 5th-95th percentile (whisker)",
                                    scenario_colour(colour_of.empty() ? 0 : colour_of.front())}};
  // The paper's key only where a row has a target (a comparison of one's own
  // scenarios has none).
  const bool targets = std::any_of(lines.begin(), lines.end(),
                                   [](const CompareLine& l) { return !std::isnan(l.min) || !std::isnan(l.max); });
  if (targets) keys.push_back({"the paper's target range", "#9fd8c4"});
  return svg_chart("stackrace compare: each metric per scenario", panels, keys, ChartScale::kPerPanel, caption(dir));
}

}  // namespace stackrace::cli
