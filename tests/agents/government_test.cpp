#include "agents/government.h"

#include <gtest/gtest.h>

#include <limits>

namespace stackrace {
namespace {

constexpr double kBlocked = -std::numeric_limits<double>::infinity();

Government baseline_params() {
  Government g;
  g.set_alignment_weight(1.0);
  g.set_partnership_margin(0.5);
  return g;
}

// The offers' values this month (the simulation scales them by export promotion).
constexpr Offers kOffers{0.2, 0.3};

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

TEST(Government, StronglyUsAlignedPartnersWithUsAndDefaultsToUsStack) {
  const GovernmentState next =
      decide_government(country_with_alignment(1.0), {}, baseline_params(), kOffers, kMix, kValues);
  EXPECT_EQ(next.partnership, US_PARTNER);
  EXPECT_EQ(next.default_stack, US_CLOSED);
  // The best US stack by value, even when a CN stack is worth more.
  const StackArray cn_better{-1.0, -0.5, 0.0, 0.0, 0.0};
  const GovernmentState other =
      decide_government(country_with_alignment(1.0), {}, baseline_params(), kOffers, kMix, cn_better);
  EXPECT_EQ(other.partnership, US_PARTNER);
  EXPECT_EQ(other.default_stack, US_OPEN);
}

TEST(Government, StronglyChinaAlignedPartnersWithChinaAndDefaultsToCnStack) {
  const GovernmentState next =
      decide_government(country_with_alignment(-1.0), {}, baseline_params(), kOffers, kMix, kValues);
  EXPECT_EQ(next.partnership, CN_PARTNER);
  EXPECT_EQ(next.default_stack, CN_CLOSED);
}

TEST(Government, BlockedStacksAreNeverTheDefault) {
  // US-aligned but US closed is unavailable: the other US stack.
  const StackArray no_us_closed{kBlocked, -0.5, -0.8, -1.0, -2.0};
  EXPECT_EQ(
      decide_government(country_with_alignment(1.0), {}, baseline_params(), kOffers, kMix, no_us_closed).default_stack,
      US_OPEN);
  // No US stack at all: falls back to what users use, among available stacks.
  const StackArray no_us{kBlocked, kBlocked, -0.8, -1.0, -2.0};
  const StackArray us_heavy_mix{0.7, 0.2, 0.05, 0.05, 0.0};
  const GovernmentState s =
      decide_government(country_with_alignment(1.0), {}, baseline_params(), kOffers, us_heavy_mix, no_us);
  EXPECT_EQ(s.partnership, US_PARTNER);
  EXPECT_EQ(s.default_stack, CN_CLOSED);
  // A China partner where only OTHER is available.
  const StackArray only_other{kBlocked, kBlocked, kBlocked, kBlocked, -2.0};
  EXPECT_EQ(
      decide_government(country_with_alignment(-1.0), {}, baseline_params(), kOffers, {}, only_other).default_stack,
      OTHER);
  // Nothing available: no default.
  const StackArray none{kBlocked, kBlocked, kBlocked, kBlocked, kBlocked};
  EXPECT_EQ(decide_government(country_with_alignment(-1.0), {}, baseline_params(), kOffers, kMix, none).default_stack,
            -1);
}

TEST(Government, NeutralBelowMarginStaysNeutralAndProcuresWhatUsersUse) {
  // alignment 0.1: US 0.3, CN 0.2; neither beats neutrality by the 0.5 margin.
  const GovernmentState next =
      decide_government(country_with_alignment(0.1), {}, baseline_params(), kOffers, kMix, kValues);
  EXPECT_EQ(next.partnership, NEUTRAL);
  EXPECT_EQ(next.default_stack, OTHER);  // the most used stack
  // Month after month.
  GovernmentState s{};
  for (int m = 0; m < 24; ++m)
    s = decide_government(country_with_alignment(0.1), s, baseline_params(), kOffers, kMix, kValues);
  EXPECT_EQ(s.partnership, NEUTRAL);
  // Without users, the best available stack.
  EXPECT_EQ(decide_government(country_with_alignment(0.1), {}, baseline_params(), kOffers, {}, kValues).default_stack,
            US_CLOSED);
}

TEST(Government, MarginMustBeatTheOtherBlocToo) {
  const Government p = baseline_params();
  const Offers full{1.0, 1.0};
  // alignment 0.2: US 1.2, CN 0.8 — both beat neutrality, US beats CN by only 0.4.
  EXPECT_EQ(decide_government(country_with_alignment(0.2), {}, p, full, kMix, kValues).partnership, NEUTRAL);
  // alignment 0.3: US 1.3 vs CN 0.7 — 0.6 > margin.
  EXPECT_EQ(decide_government(country_with_alignment(0.3), {}, p, full, kMix, kValues).partnership, US_PARTNER);
}

TEST(Government, HysteresisKeepsAPartnershipUntilItsValueFallsBelowZero) {
  const Government p = baseline_params();
  // alignment 0.1 (US 0.3, CN 0.2): too little to sign from neutral, enough to stay.
  const GovernmentState us_partner{US_PARTNER, US_CLOSED};
  EXPECT_EQ(decide_government(country_with_alignment(0.1), us_partner, p, kOffers, kMix, kValues).partnership,
            US_PARTNER);
  EXPECT_EQ(decide_government(country_with_alignment(0.1), {}, p, kOffers, kMix, kValues).partnership, NEUTRAL);
  // alignment -0.3 (US -0.1, CN 0.6): China beats both the US and neutrality by the margin: switch.
  EXPECT_EQ(decide_government(country_with_alignment(-0.3), us_partner, p, kOffers, kMix, kValues).partnership,
            CN_PARTNER);

  // Without offers the two rules separate.
  const Offers none{0.0, 0.0};
  // alignment -0.1 (US -0.1, CN 0.1): the US partnership falls below zero and is dropped; CN is below the margin.
  EXPECT_EQ(decide_government(country_with_alignment(-0.1), us_partner, p, none, kMix, kValues).partnership, NEUTRAL);
  const GovernmentState cn_partner{CN_PARTNER, CN_OPEN};
  // alignment 0.05 (CN -0.05): dropped.
  EXPECT_EQ(decide_government(country_with_alignment(0.05), cn_partner, p, none, kMix, kValues).partnership, NEUTRAL);
  // alignment -0.05 (CN 0.05 >= 0): kept, although it could not be signed from neutral.
  EXPECT_EQ(decide_government(country_with_alignment(-0.05), cn_partner, p, none, kMix, kValues).partnership,
            CN_PARTNER);
  EXPECT_EQ(decide_government(country_with_alignment(-0.05), {}, p, none, kMix, kValues).partnership, NEUTRAL);
  // alignment 1 (US 1, CN -1): a China partner switches to the US.
  EXPECT_EQ(decide_government(country_with_alignment(1.0), cn_partner, p, none, kMix, kValues).partnership, US_PARTNER);
}

TEST(Government, OffersComeFromTheCallerNotTheParameters) {
  // The same government and country: alignment 0.3 alone is below the 0.5
  // margin; a US offer of 0.5 (full export promotion) tips it, a Chinese one
  // of the same value does not.
  const Government p = baseline_params();
  EXPECT_EQ(decide_government(country_with_alignment(0.3), {}, p, Offers{0.0, 0.0}, kMix, kValues).partnership,
            NEUTRAL);
  EXPECT_EQ(decide_government(country_with_alignment(0.3), {}, p, Offers{0.5, 0.0}, kMix, kValues).partnership,
            US_PARTNER);
  EXPECT_EQ(decide_government(country_with_alignment(0.3), {}, p, Offers{0.0, 0.5}, kMix, kValues).partnership,
            NEUTRAL);
  // A Chinese offer large enough beats alignment with the US.
  EXPECT_EQ(decide_government(country_with_alignment(0.3), {}, p, Offers{0.0, 1.5}, kMix, kValues).partnership,
            CN_PARTNER);
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
