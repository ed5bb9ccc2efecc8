#pragma once
// The CSV files of a study directory, generated from the database so that a
// resumed or merged study regenerates them whole:
//   runs.csv         one row per run, in run order (the database's runs table)
//   summary.csv      per design point: mean, sd and 95% CI of each outcome
//   sensitivity.csv  per outcome and factor (study_analysis.h)
// Each file is written to a temporary sibling and renamed into place
// (base/atomic_file.h), so a reader never sees half a file.

#include <filesystem>
#include <string>
#include <vector>

#include "study/study_analysis.h"
#include "study/study_db.h"
#include "study/study_plan.h"

namespace stackrace {

std::string runs_csv(const StudyPlan& plan, const std::vector<StoredRun>& runs);
std::string summary_csv(const StudyPlan& plan, const std::vector<StoredRun>& runs);
std::string sensitivity_csv(const std::vector<OutcomeSensitivity>& sensitivity);

// Writes runs.csv and, for a whole study (not a shard) whose runs all
// succeeded, summary.csv and sensitivity.csv.
void write_study_outputs(const std::filesystem::path& dir, const StudyPlan& plan, const std::vector<StoredRun>& runs,
                         bool whole_study);

// A number as the CSV files print it: the shortest text that reads back to
// the same double, empty for NaN.
std::string csv_number(double v);
// A CSV field, quoted (RFC 4180) when it holds a comma, quote or newline.
std::string csv_field(const std::string& text);

}  // namespace stackrace
