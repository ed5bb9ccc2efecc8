// Tests a study with policy options through the real binary: each state runs
// once per option on common random numbers, runs.csv names the option, and
// the report writes the robustness table and chart.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "study/study_session.h"
#include "study_test_util.h"

namespace stackrace {
namespace {

using namespace study_test;

TEST(StudyOptionsTest, OptionsRunOnCommonRandomNumbersAndReportRobustness) {
  TempDir t;
  write_file(t / "study.textproto",
             smoke_spec_text() +
                 "option { name: \"open\" }\n"
                 "option { name: \"closed\" set: \"policy.levers.remote_access_closure=1\" }\n");
  ASSERT_EQ(run(study_command({(t / "study.textproto").string(), "--out", (t / "out").string(), "--jobs", "2",
                               "--quiet"}),
                t / "log"),
            0)
      << read_file(t / "log");
  const OpenedStudy study = open_study_dir(t / "out");
  ASSERT_EQ(study.runs.size(), 32u);  // 8 states x 2 options x 2 replicates
  // The two options of a state and replicate share the seed; replicates differ.
  for (const StoredRun& r : study.runs) {
    EXPECT_EQ(r.seed, study.runs[static_cast<std::size_t>(r.replicate)].seed) << "run " << r.run;
    EXPECT_EQ(r.factors, study.plan.points[static_cast<std::size_t>(r.point / 2 * 2)]);
  }
  EXPECT_NE(study.runs[0].seed, study.runs[1].seed);
  EXPECT_EQ(read_file(t / "out/runs.csv").rfind("run,point,replicate,seed,option,beta_price", 0), 0u);
  EXPECT_TRUE(std::filesystem::exists(t / "out/robustness.csv"));
  EXPECT_FALSE(std::filesystem::exists(t / "out/sensitivity.csv"));

  ASSERT_EQ(run(study_command({"report", (t / "out").string()}), t / "report"), 0) << read_file(t / "report");
  const std::string report = read_file(t / "report");
  EXPECT_NE(report.find("2 policy options x 8 states of the world"), std::string::npos) << report;
  EXPECT_NE(report.find("common random numbers"), std::string::npos) << report;
  const std::string csv = read_file(t / "out/robustness.csv");
  EXPECT_EQ(csv.rfind("outcome,option,futures,mean,p10,p90,mean_regret,max_regret,threshold,satisficing_share", 0),
            0u);
  EXPECT_NE(csv.find("dev_share_cn_2026,closed,16,"), std::string::npos) << csv;
  EXPECT_NE(read_file(t / "out/robustness.svg").find("</svg>"), std::string::npos);
}

}  // namespace
}  // namespace stackrace

namespace stackrace {
namespace {

using namespace study_test;

TEST(StudyNoiseFloorReportTest, SobolReportShowsTheSeedsEffectAndMarksFactorsBelowIt) {
  TempDir t;
  std::string text = replace_once(smoke_spec_text(), "design { latin_hypercube { points: 8 } }",
                                  "design { saltelli { base_samples: 4 } }\nbootstrap_resamples: 50");
  write_file(t / "study.textproto", text);
  ASSERT_EQ(run(study_command({(t / "study.textproto").string(), "--out", (t / "out").string(), "--jobs", "2",
                               "--quiet"}),
                t / "log"),
            0)
      << read_file(t / "log");
  ASSERT_EQ(run(study_command({"report", (t / "out").string()}), t / "report"), 0) << read_file(t / "report");
  const std::string report = read_file(t / "report");
  EXPECT_NE(report.find("noise floor: the seed's own effect"), std::string::npos) << report;
  EXPECT_NE(read_file(t / "out/sensitivity.csv").find(",(seed),sobol,"), std::string::npos);
  EXPECT_NE(read_file(t / "out/report.svg").find("noise floor (seed)"), std::string::npos);
}

}  // namespace
}  // namespace stackrace
