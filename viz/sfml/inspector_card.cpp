#include "viz/sfml/inspector_card.h"

#include <algorithm>

#include "base/stacks.h"
#include "viz/core/country_series.h"
#include "viz/core/layers.h"
#include "viz/sfml/draw_util.h"

namespace stackrace::viz {
namespace {

constexpr double kFontPx = 13, kSmallFontPx = 11;
constexpr double kPad = 10, kTitleH = 40;
constexpr double kStripH = 16, kStripGap = 8;
constexpr double kChartsLeftPad = 0;
constexpr std::uint8_t kCardAlpha = 245;
const sf::Color kMarkerColour(40, 40, 40, 200);
constexpr Rgb kQuietColour{110, 110, 110};

std::string tier_text(int tier) { return "tier " + std::to_string(tier); }

// Dark text on a light span, white on a dark one (perceived luminance, 0-255).
Rgb ink_on(Rgb fill) {
  constexpr double kLightAbove = 150;
  const double luminance = 0.299 * fill.r + 0.587 * fill.g + 0.114 * fill.b;
  return luminance > kLightAbove ? kTextColour : kBackgroundColour;
}

}  // namespace

void InspectorCard::update(const InspectorInput& input, int total_months, const Rect& card) {
  card_ = card;
  total_months_ = std::max(total_months, 1);
  title_ = input.country ? input.country->name + " (" + input.country->iso3 + ")" : "";
  subtitle_ = input.unpin_hint ? "its own charts; click it again or Esc to unpin" : "its own charts";
  const double strips_h = 2 * (kStripH + kStripGap);
  const Rect chart_area{card.x + kChartsLeftPad, card.y + kTitleH, card.w - kChartsLeftPad,
                        card.h - kTitleH - strips_h - kPad};
  ChartInput charts;
  charts.series = input.series;
  if (input.series) charts.specs = country_chart_specs(*input.series);
  charts.branch = input.branch;
  charts.branch_from = input.branch_from;
  charts.branch_label = input.branch_label;
  charts.version = input.version;
  charts_.update(charts, total_months, chart_area);

  // The strips line up with the charts' month axis: the plot starts after
  // the panel's padding and y labels (chart_panel.cpp's 10 + 40 px).
  constexpr double kPlotInset = 50;
  strip_area_ = {chart_area.x + kPlotInset, chart_area.y + chart_area.h + kPad, chart_area.w - kPlotInset - kPad,
                 strips_h};
  strips_.clear();
  if (!input.series) return;
  auto x_of = [&](int month) { return strip_area_.x + strip_area_.w * month / static_cast<double>(total_months_); };
  const std::pair<const char*, const char*> kinds[] = {{"Partner", "partnership"}, {"Export tier", "export_tier"}};
  double y = strip_area_.y;
  for (const auto& [label, column] : kinds) {
    Strip strip;
    strip.label = label;
    const bool partner = std::string(column) == "partnership";
    for (const ValueSpan& span : value_spans(*input.series, column)) {
      const Rect r{x_of(span.first), y, x_of(span.last + 1) - x_of(span.first), kStripH};
      const Rgb colour = partner ? partnership_colour(span.value) : tier_colour(span.value);
      strip.spans.emplace_back(r, to_sf(colour));
      // The kind is named in the first span (the plot's left edge leaves no room for a label).
      std::string text = partner ? partnership_label(span.value) : tier_text(span.value);
      if (span.first == 0) text = (partner ? "partner: " : "export ") + text;
      if (text_width(text, kSmallFontPx) + 6 < r.w) strip.texts.push_back({Point{r.x + 3, y}, text, ink_on(colour)});
    }
    strips_.push_back(std::move(strip));
    y += kStripH + kStripGap;
  }
}

void InspectorCard::draw(sf::RenderTarget& target, int current_month) const {
  if (title_.empty()) return;
  draw_rect(target, card_, to_sf(kBackgroundColour, kCardAlpha), to_sf(kBorderColour), 1);
  draw_text(target, title_, {card_.x + kPad, card_.y + 4}, kFontPx + 1, kTextColour, true);
  draw_text(target, subtitle_, {card_.x + kPad, card_.y + 4 + 1.5 * (kFontPx + 1)}, kSmallFontPx, kQuietColour);
  charts_.draw(target, current_month);
  for (const Strip& strip : strips_) {
    for (const auto& [rect, colour] : strip.spans) draw_rect(target, rect, colour);
    for (const StripText& t : strip.texts) draw_text(target, t.text, t.at, kSmallFontPx, t.ink);
  }
  const float x = static_cast<float>(strip_area_.x + strip_area_.w * (current_month + 0.5) / total_months_);
  const sf::Vertex marker[] = {sf::Vertex({x, static_cast<float>(strip_area_.y)}, kMarkerColour),
                               sf::Vertex({x, static_cast<float>(strip_area_.y + strip_area_.h)}, kMarkerColour)};
  target.draw(marker, 2, sf::Lines);
}

}  // namespace stackrace::viz
