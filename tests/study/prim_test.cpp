// Tests study/prim.* and the condition parser of study/study_discover.*:
// PRIM finds a box planted in synthetic data; the quasi-p-values tell the
// factors that define it from one that does not; the binomial tail against
// hand-computed values.
#include "study/prim.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "base/errors.h"
#include "base/rng.h"
#include "study/study_discover.h"

namespace stackrace {
namespace {

// 1000 runs uniform on [0, 1]^3. Of interest: 90% of the runs with
// 0.2 <= x0 <= 0.6 and x1 >= 0.7, and 3% of the others (noise on both sides).
struct Planted {
  std::vector<std::vector<double>> x;
  std::vector<bool> y;
  Planted() {
    AgentRng rng(42, Stream::kStudyDesign, 0);
    for (int i = 0; i < 1000; ++i) {
      std::vector<double> point{rng.uniform(), rng.uniform(), rng.uniform()};
      const bool inside = point[0] >= 0.2 && point[0] <= 0.6 && point[1] >= 0.7;
      y.push_back(rng.uniform() < (inside ? 0.9 : 0.03));
      x.push_back(point);
    }
  }
};

TEST(PrimTest, RecoversAPlantedBox) {
  const Planted data;
  PrimOptions options;
  options.min_coverage = 0.7;
  const PrimResult r = prim(data.x, data.y, options);
  ASSERT_GT(r.trajectory.size(), 3u);
  // The trajectory starts with every run and only ever shrinks.
  EXPECT_EQ(r.trajectory[0].runs, 1000u);
  EXPECT_DOUBLE_EQ(r.trajectory[0].coverage, 1.0);
  for (std::size_t i = 1; i < r.trajectory.size(); ++i) {
    EXPECT_LT(r.trajectory[i].runs, r.trajectory[i - 1].runs);
    EXPECT_GE(r.trajectory[i].runs, 50u);  // mass_min 0.05
  }
  const PrimBox& b = r.box;
  EXPECT_NEAR(b.low[0], 0.2, 0.05);
  EXPECT_NEAR(b.high[0], 0.6, 0.05);
  EXPECT_NEAR(b.low[1], 0.7, 0.05);
  EXPECT_TRUE(b.restricted[0]);
  EXPECT_TRUE(b.restricted[1]);
  EXPECT_FALSE(b.restricted[2]) << b.low[2] << " .. " << b.high[2];
  EXPECT_GT(b.density, 0.8);
  EXPECT_GT(b.coverage, 0.7);
  // Both restrictions matter: without either the box's density drops far.
  EXPECT_LT(r.quasi_p[0], 1e-6);
  EXPECT_LT(r.quasi_p[1], 1e-6);
  EXPECT_TRUE(std::isnan(r.quasi_p[2]));
}

TEST(PrimTest, FactorsWithFewLevelsArePeeledByWholeLevels) {
  // x0 has levels 0, 1, 2; of interest exactly where x0 == 2.
  std::vector<std::vector<double>> x;
  std::vector<bool> y;
  AgentRng rng(7, Stream::kStudyDesign, 0);
  for (int i = 0; i < 600; ++i) {
    const double level = i % 3;
    x.push_back({level, rng.uniform()});
    y.push_back(level == 2);
  }
  const PrimResult r = prim(x, y, PrimOptions{});
  EXPECT_DOUBLE_EQ(r.box.low[0], 2);
  EXPECT_DOUBLE_EQ(r.box.high[0], 2);
  EXPECT_DOUBLE_EQ(r.box.density, 1.0);
  EXPECT_DOUBLE_EQ(r.box.coverage, 1.0);
  EXPECT_FALSE(r.box.restricted[1]);
}

TEST(PrimTest, RefusesTooFewRunsAndNothingToFind) {
  const Planted data;
  PrimOptions options;
  EXPECT_EQ(prim_min_runs(options), 400u);
  const std::vector<std::vector<double>> few(data.x.begin(), data.x.begin() + 399);
  const std::vector<bool> few_y(data.y.begin(), data.y.begin() + 399);
  try {
    prim(few, few_y, options);
    ADD_FAILURE() << "399 runs accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("needs at least 400"), std::string::npos) << e.what();
  }
  EXPECT_THROW(prim(data.x, std::vector<bool>(1000, false), options), std::invalid_argument);
  EXPECT_THROW(prim(data.x, std::vector<bool>(1000, true), options), std::invalid_argument);
}

TEST(PrimTest, BinomialUpperTail) {
  // P(X >= 8), X ~ B(10, 1/2) = (45 + 10 + 1) / 1024.
  EXPECT_NEAR(binomial_upper_tail(8, 10, 0.5), 56.0 / 1024, 1e-12);
  // P(X >= 1), X ~ B(3, 0.2) = 1 - 0.8^3.
  EXPECT_NEAR(binomial_upper_tail(1, 3, 0.2), 1 - 0.512, 1e-12);
  EXPECT_DOUBLE_EQ(binomial_upper_tail(0, 5, 0.3), 1.0);
  EXPECT_DOUBLE_EQ(binomial_upper_tail(2, 5, 0.0), 0.0);
}

TEST(DiscoverConditionTest, OneAndTwoSidedConditions) {
  const std::vector<std::string> outcomes{"lead_months_2028", "dev_share_cn_2028"};
  const OutcomeCondition at_least = parse_condition("lead_months_2028 >= 12", outcomes, "--where");
  EXPECT_EQ(at_least.outcome, "lead_months_2028");
  EXPECT_TRUE(at_least.holds(12));
  EXPECT_FALSE(at_least.holds(11.9));
  const OutcomeCondition at_most = parse_condition("dev_share_cn_2028<=0.4", outcomes, "--where");
  EXPECT_TRUE(at_most.holds(0.4));
  EXPECT_FALSE(at_most.holds(0.41));
  const OutcomeCondition flipped = parse_condition("0.4 <= dev_share_cn_2028", outcomes, "--where");
  EXPECT_TRUE(flipped.holds(0.5));
  EXPECT_FALSE(flipped.holds(0.3));
  const OutcomeCondition range = parse_condition("6 <= lead_months_2028 <= 12", outcomes, "--where");
  EXPECT_TRUE(range.holds(6));
  EXPECT_TRUE(range.holds(12));
  EXPECT_FALSE(range.holds(13));
  EXPECT_FALSE(range.holds(5));
}

TEST(DiscoverConditionTest, BadConditionsSayWhatIsExpected) {
  const std::vector<std::string> outcomes{"lead_months_2028"};
  auto message = [&](const std::string& text) {
    try {
      parse_condition(text, outcomes, "--where");
    } catch (const InputError& e) {
      EXPECT_EQ(e.where(), "--where");
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::string unknown = message("lead >= 12");
  EXPECT_NE(unknown.find("unknown outcome 'lead'"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("lead_months_2028"), std::string::npos) << unknown;
  EXPECT_NE(message("lead_months_2028 = 12").find("expected 'OUTCOME >= X'"), std::string::npos);
  EXPECT_NE(message("lead_months_2028 >= twelve").find("expected"), std::string::npos);
  EXPECT_NE(message("12 <= lead_months_2028 <= 6").find("empty"), std::string::npos);
  // Strict comparisons are refused, not read as their non-strict forms.
  EXPECT_EQ(message("lead_months_2028 > 12"),
            "--where: 'lead_months_2028 > 12': '>' is not supported: use '>=' ('OUTCOME >= X', 'OUTCOME <= X' or "
            "'X <= OUTCOME <= Y')");
  EXPECT_NE(message("6 < lead_months_2028 <= 12").find("'<' is not supported"), std::string::npos);
}

}  // namespace
}  // namespace stackrace
