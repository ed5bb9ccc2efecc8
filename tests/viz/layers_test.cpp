// viz/core/layers: layer names, colour scales and legends.

#include "viz/core/layers.h"

#include <gtest/gtest.h>

#include "base/errors.h"
#include "base/proto/output.pb.h"

namespace stackrace::viz {
namespace {

CountryFrame state(double users, int dominant) {
  CountryFrame s;
  s.ai_user_share = users;
  s.dominant_stack = dominant;
  if (dominant >= 0) s.stack_share[dominant] = 1;
  return s;
}

TEST(Layers, NamesRoundTrip) {
  for (int i = 0; i < kLayerCount; ++i) EXPECT_EQ(parse_layer(layer_name(layer_from_index(i))), layer_from_index(i));
  try {
    parse_layer("nope");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("dominant, ai_user_share, cn_share, tier"), std::string::npos);
  }
}

TEST(Layers, DominantKeepsTheStackHueAndPalesWithFewerUsers) {
  const Rgb full = country_colour(Layer::dominant, state(0.9, CN_OPEN), true);
  EXPECT_EQ(full, stack_colour(CN_OPEN));
  const Rgb pale = country_colour(Layer::dominant, state(0.05, CN_OPEN), true);
  EXPECT_GT(pale.g, full.g);  // mixed with white
  EXPECT_EQ(country_colour(Layer::dominant, state(0, -1), true), kNoDataColour);
}

TEST(Layers, UninhabitedIsNoDataInEveryLayer) {
  for (int i = 0; i < kLayerCount; ++i)
    EXPECT_EQ(country_colour(layer_from_index(i), state(0.5, US_CLOSED), false), kNoDataColour);
}

TEST(Layers, TiersHaveDistinctColours) {
  CountryFrame s = state(0.2, US_CLOSED);
  s.export_tier = 1;
  const Rgb t1 = country_colour(Layer::tier, s, true);
  s.export_tier = 3;
  const Rgb t3 = country_colour(Layer::tier, s, true);
  EXPECT_EQ(t1, tier_colour(1));
  EXPECT_EQ(t3, tier_colour(3));
  EXPECT_NE(t1, t3);
}

TEST(Layers, SequentialScalesAreMonotonic) {
  // Darker (smaller sum of channels) as the value grows.
  int last = 1000;
  for (double share : {0.0, 0.2, 0.4, 0.6, 0.8}) {
    const Rgb c = country_colour(Layer::ai_user_share, state(share, US_CLOSED), true);
    EXPECT_LT(c.r + c.g + c.b, last);
    last = c.r + c.g + c.b;
  }
}

TEST(Layers, LegendsListEveryCategory) {
  EXPECT_EQ(layer_legend(Layer::dominant).items.size(), 6u + 3u);  // stacks, no data, the paleness key
  EXPECT_EQ(layer_legend(Layer::tier).items.size(), 4u);
  EXPECT_EQ(layer_legend(Layer::dominant).items[2].colour, stack_colour(CN_CLOSED));
}

// The dominant layer's legend keys its paleness: the swatches after "no
// data" are the colours of a country where 5%, 20% and 50% use AI, each
// paler than the next, so that a pale hue is read as few users, not as
// another stack.
TEST(Layers, DominantLegendKeysPaleness) {
  const Legend legend = layer_legend(Layer::dominant);
  ASSERT_EQ(legend.items.size(), 9u);
  int last = 1000;
  const double shares[] = {0.05, 0.2, 0.5};
  for (int i = 0; i < 3; ++i) {
    const LegendItem& item = legend.items[6 + i];
    EXPECT_EQ(item.colour, country_colour(Layer::dominant, state(shares[i], US_CLOSED), true)) << item.label;
    EXPECT_LT(item.colour.r + item.colour.g + item.colour.b, last) << item.label;
    last = item.colour.r + item.colour.g + item.colour.b;
  }
  EXPECT_EQ(legend.items[6].label, "5% use AI");
  EXPECT_EQ(legend.items[8].label, "50% or more use AI");
}

// Displacement is drawn on 0-3% in steps of 0.5%: the shipped scenarios stay
// near 1%, which a 0-5% scale left a uniform pale yellow.
TEST(Layers, DisplacementScaleSpreadsThePercentRange) {
  CountryFrame s = state(0.2, US_CLOSED);
  s.displaced_worker_share = 0.0;
  const Rgb none = country_colour(Layer::displacement, s, true);
  s.displaced_worker_share = 0.012;
  const Rgb some = country_colour(Layer::displacement, s, true);
  s.displaced_worker_share = 0.03;
  const Rgb top = country_colour(Layer::displacement, s, true);
  s.displaced_worker_share = 0.2;
  EXPECT_EQ(country_colour(Layer::displacement, s, true), top);           // saturates
  EXPECT_GT(none.r + none.g + none.b - (some.r + some.g + some.b), 100);  // 1.2% stands out
  const Legend legend = layer_legend(Layer::displacement);
  ASSERT_EQ(legend.items.size(), 8u);
  EXPECT_EQ(legend.items[1].label, "0.5%");
  EXPECT_EQ(legend.items[2].label, "1%");
  EXPECT_EQ(legend.items[6].label, "3% or more");
  EXPECT_EQ(legend.items[6].colour, top);
}

}  // namespace
}  // namespace stackrace::viz
