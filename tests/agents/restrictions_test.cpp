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

TEST(CnServicePenalty, TheLeverMovesOnlyAlliedGovernments) {
  const Country allied = country(true, {0.2, 0.0, 0.1}), other = country(false, {0.2, 0.0, 0.1});
  for (double lever : {0.0, 0.3, 1.0}) {
    EXPECT_DOUBLE_EQ(cn_service_penalty(other, AdopterKind::kHousehold, lever, penalties()), 0.1 * 3.0) << lever;
    EXPECT_DOUBLE_EQ(cn_service_penalty(other, AdopterKind::kPublicBody, lever, penalties()), 0.2 * 6.0) << lever;
  }
  EXPECT_DOUBLE_EQ(cn_service_penalty(allied, AdopterKind::kHousehold, 0.3, penalties()), (0.1 + 0.3) * 3.0);
  EXPECT_DOUBLE_EQ(cn_service_penalty(allied, AdopterKind::kFirm, 0.3, penalties()), 0.3 * 4.0);
  EXPECT_DOUBLE_EQ(cn_service_penalty(allied, AdopterKind::kPublicBody, 0.3, penalties()), (0.2 + 0.3) * 6.0);
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
