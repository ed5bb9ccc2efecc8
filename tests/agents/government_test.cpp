// Tests agents/government.*: partnerships drawn from a logit over the offers,
// and the stack a government procures.
#include "agents/government.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace stackrace {
namespace {

constexpr double kBlocked = -std::numeric_limits<double>::infinity();

// The shipped government parameters (configs/scenarios/baseline.textproto).
Government baseline_params() {
  Government g;
  g.set_alignment_weight(2.0);
  g.set_us_offer_value_at_full_promotion(1.5);
  g.set_cn_offer_value_at_full_promotion(1.5);
  g.set_partner_price_discount_at_full_promotion(0.6);
  g.set_neutral_utility(1.0);
  g.set_incumbency_utility(1.0);
  g.set_capability_weight_per_log10_flop(1.2);
  g.set_price_weight_per_usd_mtok(0.05);
  g.set_safety_weight(0.5);
  g.set_review_interval_months(12);
  return g;
}

// Both blocs available, equally good and cheap, with CAISI's compliance rates.
Offers offers(double us_promotion_value, double cn_promotion_value) {
  Offers o;
  o.us = {true, 0.0, 1.0, 0.08, us_promotion_value};
  o.cn = {true, -0.1, 0.5, 0.94, cn_promotion_value};
  return o;
}

Country country_with_alignment(double alignment) {
  Country c;
  c.iso3 = "TST";
  c.population = 1e6;
  c.alignment = alignment;
  return c;
}

// Values of the stacks to a public body: US closed best, then US open, CN closed, CN open, other.
const StackArray kValues{0.0, -0.5, -0.8, -1.0, -2.0};
// Users' stacks: mostly OTHER.
const StackArray kMix{0.1, 0.1, 0.1, 0.1, 0.6};

GovernmentState decide(double alignment, const GovernmentState& previous, const Offers& o, double draw,
                       const StackArray& values = kValues, const StackArray& mix = kMix) {
  return decide_government(country_with_alignment(alignment), previous, baseline_params(), o, mix, values,
                           Review{true, draw});
}

double probability(double alignment, Partnership current, const Offers& o, Partnership of) {
  return partnership_probabilities(
      partnership_utilities(country_with_alignment(alignment), current, baseline_params(), o))[of];
}

TEST(Government, UtilitiesFollowTheDocumentedFormula) {
  const Government p = baseline_params();
  const Offers o = offers(0.45, 0.75);
  const auto u = partnership_utilities(country_with_alignment(0.3), US_PARTNER, p, o);
  EXPECT_NEAR(u[NEUTRAL], 1.0, 1e-12);
  EXPECT_NEAR(u[US_PARTNER], 2.0 * 0.3 + 0.45 + 0 - 0.05 * 1.0 - 0.5 * 0.08 + 1.0, 1e-12);
  EXPECT_NEAR(u[CN_PARTNER], -2.0 * 0.3 + 0.75 + 1.2 * -0.1 - 0.05 * 0.5 - 0.5 * 0.94, 1e-12);
  const auto prob = partnership_probabilities(u);
  EXPECT_NEAR(prob[0] + prob[1] + prob[2], 1.0, 1e-12);
  // A bloc with nothing available there is never chosen.
  Offers no_us = o;
  no_us.us.available = false;
  EXPECT_DOUBLE_EQ(partnership_probabilities(partnership_utilities(country_with_alignment(1), NEUTRAL, p, no_us))[1],
                   0.0);
}

// A US ally never partners with China, however good and promoted the Chinese
// offer; the same country not allied would, and the ally may still stay
// neutral or partner with the US.
TEST(Government, AUsAllyNeverPartnersWithChina) {
  const Government p = baseline_params();
  Offers o = offers(0.0, 1.5);
  o.cn.capability_gap_log10 = 0;
  o.us.capability_gap_log10 = -1;
  Country ally = country_with_alignment(0.0);
  ally.us_allied = true;
  const auto allied = partnership_probabilities(partnership_utilities(ally, CN_PARTNER, p, o));
  EXPECT_EQ(allied[CN_PARTNER], 0.0);
  EXPECT_GT(allied[NEUTRAL], 0.0);
  EXPECT_GT(allied[US_PARTNER], 0.0);
  EXPECT_GT(probability(0.0, CN_PARTNER, o, CN_PARTNER), 0.5);
  // At a review, a draw that would pick China for the others leaves the ally elsewhere.
  const GovernmentState was{CN_PARTNER, -1, 0, 1};
  const GovernmentState next = decide_government(ally, was, p, o, kMix, kValues, Review{true, 0.999});
  EXPECT_NE(next.partnership, CN_PARTNER);
  EXPECT_EQ(next.cn_propensity, 0.0F);
  EXPECT_EQ(decide(0.0, was, o, 0.999).partnership, CN_PARTNER);
}

TEST(Government, PromotionRaisesPartnershipPropensitySmoothly) {
  // Over each bloc's promotion range, its probability rises in small steps,
  // whatever the country's alignment: no knife edge.
  for (const double alignment : {-0.6, -0.05, 0.0, 0.3, 0.8}) {
    double us_before = -1, cn_before = -1;
    for (int k = 0; k <= 20; ++k) {
      const double value = 1.5 * k / 20.0;
      const double us = probability(alignment, NEUTRAL, offers(value, 0.75), US_PARTNER);
      const double cn = probability(alignment, NEUTRAL, offers(0.45, value), CN_PARTNER);
      if (k > 0) {
        EXPECT_GT(us, us_before) << alignment << " " << k;
        EXPECT_GT(cn, cn_before) << alignment << " " << k;
        EXPECT_LT(us - us_before, 0.05) << alignment << " " << k;
        EXPECT_LT(cn - cn_before, 0.05) << alignment << " " << k;
      }
      us_before = us;
      cn_before = cn;
    }
  }
  // Full promotion matters: at alignment -0.05 (sub-Saharan Africa's) the
  // Chinese propensity at least doubles from no promotion to full.
  EXPECT_GT(probability(-0.05, NEUTRAL, offers(0.45, 1.5), CN_PARTNER),
            2 * probability(-0.05, NEUTRAL, offers(0.45, 0.0), CN_PARTNER));
}

TEST(Government, CapabilityPriceAndSafetyMoveThePropensity) {
  const double base = probability(0.0, NEUTRAL, offers(0.45, 0.75), CN_PARTNER);
  Offers better = offers(0.45, 0.75);
  better.cn.capability_gap_log10 = 0.0;
  EXPECT_GT(probability(0.0, NEUTRAL, better, CN_PARTNER), base);
  Offers cheaper = offers(0.45, 0.75);
  cheaper.cn.price_usd_per_mtok = 0.0;
  EXPECT_GT(probability(0.0, NEUTRAL, cheaper, CN_PARTNER), base);
  Offers safer = offers(0.45, 0.75);
  safer.cn.misuse_compliance = 0.08;
  EXPECT_GT(probability(0.0, NEUTRAL, safer, CN_PARTNER), base);
}

TEST(Government, DrawPicksThePartnershipAndPartnershipsCanEnd) {
  const Offers o = offers(0.45, 0.75);
  const auto prob = partnership_probabilities(
      partnership_utilities(country_with_alignment(0.2), NEUTRAL, baseline_params(), o));
  // The draw walks the cumulative probabilities: neutral, US, China.
  EXPECT_EQ(decide(0.2, {}, o, 0.0).partnership, NEUTRAL);
  // Whatever the draw, the propensities are the probabilities (promotion reaches adopters in proportion).
  for (const double draw : {0.0, 0.5, 0.99}) {
    EXPECT_FLOAT_EQ(decide(0.2, {}, o, draw).us_propensity, static_cast<float>(prob[US_PARTNER]));
    EXPECT_FLOAT_EQ(decide(0.2, {}, o, draw).cn_propensity, static_cast<float>(prob[CN_PARTNER]));
  }
  EXPECT_EQ(decide(0.2, {}, o, prob[0] + 1e-9).partnership, US_PARTNER);
  EXPECT_EQ(decide(0.2, {}, o, 1.0 - 1e-12).partnership, CN_PARTNER);
  // A draw in the neutral band ends a partnership.
  const GovernmentState us_partner{US_PARTNER, US_CLOSED};
  EXPECT_EQ(decide(-0.5, us_partner, o, 0.0).partnership, NEUTRAL);
  // Incumbency makes staying likelier than signing from neutral.
  EXPECT_GT(probability(0.2, US_PARTNER, o, US_PARTNER), probability(0.2, NEUTRAL, o, US_PARTNER));
  // Between reviews nothing changes.
  EXPECT_EQ(decide_government(country_with_alignment(-1), us_partner, baseline_params(), o, kMix, kValues,
                              Review{false, 0.99})
                .partnership,
            US_PARTNER);
}

TEST(Government, HomeCountriesOfABlocsLabsAlwaysPartnerWithIt) {
  Offers o = offers(0.45, 0.75);
  o.home_bloc = CN_PARTNER;
  for (const double draw : {0.0, 0.5, 0.999}) {
    EXPECT_EQ(decide(-1.0, {}, o, draw).partnership, CN_PARTNER) << draw;
    EXPECT_EQ(decide(-1.0, {}, o, draw).cn_propensity, 1.0F);
  }
  o.home_bloc = US_PARTNER;
  EXPECT_EQ(decide(1.0, {}, o, 0.0).partnership, US_PARTNER);
}

TEST(Government, DefaultStackIsThePartnersBestOrWhatUsersUse) {
  const Offers o = offers(0.45, 0.75);
  const double us_draw = probability(1.0, NEUTRAL, o, NEUTRAL) + 1e-9;
  // US partner: the best US stack by value, even when a CN stack is worth more.
  GovernmentState next = decide(1.0, {}, o, us_draw);
  ASSERT_EQ(next.partnership, US_PARTNER);
  EXPECT_EQ(next.default_stack, US_CLOSED);
  const StackArray cn_better{-1.0, -0.5, 0.0, 0.0, 0.0};
  EXPECT_EQ(decide(1.0, {}, o, us_draw, cn_better).default_stack, US_OPEN);
  // China partner: the best CN stack.
  next = decide(-1.0, {}, o, 1.0 - 1e-12);
  ASSERT_EQ(next.partnership, CN_PARTNER);
  EXPECT_EQ(next.default_stack, CN_CLOSED);
  // Neutral: what users use; without users, the best available stack.
  EXPECT_EQ(decide(0.0, {}, o, 0.0).default_stack, OTHER);
  EXPECT_EQ(decide(0.0, {}, o, 0.0, kValues, {}).default_stack, US_CLOSED);
  // No US stack at all for a US partner: what users use among available stacks.
  const StackArray no_us{kBlocked, kBlocked, -0.8, -1.0, -2.0};
  const StackArray us_heavy_mix{0.7, 0.2, 0.05, 0.05, 0.0};
  EXPECT_EQ(decide(1.0, {}, o, us_draw, no_us, us_heavy_mix).default_stack, CN_CLOSED);
  // Nothing available: no default.
  const StackArray none{kBlocked, kBlocked, kBlocked, kBlocked, kBlocked};
  EXPECT_EQ(decide(-1.0, {}, o, 0.5, none).default_stack, -1);
}

TEST(Government, StackHelpers) {
  EXPECT_TRUE(is_us_stack(US_CLOSED));
  EXPECT_TRUE(is_us_stack(US_OPEN));
  EXPECT_FALSE(is_us_stack(CN_OPEN));
  EXPECT_TRUE(is_cn_stack(CN_CLOSED));
  EXPECT_TRUE(is_cn_stack(CN_OPEN));
  EXPECT_FALSE(is_cn_stack(OTHER));
  EXPECT_FALSE(is_us_stack(OTHER));
}

}  // namespace
}  // namespace stackrace
