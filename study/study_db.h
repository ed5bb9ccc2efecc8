#pragma once
// DIR/study.sqlite: the only place a study's results live. Table `study`
// holds the spec (canonical text and fingerprint), which shard this is and
// the identity of the program that made it; table `runs` has one row per
// finished run, each committed in its own transaction (with, for a study
// that records series, its rows of table `series`: run, record, month, value), so a study killed at
// any moment loses at most the runs in flight. Every CSV is generated from
// here.
//
// Every error names the database file. A damaged file (SQLite: corrupt, not
// a database) is bad input (InputError, exit 2) with a hint; any other SQLite
// failure (disk full, I/O) is a runtime_error (exit 1).

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "study/run_executor.h"
#include "study/study_plan.h"

namespace stackrace {

struct StoredRun {
  std::int64_t run = 0, point = 0, replicate = 0, seed = 0;
  std::vector<double> factors, outcomes;  // NaN for a NULL outcome (a failed run)
  // [record][k] for a study with records (table `series`), else empty.
  std::vector<std::vector<RecordedValue>> recorded;
  std::string status;
  double wall_s = 0;
  bool ok() const { return status == "ok"; }
};

// What a database is opened for.
enum class DbAccess {
  kWrite,  // a study running or resumed, repair
  // report and merge inputs: read only, and when no write-ahead log lies
  // beside the file (the study closed cleanly) opened immutable, so that no
  // -shm is created and read-only media work.
  kRead,
};

class StudyDb {
 public:
  // Writes a new database for `plan` whole (schema and metadata in one
  // synced transaction) under a temporary name beside `file`, then links it
  // to `file`, which must not exist: of two processes creating the same file
  // one wins and the other gets a runtime_error saying so. Returns it open
  // for writing, its write-ahead log set up; when that fails (a full disk)
  // the linked file is removed again.
  static StudyDb create(const std::filesystem::path& file, const StudyPlan& plan,
                        const std::map<std::string, std::string>& meta);
  // Opens an existing database. Throws InputError if it is not a study
  // database, is of another format or is damaged.
  static StudyDb open(const std::filesystem::path& file, DbAccess access);

  StudyDb(StudyDb&& other) noexcept;
  StudyDb& operator=(StudyDb&&) = delete;
  StudyDb(const StudyDb&) = delete;
  ~StudyDb();

  const std::filesystem::path& file() const { return file_; }
  // A metadata value ("" when absent): fingerprint, spec_text, shard, ...
  std::string meta(const std::string& key) const;
  std::map<std::string, std::string> all_meta() const;
  // PRAGMA quick_check: "" when the file is sound, else what SQLite found.
  std::string quick_check() const;
  // Writes one run (replacing a failed earlier attempt) in its own transaction.
  void record(const StudyPlan& plan, const RunResult& result);
  // Writes stored runs as they are (merging shards, repair), in one transaction.
  void record_all(const StudyPlan& plan, const std::vector<StoredRun>& rows);
  // Every stored run, in run order. Throws InputError when the runs table's
  // columns are not the plan's.
  std::vector<StoredRun> runs(const StudyPlan& plan) const;
  // For repair: the plan's runs looked up one by one, skipping those SQLite
  // cannot read (counted in `unreadable`) in a damaged file.
  std::vector<StoredRun> readable_runs(const StudyPlan& plan, std::size_t& unreadable) const;

 private:
  explicit StudyDb(sqlite3* db, std::filesystem::path file) : db_(db), file_(std::move(file)) {}
  void exec(const std::string& sql) const;
  void check_columns(sqlite3_stmt* select, const StudyPlan& plan) const;
  // Fills each run's `recorded` from the series table (studies with records).
  void read_series(const StudyPlan& plan, std::vector<StoredRun>& runs) const;
  sqlite3* db_ = nullptr;
  std::filesystem::path file_;
};

// `name` as an SQL identifier in double quotes (factor and outcome names
// derived from a path or metric hold dots and '@').
std::string quote_identifier(const std::string& name);

// What to do about a database that fails its checks, for error messages.
std::string repair_hint(const std::filesystem::path& dir);

}  // namespace stackrace
