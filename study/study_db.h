#pragma once
// DIR/study.sqlite: the only place a study's results live. Table `study`
// holds the spec (canonical text and fingerprint) and which shard this is;
// table `runs` has one row per finished run, each committed in its own
// transaction, so a study killed at any moment loses at most the runs in
// flight. Every CSV is generated from here.

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
  std::string status;
  double wall_s = 0;
  bool ok() const { return status == "ok"; }
};

class StudyDb {
 public:
  // Creates a new database (the file must not exist) for `plan`, recording the
  // fingerprint and the metadata (key -> value) given.
  static StudyDb create(const std::filesystem::path& file, const StudyPlan& plan,
                        const std::map<std::string, std::string>& meta);
  // Opens an existing database. Throws InputError if it is not a study database.
  static StudyDb open(const std::filesystem::path& file, bool read_only = false);

  StudyDb(StudyDb&& other) noexcept;
  StudyDb& operator=(StudyDb&&) = delete;
  StudyDb(const StudyDb&) = delete;
  ~StudyDb();

  // A metadata value ("" when absent): fingerprint, spec_text, shard, ...
  std::string meta(const std::string& key) const;
  // Writes one run (replacing a failed earlier attempt) in its own transaction.
  void record(const StudyPlan& plan, const RunResult& result);
  // Writes a stored run as it is (merging shards), in its own transaction.
  void record(const StudyPlan& plan, const StoredRun& row);
  // Every stored run, in run order.
  std::vector<StoredRun> runs(const StudyPlan& plan) const;

 private:
  explicit StudyDb(sqlite3* db, std::filesystem::path file) : db_(db), file_(std::move(file)) {}
  void exec(const std::string& sql) const;
  void insert(const StudyPlan& plan, const StoredRun& row);
  sqlite3* db_ = nullptr;
  std::filesystem::path file_;
};

// `name` as an SQL identifier in double quotes (factor and outcome names may
// hold dots, brackets and parentheses).
std::string quote_identifier(const std::string& name);

}  // namespace stackrace
