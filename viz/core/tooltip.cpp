#include "viz/core/tooltip.h"

#include <cstdio>

#include "viz/core/layers.h"

namespace stackrace::viz {

std::string tooltip_text(const MapCountry& country, const CountryFrame& state) {
  char buf[160];
  std::string text = country.name + " (" + country.iso3 + ")\n";
  if (!country.inhabited()) return text + "uninhabited: no agents, no data";
  std::snprintf(buf, sizeof buf, "AI users: %.1f%% of population\n", 100 * state.ai_user_share);
  text += buf;
  if (state.ai_user_share > 0) {
    for (int s = 0; s < kStackCount; ++s) {
      std::snprintf(buf, sizeof buf, "  %-10s %5.1f%%%s\n", stack_label(s), 100 * state.stack_share[s],
                    s == state.dominant_stack ? "  (dominant)" : "");
      text += buf;
    }
  }
  std::snprintf(buf, sizeof buf, "Export tier %d, %s\nGovernment default: %s", state.export_tier,
                partnership_label(state.partnership), stack_label(state.government_default));
  return text + buf;
}

}  // namespace stackrace::viz
