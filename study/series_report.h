#pragma once
// The recorded series of a study (StudySpec.record) in `study report`: per
// record and recorded month, the mean over design points of each point's
// mean over its replicates, and the lowest and highest point; and
// DIR/series.svg, one panel per record with a line per design point (its
// factor values on hover; coloured, with a key, when there are a few).

#include <ostream>
#include <string>
#include <vector>

#include "study/study_db.h"
#include "study/study_plan.h"

namespace stackrace {

struct RecordTrajectories {
  std::string name;
  std::vector<std::string> months;
  std::vector<std::vector<double>> points;  // [point][k]: mean over the point's ok runs (NaN where none)
  std::vector<std::string> labels;          // [point]: "point 3: beta=0.25, q=0.03" (and its option)
};

std::vector<RecordTrajectories> record_trajectories(const StudyPlan& plan, const std::vector<StoredRun>& runs);

// Prints the table; nothing for a study without records.
void print_records(const std::vector<RecordTrajectories>& records, std::ostream& out);

std::string series_svg(const std::string& title, const std::vector<RecordTrajectories>& records);

}  // namespace stackrace
