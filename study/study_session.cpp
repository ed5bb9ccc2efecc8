#include "study/study_session.h"

#include <unistd.h>

#include <charconv>

#include "base/errors.h"
#include "sim/runner.h"
#include "study/study_outputs.h"

namespace stackrace {

namespace fs = std::filesystem;

namespace {

constexpr const char* kDbName = "study.sqlite";

bool parse_count(const std::string& text, std::size_t& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

// Creates the database under a temporary name and renames it into place once
// its schema is committed and the file closed, so that a study killed while
// starting never leaves a study.sqlite that --resume cannot read.
StudyDb create_db(const LoadedStudy& study, const fs::path& dir, Shard shard) {
  const fs::path temp = dir / (".study.sqlite.partial-" + std::to_string(::getpid()));
  fs::remove(temp);
  {
    StudyDb db = StudyDb::create(temp, study.plan,
                                 {{"fingerprint", study.fingerprint},
                                  {"shard", shard.str()},
                                  {"program_version", program_version()},
                                  {"spec_path", study.spec_path},
                                  {"base_scenario", study.base_path}});
  }
  fs::rename(temp, dir / kDbName);
  return StudyDb::open(dir / kDbName);
}

StudyDb open_or_create(const LoadedStudy& study, const fs::path& dir, bool resume, Shard shard) {
  const fs::path file = dir / kDbName;
  if (fs::exists(file)) {
    if (!resume)
      throw InputError(dir.string(), "holds a study already: pass --resume to continue it, or choose another --out");
    StudyDb db = StudyDb::open(file);
    if (db.meta("fingerprint") != study.fingerprint)
      throw InputError(dir.string(),
                       "--resume: the study there was started from a different spec or base scenario "
                       "(fingerprint " +
                           db.meta("fingerprint") + ", " + study.spec_path + " gives " + study.fingerprint +
                           "); start it in another --out directory");
    if (db.meta("shard") != shard.str())
      throw InputError(dir.string(), "--resume: the study there is shard " + db.meta("shard") + ", not " + shard.str());
    return db;
  }
  if (fs::exists(dir)) {
    if (!fs::is_directory(dir)) throw InputError(dir.string(), "exists and is not a directory");
    for (const auto& entry : fs::directory_iterator(dir)) {
      // A database being created by a killed study: harmless, replaced below.
      if (entry.path().filename().string().rfind(".study.sqlite.partial-", 0) == 0) continue;
      throw InputError(dir.string(), "exists, is not empty and holds no study: choose another --out");
    }
  }
  fs::create_directories(dir);
  for (const auto& entry : fs::directory_iterator(dir)) fs::remove(entry.path());
  return create_db(study, dir, shard);
}

}  // namespace

Shard parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  Shard s;
  if (slash == std::string::npos || !parse_count(text.substr(0, slash), s.index) ||
      !parse_count(text.substr(slash + 1), s.count) || s.count < 1 || s.index >= s.count)
    throw InputError("--shard " + text, "expected i/N with 0 <= i < N, e.g. --shard 0/4");
  return s;
}

StudySession::StudySession(const LoadedStudy& study, const fs::path& dir, bool resume, Shard shard)
    : study_(study), dir_(dir), shard_(shard), db_(open_or_create(study, dir, resume, shard)) {
  std::vector<bool> done(study.plan.run_count(), false);
  for (const StoredRun& r : db_.runs(study.plan))
    if (r.ok() && r.run >= 0 && static_cast<std::size_t>(r.run) < done.size()) done[r.run] = true;
  for (std::size_t run = 0; run < study.plan.run_count(); ++run) {
    if (!shard.contains(run)) continue;
    ++in_scope_;
    if (!done[run]) pending_.push_back(run);
  }
}

void StudySession::record(const RunResult& result) {
  std::lock_guard<std::mutex> lock(mutex_);
  db_.record(study_.plan, result);
}

std::size_t StudySession::finish() {
  std::lock_guard<std::mutex> lock(mutex_);
  const std::vector<StoredRun> runs = db_.runs(study_.plan);
  std::size_t ok = 0;
  for (const StoredRun& r : runs) ok += r.ok() ? 1 : 0;
  write_study_outputs(dir_, study_.plan, runs, shard_.count == 1);
  return in_scope_ - ok;
}

OpenedStudy open_study_dir(const fs::path& dir, bool read_only) {
  StudyDb db = StudyDb::open(dir / kDbName, read_only);
  StudyPlan plan = plan_from_text(db.meta("spec_text"), (dir / kDbName).string() + " (stored spec)");
  return {std::move(db), std::move(plan)};
}

}  // namespace stackrace
