#include "viz/sfml/timeline_bar.h"

#include <algorithm>
#include <cmath>

#include "viz/sfml/draw_util.h"
#include "viz/core/layers.h"

namespace stackrace::viz {
namespace {

constexpr double kSideMargin = 24;  // px: room for the knob and the first year label
constexpr double kTrackH = 6;
constexpr float kKnobRadius = 7;
constexpr double kFontPx = 11;
const sf::Color kTrackEmpty(0, 0, 0, 30), kTrackFilled(70, 110, 160), kKnob(31, 78, 156);

}  // namespace

double TimelineBar::track_left() const { return area_.x + kSideMargin; }
double TimelineBar::track_right() const { return area_.x + area_.w - kSideMargin; }

int TimelineBar::month_at(double x, int total_months) const {
  if (total_months <= 1) return 0;
  const double t = (x - track_left()) / std::max(1.0, track_right() - track_left());
  return std::clamp(static_cast<int>(std::lround(t * (total_months - 1))), 0, total_months - 1);
}

void TimelineBar::draw(sf::RenderTarget& target, Month first, int current, int available, int total) const {
  draw_rect(target, area_, to_sf(kBackgroundColour));
  const double left = track_left(), right = track_right(), span = std::max(1.0, right - left);
  const double y = area_.y + area_.h * 0.35;
  auto x_of = [&](int month) { return left + span * month / std::max(1, total - 1); };
  draw_rect(target, {left, y - kTrackH / 2, span, kTrackH}, kTrackEmpty);
  if (available > 0) draw_rect(target, {left, y - kTrackH / 2, x_of(available - 1) - left, kTrackH}, kTrackFilled);
  for (int m = 0; m < total; ++m) {
    if ((first.index + m) % 12 != 0) continue;  // a tick and label at each January
    const double x = std::round(x_of(m));
    draw_rect(target, {x, y + kTrackH / 2, 1, 5}, sf::Color(0, 0, 0, 120));
    draw_text(target, std::to_string((first.index + m) / 12), {x - 14, y + kTrackH / 2 + 3}, kFontPx, kTextColour);
  }
  sf::CircleShape knob(kKnobRadius);
  knob.setOrigin(kKnobRadius, kKnobRadius);
  knob.setPosition(static_cast<float>(x_of(current)), static_cast<float>(y));
  knob.setFillColor(kKnob);
  knob.setOutlineColor(sf::Color::White);
  knob.setOutlineThickness(2);
  target.draw(knob);
}

}  // namespace stackrace::viz
