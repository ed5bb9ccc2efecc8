// viz/core/levers: the lever panel's fields, the levers in force in a month,
// and -/+ steps that stay inside each field's range.

#include "viz/core/levers.h"

#include <gtest/gtest.h>

#include "viz_support.h"

namespace stackrace::viz {
namespace {

const LeverField& lever(const std::string& name) {
  for (const LeverField& f : lever_fields())
    if (f.name == name) return f;
  throw std::runtime_error("no lever " + name);
}

TEST(Levers, EveryPolicyLeversFieldWithItsUnitAndRange) {
  EXPECT_EQ(static_cast<int>(lever_fields().size()), PolicyLevers::descriptor()->field_count());
  const LeverField& budget = lever("enforcement_budget_musd_per_year");
  EXPECT_EQ(budget.unit, "million USD per year");
  EXPECT_EQ(budget.range, "[0, 100000]");
  EXPECT_EQ(budget.min, 0);
  EXPECT_EQ(budget.max, 1e5);
  for (const LeverField& f : lever_fields()) {
    EXPECT_FALSE(f.unit.empty()) << f.name;
    EXPECT_FALSE(f.range.empty()) << f.name;
  }
}

TEST(Levers, StepsClampToTheRange) {
  const LeverField& closure = lever("remote_access_closure");  // [0, 1]
  EXPECT_DOUBLE_EQ(step_lever(closure, 0.3, +1), 0.35);
  EXPECT_DOUBLE_EQ(step_lever(closure, 0.3, -1), 0.25);
  EXPECT_DOUBLE_EQ(step_lever(closure, 0.32, +1), 0.35);  // snapped to the step
  EXPECT_EQ(step_lever(closure, 1, +1), 1);
  EXPECT_EQ(step_lever(closure, 0, -1), 0);
  EXPECT_EQ(step_lever(closure, 0.98, +1), 1);
  double v = 0;
  for (int i = 0; i < 25; ++i) v = step_lever(closure, v, +1);
  EXPECT_EQ(v, 1);
  EXPECT_EQ(lever_text(step_lever(closure, 0.25, +1)), "0.3");  // no 0.30000000000000004

  const LeverField& retraining = lever("us_retraining_spending_share_gdp");  // [0, 0.03]
  EXPECT_DOUBLE_EQ(step_lever(retraining, 0, +1), 0.002);
  EXPECT_EQ(step_lever(retraining, 0.03, +1), 0.03);

  const LeverField& sales = lever("tier3_legal_sales_h100e_per_month");  // [0, 1e8]: steps follow the value
  EXPECT_EQ(step_lever(sales, 50000, +1), 60000);  // step 20000, from the value snapped to it
  EXPECT_EQ(step_lever(sales, 50000, -1), 40000);
  EXPECT_EQ(step_lever(sales, 0, +1), 10000);
  EXPECT_EQ(step_lever(sales, 0, -1), 0);
  EXPECT_EQ(step_lever(sales, 1e8, +1), 1e8);
}

TEST(Levers, InForceFollowsPreLeversAndDatedChanges) {
  SpecOptions options{{"horizon.end_month=2027-12"}, 20000};
  const Spec spec = load_spec((viz_test::repo_root() / "configs/scenarios/loophole_2027.textproto").string(), options);
  const LeverField& closure = lever("remote_access_closure");
  const Month before = spec.supply_index.policy_start;
  ASSERT_FALSE(spec.supply_index.change_months.empty());
  const Month change = spec.supply_index.change_months.front();
  const PolicyChange& c = spec.scenario.policy().change(0);
  EXPECT_EQ(lever_value(levers_in_force(spec, Month{before.index - 1}), closure),
            spec.scenario.policy().pre().remote_access_closure());
  if (c.levers().has_remote_access_closure()) {
    EXPECT_EQ(lever_value(levers_in_force(spec, change), closure), c.levers().remote_access_closure());
  }
  // A field no change gives keeps the value policy.levers (or pre) gave it.
  const LeverField& subsidy = lever("china_chip_subsidy");
  PolicyLevers expected = spec.scenario.policy().pre();
  expected.MergeFrom(spec.scenario.policy().levers());
  EXPECT_EQ(lever_value(levers_in_force(spec, before), subsidy), expected.china_chip_subsidy());
}

TEST(Levers, EditsBecomeTheBranchSets) {
  SpecOptions options{{"horizon.end_month=2025-06"}, 20000};
  const Spec spec = load_spec((viz_test::repo_root() / "configs/scenarios/baseline.textproto").string(), options);
  const PolicyLevers in_force = levers_in_force(spec, spec.start);
  LeverEdits edits;
  EXPECT_TRUE(edits.empty());
  int closure = -1, budget = -1;
  for (std::size_t i = 0; i < lever_fields().size(); ++i) {
    if (lever_fields()[i].name == "remote_access_closure") closure = static_cast<int>(i);
    if (lever_fields()[i].name == "enforcement_budget_musd_per_year") budget = static_cast<int>(i);
  }
  edits.step(closure, +1, in_force);
  edits.step(closure, +1, in_force);
  edits.step(budget, -1, in_force);
  EXPECT_EQ(edits.sets(), (std::vector<std::string>{"policy.levers.enforcement_budget_musd_per_year=50",
                                                    "policy.levers.remote_access_closure=0.1"}));
  edits.reset(budget);
  EXPECT_EQ(edits.sets(), (std::vector<std::string>{"policy.levers.remote_access_closure=0.1"}));
  // A lever the scenario leaves unset (no Tier 2 cap) steps from 0.
  int cap = -1;
  for (std::size_t i = 0; i < lever_fields().size(); ++i)
    if (lever_fields()[i].name == "tier2_cap_h100e_per_country_month") cap = static_cast<int>(i);
  EXPECT_FALSE(lever_value(in_force, lever_fields()[cap]).has_value());
  edits.step(cap, +1, in_force);
  EXPECT_EQ(edits.edited(cap), 10000);
}

}  // namespace
}  // namespace stackrace::viz
