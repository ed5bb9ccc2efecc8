#include "viz/sfml/lever_panel.h"

#include <algorithm>
#include <cmath>

#include "viz/core/layers.h"
#include "viz/core/view_layout.h"
#include "viz/sfml/draw_util.h"

namespace stackrace::viz {
namespace {

constexpr int kColumns = 2;
constexpr double kFontPx = 12, kSmallFontPx = 11;
constexpr double kPad = 8;
constexpr double kButtonW = 16, kButtonH = 14, kButtonGap = 3;
constexpr double kValueW = 76;  // the value column, px
const sf::Color kPanelColour(250, 250, 251), kRule(0, 0, 0, 40), kSelectedColour(222, 233, 248),
    kButtonColour(236, 238, 241);
constexpr Rgb kEditedColour{178, 24, 43};  // a moved lever stands out
constexpr Rgb kQuietColour{110, 110, 110};

// Where lever i's row is.
Rect row_rect(const Rect& area, int i) {
  const int rows = lever_panel_rows();
  const double w = area.w / kColumns;
  const int column = i / rows;
  return {area.x + w * column, area.y + kLeverHeaderH + kLeverRowH * (i % rows), w, kLeverRowH};
}

Rect button_rect(const Rect& row, int direction) {
  const double x = row.x + kPad + (direction > 0 ? kButtonW + kButtonGap : 0);
  return {x, row.y + (row.h - kButtonH) / 2, kButtonW, kButtonH};
}

double name_column_w() {
  double w = 0;
  for (const LeverField& f : lever_fields()) w = std::max(w, text_width(f.name, kFontPx));
  // text_width is an estimate; underscores and wide letters run past it.
  constexpr double kEstimateSlack = 1.1;
  return w * kEstimateSlack;
}

void draw_button(sf::RenderTarget& target, const Rect& r, const char* sign) {
  draw_rect(target, r, kButtonColour, to_sf(kBorderColour), 1);
  draw_text(target, sign, {r.x + 4, r.y - 2}, kFontPx, kTextColour, true);
}

}  // namespace

int lever_panel_rows() {
  return (static_cast<int>(lever_fields().size()) + kColumns - 1) / kColumns;
}

void draw_lever_panel(sf::RenderTarget& target, const Rect& area, const LeverPanelState& state) {
  if (area.h <= 0) return;
  draw_rect(target, area, kPanelColour);
  draw_rect(target, {area.x, area.y, area.w, 1}, kRule);
  // The title, and the keys beside it where they fit (a shorter form, then
  // none, in a narrow window).
  const std::string title = "Policy levers: a change branches the run from the month shown";
  const double title_w = kBoldWidthFactor * text_width(title, kFontPx);
  draw_text(target, fit_text(title, area.w - 2 * kPad, kFontPx, true), {area.x + kPad, area.y + 4}, kFontPx,
            kTextColour, true);
  for (const char* help : {"\xe2\x86\x91/\xe2\x86\x93 select   [ ] or -/+ step   Backspace reset   L hide",
                           "\xe2\x86\x91/\xe2\x86\x93 select  -/+ step  L hide"}) {
    const double help_w = text_width(help, kSmallFontPx);
    if (area.x + kPad + title_w + 2 * kPad > area.x + area.w - kPad - help_w) continue;
    draw_text(target, help, {area.x + area.w - kPad - help_w, area.y + 5}, kSmallFontPx, kQuietColour);
    break;
  }
  // In a narrow window the names give way to the value: cut with "...".
  const double name_x = kPad + 2 * kButtonW + kButtonGap + 6;
  const double name_w = std::max(0.0, std::min(name_column_w(), area.w / kColumns - name_x - 8 - kValueW - kPad));
  const auto& levers = lever_fields();
  for (std::size_t i = 0; i < levers.size(); ++i) {
    const LeverField& lever = levers[i];
    const Rect row = row_rect(area, static_cast<int>(i));
    if (static_cast<int>(i) == state.selected) draw_rect(target, row, kSelectedColour);
    draw_button(target, button_rect(row, -1), "-");
    draw_button(target, button_rect(row, +1), "+");
    double x = row.x + name_x;
    const double text_y = row.y + (row.h - 1.5 * kFontPx) / 2;
    draw_text(target, fit_text(lever.name, name_w, kFontPx), {x, text_y}, kFontPx, kTextColour);
    x += name_w + 8;
    const std::optional<double> edited = state.edits ? state.edits->edited(static_cast<int>(i)) : std::nullopt;
    const std::optional<double> value =
        edited ? edited : (state.in_force ? lever_value(*state.in_force, lever) : std::nullopt);
    draw_text(target, value ? lever_text(*value) : "not set", {x, text_y}, kFontPx,
              edited ? kEditedColour : kTextColour, edited.has_value());
    x += kValueW;
    const std::string detail = lever.unit + "  " + lever.range;
    // The unit and range where a few words fit; none in a narrow window.
    constexpr double kMinDetailW = 40;
    if (row.x + row.w - kPad - x >= kMinDetailW) {
      draw_text(target, fit_text(detail, row.x + row.w - kPad - x, kSmallFontPx), {x, text_y + 1}, kSmallFontPx,
                kQuietColour);
    }
  }
  if (!state.status.empty()) {
    const Rect last = row_rect(area, lever_panel_rows() * kColumns - 1);
    const bool free_cell = static_cast<int>(levers.size()) < lever_panel_rows() * kColumns;
    const Point at = free_cell ? Point{last.x + kPad, last.y + (last.h - 1.5 * kFontPx) / 2}
                               : Point{area.x + kPad, area.y + area.h - 1.5 * kFontPx};
    draw_text(target, fit_text(state.status, last.w - 2 * kPad, kFontPx), at, kFontPx, kEditedColour);
  }
}

std::optional<LeverButton> lever_button_at(const Rect& area, sf::Vector2i pixel) {
  if (area.h <= 0 || !area.contains(pixel.x, pixel.y)) return std::nullopt;
  for (int i = 0; i < static_cast<int>(lever_fields().size()); ++i) {
    const Rect row = row_rect(area, i);
    for (int direction : {-1, +1})
      if (button_rect(row, direction).contains(pixel.x, pixel.y)) return LeverButton{i, direction};
  }
  return std::nullopt;
}

}  // namespace stackrace::viz
