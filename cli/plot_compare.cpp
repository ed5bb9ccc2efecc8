#include "cli/plot_compare.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "base/bounded_read.h"
#include "base/proto/compare.pb.h"
#include "base/textproto_parse.h"
#include "study/compare_table.h"
#include "study/svg_chart.h"

namespace stackrace::cli {

namespace {

namespace fs = std::filesystem;

// Okabe & Ito (2008) colours, one per scenario; per-replicate differences
// between scenarios in grey.
const std::vector<std::string> kScenarioColours = {"#0072b2", "#d55e00", "#009e73", "#cc79a7",
                                                   "#e69f00", "#56b4e9", "#000000"};
constexpr const char* kDifferenceColour = "#777777";

std::string significant(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

// What the intervals are of: replicates, seeds, adopters, overrides.
std::vector<std::string> caption(const fs::path& dir) {
  CompareManifest m;
  load_textproto((dir / "manifest.textproto").string(), m, kCompareManifestFile);
  std::string first = std::to_string(m.replicates()) + " replicates per scenario, seeds " + std::to_string(m.seed()) +
                      "-" + std::to_string(m.seed() + std::max<std::uint32_t>(m.replicates(), 1) - 1) + ", " +
                      (m.adopters() == 0 ? std::string("each scenario's own adopters")
                                         : std::to_string(m.adopters()) + " adopters");
  std::string second = "config " + m.config_path();
  for (const std::string& set : m.overrides()) second += ", --set " + set;
  if (!m.posterior().empty()) second += ", posterior " + m.posterior();
  return {first, second};
}

}  // namespace

std::string compare_chart_svg(const fs::path& dir) {
  const std::vector<CompareLine> lines = read_compare_csv(dir / "compare.csv");
  // Scenarios in order of first appearance; a line whose scenario is not
  // among the first row's is a difference between two.
  std::vector<std::string> scenarios;
  for (const CompareLine& l : lines) {
    if (l.row != lines.front().row) break;
    scenarios.push_back(l.scenario);
  }
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
                                   : kScenarioColours[static_cast<std::size_t>(known - scenarios.begin()) %
                                                      kScenarioColours.size()];
    ChartRow row{l.scenario, {{l.mean, l.p05, l.p95, colour, true}}};
    row.target_low = l.min;
    row.target_high = l.max;
    if (!std::isnan(l.min) || !std::isnan(l.max)) {
      row.target_label = "paper: " + (l.paper.empty() ? std::string("?") : l.paper) + " (target " +
                         (std::isnan(l.min) ? std::string("-") : significant(l.min)) + " to " +
                         (std::isnan(l.max) ? std::string("-") : significant(l.max)) + "; mean " +
                         (l.within == "yes" ? "within" : "outside") + ")";
    }
    panels.back().rows.push_back(row);
  }
  return svg_chart("stackrace compare: each metric per scenario", panels,
                   {{"mean over replicates (dot) with 5th-95th percentile (whisker)", kScenarioColours[0]},
                    {"the paper's target range", "#9fd8c4"}},
                   ChartScale::kPerPanel, caption(dir));
}

}  // namespace stackrace::cli
