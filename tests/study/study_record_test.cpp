// Tests the recorded series of a study (StudySpec.record) through the real
// binary: every run's series is stored in the database and read back, agrees
// with the outcomes read from the same months, survives a shard merge, and
// shows in summary.csv and the report.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "study/study_session.h"
#include "study_test_util.h"

namespace stackrace {
namespace {

namespace fs = std::filesystem;
using namespace study_test;

std::string recording_spec() {
  return smoke_spec_text() +
         "record { metric: \"ai_user_share_world\" every: 6 name: \"world_users\" }\n"
         "record { metric: \"KEN:share_cn_closed + KEN:share_cn_open\" every: 12 name: \"ken_cn\" }\n";
}

TEST(StudyRecordTest, SeriesRoundTripThroughTheDatabase) {
  TempDir t;
  write_file(t / "study.textproto", recording_spec());
  ASSERT_EQ(run(study_command({(t / "study.textproto").string(), "--out", (t / "out").string(), "--jobs", "2",
                               "--quiet"}),
                t / "log"),
            0)
      << read_file(t / "log");
  const OpenedStudy study = open_study_dir(t / "out");
  ASSERT_EQ(study.runs.size(), 16u);
  double ken_cn_max = 0;
  for (const StoredRun& r : study.runs) {
    ASSERT_EQ(r.recorded.size(), 2u);
    // Every 6 months of 2025-01..2026-12, and every 12.
    ASSERT_EQ(r.recorded[0].size(), 4u);
    EXPECT_EQ(r.recorded[0][0].month, "2025-06");
    EXPECT_EQ(r.recorded[0][2].month, "2026-06");
    ASSERT_EQ(r.recorded[1].size(), 2u);
    EXPECT_EQ(r.recorded[1][1].month, "2026-12");
    // The outcome ai_user_share_world@2026-06 reads the same month.
    EXPECT_EQ(r.recorded[0][2].value, r.outcomes[1]) << "run " << r.run;
    EXPECT_GE(r.recorded[1][1].value, 0.0);
    EXPECT_LE(r.recorded[1][1].value, 1.0);
    ken_cn_max = std::max(ken_cn_max, r.recorded[1][1].value);
  }
  // Kenya's series is read by no outcome, yet recorded: Chinese stacks have
  // users there in every run (a series nothing else read was once all 0).
  EXPECT_GT(ken_cn_max, 0.0);
  const std::string summary = read_file(t / "out/summary.csv");
  EXPECT_NE(summary.find(",world_users@2025-06_mean,world_users@2025-12_mean"), std::string::npos);
  EXPECT_NE(summary.find(",ken_cn@2026-12_mean"), std::string::npos);

  ASSERT_EQ(run(study_command({"report", (t / "out").string()}), t / "report"), 0) << read_file(t / "report");
  const std::string report = read_file(t / "report");
  EXPECT_NE(report.find("recorded world_users"), std::string::npos) << report;
  const std::string series = read_file(t / "out/series.svg");
  EXPECT_NE(series.find("ken_cn"), std::string::npos);
  // Each line says which design point it is (a hover title, and a key for a small design).
  EXPECT_NE(series.find("<title>point 0: "), std::string::npos) << series.substr(0, 2000);

  // Shards merged hold the same series.
  for (const char* shard : {"0/2", "1/2"}) {
    const std::string dir = (t / (std::string("shard") + shard[0])).string();
    ASSERT_EQ(run(study_command({(t / "study.textproto").string(), "--out", dir, "--shard", shard, "--quiet"}),
                  t / "log"),
              0)
        << read_file(t / "log");
  }
  ASSERT_EQ(run(study_command({"merge", (t / "merged").string(), (t / "shard0").string(), (t / "shard1").string()}),
                t / "log"),
            0)
      << read_file(t / "log");
  const OpenedStudy merged = open_study_dir(t / "merged");
  ASSERT_EQ(merged.runs.size(), study.runs.size());
  for (std::size_t i = 0; i < merged.runs.size(); ++i) EXPECT_EQ(merged.runs[i].recorded, study.runs[i].recorded);
}

TEST(StudyRecordTest, ARecordWithAMonthIsLocated) {
  TempDir t;
  write_file(t / "study.textproto", smoke_spec_text() + "record { metric: \"lead_months@2026-12\" }\n");
  EXPECT_EQ(run(study_command({(t / "study.textproto").string(), "--out", (t / "out").string()}), t / "log"), 2);
  EXPECT_NE(read_file(t / "log").find("expected columns without a month"), std::string::npos) << read_file(t / "log");
  EXPECT_FALSE(fs::exists(t / "out/study.sqlite"));
}

}  // namespace
}  // namespace stackrace
