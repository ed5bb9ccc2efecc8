#include "study/study_outputs.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "base/atomic_file.h"
#include "study/robustness.h"
#include "study/summary_stats.h"

namespace stackrace {

std::string csv_number(double v) {
  if (std::isnan(v)) return "";
  // The shortest text that reads back to the same double (0.06, not 0.059999999999999998).
  char buf[40];
  const auto result = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, result.ptr);
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

namespace {

// Appends ",text". (Also sidesteps GCC 12's false -Wrestrict on "," + string.)
void cell(std::string& out, const std::string& text) {
  out += ',';
  out += text;
}

}  // namespace

std::string runs_csv(const StudyPlan& plan, const std::vector<StoredRun>& runs) {
  std::string out = "run,point,replicate,seed";
  if (!plan.options.empty()) out += ",option";
  for (const StudyFactor& f : plan.factors) cell(out, csv_field(f.name));
  for (const OutcomeExpr& o : plan.outcomes) cell(out, csv_field(o.name));
  out += ",status,wall_s\n";
  char wall[32];
  for (const StoredRun& r : runs) {
    out += std::to_string(r.run);
    cell(out, std::to_string(r.point));
    cell(out, std::to_string(r.replicate));
    cell(out, std::to_string(r.seed));
    if (!plan.options.empty()) cell(out, plan.options[plan.option_of(static_cast<std::size_t>(r.point))].name);
    for (double v : r.factors) cell(out, csv_number(v));
    for (double v : r.outcomes) cell(out, csv_number(v));
    cell(out, csv_field(r.status));
    std::snprintf(wall, sizeof wall, "%.6f", r.wall_s);
    cell(out, wall);
    out += '\n';
  }
  return out;
}

namespace {

// The months each record holds, from the first run that has them (every run
// of a study has the same horizon).
std::vector<std::vector<std::string>> record_months(const StudyPlan& plan, const std::vector<StoredRun>& runs) {
  std::vector<std::vector<std::string>> months(plan.records.size());
  for (std::size_t r = 0; r < plan.records.size(); ++r) {
    for (const StoredRun& run : runs) {
      if (!run.ok() || run.recorded.size() <= r || run.recorded[r].empty()) continue;
      for (const RecordedValue& v : run.recorded[r]) months[r].push_back(v.month);
      break;
    }
  }
  return months;
}

// Per point and record, the mean over the point's ok runs of each recorded month.
void add_record_means(const std::vector<std::vector<std::string>>& months, const std::vector<const StoredRun*>& ok,
                      std::string& out) {
  for (std::size_t r = 0; r < months.size(); ++r) {
    for (std::size_t k = 0; k < months[r].size(); ++k) {
      double sum = 0;
      std::size_t n = 0;
      for (const StoredRun* run : ok) {
        if (run->recorded.size() <= r || run->recorded[r].size() <= k) continue;
        sum += run->recorded[r][k].value;
        ++n;
      }
      cell(out, n ? csv_number(sum / static_cast<double>(n)) : "");
    }
  }
}

}  // namespace

namespace {

std::string summary_header(const StudyPlan& plan, const std::vector<std::vector<std::string>>& months) {
  std::string out = "point";
  if (!plan.options.empty()) out += ",option";
  for (const StudyFactor& f : plan.factors) cell(out, csv_field(f.name));
  out += ",n";
  for (const OutcomeExpr& o : plan.outcomes)
    for (const char* stat : kSummaryStats) cell(out, csv_field(o.name + stat));
  // Recorded series: the mean over replicates at each recorded month.
  for (std::size_t r = 0; r < plan.records.size(); ++r)
    for (const std::string& m : months[r]) cell(out, csv_field(plan.records[r].name + "@" + m + "_mean"));
  out += '\n';
  return out;
}

}  // namespace

std::string summary_csv(const StudyPlan& plan, const std::vector<StoredRun>& runs) {
  const std::vector<std::vector<std::string>> months = record_months(plan, runs);
  std::string out = summary_header(plan, months);
  // Runs are in run order, so each point's replicates are together and in order.
  std::size_t i = 0;
  for (std::size_t p = 0; p < plan.point_count(); ++p) {
    std::vector<std::vector<double>> values(plan.outcomes.size());
    std::vector<const StoredRun*> ok;
    for (; i < runs.size() && runs[i].point == static_cast<std::int64_t>(p); ++i) {
      if (!runs[i].ok()) continue;
      ok.push_back(&runs[i]);
      for (std::size_t o = 0; o < plan.outcomes.size(); ++o) values[o].push_back(runs[i].outcomes[o]);
    }
    out += std::to_string(p);
    if (!plan.options.empty()) cell(out, plan.options[plan.option_of(p)].name);
    for (double v : plan.points[p]) cell(out, csv_number(v));
    cell(out, std::to_string(values.empty() ? 0 : values[0].size()));
    for (const std::vector<double>& v : values) {
      const ReplicateSummary s = summarize_replicates(v);
      for (double x : {s.mean, s.sd, s.ci_low, s.ci_high}) cell(out, csv_number(x));
    }
    add_record_means(months, ok, out);
    out += '\n';
  }
  return out;
}

std::string sensitivity_csv(const std::vector<OutcomeSensitivity>& sensitivity) {
  if (sensitivity.empty()) return "";
  std::string out = "outcome,factor,method";
  for (const std::string& c : sensitivity.front().columns) cell(out, c);
  out += '\n';
  for (const OutcomeSensitivity& s : sensitivity) {
    for (const FactorSensitivity& f : s.factors) {
      out += csv_field(s.outcome);
      cell(out, csv_field(f.factor));
      cell(out, s.method);
      for (double v : f.values) cell(out, csv_number(v));
      out += '\n';
    }
  }
  return out;
}

void write_study_outputs(const std::filesystem::path& dir, const StudyPlan& plan, const std::vector<StoredRun>& runs,
                         bool whole_study) {
  write_file_atomically(dir / "runs.csv", runs_csv(plan, runs));
  if (!whole_study) return;
  write_file_atomically(dir / "summary.csv", summary_csv(plan, runs));
  bool all_ok = runs.size() == plan.run_count();
  for (const StoredRun& r : runs) all_ok = all_ok && r.ok();
  if (!all_ok) return;
  // With options the factors are the uncertainties and each option a policy:
  // robustness, not a ranking of factors mixed with options.
  if (plan.options.empty()) {
    write_file_atomically(dir / "sensitivity.csv", sensitivity_csv(analyse_study(plan, runs)));
  } else {
    write_file_atomically(dir / "robustness.csv", robustness_csv(analyse_robustness(plan, runs)));
  }
}

}  // namespace stackrace
