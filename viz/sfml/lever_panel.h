#pragma once
// The lever panel of a live view, under the map: every policy lever
// (viz/core/levers.h) with - and + buttons, its value in force in the month
// shown (or the value it was moved to, in bold), its unit and range. The
// selected row (Up/Down) is highlighted; [ and ] or the buttons step it.

#include <SFML/Graphics.hpp>
#include <optional>
#include <string>

#include "base/proto/supply.pb.h"
#include "viz/core/figure_layout.h"
#include "viz/core/levers.h"

namespace stackrace::viz {

struct LeverPanelState {
  const PolicyLevers* in_force = nullptr;  // in the month shown
  const LeverEdits* edits = nullptr;
  int selected = 0;
  std::string status;  // the branch's progress, or why there is none
};

// Rows the panel needs: the levers in two columns.
int lever_panel_rows();

void draw_lever_panel(sf::RenderTarget& target, const Rect& area, const LeverPanelState& state);

struct LeverButton {
  int lever = 0;
  int direction = 0;  // -1 or +1
};
// The - or + button under `pixel`, if any.
std::optional<LeverButton> lever_button_at(const Rect& area, sf::Vector2i pixel);

}  // namespace stackrace::viz
