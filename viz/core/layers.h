#pragma once
// What a country's colour means: the map layers, their colour scales
// and legends. Colours are fixed per layer (not rescaled per month), so that
// months and runs can be compared by eye.

#include <string>
#include <string_view>
#include <vector>

#include "base/stacks.h"
#include "viz/core/colour.h"
#include "viz/core/map_frame.h"

namespace stackrace::viz {

enum class Layer {
  dominant,       // dominant stack, one hue per stack, lighter where fewer people use AI
  ai_user_share,  // share of the population using AI
  cn_share,       // share of AI users on a Chinese stack (closed + open)
  tier,           // export-control tier
  displacement,   // workers displaced by AI, share of employment
};
inline constexpr int kLayerCount = 5;

// Throws InputError("--layer", ...) listing the valid names.
Layer parse_layer(std::string_view name);
const char* layer_name(Layer layer);   // as on the command line: "dominant", ...
const char* layer_title(Layer layer);  // for titles and legends
Layer layer_from_index(int index);     // 0..kLayerCount-1, the number keys 1..5

Rgb stack_colour(int stack);
Rgb tier_colour(int tier);

// Uninhabited places (no agents) and, where the layer needs users, places
// with none.
inline constexpr Rgb kNoDataColour{204, 204, 204};
inline constexpr Rgb kOceanColour{226, 236, 245};
inline constexpr Rgb kBackgroundColour{255, 255, 255};
inline constexpr Rgb kBorderColour{90, 90, 90};
inline constexpr Rgb kTextColour{30, 30, 30};

Rgb country_colour(Layer layer, const CountryFrame& state, bool inhabited);

// What the colour shows, in words, for a figure's hover text:
// "US closed, 41.6% of people use AI", "12.3% of AI users on Chinese stacks",
// "export tier 2", "0.8% of employment displaced"; "uninhabited" or "no AI
// users".
std::string country_value_text(Layer layer, const CountryFrame& state, bool inhabited);

struct LegendItem {
  Rgb colour;
  std::string label;
};

struct Legend {
  std::string title;
  std::vector<LegendItem> items;
};

Legend layer_legend(Layer layer);

}  // namespace stackrace::viz
