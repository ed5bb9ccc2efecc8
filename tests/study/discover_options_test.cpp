// `study discover` in a study with policy options: the options are not
// factors, so discovery searches the futures of one option (--option), and
// without it is refused with the option names. On a hand-made database.
#include "study/study_discover.h"

#include <gtest/gtest.h>

#include <sstream>

#include "base/errors.h"
#include "study/study_db.h"
#include "study/study_plan.h"
#include "study_test_util.h"

namespace stackrace {
namespace {

// Sixteen futures (beta) x two options: under "a" the lead grows with beta,
// under "b" it is 0 everywhere.
const char* kSpec = R"(name: "options"
base_scenario: "base.textproto"
factor { path: "choice.beta_price_per_ln_usd_mtok" name: "beta" levels: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16] }
design { grid {} }
option { name: "a" set: "policy.levers.us_export_promotion=0" }
option { name: "b" set: "policy.levers.us_export_promotion=1" }
outcome { metric: "lead_months@2026-12" name: "lead" }
)";

void write_study(const std::filesystem::path& dir, const StudyPlan& plan) {
  std::filesystem::create_directories(dir);
  std::vector<StoredRun> rows;
  for (std::size_t run = 0; run < plan.run_count(); ++run) {
    const std::size_t point = plan.point_of(run);
    rows.push_back(study_test::planned_run(plan, run, {plan.option_of(point) == 0 ? plan.points[point][0] : 0.0}));
  }
  StudyDb db = StudyDb::create(dir / "study.sqlite", plan, {{"shard", "0/1"}});
  db.record_all(plan, rows);
}

// Peeling a quarter at a time, boxes of at least a quarter of the runs: the
// sixteen futures are few.
PrimOptions coarse_options() {
  PrimOptions coarse;
  coarse.peel_alpha = 0.25;
  coarse.mass_min = 0.25;
  return coarse;
}

TEST(DiscoverOptions, SearchesTheFuturesOfOneOption) {
  study_test::TempDir t;
  write_study(t / "study", plan_from_text(kSpec, "options.textproto"));
  const PrimOptions coarse = coarse_options();
  std::ostringstream out;
  study_discover(t / "study", "lead >= 9", "a", coarse, out);
  EXPECT_NE(out.str().find("lead >= 9 holds in 8 of 16 runs"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("beta"), std::string::npos) << out.str();
  EXPECT_TRUE(std::filesystem::exists(t / "study/discover/a/boxes.csv"));  // each option's search kept apart

  try {
    study_discover(t / "study", "lead >= 9", "", coarse, out);
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("policy options, which are not factors: name the option whose futures to "
                                         "search with --option (one of: a, b)"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(study_discover(t / "study", "lead >= 9", "zzz", coarse, out), InputError);
  // Under "b" the lead is never 9: nothing to discover, said so.
  EXPECT_THROW(study_discover(t / "study", "lead >= 9", "b", coarse, out), InputError);
  EXPECT_EQ(out.str().find("Morris"), std::string::npos);  // a grid spreads its points: no note
}

// When every restriction found is dropped as chance, the search says that
// these runs cannot tell the condition from chance, not that the condition
// does not depend on the factors (here it does: one run of interest).
TEST(DiscoverOptions, RestrictionsAllDroppedAsChanceAreNotCalledIndependence) {
  study_test::TempDir t;
  write_study(t / "study", plan_from_text(kSpec, "options.textproto"));
  std::ostringstream out;
  study_discover(t / "study", "lead >= 16", "a", coarse_options(), out);
  EXPECT_NE(out.str().find("dropped as chance"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("no restriction found passed the quasi-p test"), std::string::npos) << out.str();
  EXPECT_EQ(out.str().find("does not depend on the factors"), std::string::npos) << out.str();
}

// A Morris design's points crowd a few levels along trajectories: discover
// still runs, and says to read the box with care.
TEST(DiscoverOptions, AMorrisDesignGetsANote) {
  study_test::TempDir t;
  const StudyPlan plan = plan_from_text(R"(name: "morris"
base_scenario: "base.textproto"
factor { path: "choice.beta_price_per_ln_usd_mtok" name: "beta" min: 0 max: 1 }
factor { path: "choice.beta_network" name: "net" min: 0 max: 1 }
design { morris { trajectories: 20 levels: 4 } }
outcome { metric: "lead_months@2026-12" name: "lead" }
)",
                                        "morris.textproto");
  std::filesystem::create_directories(t / "study");
  std::vector<StoredRun> rows;
  for (std::size_t run = 0; run < plan.run_count(); ++run)
    rows.push_back(study_test::planned_run(plan, run, {plan.points[plan.point_of(run)][0]}));
  StudyDb db = StudyDb::create(t / "study" / "study.sqlite", plan, {{"shard", "0/1"}});
  db.record_all(plan, rows);
  PrimOptions coarse;
  coarse.peel_alpha = 0.25;
  coarse.mass_min = 0.25;
  std::ostringstream out;
  study_discover(t / "study", "lead >= 0.5", "", coarse, out);
  EXPECT_NE(out.str().find("note: a Morris design's points follow trajectories on a few levels"), std::string::npos)
      << out.str();
}

}  // namespace
}  // namespace stackrace
