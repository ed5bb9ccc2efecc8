// The study database is verified, not trusted (study/study_db.*,
// study/study_verify.*, study/study_session.cpp): each test first reproduces
// a defect a probe found (a stored row that no longer matches the plan was
// resumed into runs.csv; a file failing quick_check resumed with more rows
// than runs; byte damage said only "not a stackrace study database"; SQLite
// errors named no file; a full disk at start left a directory --resume could
// not use; two studies started together both wrote one directory), then
// checks the refusal, `study repair`, read-only reading, and the model
// identity a database records.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "base/errors.h"
#include "sim/model_identity.h"
#include "sim/runner.h"
#include "study/study_db.h"
#include "study/study_lock.h"
#include "study/study_session.h"
#include "study_test_util.h"

namespace stackrace {
namespace {

namespace fs = std::filesystem;
using namespace study_test;

// The finished smoke study, which each test copies and damages.
class StudyDbTest : public SmokeStudyTest {
 protected:
  fs::path copy(const std::string& name) {
    fs::copy(whole(), t_ / name, fs::copy_options::recursive);
    return t_ / name;
  }
  // Runs `stackrace study ARGS` with a fresh log; returns (exit, log).
  std::pair<int, std::string> study(const std::vector<std::string>& args) {
    const fs::path log = t_ / ("log" + std::to_string(++logs_));
    const int rc = run(study_command(args), log);
    return {rc, read_file(log)};
  }
  TempDir t_;
  int logs_ = 0;
};

TEST_F(StudyDbTest, ARowWhoseSeedNoLongerMatchesIsRefusedThenRepairedAndRerun) {
  const fs::path out = copy("seed");
  sql(out / "study.sqlite", "UPDATE runs SET seed = seed + 1 WHERE run = 5");
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{spec(), "--out", out.string(), "--resume", "--quiet"}, {"report", out.string()}}) {
    const auto [rc, log] = study(args);
    EXPECT_EQ(rc, 2) << log;
    EXPECT_NE(log.find((out / "study.sqlite").string() + ": 1 stored row does not match the study's plan (first: run "
                                                         "5: seed is "),
              std::string::npos)
        << log;
    EXPECT_NE(log.find("start the study in another --out directory, or drop the rows that do not match with "
                       "`stackrace study repair " +
                       out.string() + "`"),
              std::string::npos)
        << log;
  }
  const auto [repaired, repair_log] = study({"repair", out.string()});
  ASSERT_EQ(repaired, 0) << repair_log;
  EXPECT_NE(repair_log.find("dropped 1 of 16 stored runs"), std::string::npos) << repair_log;
  EXPECT_NE(repair_log.find("; 15 of the 16 runs kept. Run the other 1 again with `stackrace study SPEC --out"),
            std::string::npos)
      << repair_log;
  EXPECT_EQ(committed_runs(out / "study.sqlite"), 15);
  const auto [resumed, resume_log] = study({spec(), "--out", out.string(), "--resume", "--quiet"});
  ASSERT_EQ(resumed, 0) << resume_log;
  EXPECT_EQ(runs_without_wall(out / "runs.csv"), runs_without_wall(whole() / "runs.csv"));
  // Repairing a sound study changes nothing.
  const auto [again, again_log] = study({"repair", out.string()});
  EXPECT_EQ(again, 0);
  EXPECT_NE(again_log.find("dropped 0 of 16 stored runs that did not match the study's plan (nothing to repair); "
                           "16 of the 16 runs kept\n"),
            std::string::npos)
      << again_log;
  EXPECT_EQ(again_log.find("--resume"), std::string::npos) << again_log;  // nothing to run again
}

TEST_F(StudyDbTest, RowsFailingQuickCheckAndRowsBeyondThePlanAreRefused) {
  // A NULL status where the schema says NOT NULL (as a bad disk or another
  // tool can leave) and two rows past the plan's 16 runs: 18 rows for 16 runs.
  const fs::path out = copy("integrity");
  const fs::path db = out / "study.sqlite";
  sql(db,
      "PRAGMA writable_schema=ON; UPDATE sqlite_master SET sql = replace(sql, 'status TEXT NOT NULL', "
      "'status TEXT') WHERE name = 'runs'");
  sql(db,
      "UPDATE runs SET status = NULL WHERE run = 3; INSERT INTO runs SELECT run + 16, point, replicate, seed, "
      "beta_price, cn_offer, imitation_q, dev_share_cn_2026, \"ai_user_share_world@2026-06\", "
      "us_closed_2026_mean, status, wall_s FROM runs WHERE run < 2");
  sql(db,
      "PRAGMA writable_schema=ON; UPDATE sqlite_master SET sql = replace(sql, 'status TEXT,', "
      "'status TEXT NOT NULL,') WHERE name = 'runs'");
  const auto [rc, log] = study({spec(), "--out", out.string(), "--resume", "--quiet"});
  EXPECT_EQ(rc, 2) << log;
  EXPECT_NE(log.find(db.string() + ": fails SQLite's quick_check (NULL value in runs.status)"), std::string::npos)
      << log;
  EXPECT_NE(log.find("stackrace study repair"), std::string::npos) << log;

  // Repair drops the three bad rows and rewrites a sound file.
  const auto [repaired, repair_log] = study({"repair", out.string()});
  ASSERT_EQ(repaired, 0) << repair_log;
  EXPECT_NE(repair_log.find("dropped 3 of 18 stored runs"), std::string::npos) << repair_log;
  EXPECT_EQ(committed_runs(db), 15);
  const auto [resumed, resume_log] = study({spec(), "--out", out.string(), "--resume", "--quiet"});
  ASSERT_EQ(resumed, 0) << resume_log;
  EXPECT_EQ(runs_without_wall(out / "runs.csv"), runs_without_wall(whole() / "runs.csv"));
}

TEST_F(StudyDbTest, RowsBeyondThePlanAreNamed) {
  const fs::path out = copy("beyond");
  sql(out / "study.sqlite", "UPDATE runs SET run = 40 WHERE run = 15");
  const auto [rc, log] = study({"report", out.string()});
  EXPECT_EQ(rc, 2) << log;
  EXPECT_NE(log.find("(first: run 40: the plan has runs 0..15 only)"), std::string::npos) << log;
}

TEST_F(StudyDbTest, DamagedBytesAreReportedWithTheFileAndAHint) {
  // The header overwritten: SQLite no longer sees a database.
  const fs::path header = copy("header");
  {
    std::fstream f(header / "study.sqlite", std::ios::in | std::ios::out | std::ios::binary);
    f.write("garbage garbage!", 16);
  }
  const auto [rc, log] = study({"report", header.string()});
  EXPECT_EQ(rc, 2) << log;
  EXPECT_NE(log.find((header / "study.sqlite").string() + ": SQLite: file is not a database"), std::string::npos)
      << log;
  EXPECT_NE(log.find("the file is damaged: start the study in another --out directory (too little of the file can be "
                     "read to repair it)"),
            std::string::npos)
      << log;
  EXPECT_EQ(log.find("study repair"), std::string::npos) << log;  // which would refuse it (below)
  const auto [header_repair, header_repair_log] = study({"repair", header.string()});
  EXPECT_EQ(header_repair, 2);
  EXPECT_NE(header_repair_log.find("cannot be repaired, it cannot be read (SQLite: file is not a database"),
            std::string::npos)
      << header_repair_log;

  // Truncated to nothing: said so (SQLite would read it as an empty database).
  const fs::path empty = copy("empty");
  fs::resize_file(empty / "study.sqlite", 0);
  const auto [empty_rc, empty_log] = study({"report", empty.string()});
  EXPECT_EQ(empty_rc, 2) << empty_log;
  EXPECT_NE(empty_log.find((empty / "study.sqlite").string() + ": is empty (0 bytes)"), std::string::npos)
      << empty_log;

  // The last page (rows of the runs table) overwritten: "malformed", named.
  const fs::path page = copy("page");
  const auto size = fs::file_size(page / "study.sqlite");
  {
    std::fstream f(page / "study.sqlite", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size - 4096));
    const std::string junk(4096, '\x7f');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  const auto [page_rc, page_log] = study({spec(), "--out", page.string(), "--resume", "--quiet"});
  EXPECT_EQ(page_rc, 2) << page_log;
  EXPECT_NE(page_log.find((page / "study.sqlite").string() + ": "), std::string::npos) << page_log;
  EXPECT_NE(page_log.find("stackrace study repair"), std::string::npos) << page_log;
  // The runs on the damaged page (the smoke study's rows fit on one) are
  // lost; repair says so and --resume runs them again.
  const auto [repaired, repair_log] = study({"repair", page.string()});
  ASSERT_EQ(repaired, 0) << repair_log;
  EXPECT_NE(repair_log.find("and 16 runs on damaged pages (database rewritten); 0 of the 16 runs kept. Run the other "
                            "16 again with"),
            std::string::npos)
      << repair_log;
  const auto [resumed, resume_log] = study({spec(), "--out", page.string(), "--resume", "--quiet"});
  ASSERT_EQ(resumed, 0) << resume_log;
  EXPECT_EQ(runs_without_wall(page / "runs.csv"), runs_without_wall(whole() / "runs.csv"));
}

TEST_F(StudyDbTest, ReadersOpenWithoutCreatingFilesBesideTheDatabase) {
  // Read-only media: a reader must not need to create study.sqlite-shm.
  // (Tests run as root, which writes through chmod, so the absence of the
  // file while the database is open is what shows it.)
  const fs::path out = copy("readonly");
  {
    OpenedStudy s = open_study_dir(out);
    EXPECT_EQ(s.runs.size(), 16u);
    EXPECT_FALSE(fs::exists(out / "study.sqlite-shm"));
    EXPECT_FALSE(fs::exists(out / "study.sqlite-wal"));
  }
  const auto before = test_support::list_dir(out);
  const auto [rc, log] = study({"merge", (t_ / "merged").string(), out.string()});
  ASSERT_EQ(rc, 0) << log;
  EXPECT_EQ(test_support::list_dir(out), before);
}

TEST_F(StudyDbTest, TheDatabaseRecordsTheModelAndRefusesAnother) {
  const fs::path out = copy("model");
  EXPECT_EQ(StudyDb::open(out / "study.sqlite", DbAccess::kRead).meta("model_hash"), kModelHash);
  EXPECT_EQ(StudyDb::open(out / "study.sqlite", DbAccess::kRead).meta("source_commit"), source_commit());
  EXPECT_EQ(StudyDb::open(out / "study.sqlite", DbAccess::kRead).meta("program_version"), program_version());
  sql(out / "study.sqlite", "UPDATE study SET value = '00000000deadbeef' WHERE key = 'model_hash'");
  const std::string expected = "made by stackrace " + program_version() +
                               " with model hash 00000000deadbeef, this is stackrace " + program_version() +
                               " with model hash " + kModelHash;
  const auto [rc, log] = study({spec(), "--out", out.string(), "--resume", "--quiet"});
  EXPECT_EQ(rc, 2) << log;
  EXPECT_NE(log.find((out / "study.sqlite").string() + ": --resume: " + expected), std::string::npos) << log;
  const auto [merge_rc, merge_log] = study({"merge", (t_ / "merged").string(), out.string()});
  EXPECT_EQ(merge_rc, 2) << merge_log;
  EXPECT_NE(merge_log.find("study merge: " + expected), std::string::npos) << merge_log;
  EXPECT_FALSE(fs::exists(t_ / "merged"));
}

TEST_F(StudyDbTest, AFullDiskAtStartLeavesNothingOrAResumableDirectory) {
  // RLIMIT_FSIZE stands in for a full disk: with SIGXFSZ ignored, the first
  // write of the database fails as on a full disk.
  const fs::path out = t_ / "full";
  const std::string command = "trap '' XFSZ; ulimit -f 2; exec " + std::string(STACKRACE_BIN) + " study " + spec() +
                              " --out " + out.string() + " --quiet";
  const auto [rc, log] = [&] {
    const fs::path l = t_ / "full.log";
    const int code = run({"bash", "-c", command}, l);
    return std::make_pair(code, read_file(l));
  }();
  EXPECT_EQ(rc, 1) << log;
  // The database asked for is named, not the hidden file it was being written as (removed by now).
  EXPECT_NE(log.find((out / "study.sqlite").string() + " (being created): SQLite: "), std::string::npos) << log;
  EXPECT_EQ(log.find(".partial-"), std::string::npos) << log;
  EXPECT_FALSE(fs::exists(out)) << "a failed start leaves no directory";

  // The binary ignores SIGXFSZ itself, so the limit is reported as above and
  // never kills it.
  const std::string unshielded =
      "ulimit -f 2; exec " + std::string(STACKRACE_BIN) + " study " + spec() + " --out " + out.string() + " --quiet";
  EXPECT_EQ(run({"bash", "-c", unshielded}, t_ / "unshielded.log"), 1) << read_file(t_ / "unshielded.log");
  EXPECT_FALSE(fs::exists(out));

  // A start killed part-way (SIGKILL) leaves its partial file, named by its
  // pid: a process that no longer runs does not stop the next start.
  const pid_t gone = ::fork();
  if (gone == 0) ::_exit(0);
  ::waitpid(gone, nullptr, 0);
  fs::create_directory(out);
  write_file(out / (".study.sqlite.partial-" + std::to_string(gone)), "half a database");
  const auto [again, again_log] = study({spec(), "--out", out.string(), "--quiet"});
  ASSERT_EQ(again, 0) << again_log;
  EXPECT_EQ(test_support::list_dir(out),
            (std::vector<std::string>{"runs.csv", "sensitivity.csv", "study.sqlite", "summary.csv"}));

  // Killed after linking the database into place, before removing its
  // temporary name: the copy goes with the next --resume, the only command
  // that may work there.
  write_file(out / (".study.sqlite.partial-" + std::to_string(gone)), "a copy of the database");
  const auto [resumed, resumed_log] = study({spec(), "--out", out.string(), "--resume", "--quiet"});
  ASSERT_EQ(resumed, 0) << resumed_log;
  EXPECT_EQ(test_support::list_dir(out),
            (std::vector<std::string>{"runs.csv", "sensitivity.csv", "study.sqlite", "summary.csv"}));
}

TEST_F(StudyDbTest, TwoStudiesStartedTogetherInOneDirectoryOneWins) {
  const fs::path out = t_ / "race";
  const pid_t a = spawn(study_command({spec(), "--out", out.string(), "--jobs", "1", "--quiet"}), t_ / "a.log");
  const pid_t b = spawn(study_command({spec(), "--out", out.string(), "--jobs", "1", "--quiet"}), t_ / "b.log");
  std::multiset<int> codes = {wait_for(a), wait_for(b)};
  EXPECT_EQ(codes, (std::multiset<int>{0, 2})) << read_file(t_ / "a.log") << read_file(t_ / "b.log");
  const std::string logs = read_file(t_ / "a.log") + read_file(t_ / "b.log");
  EXPECT_TRUE(logs.find("holds a study already") != std::string::npos ||
              logs.find("at the same time") != std::string::npos || logs.find("right now") != std::string::npos)
      << logs;
  EXPECT_EQ(runs_without_wall(out / "runs.csv"), runs_without_wall(whole() / "runs.csv"));
  EXPECT_EQ(test_support::list_dir(out),
            (std::vector<std::string>{"runs.csv", "sensitivity.csv", "study.sqlite", "summary.csv"}));
}

TEST_F(StudyDbTest, OneWriterAtATimeResumeAndRepairWaitTheirTurn) {
  const fs::path out = copy("locked");
  sql(out / "study.sqlite", "DELETE FROM runs WHERE run >= 12");  // four runs left to do
  {
    StudyLock running;  // as a study in progress holds it
    running.acquire(out, "a study");
    StudyLock second;
    EXPECT_THROW(second.acquire(out, "--resume"), InputError);
    const auto [rc, log] = study({spec(), "--out", out.string(), "--resume", "--quiet"});
    EXPECT_EQ(rc, 2) << log;
    EXPECT_NE(log.find("--resume refused: another stackrace is writing the study there right now"),
              std::string::npos)
        << log;
    const auto [repair_rc, repair_log] = study({"repair", out.string()});
    EXPECT_EQ(repair_rc, 2) << repair_log;
    EXPECT_NE(repair_log.find("study repair refused"), std::string::npos) << repair_log;
  }
  // Released with its holder: the study then resumes to the whole result.
  const auto [rc, log] = study({spec(), "--out", out.string(), "--resume", "--quiet"});
  ASSERT_EQ(rc, 0) << log;
  EXPECT_EQ(runs_without_wall(out / "runs.csv"), runs_without_wall(whole() / "runs.csv"));
}

TEST_F(StudyDbTest, BadNamesAreRefusedBeforeAnythingIsCreated) {
  // An outcome named RUN used to fail at CREATE TABLE ("duplicate column
  // name") and leave .study.sqlite.partial-PID behind.
  for (const char* name : {"RUN", "Status", "BETA_PRICE"}) {
    write_file(t_ / "bad.textproto",
               smoke_spec_text() + "outcome { metric: \"share_us_closed@2026-12\" name: \"" + name + "\" }\n");
    const auto [rc, log] = study({(t_ / "bad.textproto").string(), "--out", (t_ / "bad").string(), "--quiet"});
    EXPECT_EQ(rc, 2) << log;
    EXPECT_NE(log.find((t_ / "bad.textproto").string() + ":"), std::string::npos) << log;
    EXPECT_NE(log.find("outcome name '" + std::string(name) + "'"), std::string::npos) << log;
    EXPECT_FALSE(fs::exists(t_ / "bad"));
  }
}

}  // namespace
}  // namespace stackrace
