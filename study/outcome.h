#pragma once
// Study outcomes: named numbers read from a run's world metrics (the columns
// of global.csv, by name), at one month or averaged over a window.
//   "lead_months@2028-12"
//   "dev_share_cn_closed+dev_share_cn_open@2028-12"
//   "mean(ai_user_share_world, 2026-01..2026-12)"

#include <string>
#include <vector>

#include "base/months.h"

namespace stackrace {

struct OutcomeTerm {
  int column = 0;     // index into global_column_names()
  double sign = 1.0;  // +1 or -1
};

struct OutcomeExpr {
  std::string name;    // output column name
  std::string metric;  // the text as written
  std::vector<OutcomeTerm> terms;
  Month first, last;  // inclusive window; first == last for "@month"
};

// Parses `metric`. Throws InputError at `where` (the study file's
// file:line:column) naming the unknown column, a malformed month or window.
OutcomeExpr parse_outcome(const std::string& metric, const std::string& name, const std::string& where);

// The outcome of one run. months[i] ("YYYY-MM") and values[i][column] are the
// run's global rows (RunReport::months, RunReport::global_values). The sum
// over terms and the mean over months run in a fixed order.
double evaluate_outcome(const OutcomeExpr& outcome, const std::vector<std::string>& months,
                        const std::vector<std::vector<double>>& values);

// The name a metric gets when the study gives none: the metric without spaces.
std::string default_outcome_name(const std::string& metric);

}  // namespace stackrace
