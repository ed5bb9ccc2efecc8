#include "study/outcome.h"

#include <algorithm>
#include <stdexcept>

#include "base/errors.h"
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

// "a+b-c" -> terms; every name must be a global column.
std::vector<OutcomeTerm> parse_sum(const std::string& text, const std::string& metric, const std::string& where) {
  std::vector<OutcomeTerm> terms;
  std::size_t pos = 0;
  double sign = 1.0;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    sign = text[0] == '-' ? -1.0 : 1.0;
    pos = 1;
  }
  while (true) {
    const std::size_t end = text.find_first_of("+-", pos);
    const std::string column = text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    if (column.empty())
      throw InputError(where, "outcome '" + metric + "': expected a column name, e.g. dev_share_cn_open@2026-12");
    const auto& names = global_column_names();
    const auto it = std::find(names.begin(), names.end(), column);
    if (it == names.end()) {
      throw InputError(
          where, "outcome '" + metric + "': unknown column '" + column + "' (world metrics: " + known_columns() + ")");
    }
    terms.push_back({static_cast<int>(it - names.begin()), sign});
    if (end == std::string::npos) break;
    sign = text[end] == '-' ? -1.0 : 1.0;
    pos = end + 1;
  }
  return terms;
}

Month parse_month_at(const std::string& text, const std::string& metric, const std::string& where) {
  Month m;
  if (!parse_month(text, m))
    throw InputError(where, "outcome '" + metric + "': '" + text + "' is not a month as YYYY-MM");
  return m;
}

}  // namespace

std::string default_outcome_name(const std::string& metric) { return strip_spaces(metric); }

OutcomeExpr parse_outcome(const std::string& metric, const std::string& name, const std::string& where) {
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
    out.terms = parse_sum(inner.substr(0, comma), metric, where);
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
  out.terms = parse_sum(text.substr(0, at), metric, where);
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
