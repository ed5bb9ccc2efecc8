// agents/restrictions: what restrictions on Chinese AI services cost the
// Chinese stacks in an adopter's choice.
#include "agents/restrictions.h"

#include <gtest/gtest.h>

namespace stackrace {
namespace {

Choice penalties() {
  Choice c;
  c.set_cn_restriction_penalty_household(3.0);
  c.set_cn_restriction_penalty_firm(4.0);
  c.set_cn_restriction_penalty_public_body(6.0);
  return c;
}

Country country(bool allied, CnRestriction in_force) {
  Country c;
  c.iso3 = "XXX";
  c.us_allied = allied;
  c.cn_restriction = in_force;
  return c;
}

TEST(CnServicePenalty, NoneWithoutRestrictions) {
  for (bool allied : {false, true})
    for (AdopterKind k : {AdopterKind::kHousehold, AdopterKind::kFirm, AdopterKind::kPublicBody})
      EXPECT_EQ(cn_service_penalty(country(allied, {}), k, 0.0, penalties()), 0.0);
}

TEST(CnServicePenalty, EachKindHasItsOwnLevelInForce) {
  // A government-device ban (public bodies 1), data rules half-way for firms,
  // nothing for households: Australia-like.
  const Country c = country(false, {1.0, 0.5, 0.0});
  EXPECT_DOUBLE_EQ(cn_service_penalty(c, AdopterKind::kPublicBody, 0.0, penalties()), 6.0);
  EXPECT_DOUBLE_EQ(cn_service_penalty(c, AdopterKind::kFirm, 0.0, penalties()), 2.0);
  EXPECT_DOUBLE_EQ(cn_service_penalty(c, AdopterKind::kHousehold, 0.0, penalties()), 0.0);
}

TEST(CnServicePenalty, TheLeverAddsToTheLevelsInForce) {
  const Country c = country(false, {0.2, 0.0, 0.1});
  EXPECT_DOUBLE_EQ(cn_service_penalty(c, AdopterKind::kHousehold, 0.3, penalties()), (0.1 + 0.3) * 3.0);
  EXPECT_DOUBLE_EQ(cn_service_penalty(c, AdopterKind::kFirm, 0.3, penalties()), 0.3 * 4.0);
  EXPECT_DOUBLE_EQ(cn_service_penalty(c, AdopterKind::kPublicBody, 0.3, penalties()), (0.2 + 0.3) * 6.0);
}

TEST(AlliedLeverReach, FullForAlliesPartForGovernmentsDrawnToTheUs) {
  const Country allied = country(true, {}), other = country(false, {});
  // An ally applies the whole lever, whatever its draw to partner.
  for (double propensity : {0.0, 0.4, 1.0}) EXPECT_DOUBLE_EQ(allied_lever_reach(allied, propensity, 0.5), 1.0);
  // Elsewhere: the uptake times the propensity to partner with the US.
  EXPECT_DOUBLE_EQ(allied_lever_reach(other, 0.0, 0.5), 0.0);
  EXPECT_DOUBLE_EQ(allied_lever_reach(other, 0.4, 0.5), 0.2);
  EXPECT_DOUBLE_EQ(allied_lever_reach(other, 1.0, 0.5), 0.5);
  EXPECT_DOUBLE_EQ(allied_lever_reach(other, 1.0, 0.0), 0.0);
  // Smooth and rising in the propensity: no threshold.
  double previous = -1;
  for (double propensity = 0; propensity <= 1.0; propensity += 0.1) {
    const double r = allied_lever_reach(other, propensity, 0.5);
    EXPECT_GT(r, previous);
    previous = r;
  }
}

TEST(CnServicePenalty, LevelStopsAtFullRestriction) {
  const Country c = country(true, {0.9, 0.6, 0.7});
  EXPECT_DOUBLE_EQ(cn_restriction_level(c, AdopterKind::kPublicBody, 0.5), 1.0);
  EXPECT_DOUBLE_EQ(cn_restriction_level(c, AdopterKind::kFirm, 0.3), 0.9);
  EXPECT_DOUBLE_EQ(cn_service_penalty(c, AdopterKind::kHousehold, 1.0, penalties()), 3.0);
  // Monotone in the lever.
  double previous = -1;
  for (double lever = 0; lever <= 1.0; lever += 0.05) {
    const double p = cn_service_penalty(c, AdopterKind::kFirm, lever, penalties());
    EXPECT_GE(p, previous);
    previous = p;
  }
}

}  // namespace
}  // namespace stackrace
