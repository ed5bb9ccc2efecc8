#include "viz/sfml/draw_util.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "viz/sfml/font.h"

namespace stackrace::viz {
namespace {

// sf::Text puts the top of its line box at the position; centre the glyphs
// in our 1.5 em line: (1.5 - ~1.2 em of SFML line box) / 2.
constexpr double kTextTopEm = 0.15;

}  // namespace

void draw_text(sf::RenderTarget& target, const std::string& text, Point top_left, double font_px, Rgb colour,
               bool bold) {
  sf::Text t(sf::String::fromUtf8(text.begin(), text.end()), bold ? ui_bold_font() : ui_font(),
             static_cast<unsigned>(std::lround(font_px)));
  t.setFillColor(to_sf(colour));
  t.setPosition(std::round(static_cast<float>(top_left.x)),
                std::round(static_cast<float>(top_left.y + kTextTopEm * font_px)));
  target.draw(t);
}

double text_width_px(const std::string& text, double font_px, bool bold) {
  const sf::Text t(sf::String::fromUtf8(text.begin(), text.end()), bold ? ui_bold_font() : ui_font(),
                   static_cast<unsigned>(std::lround(font_px)));
  const sf::FloatRect bounds = t.getLocalBounds();
  return bounds.left + bounds.width;
}

std::string fit_text(std::string text, double width, double font_px, bool bold) {
  if (text_width_px(text, font_px, bold) <= width) return text;
  const auto pop_character = [&] {
    while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0U) == 0x80U)
      text.pop_back();  // continuation bytes
    if (!text.empty()) text.pop_back();
  };
  do {
    pop_character();
  } while (!text.empty() && text_width_px(text + "...", font_px, bold) > width);
  return text + "...";
}

void draw_rect(sf::RenderTarget& target, const Rect& r, sf::Color fill, sf::Color outline, float outline_px) {
  // One draw call: the fill, then the outline inside the rectangle's edges.
  // What is fully transparent is not drawn at all, and an opaque rectangle
  // is drawn without blending (a software renderer then skips reading what
  // is under it).
  if (!(r.w > 0 && r.h > 0)) return;
  std::array<sf::Vertex, 30> v;
  std::size_t n = 0;
  auto quad = [&](double x0, double y0, double x1, double y1, sf::Color c) {
    const sf::Vector2f a(static_cast<float>(x0), static_cast<float>(y0)),
        b(static_cast<float>(x1), static_cast<float>(y1));
    for (sf::Vector2f p : {a, sf::Vector2f(b.x, a.y), b, a, b, sf::Vector2f(a.x, b.y)}) v[n++] = sf::Vertex(p, c);
  };
  if (fill.a > 0) quad(r.x, r.y, r.x + r.w, r.y + r.h, fill);
  const bool outlined = outline_px > 0 && outline.a > 0;
  if (outlined) {
    const double t = std::min<double>(outline_px, std::min(r.w, r.h) / 2);
    quad(r.x, r.y, r.x + r.w, r.y + t, outline);                      // top
    quad(r.x, r.y + r.h - t, r.x + r.w, r.y + r.h, outline);          // bottom
    quad(r.x, r.y + t, r.x + t, r.y + r.h - t, outline);              // left
    quad(r.x + r.w - t, r.y + t, r.x + r.w, r.y + r.h - t, outline);  // right
  }
  if (n == 0) return;
  const bool opaque = (fill.a == 0 || fill.a == 255) && (!outlined || outline.a == 255);
  target.draw(v.data(), n, sf::Triangles, opaque ? sf::RenderStates(sf::BlendNone) : sf::RenderStates::Default);
}

void draw_legend(sf::RenderTarget& target, const Legend& legend, const LegendLayout& layout) {
  draw_rect(target, layout.box, to_sf(kBackgroundColour, kLegendBoxAlpha), to_sf(kBorderColour, kLegendFrameAlpha), 1);
  draw_text(target, legend.title, layout.title_at, layout.font_px, kTextColour);
  for (std::size_t i = 0; i < legend.items.size(); ++i) {
    draw_rect(target, layout.swatches[i], to_sf(legend.items[i].colour), to_sf(kBorderColour), 1);
    draw_text(target, legend.items[i].label, layout.labels_at[i], layout.font_px, kTextColour);
  }
}

}  // namespace stackrace::viz
