#pragma once
// A study database is verified, not trusted: before a study resumes, a report
// is drawn or a shard is merged, the file passes SQLite's quick_check, was
// made by this model (version and model hash), and every stored row is the
// run the plan says (point, replicate, seed, factor values, shard). A
// mismatch is refused (InputError, exit 2) naming the file, the run and what
// differs; `stackrace study repair DIR` drops such rows so that --resume
// runs them again.

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>

#include "study/study_db.h"
#include "study/study_plan.h"
#include "study/study_session.h"

namespace stackrace {

// The metadata that identifies this program, as stored in a database.
std::map<std::string, std::string> program_identity();

// What differs between a stored row and the run the plan and shard give it
// ("" when nothing).
std::string row_mismatch(const StudyPlan& plan, const Shard& shard, const StoredRun& row);

// Refuses a database made by another program version or model hash, naming
// both. `action` says what was refused ("--resume", "study merge").
void check_model_identity(const StudyDb& db, const std::string& action);

// quick_check, then every row against the plan and shard (rows as read by
// the caller). Throws InputError naming the file, the first bad run and the
// number of bad rows, with the repair hint.
void verify_rows(const StudyDb& db, const StudyPlan& plan, const Shard& shard, const std::vector<StoredRun>& rows);

struct RepairResult {
  std::size_t kept = 0, dropped = 0;
  std::size_t unreadable = 0;  // runs on damaged pages, lost (run again on --resume)
  std::size_t planned = 0;     // runs of the study (of its shard) in all
  bool rewritten = false;      // false: nothing was wrong, the file is untouched
};

// Drops every row that does not match the plan, writing the rows kept to a
// new file that replaces the old one. From a file that fails quick_check it
// keeps the rows SQLite can still read, run by run. Throws InputError when
// the file cannot be read at all.
RepairResult repair_study(const std::filesystem::path& dir);

}  // namespace stackrace
