#include "study/study_report.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "base/atomic_file.h"
#include "base/errors.h"
#include "base/text_escape.h"
#include "study/response_curves.h"
#include "study/robustness.h"
#include "study/series_report.h"
#include "study/study_analysis.h"
#include "study/study_outputs.h"
#include "study/study_session.h"
#include "study/svg_chart.h"

namespace stackrace {

namespace {

// Runs an analysis of the study in `dir`; an unfinished study (the analysis
// throws) becomes an input error that says how to finish it.
template <class Analyse>
auto analyse_or_explain(const std::filesystem::path& dir, Analyse analyse) {
  try {
    return analyse();
  } catch (const std::runtime_error& e) {
    throw InputError(dir.string(), std::string(e.what()) + finish_study_advice(dir.string()));
  }
}

// Colour-blind-safe pair (Okabe & Ito 2008).
constexpr const char* kLight = "#56b4e9";
constexpr const char* kDark = "#0072b2";
constexpr const char* kOrange = "#e69f00";

const char* method_title(const std::string& method) {
  if (method == "sobol") return "ranked by total Sobol index ST (bars: S1 light, ST dark; whiskers: 95% bootstrap CI)";
  if (method == "morris")
    return "ranked by Morris mu* (bars: mu* dark, sigma orange; whisker: 95% bootstrap CI of mu*)";
  return "ranked by |standardised regression coefficient| (signed bars; one axis for all outcomes)";
}

// The response curves drawn under each outcome's bars: its most important factors.
constexpr std::size_t kCurvedFactors = 3;

std::string num(double v) {
  if (std::isnan(v)) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

std::string interval(double low, double high) {
  if (std::isnan(low) || std::isnan(high)) return "";
  return " [" + num(low) + ", " + num(high) + "]";
}

ChartPanel panel(const OutcomeSensitivity& s, const StudyPlan& plan, const std::vector<double>& y) {
  ChartPanel p;
  p.title = s.outcome;
  p.subtitle = method_title(s.method);
  p.signed_axis = s.method == "regression";
  p.r2 = s.linear_r2;
  p.r2_label = "linear fit over " + std::to_string(plan.point_count()) + " points";
  for (std::size_t i : ranked(s)) {
    if (p.curves.size() == kCurvedFactors) break;
    if (is_noise_floor(s.factors[i]) || std::isnan(s.factors[i].importance)) continue;
    p.curves.push_back(response_curve(plan, y, i));
  }
  p.curves_subtitle = "response to the top factors: mean over the design points in each slice of the factor's "
                      "range (band: lowest to highest point)";
  for (std::size_t i : ranked(s)) {
    const FactorSensitivity& f = s.factors[i];
    ChartRow row{is_noise_floor(f)            ? std::string("noise floor (seed)")
                 : below_noise_floor(s, i) ? f.factor + " (noise)"
                                           : f.factor,
                 {}};
    const double nan = std::nan("");
    if (s.method == "sobol") {
      row.bars.push_back({f.values[0], f.values[1], f.values[2], kLight});
      row.bars.push_back({f.values[3], f.values[4], f.values[5], kDark});
    } else if (s.method == "morris") {
      row.bars.push_back({f.values[0], f.values[1], f.values[2], kDark});
      row.bars.push_back({f.values[4], nan, nan, kOrange});
    } else {
      row.bars.push_back({f.values[0], f.values[1], f.values[2], f.values[0] < 0 ? kOrange : kDark});
    }
    p.rows.push_back(row);
  }
  return p;
}

// The factors with a coefficient: those that vary over the design.
std::size_t varying_factors(const OutcomeSensitivity& s) {
  return static_cast<std::size_t>(std::count_if(s.factors.begin(), s.factors.end(), [](const FactorSensitivity& f) {
    return !is_noise_floor(f) && !std::isnan(f.values[0]);
  }));
}

std::string line(const OutcomeSensitivity& s, const FactorSensitivity& f) {
  if (s.method == "sobol") {
    return "ST " + num(f.values[3]) + interval(f.values[4], f.values[5]) + "   S1 " + num(f.values[0]) +
           interval(f.values[1], f.values[2]);
  }
  if (s.method == "morris") {
    return "mu* " + num(f.values[0]) + interval(f.values[1], f.values[2]) + "   mu " + num(f.values[3]) + "   sigma " +
           num(f.values[4]);
  }
  if (std::isnan(f.values[0])) return "SRC n/a (constant over the design)";
  return "SRC " + num(f.values[0]) + interval(f.values[1], f.values[2]);
}

// The robustness of each policy option, printed and drawn as robustness.svg.
void robustness_report(const std::filesystem::path& dir, const StudyPlan& plan, const std::vector<StoredRun>& runs,
                       std::ostream& out) {
  const std::vector<OutcomeRobustness> robustness =
      analyse_or_explain(dir, [&] { return analyse_robustness(plan, runs); });
  out << "study " << (plan.spec.name().empty() ? dir.string() : plan.spec.name()) << ": " << plan.options.size()
      << " policy options x " << plan.state_count() << " states of the world (" << design_name(plan.design) << ") x "
      << counted(plan.replicates, "replicate") << " = " << counted(static_cast<long long>(plan.run_count()), "run")
      << "; "
      << (plan.common_random_numbers ? "common random numbers (options paired future by future)" : "independent seeds")
      << "\n";
  std::vector<ChartPanel> panels;
  for (const OutcomeRobustness& o : robustness) {
    out << "\n" << o.outcome << "  (" << (o.lower_is_better ? "lower" : "higher") << " is better; over " << o.futures
        << " futures" << (o.threshold.empty() ? "" : "; satisficing: " + o.threshold) << ")\n";
    char head[256];
    const std::string minus = "minus " + o.options.front().option;
    std::snprintf(head, sizeof head, "  %-22s %10s %10s %10s %11s %10s %9s   %s\n", "option", "mean", "p10", "p90",
                  "mean regret", "max regret", "satisfice", minus.c_str());
    out << head;
    ChartPanel p;
    p.title = o.outcome;
    p.subtitle = "mean (bar) with 10th-90th percentile (whisker); maximum regret (orange)";
    for (const OptionRobustness& r : o.options) {
      std::snprintf(head, sizeof head, "  %-22s %10s %10s %10s %11s %10s %9s   %s\n", r.option.c_str(),
                    num(r.mean).c_str(), num(r.p10).c_str(), num(r.p90).c_str(), num(r.mean_regret).c_str(),
                    num(r.max_regret).c_str(), num(r.satisficing_share).c_str(),
                    std::isnan(r.difference) ? "" : (num(r.difference) + interval(r.difference_low, r.difference_high)).c_str());
      out << head;
      ChartRow row{r.option, {}};
      row.bars.push_back({r.mean, r.p10, r.p90, kDark});
      row.bars.push_back({r.max_regret, std::nan(""), std::nan(""), kOrange});
      p.rows.push_back(row);
      p.signed_axis = p.signed_axis || r.p10 < 0 || r.mean < 0;
    }
    panels.push_back(p);
  }
  out << "\n(regret: how far this option falls short of the best option in the same future, in the outcome's unit "
         "(the best's outcome minus this option's, or the reverse where lower is better); satisfice: share of "
         "futures meeting the threshold; last column: paired difference from the first option with its 95% "
         "interval)\n";
  if (::access(dir.c_str(), W_OK) != 0) {
    out << "\nchart: not written (" << dir.string() << " is read-only)\n";
    return;
  }
  const std::string title = "stackrace study " + plan.spec.name() + ": robustness of the policy options";
  write_file_atomically(dir / "robustness.csv", robustness_csv(robustness));
  write_file_atomically(dir / "robustness.svg",
                        svg_chart(title, panels, {{"mean, p10-p90", kDark}, {"maximum regret", kOrange}}));
  out << "\ntable: " << (dir / "robustness.csv").string() << "\nchart: " << (dir / "robustness.svg").string() << "\n";
}

void sensitivity_report(const std::filesystem::path& dir, const StudyPlan& plan, const std::vector<StoredRun>& runs,
                        std::ostream& out);

}  // namespace

void study_report(const std::filesystem::path& dir, std::ostream& out) {
  // Read only (immutable when the study closed cleanly), and verified.
  OpenedStudy study = open_study_dir(dir);
  const std::vector<StoredRun>& runs = study.runs;
  const std::vector<RecordTrajectories> records = record_trajectories(study.plan, runs);
  if (!study.plan.options.empty()) {
    robustness_report(dir, study.plan, runs, out);
  } else {
    sensitivity_report(dir, study.plan, runs, out);
  }
  if (records.empty()) return;
  print_records(records, out);
  if (::access(dir.c_str(), W_OK) != 0) return;
  write_file_atomically(dir / "series.svg", series_svg("stackrace study " + study.plan.spec.name() + ": recorded series", records));
  out << "\nseries chart: " << (dir / "series.svg").string() << "\n";
}

namespace {

void sensitivity_report(const std::filesystem::path& dir, const StudyPlan& plan, const std::vector<StoredRun>& runs,
                        std::ostream& out) {
  const std::vector<OutcomeSensitivity> sensitivity =
      analyse_or_explain(dir, [&] { return analyse_study(plan, runs); });
  out << "study " << (plan.spec.name().empty() ? dir.string() : plan.spec.name()) << ": " << design_name(plan.design)
      << " design, " << plan.point_count() << " points x " << counted(plan.replicates, "replicate") << " = "
      << plan.run_count() << " runs\n";
  std::vector<ChartPanel> panels;
  for (std::size_t o = 0; o < sensitivity.size(); ++o) {
    const OutcomeSensitivity& s = sensitivity[o];
    out << "\n"
        << s.outcome << "  (factors by " << s.importance_name << ", R^2 " << num(s.linear_r2)
        << (s.method == "regression" ? "" : " of a linear fit")
        << (s.linear_r2 < kWeakFitR2 ? ": weak fit, read the ranking with care" : "")
        << (plan.point_count() <= varying_factors(s) + 1
                ? "; with " + std::to_string(plan.point_count()) + " points a straight line fits exactly"
                : "")
        << ")\n";
    int rank = 0;
    for (std::size_t i : ranked(s)) {
      char head[160];
      if (is_noise_floor(s.factors[i])) {
        std::snprintf(head, sizeof head, "  --- %-44s ", "noise floor: the seed's own effect");
        out << head << (s.method == "sobol" ? "ST " : s.method == "morris" ? "mu* " : "|SRC| ")
            << num(s.factors[i].importance) << "\n";
        continue;
      }
      std::snprintf(head, sizeof head, "  %2d. %-44s ", ++rank, s.factors[i].factor.c_str());
      out << head << line(s, s.factors[i]) << (below_noise_floor(s, i) ? "   (does not clear the noise floor)" : "")
          << "\n";
    }
    if (!s.factors.empty() && !is_noise_floor(s.factors.back())) out << "  (no noise floor: the seed's effect needs replicates >= 2)\n";
    panels.push_back(panel(s, plan, point_means(plan, runs, o)));
  }
  std::vector<ChartLegend> legend;
  if (plan.design == DesignKind::kSaltelli) {
    legend = {{"S1 (first order)", kLight}, {"ST (total)", kDark}};
  } else if (plan.design == DesignKind::kMorris) {
    legend = {{"mu*", kDark}, {"sigma", kOrange}};
  } else {
    legend = {{"positive SRC", kDark}, {"negative SRC", kOrange}};
  }
  const std::string title = "stackrace study " + (plan.spec.name().empty() ? std::string() : plan.spec.name()) +
                            ": which levers move each outcome";
  // A study on read-only media still gets its report, without the chart.
  if (::access(dir.c_str(), W_OK) != 0) {
    out << "\nchart: not written (" << dir.string() << " is read-only)\n";
    return;
  }
  // Sobol indices and SRC are unitless and comparable across outcomes; mu*
  // is in each outcome's own unit.
  write_file_atomically(dir / "report.svg", svg_chart(title, panels, legend,
                                                      plan.design == DesignKind::kMorris ? ChartScale::kPerPanel
                                                                                         : ChartScale::kShared));
  out << "\nchart: " << (dir / "report.svg").string() << "\n";
}

}  // namespace

}  // namespace stackrace
