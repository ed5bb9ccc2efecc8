#include "study/study_db.h"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "base/errors.h"

namespace stackrace {

namespace {

// Bumped when the schema changes; a database of another version is refused.
constexpr const char* kFormatVersion = "1";

// Statements are finalised whatever happens.
class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string("SQLite: ") + sqlite3_errmsg(db) + " in: " + sql);
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  sqlite3_stmt* get() const { return stmt_; }
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw std::runtime_error(std::string("SQLite: ") + sqlite3_errmsg(db_));
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

void bind_double(sqlite3_stmt* s, int index, double v) {
  if (std::isnan(v)) {
    sqlite3_bind_null(s, index);
  } else {
    sqlite3_bind_double(s, index, v);
  }
}

sqlite3* open_file(const std::filesystem::path& file, int flags) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(file.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    const std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    throw std::runtime_error("cannot open " + file.string() + ": " + message);
  }
  // Several processes may look at the file (a test polling it, `study report`
  // while a study runs): wait for a lock instead of failing at once.
  sqlite3_busy_timeout(db, 10000);
  return db;
}

}  // namespace

std::string quote_identifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

StudyDb::StudyDb(StudyDb&& other) noexcept : db_(other.db_), file_(std::move(other.file_)) { other.db_ = nullptr; }

StudyDb::~StudyDb() {
  // Closing the last connection checkpoints the WAL into the database file
  // and removes study.sqlite-wal and -shm.
  if (db_) sqlite3_close(db_);
}

void StudyDb::exec(const std::string& sql) const {
  char* error = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    const std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    throw std::runtime_error("SQLite: " + message + " (" + file_.string() + ")");
  }
}

StudyDb StudyDb::create(const std::filesystem::path& file, const StudyPlan& plan,
                        const std::map<std::string, std::string>& meta) {
  if (std::filesystem::exists(file)) throw std::runtime_error(file.string() + " exists already");
  StudyDb db(open_file(file, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE), file);
  // Write-ahead log with synchronous=NORMAL: a commit appends to the log and
  // survives the process being killed (the OS has the pages); only a power
  // loss can drop the last few commits, and --resume then simply reruns those
  // runs. The default rollback journal would fsync twice per run for no gain
  // in what a study can recover.
  db.exec("PRAGMA journal_mode=WAL");
  db.exec("PRAGMA synchronous=NORMAL");
  std::string columns =
      "run INTEGER PRIMARY KEY, point INTEGER NOT NULL, replicate INTEGER NOT NULL, "
      "seed INTEGER NOT NULL";
  for (const StudyFactor& f : plan.factors) columns += ", " + quote_identifier(f.name) + " REAL";
  for (const OutcomeExpr& o : plan.outcomes) columns += ", " + quote_identifier(o.name) + " REAL";
  columns += ", status TEXT NOT NULL, wall_s REAL";
  db.exec("BEGIN");
  db.exec("CREATE TABLE study (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
  db.exec("CREATE TABLE runs (" + columns + ")");
  std::map<std::string, std::string> all = meta;
  all["format_version"] = kFormatVersion;
  all["spec_text"] = plan.canonical_text;
  all["runs_total"] = std::to_string(plan.run_count());
  Statement insert(db.db_, "INSERT INTO study (key, value) VALUES (?, ?)");
  for (const auto& [key, value] : all) {
    sqlite3_reset(insert.get());
    sqlite3_bind_text(insert.get(), 1, key.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(insert.get(), 2, value.c_str(), -1, SQLITE_TRANSIENT);
    insert.step();
  }
  db.exec("COMMIT");
  return db;
}

StudyDb StudyDb::open(const std::filesystem::path& file, bool read_only) {
  if (!std::filesystem::is_regular_file(file))
    throw InputError(file.string(), "no study database here (expected a directory written by `stackrace study`)");
  StudyDb db(open_file(file, read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE), file);
  const std::string version = db.meta("format_version");
  if (version != kFormatVersion)
    throw InputError(file.string(),
                     version.empty() ? "not a stackrace study database"
                                     : "study database format " + version + ", this stackrace reads " + kFormatVersion);
  return db;
}

std::string StudyDb::meta(const std::string& key) const {
  try {
    Statement s(db_, "SELECT value FROM study WHERE key = ?");
    sqlite3_bind_text(s.get(), 1, key.c_str(), -1, SQLITE_TRANSIENT);
    if (!s.step()) return "";
    const unsigned char* text = sqlite3_column_text(s.get(), 0);
    return text ? reinterpret_cast<const char*>(text) : "";
  } catch (const std::runtime_error&) {
    return "";  // no `study` table: not ours; open() reports it
  }
}

void StudyDb::insert(const StudyPlan& plan, const StoredRun& row) {
  std::string sql = "INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?";
  for (std::size_t i = 0; i < plan.factors.size() + plan.outcomes.size(); ++i) sql += ", ?";
  sql += ", ?, ?)";
  Statement s(db_, sql);
  int k = 1;
  sqlite3_bind_int64(s.get(), k++, row.run);
  sqlite3_bind_int64(s.get(), k++, row.point);
  sqlite3_bind_int64(s.get(), k++, row.replicate);
  sqlite3_bind_int64(s.get(), k++, row.seed);
  for (double v : row.factors) bind_double(s.get(), k++, v);
  for (double v : row.outcomes) bind_double(s.get(), k++, v);
  sqlite3_bind_text(s.get(), k++, row.status.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_double(s.get(), k++, row.wall_s);
  exec("BEGIN IMMEDIATE");
  try {
    s.step();
    exec("COMMIT");
  } catch (...) {
    exec("ROLLBACK");
    throw;
  }
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
  insert(plan, row);
}

void StudyDb::record(const StudyPlan& plan, const StoredRun& row) { insert(plan, row); }

std::vector<StoredRun> StudyDb::runs(const StudyPlan& plan) const {
  const std::size_t factors = plan.factors.size(), outcomes = plan.outcomes.size();
  Statement s(db_, "SELECT * FROM runs ORDER BY run");
  if (static_cast<std::size_t>(sqlite3_column_count(s.get())) != 6 + factors + outcomes)
    throw std::runtime_error(file_.string() + ": the runs table does not match the study's factors and outcomes");
  std::vector<StoredRun> out;
  auto real = [&](int column) {
    return sqlite3_column_type(s.get(), column) == SQLITE_NULL ? std::numeric_limits<double>::quiet_NaN()
                                                               : sqlite3_column_double(s.get(), column);
  };
  while (s.step()) {
    StoredRun r;
    int k = 0;
    r.run = sqlite3_column_int64(s.get(), k++);
    r.point = sqlite3_column_int64(s.get(), k++);
    r.replicate = sqlite3_column_int64(s.get(), k++);
    r.seed = sqlite3_column_int64(s.get(), k++);
    for (std::size_t i = 0; i < factors; ++i) r.factors.push_back(real(k++));
    for (std::size_t i = 0; i < outcomes; ++i) r.outcomes.push_back(real(k++));
    const unsigned char* status = sqlite3_column_text(s.get(), k++);
    r.status = status ? reinterpret_cast<const char*>(status) : "";
    r.wall_s = real(k++);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace stackrace
