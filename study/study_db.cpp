#include "study/study_db.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>

#include "base/errors.h"
#include "base/text_escape.h"

namespace stackrace {

namespace fs = std::filesystem;

namespace {

// Bumped when the schema changes; a database of another version is refused.
constexpr const char* kFormatVersion = "1";

// Throws for the last error on `db`, naming the file: a damaged file is bad
// input the user can act on (exit 2, with the hint); anything else (a full
// disk, an I/O error) is a failure of the machine (exit 1).
[[noreturn]] void fail(sqlite3* db, const fs::path& file, const std::string& context) {
  const int code = sqlite3_errcode(db) & 0xff;
  // The system's reason, where there is one (a full disk, a file-size limit, a lock a network file system refuses).
  const int system_error = sqlite3_system_errno(db);
  const std::string message = std::string("SQLite: ") + sqlite3_errmsg(db) +
                              (system_error != 0 ? std::string(" (") + std::strerror(system_error) + ")" : "") +
                              (context.empty() ? "" : " in: " + context);
  if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
    throw InputError(file.string(), message + "; the file is damaged: " + repair_hint(file.parent_path()));
  throw std::runtime_error(file.string() + ": " + message);
}

// Statements are finalised whatever happens.
class Statement {
 public:
  Statement(sqlite3* db, const fs::path& file, const std::string& sql) : db_(db), file_(file) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK) fail(db, file, sql);
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  sqlite3_stmt* get() const { return stmt_; }
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(db_, file_, sqlite3_sql(stmt_));
  }

 private:
  sqlite3* db_;
  const fs::path& file_;
  sqlite3_stmt* stmt_ = nullptr;
};

void bind_double(sqlite3_stmt* s, int index, double v) {
  if (std::isnan(v)) {
    sqlite3_bind_null(s, index);
  } else {
    sqlite3_bind_double(s, index, v);
  }
}

void bind_row(sqlite3_stmt* s, const StoredRun& row) {
  sqlite3_reset(s);
  sqlite3_clear_bindings(s);
  int k = 1;
  sqlite3_bind_int64(s, k++, row.run);
  sqlite3_bind_int64(s, k++, row.point);
  sqlite3_bind_int64(s, k++, row.replicate);
  sqlite3_bind_int64(s, k++, row.seed);
  for (double v : row.factors) bind_double(s, k++, v);
  for (double v : row.outcomes) bind_double(s, k++, v);
  sqlite3_bind_text(s, k++, row.status.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_double(s, k++, row.wall_s);
}

std::string insert_sql(const StudyPlan& plan) {
  std::string sql = "INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?";
  for (std::size_t i = 0; i < plan.factors.size() + plan.outcomes.size(); ++i) sql += ", ?";
  return sql + ", ?, ?)";
}

std::vector<std::string> run_columns(const StudyPlan& plan) {
  std::vector<std::string> names = {"run", "point", "replicate", "seed"};
  for (const StudyFactor& f : plan.factors) names.push_back(f.name);
  for (const OutcomeExpr& o : plan.outcomes) names.push_back(o.name);
  names.push_back("status");
  names.push_back("wall_s");
  return names;
}

sqlite3* open_file(const std::string& name, const fs::path& file, int flags) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(name.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    const std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    throw std::runtime_error("cannot open " + file.string() + ": SQLite: " + message);
  }
  // Several processes may look at the file (a test polling it, `study report`
  // while a study runs): wait for a lock instead of failing at once.
  sqlite3_busy_timeout(db, 10000);
  return db;
}

// `file` as an SQLite URI that opens it immutable: no locks, no -shm, so it
// reads from read-only media. Only for a file no one writes.
std::string immutable_uri(const fs::path& file) {
  std::string uri = "file:";
  for (unsigned char c : fs::absolute(file).string()) {
    if (std::isalnum(c) || std::strchr("/-._~", c)) {
      uri += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      uri += hex;
    }
  }
  return uri + "?immutable=1";
}

bool writable(const fs::path& path) { return ::access(path.c_str(), W_OK) == 0; }

// Makes a rename or link in `dir` durable.
void sync_dir(const fs::path& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

void remove_with_journal(const fs::path& file) {
  std::error_code ignored;
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(file.string() + suffix, ignored);
}

// Writes the schema and the metadata to a new file in one transaction, with
// a rollback journal and full sync: the file is complete on disk when this
// returns, and nothing but `temp` (and while writing its -journal) exists.
void write_new(const fs::path& temp, const StudyPlan& plan, const std::map<std::string, std::string>& meta) {
  sqlite3* db = open_file(temp.string(), temp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  auto exec = [&](const std::string& sql) {
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) fail(db, temp, sql);
  };
  try {
    exec("PRAGMA journal_mode=DELETE");
    exec("PRAGMA synchronous=FULL");
    std::string columns =
        "run INTEGER PRIMARY KEY, point INTEGER NOT NULL, replicate INTEGER NOT NULL, "
        "seed INTEGER NOT NULL";
    for (const StudyFactor& f : plan.factors) columns += ", " + quote_identifier(f.name) + " REAL";
    for (const OutcomeExpr& o : plan.outcomes) columns += ", " + quote_identifier(o.name) + " REAL";
    columns += ", status TEXT NOT NULL, wall_s REAL";
    exec("BEGIN");
    exec("CREATE TABLE study (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    exec("CREATE TABLE runs (" + columns + ")");
    // Only a study with records has the table: other databases stay as they were.
    if (!plan.records.empty()) {
      exec("CREATE TABLE series (run INTEGER NOT NULL, record INTEGER NOT NULL, month TEXT NOT NULL, value REAL, "
           "PRIMARY KEY (run, record, month)) WITHOUT ROWID");
    }
    {
      Statement insert(db, temp, "INSERT INTO study (key, value) VALUES (?, ?)");
      for (const auto& [key, value] : meta) {
        sqlite3_reset(insert.get());
        sqlite3_bind_text(insert.get(), 1, key.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(insert.get(), 2, value.c_str(), -1, SQLITE_TRANSIENT);
        insert.step();
      }
    }
    exec("COMMIT");
  } catch (...) {
    sqlite3_close(db);
    throw;
  }
  if (sqlite3_close(db) != SQLITE_OK) throw std::runtime_error(temp.string() + ": SQLite: cannot close");
}

StoredRun read_row(sqlite3_stmt* s, const StudyPlan& plan) {
  auto real = [&](int column) {
    return sqlite3_column_type(s, column) == SQLITE_NULL ? std::numeric_limits<double>::quiet_NaN()
                                                         : sqlite3_column_double(s, column);
  };
  StoredRun r;
  int k = 0;
  r.run = sqlite3_column_int64(s, k++);
  r.point = sqlite3_column_int64(s, k++);
  r.replicate = sqlite3_column_int64(s, k++);
  r.seed = sqlite3_column_int64(s, k++);
  for (std::size_t i = 0; i < plan.factors.size(); ++i) r.factors.push_back(real(k++));
  for (std::size_t i = 0; i < plan.outcomes.size(); ++i) r.outcomes.push_back(real(k++));
  const unsigned char* status = sqlite3_column_text(s, k++);
  r.status = status ? reinterpret_cast<const char*>(status) : "";
  r.wall_s = real(k++);
  return r;
}

}  // namespace

std::string quote_identifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

namespace {

// Whether the study database at `file` is too damaged for `study repair`,
// which needs the spec stored in it: SQLite calls it damaged (corrupt, not a
// database), or the spec is gone. Any other failure (a lock, an I/O error)
// says nothing about the file, so it is not counted. Plain SQLite calls, not
// Statement: fail() asks this.
bool too_damaged_to_repair(const fs::path& file) {
  const auto damaged = [](int rc) { return (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB; };
  sqlite3* db = nullptr;
  bool too_damaged = false;
  int rc = sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  if (rc == SQLITE_OK) {
    sqlite3_stmt* s = nullptr;
    rc = sqlite3_prepare_v2(db, "SELECT value FROM study WHERE key = 'spec_text'", -1, &s, nullptr);
    if (rc == SQLITE_OK) {
      rc = sqlite3_step(s);
      too_damaged = rc == SQLITE_DONE || damaged(rc);  // DONE: no spec row
    } else {
      too_damaged = damaged(sqlite3_errcode(db)) || (rc & 0xff) == SQLITE_ERROR;  // ERROR: no study table
    }
    sqlite3_finalize(s);
  } else {
    too_damaged = damaged(rc);
  }
  sqlite3_close(db);
  return too_damaged;
}

}  // namespace

std::string repair_hint(const fs::path& dir) {
  if (too_damaged_to_repair(dir / "study.sqlite"))
    return "start the study in another --out directory (too little of the file can be read to repair it)";
  return "start the study in another --out directory, or drop the rows that do not match with `stackrace study "
         "repair " +
         dir.string() + "` (they run again with --resume)";
}

StudyDb::StudyDb(StudyDb&& other) noexcept : db_(other.db_), file_(std::move(other.file_)) { other.db_ = nullptr; }

StudyDb::~StudyDb() {
  // Closing the last connection checkpoints the WAL into the database file
  // and removes study.sqlite-wal and -shm.
  if (db_) sqlite3_close(db_);
}

void StudyDb::exec(const std::string& sql) const {
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) fail(db_, file_, sql);
}

StudyDb StudyDb::create(const fs::path& file, const StudyPlan& plan, const std::map<std::string, std::string>& meta) {
  // Hidden and unique to this process; a study starting in the same
  // directory recognises it by its prefix and pid (study_session.cpp).
  const fs::path temp =
      file.parent_path() / ("." + file.filename().string() + ".partial-" + std::to_string(::getpid()));
  remove_with_journal(temp);
  std::map<std::string, std::string> all = meta;
  all["format_version"] = kFormatVersion;
  all["spec_text"] = plan.canonical_text;
  all["runs_total"] = std::to_string(plan.run_count());
  try {
    write_new(temp, plan, all);
  } catch (const InputError&) {
    remove_with_journal(temp);
    throw;
  } catch (const std::runtime_error& e) {
    // The hidden file is gone by now: name the database the user asked for.
    remove_with_journal(temp);
    std::string message = e.what();
    if (message.rfind(temp.string(), 0) == 0) {
      message.replace(0, temp.string().size(), file.string() + " (being created)");
    }
    throw std::runtime_error(message);
  } catch (...) {
    remove_with_journal(temp);
    throw;
  }
  // link() fails when `file` exists, where rename() would replace it: of two
  // studies started together in one directory, the second gets EEXIST.
  const int linked = ::link(temp.c_str(), file.c_str());
  const int error = errno;
  remove_with_journal(temp);
  if (linked != 0 && error == EEXIST) {
    throw InputError(file.parent_path().string(),
                     "another stackrace created " + file.filename().string() +
                         " there at the same time: only one study may write a directory; choose another --out");
  }
  if (linked != 0) throw std::runtime_error("cannot create " + file.string() + ": " + std::strerror(error));
  sync_dir(file.parent_path());
  try {
    StudyDb db = open(file, DbAccess::kWrite);
    // The write-ahead log and its index beside the file are made by the
    // switch to it and by the first read: a full disk refuses them here,
    // while the start can still be undone.
    db.runs(plan);
    return db;
  } catch (...) {
    remove_with_journal(file);  // linked above: this start's own (`db` is closed by now)
    throw;
  }
}

StudyDb StudyDb::open(const fs::path& file, DbAccess access) {
  if (!fs::is_regular_file(file))
    throw InputError(file.string(), "no study database here (expected a directory written by `stackrace study`)");
  const bool wal = fs::exists(file.string() + "-wal");
  StudyDb db = [&] {
    if (access == DbAccess::kWrite) return StudyDb(open_file(file.string(), file, SQLITE_OPEN_READWRITE), file);
    // A reader opening read-write when it can folds a write-ahead log left
    // by a killed study back and removes it on close.
    if (wal && writable(file) && writable(file.parent_path().empty() ? "." : file.parent_path()))
      return StudyDb(open_file(file.string(), file, SQLITE_OPEN_READWRITE), file);
    if (wal) return StudyDb(open_file(file.string(), file, SQLITE_OPEN_READONLY), file);
    return StudyDb(open_file(immutable_uri(file), file, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI), file);
  }();
  const std::string version = db.meta("format_version");
  if (version != kFormatVersion) {
    std::error_code ec;
    const bool empty = fs::file_size(file, ec) == 0 && !ec;  // SQLite reads an empty file as an empty database
    throw InputError(file.string(),
                     empty ? "is empty (0 bytes): a study database truncated to nothing, or never written: start "
                             "the study in another --out directory"
                     : version.empty()
                         ? "not a stackrace study database (it has no study table)"
                         : "study database format " + version + ", this stackrace reads " + kFormatVersion);
  }
  if (access == DbAccess::kWrite) {
    // Write-ahead log with synchronous=NORMAL: a commit appends to the log
    // and survives the process being killed (the OS has the pages); only a
    // power loss can drop the last few commits, and --resume then simply
    // reruns those runs. The default rollback journal would fsync twice per
    // run for no gain in what a study can recover.
    db.exec("PRAGMA journal_mode=WAL");
    db.exec("PRAGMA synchronous=NORMAL");
  }
  return db;
}

std::string StudyDb::meta(const std::string& key) const {
  {
    // Another SQLite database (no `study` table) is told apart from a
    // damaged one, which fails here with the repair hint.
    Statement table(db_, file_, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'study'");
    if (!table.step()) return "";
  }
  Statement s(db_, file_, "SELECT value FROM study WHERE key = ?");
  sqlite3_bind_text(s.get(), 1, key.c_str(), -1, SQLITE_TRANSIENT);
  if (!s.step()) return "";
  const unsigned char* text = sqlite3_column_text(s.get(), 0);
  return text ? reinterpret_cast<const char*>(text) : "";
}

std::map<std::string, std::string> StudyDb::all_meta() const {
  std::map<std::string, std::string> out;
  Statement s(db_, file_, "SELECT key, value FROM study");
  while (s.step()) {
    const unsigned char* key = sqlite3_column_text(s.get(), 0);
    const unsigned char* value = sqlite3_column_text(s.get(), 1);
    if (key && value) out[reinterpret_cast<const char*>(key)] = reinterpret_cast<const char*>(value);
  }
  return out;
}

std::string StudyDb::quick_check() const {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db_, "PRAGMA quick_check(3)", -1, &s, nullptr) != SQLITE_OK)
    return std::string("SQLite: ") + sqlite3_errmsg(db_);
  std::string found;
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(s, 0);
    found += (found.empty() ? "" : "; ") + std::string(text ? reinterpret_cast<const char*>(text) : "");
  }
  if (rc != SQLITE_DONE) found += (found.empty() ? "SQLite: " : "; SQLite: ") + std::string(sqlite3_errmsg(db_));
  sqlite3_finalize(s);
  return found == "ok" ? "" : found;
}

void StudyDb::record(const StudyPlan& plan, const RunResult& result) {
  StoredRun row;
  row.run = static_cast<std::int64_t>(result.run);
  row.point = static_cast<std::int64_t>(plan.point_of(result.run));
  row.replicate = plan.replicate_of(result.run);
  row.seed = static_cast<std::int64_t>(plan.run_seed(result.run));
  row.factors = plan.points[plan.point_of(result.run)];
  row.outcomes = result.outcomes;
  row.status = result.status;
  row.wall_s = result.wall_s;
  row.recorded = result.recorded;
  record_all(plan, {row});
}

void StudyDb::record_all(const StudyPlan& plan, const std::vector<StoredRun>& rows) {
  Statement s(db_, file_, insert_sql(plan));
  const bool series = !plan.records.empty();
  std::optional<Statement> drop, insert;
  if (series) {
    drop.emplace(db_, file_, "DELETE FROM series WHERE run = ?");
    insert.emplace(db_, file_, "INSERT INTO series (run, record, month, value) VALUES (?, ?, ?, ?)");
  }
  exec("BEGIN IMMEDIATE");
  try {
    for (const StoredRun& row : rows) {
      bind_row(s.get(), row);
      s.step();
      if (!series) continue;
      // A retried run replaces its earlier (failed) attempt's rows.
      sqlite3_reset(drop->get());
      sqlite3_bind_int64(drop->get(), 1, row.run);
      drop->step();
      for (std::size_t r = 0; r < row.recorded.size(); ++r) {
        for (const RecordedValue& v : row.recorded[r]) {
          sqlite3_reset(insert->get());
          sqlite3_bind_int64(insert->get(), 1, row.run);
          sqlite3_bind_int64(insert->get(), 2, static_cast<std::int64_t>(r));
          sqlite3_bind_text(insert->get(), 3, v.month.c_str(), -1, SQLITE_TRANSIENT);
          bind_double(insert->get(), 4, v.value);
          insert->step();
        }
      }
    }
    exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

void StudyDb::check_columns(sqlite3_stmt* select, const StudyPlan& plan) const {
  std::vector<std::string> found;
  found.reserve(static_cast<std::size_t>(sqlite3_column_count(select)));
  for (int i = 0; i < sqlite3_column_count(select); ++i) found.push_back(sqlite3_column_name(select, i));
  const std::vector<std::string> expected = run_columns(plan);
  if (found != expected) {
    throw InputError(file_.string(), "the runs table has the columns (" + comma_list(found) +
                                         "), the study's spec gives (" + comma_list(expected) +
                                         "): start the study in another --out directory");
  }
}

std::vector<StoredRun> StudyDb::runs(const StudyPlan& plan) const {
  std::vector<StoredRun> out;
  {
    Statement s(db_, file_, "SELECT * FROM runs ORDER BY run");
    check_columns(s.get(), plan);
    while (s.step()) out.push_back(read_row(s.get(), plan));
  }
  read_series(plan, out);
  return out;
}

void StudyDb::read_series(const StudyPlan& plan, std::vector<StoredRun>& runs) const {
  if (plan.records.empty()) return;
  std::map<std::int64_t, StoredRun*> by_run;
  for (StoredRun& r : runs) {
    r.recorded.assign(plan.records.size(), {});
    by_run[r.run] = &r;
  }
  Statement s(db_, file_, "SELECT run, record, month, value FROM series ORDER BY run, record, month");
  while (s.step()) {
    const auto it = by_run.find(sqlite3_column_int64(s.get(), 0));
    const std::int64_t record = sqlite3_column_int64(s.get(), 1);
    if (it == by_run.end() || record < 0 || record >= static_cast<std::int64_t>(plan.records.size())) continue;
    const unsigned char* month = sqlite3_column_text(s.get(), 2);
    const double value = sqlite3_column_type(s.get(), 3) == SQLITE_NULL ? std::numeric_limits<double>::quiet_NaN()
                                                                         : sqlite3_column_double(s.get(), 3);
    it->second->recorded[static_cast<std::size_t>(record)].push_back(
        {month ? reinterpret_cast<const char*>(month) : "", value});
  }
}

std::vector<StoredRun> StudyDb::readable_runs(const StudyPlan& plan, std::size_t& unreadable) const {
  Statement s(db_, file_, "SELECT * FROM runs WHERE run = ?");
  check_columns(s.get(), plan);
  std::vector<StoredRun> out;
  unreadable = 0;
  for (std::size_t run = 0; run < plan.run_count(); ++run) {
    sqlite3_reset(s.get());
    sqlite3_bind_int64(s.get(), 1, static_cast<std::int64_t>(run));
    // Each run is looked up on its own, so a damaged page loses only the
    // rows on it.
    const int rc = sqlite3_step(s.get());
    if (rc == SQLITE_ROW) {
      out.push_back(read_row(s.get(), plan));
    } else if (rc != SQLITE_DONE) {
      ++unreadable;
    }
  }
  read_series(plan, out);
  return out;
}

}  // namespace stackrace
