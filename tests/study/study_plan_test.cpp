// Tests study/study_plan.*: factors, designs, run numbering and the
// errors a spec alone can show, each located in the study file.
#include "study/study_plan.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

#include "base/errors.h"
#include "base/textproto_parse.h"
#include "study/study_session.h"
#include "study/study_streams.h"
#include "study/study_verify.h"

namespace stackrace {
namespace {

const char* kBase = R"(
base_scenario: "base.textproto"
factor { path: "choice.beta_price_per_ln_usd_mtok" name: "beta" min: 0.1 max: 0.5 }
factor { path: "population.peers_per_adopter" levels: [4, 8, 16] }
outcome { metric: "share_us_closed@2026-06" }
seed: 3
)";

StudyPlan plan(const std::string& extra) {
  StudySpec spec;
  const SourceMap source = parse_textproto(std::string(kBase) + extra, "study.textproto", spec);
  return plan_study(spec, source);
}

std::string error(const std::string& extra) {
  try {
    plan(extra);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(StudyPlanTest, GridCombinesRangeLevelsWithFactorLevels) {
  const StudyPlan p = plan("design { grid { levels_per_range: 3 } } replicates: 2");
  ASSERT_EQ(p.point_count(), 9u);
  EXPECT_EQ(p.run_count(), 18u);
  EXPECT_EQ(p.points[0], (std::vector<double>{0.1, 4}));
  EXPECT_EQ(p.points[1], (std::vector<double>{0.1, 8}));
  EXPECT_DOUBLE_EQ(p.points[3][0], 0.3);
  EXPECT_EQ(p.points[8], (std::vector<double>{0.5, 16}));
  EXPECT_EQ(p.point_of(5), 2u);
  EXPECT_EQ(p.replicate_of(5), 1);
  EXPECT_EQ(p.overrides(8),
            (std::vector<std::string>{"choice.beta_price_per_ln_usd_mtok=0.5", "population.peers_per_adopter=16"}));
}

TEST(StudyPlanTest, RunSeedsDeriveFromTheStudySeedAndTheRunIndex) {
  const StudyPlan p = plan("design { random { points: 4 } } replicates: 3");
  std::set<std::uint64_t> seeds;
  for (std::size_t run = 0; run < p.run_count(); ++run) {
    EXPECT_EQ(p.run_seed(run), study_run_seed(3, run));
    EXPECT_LT(p.run_seed(run), std::uint64_t{1} << 63);
    seeds.insert(p.run_seed(run));
  }
  EXPECT_EQ(seeds.size(), p.run_count());
}

TEST(StudyPlanTest, ValuesMapToTheFactorDomains) {
  const StudyPlan p = plan("design { latin_hypercube { points: 30 } }");
  std::set<double> levels;
  for (const auto& point : p.points) {
    EXPECT_GE(point[0], 0.1);
    EXPECT_LE(point[0], 0.5);
    levels.insert(point[1]);
  }
  EXPECT_EQ(levels, (std::set<double>{4, 8, 16}));  // 30 strata cover all three levels
}

TEST(StudyPlanTest, IntegerFieldsTakeWholeValues) {
  StudySpec spec;
  const SourceMap source = parse_textproto(R"(
base_scenario: "b"
factor { path: "population.peers_per_adopter" min: 2 max: 9 }
outcome { metric: "share_us_closed@2026-06" }
design { random { points: 20 } })",
                                           "s", spec);
  const StudyPlan p = plan_study(spec, source);
  for (const auto& point : p.points) EXPECT_EQ(point[0], std::round(point[0]));
  EXPECT_EQ(p.factors[0].text(7), "7");
  // Each whole value takes an equal part of the unit interval, the ends
  // included (rounding gave 2 and 9 half the share of the others).
  std::map<double, int> count;
  constexpr int kDraws = 800;
  for (int i = 0; i < kDraws; ++i) ++count[p.factors[0].value_at((i + 0.5) / kDraws)];
  ASSERT_EQ(count.size(), 8u);
  for (const auto& [value, n] : count) EXPECT_EQ(n, kDraws / 8) << value;
  EXPECT_EQ(p.factors[0].value_at(0.0), 2);
  EXPECT_EQ(p.factors[0].value_at(1.0), 9);
}

// A grid over an integer range takes distinct whole values, as many as the
// range has at most: more levels would repeat points with another seed.
TEST(StudyPlanTest, AGridOverAnIntegerRangeNeverRepeatsAValue) {
  auto grid = [](int levels) {
    StudySpec spec;
    const SourceMap source = parse_textproto(R"(
base_scenario: "b"
factor { path: "population.peers_per_adopter" name: "peers" min: 2 max: 5 }
outcome { metric: "share_us_closed@2026-06" }
design { grid { levels_per_range: )" + std::to_string(levels) + " } }",
                                             "s", spec);
    return plan_study(spec, source);
  };
  for (int levels = 2; levels <= 4; ++levels) {
    std::set<double> values;
    for (const auto& point : grid(levels).points) values.insert(point[0]);
    EXPECT_EQ(values.size(), static_cast<std::size_t>(levels));
    EXPECT_EQ(*values.begin(), 2);
    EXPECT_EQ(*values.rbegin(), 5);
  }
  try {
    grid(5);
    ADD_FAILURE() << "5 levels over 4 whole values were taken";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(),
                 "s:5:10: levels_per_range 5 is more than the 4 whole values of factor 'peers' (2 to 5): levels would "
                 "repeat; give at most 4, or list the factor's levels");
  }
}

// A record keeps every `every`-th month from the first, and the run's last
// month whether or not it falls on the step: `every: 5` over 2025-01..2026-12
// keeps 2025-05, 2025-10, 2026-03, 2026-08 and 2026-12.
TEST(StudyPlanTest, RecordsKeepEveryNthMonthAndTheLast) {
  StudyRecord r;
  r.every = 5;
  std::vector<std::size_t> kept;
  for (std::size_t i = 0; i < 24; ++i)
    if (r.at(i, 24)) kept.push_back(i);
  EXPECT_EQ(kept, (std::vector<std::size_t>{4, 9, 14, 19, 23}));
  r.every = 6;  // the last month on the step is kept once
  kept.clear();
  for (std::size_t i = 0; i < 24; ++i)
    if (r.at(i, 24)) kept.push_back(i);
  EXPECT_EQ(kept, (std::vector<std::size_t>{5, 11, 17, 23}));
}

// A stored row matches its design point when its factors equal the plan's
// to a few units in the last place (a Morris level stored by an earlier
// design as 0.33333333333333337 is 1/3), and not when they differ more.
TEST(StudyPlanTest, StoredRowsMatchTheirPointToTheLastPlace) {
  const StudyPlan p = plan("design { morris { trajectories: 3 levels: 4 } }");
  StoredRun row;
  row.run = 0;
  row.point = static_cast<std::int64_t>(p.point_of(0));
  row.replicate = p.replicate_of(0);
  row.seed = static_cast<std::int64_t>(p.run_seed(0));
  row.status = "ok";
  row.factors = p.points[p.point_of(0)];
  EXPECT_EQ(row_mismatch(p, Shard{}, row), "");
  row.factors[0] = std::nextafter(row.factors[0], 2.0);
  EXPECT_EQ(row_mismatch(p, Shard{}, row), "");
  row.factors[0] = p.points[p.point_of(0)][0] + 1e-6;
  EXPECT_NE(row_mismatch(p, Shard{}, row).find(", the plan gives "), std::string::npos);
}

TEST(StudyPlanTest, SaltelliAndMorrisSizes) {
  EXPECT_EQ(plan("design { saltelli { base_samples: 8 } }").point_count(), 8u * (2 + 2));
  const StudyPlan m = plan("design { morris { trajectories: 5 levels: 4 } }");
  EXPECT_EQ(m.point_count(), 5u * (2 + 1));
  EXPECT_EQ(m.morris_steps.size(), 5u);
}

TEST(StudyPlanTest, CanonicalTextRebuildsTheSamePlan) {
  const StudyPlan p = plan("design { latin_hypercube { points: 6 } } replicates: 2");
  const StudyPlan q = plan_from_text(p.canonical_text, "stored");
  EXPECT_EQ(p.points, q.points);
  EXPECT_EQ(p.canonical_text, q.canonical_text);
}

TEST(StudyPlanTest, BadSpecsGiveLocatedErrors) {
  // Line numbers count from the raw string's leading newline (line 1 is empty).
  EXPECT_EQ(error(""), "study.textproto: no design: set one of grid, random, latin_hypercube, saltelli, morris");
  EXPECT_NE(error("design { grid { } }").find("study.textproto:7:10: factor 'beta' has a range: a grid needs"),
            std::string::npos);
  EXPECT_NE(error("design { morris { trajectories: 3 levels: 3 } }").find("expected an even number"),
            std::string::npos);
  EXPECT_NE(error("design { random { points: 1 } }").find("design.random.points = 1"), std::string::npos);
  EXPECT_NE(error("design { random { points: 4 } } factor { path: \"choice.nope\" min: 0 max: 1 }")
                .find("study.textproto:7:42: factor path 'choice.nope': unknown field 'nope'"),
            std::string::npos);
  EXPECT_NE(error("design { random { points: 4 } } factor { path: \"horizon.end_month\" levels: [1] }")
                .find("is not a number"),
            std::string::npos);
  EXPECT_NE(error("design { random { points: 4 } } factor { path: \"choice.switching_cost\" min: 1 max: 1 }")
                .find("must exceed min"),
            std::string::npos);
  EXPECT_NE(error("design { random { points: 4 } } factor { path: \"choice.switching_cost\" }").find("has no domain"),
            std::string::npos);
  EXPECT_NE(
      error("design { random { points: 4 } } factor { path: \"choice.switching_cost\" name: \"beta\" levels: [1, 2] }")
          .find("factor name 'beta' is used twice"),
      std::string::npos);
  EXPECT_NE(error("design { random { points: 4 } } factor { path: \"population.adopters\" min: 1.5 max: 9 }")
                .find("must be whole numbers"),
            std::string::npos);
  EXPECT_NE(error("design { random { points: 4 } } factor { path: \"supply.lab\" min: 1 max: 2 }")
                .find("is repeated: give an index"),
            std::string::npos);
  EXPECT_NE(error("design { random { points: 4 } } set: \"choice.beta_price_per_ln_usd_mtok=0.2\"")
                .find("which the study also fixes with set[0]"),
            std::string::npos);
  EXPECT_NE(
      error("design { random { points: 4 } } outcome { metric: \"share_us_closed@2026-06\" }").find("is used twice"),
      std::string::npos);
}

// summary.csv heads an outcome's columns NAME_mean, NAME_sd, ... and a
// recorded month's NAME@YYYY-MM_mean: a factor named like one of the first,
// or an outcome named (by default) like one of the second, would share a
// column with it, which a reader by column name loses. Refused at the name.
TEST(StudyPlanTest, NamesThatWouldShareASummaryColumnAreRefused) {
  const std::string factor = error(
      "design { random { points: 4 } } outcome { metric: \"lead_months@2026-06\" name: \"lead\" }"
      " factor { path: \"choice.switching_cost\" name: \"Lead_SD\" min: 0 max: 1 }");
  EXPECT_NE(factor.find("factor name 'Lead_SD' is the name of outcome 'lead''s column lead_sd in summary.csv"),
            std::string::npos)
      << factor;
  const std::string record = error(
      "design { random { points: 4 } } outcome { metric: \"lead_months@2026-06\" }"
      " record { metric: \"lead_months\" every: 6 }");
  EXPECT_NE(record.find("outcome name 'lead_months@2026-06' may head the same summary.csv column"), std::string::npos)
      << record;
  // Named apart, both load.
  EXPECT_NO_THROW(
      plan("design { random { points: 4 } } outcome { metric: \"lead_months@2026-06\" name: \"lead\" }"
           " record { metric: \"lead_months\" every: 6 }"));
}

// Names head columns of the database and the CSV files: an outcome named
// "RUN" or "Status", a case variant of a factor's name, or a NUL in a name
// used to pass and kill the study at its first SQL statement ("duplicate
// column name"), leaving a partial database behind. Now the spec is refused
// at the `name` field, before anything is created.
TEST(StudyPlanTest, NamesAreIdentifiersUniqueIgnoringCaseAndNotReserved) {
  const std::string design = "design { random { points: 4 } } ";
  auto outcome_named = [&](const std::string& name) {
    return error(design + "outcome { metric: \"share_us_closed@2026-12\" name: \"" + name + "\" }");
  };
  // Column 33 is where `outcome` starts; its `name` is 44 further, at 77.
  const std::string at = "study.textproto:7:77: ";
  EXPECT_EQ(outcome_named("RUN"), at + "outcome name 'RUN' is reserved: the runs table and CSV files have a column of "
                                       "that name (reserved: _rowid_, n, oid, point, replicate, rowid, run, seed, "
                                       "status, wall_s)");
  EXPECT_NE(outcome_named("Status").find(at + "outcome name 'Status' is reserved"), std::string::npos);
  EXPECT_EQ(outcome_named("BETA"), at + "outcome name 'BETA' is used twice (as 'beta'; names ignore case): outcome "
                                        "and factor names must be unique");
  EXPECT_EQ(outcome_named("a\\000b"), at + "outcome name 'a\\x00b' holds a control character (e.g. NUL)");
  for (const char* bad : {"1st", "us-share", "share.us", "a b"}) {
    const std::string e = outcome_named(bad);
    EXPECT_NE(e.find("is not an identifier"), std::string::npos) << bad << ": " << e;
  }
  EXPECT_EQ(outcome_named("_share_2"), "no error");
  // A factor named as another factor in other case, located at its name.
  const std::string factor = error(design + "factor { path: \"choice.switching_cost\" name: \"Beta\" levels: [1, 2] }");
  EXPECT_NE(factor.find("study.textproto:7:72: factor name 'Beta' is used twice (as 'beta'"), std::string::npos)
      << factor;
  // Names derived from a path or metric keep their dots and '@'.
  EXPECT_EQ(error(design), "no error");
}

}  // namespace
}  // namespace stackrace
