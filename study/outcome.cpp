#include "study/outcome.h"

#include <algorithm>
#include <stdexcept>

#include "base/errors.h"
#include "base/months.h"
#include "base/stacks.h"
#include "base/text_escape.h"
#include "sim/metrics.h"

namespace stackrace {

namespace {

std::string strip_spaces(const std::string& text) {
  std::string out;
  for (char c : text)
    if (c != ' ' && c != '\t') out += c;
  return out;
}

std::string known_columns() {
  std::string names;
  for (const std::string& n : global_column_names()) names += (names.empty() ? "" : ", ") + n;
  return names;
}

// The pieces of "a+b-c" with their signs, split at + and - outside
// parentheses (a region name inside region(...) is one piece).
std::vector<std::pair<std::string, double>> split_sum(const std::string& text) {
  std::vector<std::pair<std::string, double>> pieces;
  std::size_t pos = 0;
  double sign = 1.0;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    sign = text[0] == '-' ? -1.0 : 1.0;
    pos = 1;
  }
  int depth = 0;
  for (std::size_t i = pos; i <= text.size(); ++i) {
    const char c = i < text.size() ? text[i] : '\0';
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (i == text.size() || (depth == 0 && (c == '+' || c == '-'))) {
      pieces.emplace_back(text.substr(pos, i - pos), sign);
      sign = c == '-' ? -1.0 : 1.0;
      pos = i + 1;
    }
  }
  return pieces;
}

int find_index(const std::vector<std::string>& names, const std::string& name) {
  const auto it = std::find(names.begin(), names.end(), name);
  return it == names.end() ? -1 : static_cast<int>(it - names.begin());
}

// "SCOPE:column" -> the scoped series. The scope's existence in the world
// (ISO3 code, region) is checked when the study loads; the syntax, the
// group and the column here.
ScopedSeries parse_scoped(const std::string& term, const std::string& metric, const std::string& where) {
  const std::string fail = "outcome '" + metric + "': ";
  ScopedSeries series;
  std::size_t colon = 0;
  if (term.rfind("region(", 0) == 0 || term.rfind("group(", 0) == 0) {
    series.kind = term[0] == 'r' ? ScopeKind::kRegion : ScopeKind::kGroup;
    const std::size_t open = term.find('(');
    const std::size_t close = term.find(')');
    if (close == std::string::npos || close + 1 >= term.size() || term[close + 1] != ':' || close == open + 1) {
      throw InputError(where, fail + "'" + term +
                                  "': expected region(NAME):COLUMN or group(NAME):COLUMN, e.g. "
                                  "region(sub_saharan_africa):share_cn_open");
    }
    series.name = term.substr(open + 1, close - open - 1);
    colon = close + 1;
    // countries.csv writes lower-middle and upper-middle: take that spelling too.
    if (series.kind == ScopeKind::kGroup) std::replace(series.name.begin(), series.name.end(), '-', '_');
    if (series.kind == ScopeKind::kGroup && find_index(income_group_scopes(), series.name) < 0) {
      throw InputError(where, fail + "unknown income group '" + series.name +
                                  "' (groups: " + comma_list(income_group_scopes()) + ")");
    }
  } else {
    colon = term.find(':');
    series.kind = ScopeKind::kCountry;
    series.name = term.substr(0, colon);
    const bool iso3 = series.name.size() == 3 && std::all_of(series.name.begin(), series.name.end(), [](char c) {
                        return c >= 'A' && c <= 'Z';
                      });
    if (!iso3) {
      throw InputError(where, fail + "'" + series.name +
                                  "' is not a country code: expected an ISO 3166 alpha-3 code in capitals "
                                  "(e.g. KEN:share_cn_open), region(NAME): or group(NAME):");
    }
  }
  const std::string column = term.substr(colon + 1);
  series.column = find_index(country_column_names(), column);
  if (series.column < 0) {
    throw InputError(where, fail + "unknown country column '" + column +
                                "' (country columns: " + comma_list(country_column_names()) + ")");
  }
  return series;
}

// "a+b-c" -> terms; every name must be a global column or a scoped one.
std::vector<OutcomeTerm> parse_sum(const std::string& text, const std::string& metric, const std::string& where,
                                   std::vector<ScopedSeries>& series) {
  std::vector<OutcomeTerm> terms;
  const auto& names = global_column_names();
  for (const auto& [term, sign] : split_sum(text)) {
    if (term.empty())
      throw InputError(where, "outcome '" + metric + "': expected a column name, e.g. dev_share_cn_open@2026-12");
    if (term.find(':') != std::string::npos || term.rfind("region(", 0) == 0 || term.rfind("group(", 0) == 0) {
      const ScopedSeries s = parse_scoped(term, metric, where);
      auto it = std::find(series.begin(), series.end(), s);
      if (it == series.end()) it = series.insert(series.end(), s);
      terms.push_back({static_cast<int>(names.size() + static_cast<std::size_t>(it - series.begin())), sign});
      continue;
    }
    const int column = find_index(names, term);
    if (column < 0) {
      throw InputError(where, "outcome '" + metric + "': unknown column '" + term + "' (world metrics: " +
                                  known_columns() + "; or ISO3:COLUMN, region(NAME):COLUMN, group(NAME):COLUMN)");
    }
    terms.push_back({column, sign});
  }
  return terms;
}

Month parse_month_at(const std::string& text, const std::string& metric, const std::string& where) {
  Month m;
  if (!parse_month(text, m))
    throw InputError(where, "outcome '" + metric + "': '" + text + "' is not " + kMonthExpected);
  return m;
}

}  // namespace

std::string default_outcome_name(const std::string& metric) { return strip_spaces(metric); }

std::string ScopedSeries::label() const {
  const std::string& column_name = country_column_names().at(column);
  switch (kind) {
    case ScopeKind::kCountry:
      return name + ":" + column_name;
    case ScopeKind::kRegion:
      return "region(" + name + "):" + column_name;
    case ScopeKind::kGroup:
      return "group(" + name + "):" + column_name;
  }
  return "?";
}

const std::vector<std::string>& country_column_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n{"ai_user_share"};
    for (int s = 0; s < kStackCount; ++s) n.push_back(std::string("share_") + stack_column(s));
    for (const char* name : {"population", "adopters", "export_tier"}) n.emplace_back(name);
    return n;
  }();
  return names;
}

const std::vector<std::string>& income_group_scopes() {
  static const std::vector<std::string> names{"low", "lower_middle", "upper_middle", "high", "developing"};
  return names;
}

std::vector<OutcomeTerm> parse_metric_terms(const std::string& metric, const std::string& where,
                                            std::vector<ScopedSeries>& series) {
  const std::string text = strip_spaces(metric);
  if (text.find('@') != std::string::npos || text.rfind("mean(", 0) == 0) {
    throw InputError(where, "record metric '" + metric +
                                "': expected columns without a month or window (a record keeps every month's "
                                "value), e.g. lead_months or KEN:share_cn_open");
  }
  return parse_sum(text, metric, where, series);
}

OutcomeExpr parse_outcome(const std::string& metric, const std::string& name, const std::string& where) {
  std::vector<ScopedSeries> series;
  OutcomeExpr out = parse_outcome(metric, name, where, series);
  if (!series.empty()) {
    throw InputError(where, "outcome '" + metric + "': " + series.front().label() +
                                " reads a country, region or group, which only study outcomes can: use a world "
                                "metric here");
  }
  return out;
}

OutcomeExpr parse_outcome(const std::string& metric, const std::string& name, const std::string& where,
                          std::vector<ScopedSeries>& series) {
  OutcomeExpr out;
  out.metric = metric;
  out.name = name.empty() ? default_outcome_name(metric) : name;
  const std::string text = strip_spaces(metric);
  if (text.rfind("mean(", 0) == 0) {
    // mean(SUM, FIRST..LAST)
    if (text.back() != ')')
      throw InputError(where, "outcome '" + metric + "': expected mean(COLUMN, YYYY-MM..YYYY-MM)");
    const std::string inner = text.substr(5, text.size() - 6);
    const std::size_t comma = inner.rfind(',');
    const std::size_t dots = inner.find("..", comma == std::string::npos ? 0 : comma);
    if (comma == std::string::npos || dots == std::string::npos)
      throw InputError(where, "outcome '" + metric + "': expected mean(COLUMN, YYYY-MM..YYYY-MM)");
    out.terms = parse_sum(inner.substr(0, comma), metric, where, series);
    out.first = parse_month_at(inner.substr(comma + 1, dots - comma - 1), metric, where);
    out.last = parse_month_at(inner.substr(dots + 2), metric, where);
    if (out.last < out.first) throw InputError(where, "outcome '" + metric + "': the window ends before it starts");
    return out;
  }
  const std::size_t at = text.rfind('@');
  if (at == std::string::npos) {
    throw InputError(where, "outcome '" + metric +
                                "': expected COLUMN@YYYY-MM or mean(COLUMN, YYYY-MM..YYYY-MM), e.g. "
                                "dev_share_cn_open@2026-12");
  }
  out.terms = parse_sum(text.substr(0, at), metric, where, series);
  out.first = out.last = parse_month_at(text.substr(at + 1), metric, where);
  return out;
}

double evaluate_outcome(const OutcomeExpr& outcome, const std::vector<std::string>& months,
                        const std::vector<std::vector<double>>& values) {
  double total = 0;
  int count = 0;
  for (std::size_t i = 0; i < months.size(); ++i) {
    Month m;
    if (!parse_month(months[i], m) || m < outcome.first || outcome.last < m) continue;
    double sum = 0;
    for (const OutcomeTerm& t : outcome.terms) sum += t.sign * values[i].at(t.column);
    total += sum;
    ++count;
  }
  // Validation put every window inside the base horizon, so a run always has it.
  if (count != outcome.last.index - outcome.first.index + 1) {
    throw std::runtime_error("outcome '" + outcome.metric + "': the run does not cover " + outcome.first.str() + ".." +
                             outcome.last.str());
  }
  return total / count;
}

}  // namespace stackrace
