#include "study/robustness.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "study/study_analysis.h"
#include "study/study_outputs.h"
#include "study/summary_stats.h"

namespace stackrace {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string threshold_text(const Outcome& o) {
  std::string text;
  if (o.has_at_least()) text += ">= " + csv_number(o.at_least());
  if (o.has_at_most()) text += std::string(text.empty() ? "" : " and ") + "<= " + csv_number(o.at_most());
  return text;
}

void check_complete(const StudyPlan& plan, const std::vector<StoredRun>& runs) {
  if (plan.options.empty()) throw std::runtime_error("the study has no policy options");
  require_complete(plan, runs);
}

}  // namespace

double quantile(std::vector<double> values, double q) {
  if (values.empty()) return kNaN;
  std::sort(values.begin(), values.end());
  const double h = q * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(h));
  const std::size_t above = std::min(below + 1, values.size() - 1);
  return values[below] + (h - static_cast<double>(below)) * (values[above] - values[below]);
}

namespace {

// value[option][future] of one outcome, future = state * replicates + replicate.
std::vector<std::vector<double>> option_values(const StudyPlan& plan, const std::vector<StoredRun>& runs,
                                               std::size_t outcome) {
  const std::size_t options = plan.options.size(), states = plan.state_count();
  const auto replicates = static_cast<std::size_t>(plan.replicates);
  std::vector<std::vector<double>> value(options, std::vector<double>(states * replicates));
  for (std::size_t s = 0; s < states; ++s) {
    for (std::size_t k = 0; k < options; ++k) {
      for (std::size_t r = 0; r < replicates; ++r)
        value[k][s * replicates + r] = runs[((s * options) + k) * replicates + r].outcomes[outcome];
    }
  }
  return value;
}

OptionRobustness option_robustness(const Outcome& spec, const std::vector<std::vector<double>>& value,
                                   const std::vector<double>& best, std::size_t k) {
  const std::size_t futures = best.size();
  OptionRobustness r;
  double sum = 0, regret_sum = 0, max_regret = 0;
  std::size_t satisfied = 0;
  std::vector<double> difference;
  for (std::size_t f = 0; f < futures; ++f) {
    const double v = value[k][f];
    sum += v;
    const double regret = spec.lower_is_better() ? v - best[f] : best[f] - v;
    regret_sum += regret;
    max_regret = std::max(max_regret, regret);
    const bool ok = (!spec.has_at_least() || v >= spec.at_least()) && (!spec.has_at_most() || v <= spec.at_most());
    satisfied += ok ? 1 : 0;
    difference.push_back(v - value[0][f]);
  }
  r.mean = sum / static_cast<double>(futures);
  r.p10 = quantile(value[k], 0.1);
  r.p90 = quantile(value[k], 0.9);
  r.mean_regret = regret_sum / static_cast<double>(futures);
  r.max_regret = max_regret;
  const bool threshold = spec.has_at_least() || spec.has_at_most();
  r.satisficing_share = threshold ? static_cast<double>(satisfied) / static_cast<double>(futures) : kNaN;
  if (k == 0) {
    r.difference = r.difference_low = r.difference_high = kNaN;
  } else {
    const ReplicateSummary d = summarize_replicates(difference);
    r.difference = d.mean;
    r.difference_low = d.ci_low;
    r.difference_high = d.ci_high;
  }
  return r;
}

}  // namespace

std::vector<OutcomeRobustness> analyse_robustness(const StudyPlan& plan, const std::vector<StoredRun>& runs) {
  check_complete(plan, runs);
  std::vector<OutcomeRobustness> out;
  for (std::size_t o = 0; o < plan.outcomes.size(); ++o) {
    const Outcome& spec = plan.spec.outcome(static_cast<int>(o));
    const std::vector<std::vector<double>> value = option_values(plan, runs, o);
    const std::size_t futures = value[0].size();
    OutcomeRobustness result{plan.outcomes[o].name, spec.lower_is_better(), threshold_text(spec), futures, {}};
    std::vector<double> best(futures);
    for (std::size_t f = 0; f < futures; ++f) {
      best[f] = value[0][f];
      for (std::size_t k = 1; k < value.size(); ++k)
        best[f] = spec.lower_is_better() ? std::min(best[f], value[k][f]) : std::max(best[f], value[k][f]);
    }
    for (std::size_t k = 0; k < value.size(); ++k) {
      result.options.push_back(option_robustness(spec, value, best, k));
      result.options.back().option = plan.options[k].name;
    }
    out.push_back(std::move(result));
  }
  return out;
}

std::string robustness_csv(const std::vector<OutcomeRobustness>& robustness) {
  std::string out =
      "outcome,option,futures,mean,p10,p90,mean_regret,max_regret,threshold,satisficing_share,"
      "difference_vs_first,difference_ci95_low,difference_ci95_high\n";
  for (const OutcomeRobustness& o : robustness) {
    for (const OptionRobustness& r : o.options) {
      out += csv_field(o.outcome) + "," + csv_field(r.option) + "," + std::to_string(o.futures);
      for (double v : {r.mean, r.p10, r.p90, r.mean_regret, r.max_regret}) {
        out += ',';
        out += csv_number(v);
      }
      out += ',';
      out += csv_field(o.threshold);
      for (double v : {r.satisficing_share, r.difference, r.difference_low, r.difference_high}) {
        out += ',';
        out += csv_number(v);
      }
      out += '\n';
    }
  }
  return out;
}

}  // namespace stackrace
