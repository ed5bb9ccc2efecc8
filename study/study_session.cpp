#include "study/study_session.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <charconv>
#include <string>
#include <vector>

#include "base/errors.h"
#include "base/proto/study.pb.h"
#include "base/textproto_parse.h"
#include "study/study_outputs.h"
#include "study/study_verify.h"

namespace stackrace {

namespace fs = std::filesystem;

namespace {

constexpr const char* kDbName = "study.sqlite";

bool parse_count(const std::string& text, std::size_t& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

constexpr const char* kPartialPrefix = ".study.sqlite.partial-";

// The pid of a process creating a database in `dir` right now (a partial
// file whose process lives), or 0. Partial files of dead processes (a study
// killed while starting, a full disk) are removed.
pid_t clear_partials(const fs::path& dir) {
  pid_t live = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(kPartialPrefix, 0) != 0) continue;
    const pid_t pid = static_cast<pid_t>(std::atol(name.c_str() + std::strlen(kPartialPrefix)));
    if (pid > 0 && pid != ::getpid() && (::kill(pid, 0) == 0 || errno == EPERM)) {
      live = pid;
    } else {
      std::error_code ignored;
      fs::remove(entry.path(), ignored);
    }
  }
  return live;
}

// Why the study in `db` was run on other world data than `study`'s base
// scenario reads now ("" when the same, or when the study predates the
// record): its runs and the ones to come would not be comparable.
std::string other_world(const StudyDb& db, const LoadedStudy& study) {
  const std::string then = db.meta("world_digest");
  if (then.empty() || then == study.world_digest) return "";
  return "the study there was run on other world data: the world files of " + study.base_path +
         " (world_data, world_config, observed_adoption) changed since it started (world digest " + then + ", now " +
         study.world_digest + "); restore them, or start the study again in another --out";
}

// A shard as the command line gave it: 0/1 is the whole study, as without --shard.
std::string shard_named(Shard shard) {
  return shard.count == 1 ? shard.str() + " (the whole study, as without --shard)" : shard.str();
}

// The `set` lines of a spec's canonical text: the study file's, then the
// command line's --set.
std::vector<std::string> set_lines(const std::string& canonical_text, const std::string& name) {
  StudySpec spec;
  parse_textproto(canonical_text, name, spec);
  return {spec.set().begin(), spec.set().end()};
}

// Why a --resume's spec differs from the study's: the --set lines when they
// differ (the command to resume with), else the spec or its base scenario.
std::string resume_mismatch(const StudyDb& db, const LoadedStudy& study, const fs::path& dir) {
  const std::string fingerprints =
      " (fingerprint " + db.meta("fingerprint") + ", " + study.spec_path + " gives " + study.fingerprint + ")";
  std::vector<std::string> then, now;
  try {
    then = set_lines(db.meta("spec_text"), (dir / kDbName).string() + " (stored spec)");
    now = set_lines(study.plan.canonical_text, study.spec_path);
  } catch (const InputError&) {
    // A spec stored by a version with other fields: its set lines are not
    // readable here, and the model check below names the version.
    then = now;
  }
  if (then != now) {
    const auto listed = [](const std::vector<std::string>& sets) {
      std::string out;
      for (const std::string& s : sets) out += (out.empty() ? "" : ", ") + s;
      return sets.empty() ? std::string("none") : out;
    };
    return "--resume: the study there was started with the set lines " + listed(then) + " (the spec's and --set's), " +
           "and this command gives " + listed(now) + fingerprints +
           ": resume with the --set it was started with (the ones not in the spec), or start it in another --out "
           "directory";
  }
  return "--resume: the study there was started from a different spec or base scenario" + fingerprints +
         ": restore them, or start it in another --out directory";
}

StudyDb resume_db(const LoadedStudy& study, const fs::path& dir, Shard shard) {
  // SQLite would say "attempt to write a readonly database" at its first
  // query, which tells the user little.
  for (const fs::path& p : {dir, dir / kDbName}) {
    if (::access(p.c_str(), W_OK) != 0) {
      throw InputError(p.string(),
                       "is read-only: --resume writes the runs still to do into the study (make it "
                       "writable, or copy the study elsewhere and resume the copy)");
    }
  }
  StudyDb db = StudyDb::open(dir / kDbName, DbAccess::kWrite);
  if (db.meta("fingerprint") != study.fingerprint) throw InputError(dir.string(), resume_mismatch(db, study, dir));
  if (db.meta("shard") != shard.str()) {
    throw InputError(dir.string(),
                     "--resume: the study there is shard " + db.meta("shard") + ", not " + shard_named(shard));
  }
  if (const std::string why = other_world(db, study); !why.empty()) throw InputError(dir.string(), "--resume: " + why);
  check_model_identity(db, "--resume");
  verify_rows(db, study.plan, shard, db.runs(study.plan));
  return db;
}

// What --out is refused for, here and in check_study_out.
constexpr const char* kNotADirectory = "exists and is not a directory";
constexpr const char* kNotEmpty = "exists, is not empty and holds no study: choose another --out";

// Refuses a directory that holds anything but partial files of dead
// processes, and one where another study is being created this instant.
void check_empty(const fs::path& dir) {
  if (!fs::is_directory(dir)) throw InputError(dir.string(), kNotADirectory);
  if (const pid_t other = clear_partials(dir)) {
    throw InputError(dir.string(), "another stackrace (pid " + std::to_string(other) +
                                       ") is starting a study there right now: choose another --out");
  }
  // A study started at the same instant may have put its database there
  // since open_or_create looked.
  if (fs::exists(dir / kDbName))
    throw InputError(dir.string(), "holds a study already: pass --resume to continue it, or choose another --out");
  if (!fs::is_empty(dir))
    throw InputError(dir.string(), kNotEmpty);
}

// The database is written whole under a temporary name and linked into place
// (StudyDb::create), so that a study killed or failing (a full disk) while
// starting leaves no study.sqlite that --resume cannot read. A directory this
// call made is removed again when creating fails, so that a rerun starts
// afresh; one that existed is left empty.
StudyDb create_db(const LoadedStudy& study, const fs::path& dir, Shard shard, StudyLock& lock) {
  const bool made = !fs::exists(dir);
  std::error_code ec;
  fs::create_directories(dir, ec);
  // An unwritable or impossible --out is the user's to fix, as for `run`.
  if (ec) throw InputError("--out " + dir.string(), "cannot create the directory: " + ec.message());
  lock.acquire(dir, "starting a study");
  if (!made) check_empty(dir);
  std::map<std::string, std::string> meta = program_identity();
  meta.insert({{"fingerprint", study.fingerprint},
               {"world_digest", study.world_digest},
               {"shard", shard.str()},
               {"spec_path", study.spec_path},
               {"base_scenario", study.base_path}});
  try {
    return StudyDb::create(dir / kDbName, study.plan, meta);
  } catch (...) {
    std::error_code ignored;
    if (made) fs::remove(dir, ignored);  // only when empty
    throw;
  }
}

// What to do about a study found where a new one was to start: resume it
// when --resume would take it (this spec, shard and model), else another
// --out, with the reason --resume would give.
std::string resume_hint(const LoadedStudy& study, const fs::path& dir, Shard shard) {
  std::string resume = "pass --resume to continue it, or choose another --out";
  try {
    const StudyDb db = StudyDb::open(dir / kDbName, DbAccess::kRead);
    std::string other;
    if (db.meta("fingerprint") != study.fingerprint) {
      other =
          "it was started from " + db.meta("spec_path") + " with another spec, base scenario or --set than this one";
    } else if (db.meta("shard") != shard.str()) {
      other = "it is shard " + db.meta("shard") + ", not " + shard_named(shard);
    } else if (const std::string why = other_world(db, study); !why.empty()) {
      other = why;
    } else {
      check_model_identity(db, "--resume");
    }
    if (other.empty()) return resume;
    return other + ", so --resume would refuse it too: choose another --out";
  } catch (const InputError& e) {
    return e.message();  // another model: --resume would refuse it for this
  } catch (const std::exception&) {
    return resume;  // unreadable: --resume says why
  }
}

StudyDb open_or_create(const LoadedStudy& study, const fs::path& dir, bool resume, Shard shard, StudyLock& lock) {
  if (fs::exists(dir / kDbName)) {
    if (!resume) throw InputError(dir.string(), "holds a study already: " + resume_hint(study, dir, shard));
    lock.acquire(dir, "--resume");
    // A start killed after linking the database into place, before removing
    // its temporary name, left a copy that only a resume ever sees.
    clear_partials(dir);
    return resume_db(study, dir, shard);
  }
  return create_db(study, dir, shard, lock);
}

}  // namespace

void check_study_out(const LoadedStudy& study, const fs::path& dir, Shard shard) {
  try {
    if (fs::exists(dir / kDbName))
      throw InputError(dir.string(), "holds a study already: " + resume_hint(study, dir, shard));
    if (!fs::exists(dir)) {
      // The start would create it: the nearest folder that exists must let it.
      fs::path parent = fs::absolute(dir).parent_path();
      while (!fs::exists(parent) && parent != parent.parent_path()) parent = parent.parent_path();
      if (!fs::is_directory(parent) || ::access(parent.c_str(), W_OK | X_OK) != 0) {
        throw InputError("--out " + dir.string(),
                         "cannot create the directory: " + parent.string() + " is not a folder this user may write in");
      }
      return;
    }
    if (!fs::is_directory(dir)) throw InputError(dir.string(), kNotADirectory);
    for (const auto& entry : fs::directory_iterator(dir)) {
      // Partial files are a dead start's leftovers, which a start clears (or a live one's, which it reports).
      if (entry.path().filename().string().rfind(kPartialPrefix, 0) != 0)
        throw InputError(dir.string(), kNotEmpty);
    }
  } catch (const fs::filesystem_error& e) {
    throw InputError("--out " + dir.string(), e.code().message());
  }
}

Shard parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  Shard s;
  if (slash == std::string::npos || !parse_count(text.substr(0, slash), s.index) ||
      !parse_count(text.substr(slash + 1), s.count) || s.count < 1 || s.index >= s.count)
    throw InputError("--shard " + text, "expected i/N with 0 <= i < N, e.g. --shard 0/4");
  return s;
}

StudySession::StudySession(const LoadedStudy& study, const fs::path& dir, bool resume, Shard shard)
    : study_(study), dir_(dir), shard_(shard), db_(open_or_create(study, dir, resume, shard, lock_)) {
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

OpenedStudy open_study_dir(const fs::path& dir) {
  StudyDb db = StudyDb::open(dir / kDbName, DbAccess::kRead);
  StudyPlan plan = plan_from_text(db.meta("spec_text"), (dir / kDbName).string() + " (stored spec)");
  std::vector<StoredRun> runs = db.runs(plan);
  verify_rows(db, plan, parse_shard(db.meta("shard")), runs);
  return {std::move(db), std::move(plan), std::move(runs)};
}

}  // namespace stackrace
