#pragma once
// Study outcomes: named numbers read from a run's world metrics (the columns
// of global.csv, by name) or from one country, region or income group (the
// numeric columns of countries.csv), at one month or averaged over a window.
//   "lead_months@2028-12"
//   "dev_share_cn_closed+dev_share_cn_open@2028-12"
//   "mean(ai_user_share_world, 2026-01..2026-12)"
//   "KEN:share_cn_open@2028-12"
//   "region(sub_saharan_africa):share_cn_closed+region(sub_saharan_africa):share_cn_open@2028-12"
//   "mean(group(developing):ai_user_share, 2027-01..2027-12)"

#include <string>
#include <vector>

#include "base/months.h"

namespace stackrace {

// Where a term reads: the world row, or a country column aggregated over one
// country, a region of the world config, or an income group.
enum class ScopeKind { kCountry, kRegion, kGroup };

// One country-level column over one scope: a series a study computes every
// month beside the world metrics. Resolved against the world when the study
// loads (study/country_series.h).
struct ScopedSeries {
  ScopeKind kind = ScopeKind::kCountry;
  std::string name;  // ISO3 code, region name or group name
  int column = 0;    // index into country_column_names()
  std::string label() const;  // as written: "KEN:share_cn_open", "region(south_asia):ai_user_share"
  bool operator==(const ScopedSeries& other) const = default;
};

struct OutcomeTerm {
  // Below global_column_names().size(): a world column. From there on: the
  // scoped series (column - global_column_names().size()) of the study.
  int column = 0;
  double sign = 1.0;  // +1 or -1
};

struct OutcomeExpr {
  std::string name;    // output column name
  std::string metric;  // the text as written
  std::vector<OutcomeTerm> terms;
  Month first, last;  // inclusive window; first == last for "@month"
};

// The numeric columns of countries.csv a scoped term may read.
const std::vector<std::string>& country_column_names();
// Income groups a `group(NAME)` may name: the four World Bank groups and
// "developing" (low and lower-middle income, as the world's dev_* columns).
const std::vector<std::string>& income_group_scopes();

// Parses `metric`. Throws InputError at `where` (the study file's
// file:line:column) naming the unknown column, a malformed month or window.
// Scoped terms are added to `series` (reusing an equal one), so that the
// terms' columns index world columns followed by `series`.
OutcomeExpr parse_outcome(const std::string& metric, const std::string& name, const std::string& where,
                          std::vector<ScopedSeries>& series);
// A metric without a month ("lead_months", "KEN:share_cn_open+KEN:share_cn_closed"),
// as a study's `record` takes: its terms, scoped ones added to `series`.
std::vector<OutcomeTerm> parse_metric_terms(const std::string& metric, const std::string& where,
                                            std::vector<ScopedSeries>& series);
// World metrics only (comparisons): a scoped term is an error.
OutcomeExpr parse_outcome(const std::string& metric, const std::string& name, const std::string& where);

// The outcome of one run. months[i] ("YYYY-MM") and values[i][column] are the
// run's global rows (RunReport::months, RunReport::global_values), followed
// by the study's scoped series. The sum over terms and the mean over months
// run in a fixed order.
double evaluate_outcome(const OutcomeExpr& outcome, const std::vector<std::string>& months,
                        const std::vector<std::vector<double>>& values);

// The name a metric gets when the study gives none: the metric without spaces.
std::string default_outcome_name(const std::string& metric);

}  // namespace stackrace
