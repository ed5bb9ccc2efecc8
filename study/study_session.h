#pragma once
// A study's output directory and database while it runs: creating it, or
// continuing it with --resume (refused for a different spec or shard),
// the runs still to do, recording each finished run, and the CSV files at
// the end. Only one process writes a study directory: the single process,
// or MPI rank 0; a second study or a repair there is refused (study_lock.h).

#include <cstddef>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "study/run_executor.h"
#include "study/study_db.h"
#include "study/study_loader.h"
#include "study/study_lock.h"

namespace stackrace {

// --shard i/N: the runs whose index is i modulo N.
struct Shard {
  std::size_t index = 0, count = 1;
  bool contains(std::size_t run) const { return run % count == index; }
  std::string str() const { return std::to_string(index) + "/" + std::to_string(count); }
};

// What starting a new study in `dir` would refuse (a study there already, a
// file, a directory holding other things), without writing: for --dry-run.
void check_study_out(const LoadedStudy& study, const std::filesystem::path& dir, Shard shard);

// Parses "i/N" (0 <= i < N); throws InputError naming --shard.
Shard parse_shard(const std::string& text);

class StudySession {
 public:
  // Throws InputError before anything is written when DIR is not empty and
  // holds no study, holds a study without --resume, or (with --resume) holds
  // a study of another spec, shard or model, or one that fails verification
  // (study_verify.h).
  StudySession(const LoadedStudy& study, const std::filesystem::path& dir, bool resume, Shard shard);

  const std::vector<std::size_t>& pending() const { return pending_; }  // in run order
  std::size_t in_scope() const { return in_scope_; }                    // runs of this shard
  std::size_t finished_before() const { return in_scope_ - pending_.size(); }

  // Commits one run. Thread-safe.
  void record(const RunResult& result);

  // Writes the CSV files from the database. Returns the runs of this shard
  // that are not ok (failed, or never run).
  std::size_t finish();

 private:
  const LoadedStudy& study_;
  std::filesystem::path dir_;
  Shard shard_;
  std::mutex mutex_;
  StudyLock lock_;  // held while the session lives; taken before db_ opens
  StudyDb db_;
  std::vector<std::size_t> pending_;
  std::size_t in_scope_ = 0;
};

// Opens DIR/study.sqlite for reading (`report`, `merge`), rebuilds the plan
// from the spec text stored in it and reads its runs, verified against the
// plan (study_verify.h).
struct OpenedStudy {
  StudyDb db;
  StudyPlan plan;
  std::vector<StoredRun> runs;
};
OpenedStudy open_study_dir(const std::filesystem::path& dir);

}  // namespace stackrace
