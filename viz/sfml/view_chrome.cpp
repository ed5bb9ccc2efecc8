#include "viz/sfml/view_chrome.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "viz/core/tooltip.h"
#include "viz/sfml/draw_util.h"
#include "viz/sfml/font.h"

namespace stackrace::viz {
namespace {

const sf::Color kBarColour(242, 244, 247), kPanelColour(250, 250, 251), kRule(0, 0, 0, 40);
const sf::Color kNoteBox(255, 255, 255, 220);  // under a note drawn over the map
constexpr double kPad = 10;
constexpr double kHelpFontPx = 11;
constexpr float kTooltipOffsetPx = 16;  // from the mouse, so the pointer does not hide the text
constexpr std::uint8_t kTooltipAlpha = 240;

}  // namespace

void draw_chrome(sf::RenderTarget& target, const ViewLayout& l, const ChromeState& s) {
  draw_rect(target, l.panel, kPanelColour);
  draw_rect(target, {l.panel.x, l.panel.y, 1, l.panel.h}, kRule);
  draw_rect(target, l.top_bar, kBarColour);
  draw_rect(target, {0, l.top_bar.h - 1, l.top_bar.w, 1}, kRule);

  const std::string title =
      s.month.empty() ? s.run_name + ": waiting for the first month..." : figure_title(s.run_name, s.month, s.layer);
  draw_text(target, title, {kPad, (l.top_bar.h - 1.5 * kWindowFontPx) / 2}, kWindowFontPx, kTextColour, true);

  std::string status = s.caption;
  if (status.empty()) {
    char buf[128];
    if (s.live) {
      std::snprintf(buf, sizeof buf, "simulating: %d of %d months   %s, %g months/s", s.available, s.total,
                    s.playing ? "playing" : "paused", s.speed);
    } else {
      std::snprintf(buf, sizeof buf, "%d months   %s, %g months/s", s.total, s.playing ? "playing" : "paused",
                    s.speed);
    }
    status = buf;
  }
  // In a narrow window the title wins; the status would overlap it. A
  // video's caption (its run's seed, adopters and --set) is cut to fit
  // rather than dropped: its start says most.
  const double title_w = text_width_px(title, kWindowFontPx, true);
  const double status_room = l.top_bar.w - 4 * kPad - title_w;
  constexpr double kMinCaptionPx = 80;
  if (!s.caption.empty() && status_room >= kMinCaptionPx) status = fit_text(status, status_room, kWindowFontPx - 1);
  const double status_x = l.top_bar.w - kPad - text_width_px(status, kWindowFontPx - 1, false);
  if (status_x > 2 * kPad + title_w) {
    draw_text(target, status, {status_x, (l.top_bar.h - 1.5 * (kWindowFontPx - 1)) / 2}, kWindowFontPx - 1,
              kTextColour);
  }

  // A window too narrow for the chart panel says where the charts went, in
  // the map's top-right corner (not in a video, whose size was chosen).
  if (const std::string note = hidden_panel_note(l); !note.empty() && s.caption.empty()) {
    const double note_w = text_width_px(note, kHelpFontPx, false);
    const double note_x = std::max(kPad, l.map.x + l.map.w - kPad - note_w);
    draw_rect(target, {note_x - 4, l.map.y + 2, note_w + 8, 1.5 * kHelpFontPx + 4}, kNoteBox);
    draw_text(target, note, {note_x, l.map.y + 4}, kHelpFontPx, kTextColour);
  }

  if (l.help.w > 0 && s.caption.empty()) {
    draw_rect(target, {l.help.x, l.help.y, l.help.w, 1}, kRule);
    // The keys' two lines, in a shorter form where the panel is too narrow
    // for either.
    static constexpr std::array<std::array<const char*, 2>, 2> kKeys{{
        {"space play/pause   \xe2\x86\x90/\xe2\x86\x92 step   +/- speed   1-5 layer",
         "wheel zoom   drag pan   R reset   click timeline to jump"},
        {"space play  \xe2\x86\x90/\xe2\x86\x92 step  +/- speed  1-5 layer",
         "wheel zoom  drag pan  R reset  click timeline"},
    }};
    const auto fits = [&](const char* line) { return text_width(line, kHelpFontPx) <= l.help.w - 2 * kPad; };
    const auto& keys = fits(kKeys[0][0]) && fits(kKeys[0][1]) ? kKeys[0] : kKeys[1];
    for (std::size_t i = 0; i < keys.size(); ++i) {
      draw_text(target, keys[i], {l.help.x + kPad, l.help.y + 2 + 1.5 * kHelpFontPx * static_cast<double>(i)},
                kHelpFontPx, kTextColour);
    }
  }
}

void draw_tooltip(sf::RenderTarget& target, const MapCountry& country, const CountryFrame& state, sf::Vector2i mouse) {
  const std::string text = tooltip_text(country, state);
  sf::Text t(sf::String::fromUtf8(text.begin(), text.end()), ui_mono_font(), static_cast<unsigned>(kWindowFontPx - 1));
  t.setFillColor(to_sf(kTextColour));
  const sf::FloatRect bounds = t.getLocalBounds();
  const float w = bounds.width + 2 * kPad, h = bounds.top + bounds.height + 2 * kPad;
  const sf::Vector2f size(static_cast<float>(target.getSize().x), static_cast<float>(target.getSize().y));
  float x = static_cast<float>(mouse.x) + kTooltipOffsetPx, y = static_cast<float>(mouse.y) + kTooltipOffsetPx;
  if (x + w > size.x) x = static_cast<float>(mouse.x) - kTooltipOffsetPx - w;
  if (y + h > size.y) y = std::max(0.0f, size.y - h);
  draw_rect(target, {x, y, w, h}, to_sf(kBackgroundColour, kTooltipAlpha), to_sf(kBorderColour), 1);
  t.setPosition(std::round(x + static_cast<float>(kPad)), std::round(y + static_cast<float>(kPad)));
  target.draw(t);
}

}  // namespace stackrace::viz
