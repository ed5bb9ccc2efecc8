#include "viz/core/layers.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "base/errors.h"
#include "base/proto/output.pb.h"

namespace stackrace::viz {
namespace {

constexpr Rgb kWhite{255, 255, 255};

// Hues: blue for US stacks, red/orange for Chinese ones, green for other;
// closed models darker than open ones. Chosen to stay apart for the common
// red-green colour blindness (blue vs orange carry the US/China contrast).
constexpr Rgb kStackColours[kStackCount] = {
    {31, 78, 156},   // us_closed
    {77, 163, 217},  // us_open
    {178, 24, 43},   // cn_closed
    {239, 138, 60},  // cn_open
    {77, 154, 91},   // other
};

// Dominant layer: a country is drawn at full strength once this share of its
// people use AI (the leading economies pass it by 2030; above it the hue
// alone matters) ...
constexpr double kFullStrengthUserShare = 0.5;
// ... and never paler than this mix with white, so the hue stays readable.
constexpr double kMinStrength = 0.3;

// AI user share: light yellow to dark blue (ColorBrewer YlGnBu), 0 to 80% of
// the population; UAE, the highest in 2025, was at 64%.
constexpr double kUserShareScaleMax = 0.8;
const std::vector<Rgb> kUserShareRamp = {{255, 255, 217}, {199, 233, 180}, {127, 205, 187}, {65, 182, 196},
                                         {29, 145, 192},  {34, 94, 168},   {12, 44, 132}};

// Chinese-stack share: near white to dark red (ColorBrewer Reds), 0 to 100%.
const std::vector<Rgb> kCnShareRamp = {{247, 247, 247}, {253, 219, 199}, {244, 165, 130},
                                       {214, 96, 77},   {178, 24, 43},   {103, 0, 31}};

// Displaced workers: pale yellow to dark purple-brown (ColorBrewer YlOrBr),
// 0 to 3% of employment in steps of 0.5%: the shipped scenarios stay under
// 1.3% in every country to 2030, and the shares at which strain turns to
// backlash at the shipped values (1.5-3.1% by region, docs/resilience.md) are
// the top of the scale.
constexpr double kDisplacedScaleMax = 0.03;
constexpr int kDisplacedSteps = 6;
const std::vector<Rgb> kDisplacedRamp = {{255, 255, 229}, {254, 227, 145}, {254, 196, 79},
                                         {236, 112, 20},  {204, 76, 2},    {102, 37, 6}};

constexpr Rgb kTierColours[3] = {{44, 123, 182}, {253, 174, 97}, {215, 25, 28}};

constexpr const char* kLayerNames[kLayerCount] = {"dominant", "ai_user_share", "cn_share", "tier", "displacement"};

std::string percent(double x) { return std::to_string(std::lround(x * 100)) + "%"; }

// A share as a percentage with at most one decimal: "0.5%", "2%".
std::string percent_tenths(double x) {
  const long tenths = std::lround(x * 1000);
  char buf[32];
  if (tenths % 10 == 0) {
    std::snprintf(buf, sizeof buf, "%ld%%", tenths / 10);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f%%", static_cast<double>(tenths) / 10);
  }
  return buf;
}

// The dominant layer's strength at a user share.
double dominant_strength(double user_share) {
  return kMinStrength + (1 - kMinStrength) * std::min(1.0, user_share / kFullStrengthUserShare);
}

// Shares of the population using AI that the dominant layer's legend shows
// paleness at, in one hue; the last is full strength.
constexpr double kPalenessKey[] = {0.05, 0.2, kFullStrengthUserShare};

}  // namespace

Layer parse_layer(std::string_view name) {
  for (int i = 0; i < kLayerCount; ++i)
    if (name == kLayerNames[i]) return static_cast<Layer>(i);
  throw InputError("--layer", "unknown layer '" + std::string(name) +
                                  "', expected one of dominant, ai_user_share, cn_share, tier, displacement");
}

const char* layer_name(Layer layer) { return kLayerNames[static_cast<int>(layer)]; }

const char* layer_title(Layer layer) {
  switch (layer) {
    case Layer::dominant:
      return "Dominant AI stack (paler: fewer AI users)";
    case Layer::ai_user_share:
      return "AI users, share of population";
    case Layer::cn_share:
      return "Chinese stacks, share of AI users";
    case Layer::tier:
      return "Chip export-control tier";
    case Layer::displacement:
      return "Workers displaced by AI, share of employment";
  }
  return "";
}

Layer layer_from_index(int index) { return static_cast<Layer>(std::clamp(index, 0, kLayerCount - 1)); }

Rgb stack_colour(int stack) { return stack >= 0 && stack < kStackCount ? kStackColours[stack] : kNoDataColour; }

Rgb tier_colour(int tier) { return tier >= 1 && tier <= 3 ? kTierColours[tier - 1] : kNoDataColour; }

Rgb country_colour(Layer layer, const CountryFrame& state, bool inhabited) {
  if (!inhabited) return kNoDataColour;
  const bool has_users = state.ai_user_share > 0;
  switch (layer) {
    case Layer::dominant: {
      if (!has_users || state.dominant_stack < 0) return kNoDataColour;
      return mix(kWhite, stack_colour(state.dominant_stack), dominant_strength(state.ai_user_share));
    }
    case Layer::ai_user_share:
      return sample_ramp(kUserShareRamp, state.ai_user_share / kUserShareScaleMax);
    case Layer::cn_share:
      if (!has_users) return kNoDataColour;
      return sample_ramp(kCnShareRamp, state.stack_share[CN_CLOSED] + state.stack_share[CN_OPEN]);
    case Layer::tier:
      return tier_colour(state.export_tier);
    case Layer::displacement:
      return sample_ramp(kDisplacedRamp, state.displaced_worker_share / kDisplacedScaleMax);
  }
  return kNoDataColour;
}

std::string country_value_text(Layer layer, const CountryFrame& state, bool inhabited) {
  if (!inhabited) return "uninhabited";
  const bool has_users = state.ai_user_share > 0;
  switch (layer) {
    case Layer::dominant:
      if (!has_users || state.dominant_stack < 0) return "no AI users";
      return std::string(stack_label(state.dominant_stack)) + ", " + percent_tenths(state.ai_user_share) +
             " of people use AI";
    case Layer::ai_user_share:
      return percent_tenths(state.ai_user_share) + " of people use AI";
    case Layer::cn_share:
      if (!has_users) return "no AI users";
      return percent_tenths(state.stack_share[CN_CLOSED] + state.stack_share[CN_OPEN]) +
             " of AI users on Chinese stacks";
    case Layer::tier:
      return "export tier " + std::to_string(state.export_tier);
    case Layer::displacement:
      return percent_tenths(state.displaced_worker_share) + " of employment displaced";
  }
  return "";
}

Legend layer_legend(Layer layer) {
  Legend legend;
  legend.title = layer_title(layer);
  switch (layer) {
    case Layer::dominant:
      for (int s = 0; s < kStackCount; ++s) legend.items.push_back({stack_colour(s), stack_label(s)});
      legend.items.push_back({kNoDataColour, "no AI users / no data"});
      // Paleness is the share of people using AI, whatever the hue: shown
      // in the first stack's, so that a pale swatch of one hue is not read
      // as another stack.
      for (double share : kPalenessKey) {
        legend.items.push_back({mix(kWhite, stack_colour(0), dominant_strength(share)),
                                percent(share) + (share == kFullStrengthUserShare ? " or more" : "") + " use AI"});
      }
      break;
    case Layer::ai_user_share: {
      // Swatches at 0, 20, ... 80% of the population.
      constexpr int kSteps = 4;
      for (int i = 0; i <= kSteps; ++i) {
        const double share = kUserShareScaleMax * i / kSteps;
        legend.items.push_back({sample_ramp(kUserShareRamp, share / kUserShareScaleMax),
                                percent(share) + (i == kSteps ? " or more" : "")});
      }
      legend.items.push_back({kNoDataColour, "no data"});
      break;
    }
    case Layer::cn_share: {
      constexpr int kSteps = 4;  // 0, 25, ... 100% of AI users
      for (int i = 0; i <= kSteps; ++i) {
        const double share = 1.0 * i / kSteps;
        legend.items.push_back({sample_ramp(kCnShareRamp, share), percent(share)});
      }
      legend.items.push_back({kNoDataColour, "no AI users / no data"});
      break;
    }
    case Layer::tier:
      legend.items.push_back({tier_colour(1), "Tier 1: allies, unrestricted"});
      legend.items.push_back({tier_colour(2), "Tier 2: capped"});
      legend.items.push_back({tier_colour(3), "Tier 3: embargoed"});
      legend.items.push_back({kNoDataColour, "uninhabited"});
      break;
    case Layer::displacement: {
      for (int i = 0; i <= kDisplacedSteps; ++i) {  // 0, 0.5, ... 3% of employment
        const double share = kDisplacedScaleMax * i / kDisplacedSteps;
        legend.items.push_back({sample_ramp(kDisplacedRamp, share / kDisplacedScaleMax),
                                percent_tenths(share) + (i == kDisplacedSteps ? " or more" : "")});
      }
      legend.items.push_back({kNoDataColour, "uninhabited"});
      break;
    }
  }
  return legend;
}

}  // namespace stackrace::viz
