#include "viz/sfml/palette_map.h"

#include <cmath>

#include "viz/sfml/draw_util.h"
#include "viz/core/layers.h"
#include "viz/core/map_spans.h"

namespace stackrace::viz {
namespace {

// Palette texture width: an index's low byte selects the column, the high
// byte the row (index_colour() writes them into red and green).
constexpr unsigned kPaletteWidth = 256;

// GLSL 1.10, which SFML 2.5 targets. Index values are exact multiples of
// 1/255, so index * 255 + 0.5 lands in the middle of the palette texel.
constexpr const char* kFragmentShader = R"(
uniform sampler2D indices;
uniform sampler2D palette;
uniform float palette_rows;
uniform vec4 border;
void main() {
  vec4 index = texture2D(indices, gl_TexCoord[0].xy);
  vec3 colour = texture2D(palette, vec2((index.r * 255.0 + 0.5) / 256.0, (index.g * 255.0 + 0.5) / palette_rows)).rgb;
  gl_FragColor = vec4(mix(colour, border.rgb, border.a * index.b), 1.0);
}
)";

}  // namespace

PaletteMap::PaletteMap(const MapDrawable& map) : map_(map) {
  const std::size_t entries = kPaletteFirstCountry + map.model().countries.size();
  palette_rows_ = static_cast<unsigned>((entries + kPaletteWidth - 1) / kPaletteWidth);
  palette_pixels_.assign(std::size_t{kPaletteWidth} * palette_rows_ * 4, 255);
  shader_ready_ = sf::Shader::isAvailable() && shader_.loadFromMemory(kFragmentShader, sf::Shader::Fragment) &&
                  palette_.create(kPaletteWidth, palette_rows_);
  if (!shader_ready_) return;
  shader_.setUniform("indices", sf::Shader::CurrentTexture);
  shader_.setUniform("palette", palette_);
  shader_.setUniform("palette_rows", static_cast<float>(palette_rows_));
  shader_.setUniform("border", sf::Glsl::Vec4(border_colour()));
  update_palette();
}

void PaletteMap::update_palette() {
  if (!shader_ready_) return;
  auto set = [&](int index, sf::Color c) {
    sf::Uint8* p = &palette_pixels_[static_cast<std::size_t>(index) * 4];
    p[0] = c.r, p[1] = c.g, p[2] = c.b, p[3] = 255;
  };
  set(kPaletteBackground, to_sf(kBackgroundColour));
  set(kPaletteOcean, to_sf(kOceanColour));
  const std::vector<sf::Color>& colours = map_.country_colours();
  for (std::size_t c = 0; c < colours.size(); ++c) set(kPaletteFirstCountry + static_cast<int>(c), colours[c]);
  palette_.update(palette_pixels_.data());
  colour_flat_spans();
}

void PaletteMap::colour_flat_spans() {
  for (std::size_t s = 0; s < flat_index_.size(); ++s) {
    const sf::Uint8* p = &palette_pixels_[static_cast<std::size_t>(flat_index_[s]) * 4];
    for (std::size_t v = 6 * s; v < 6 * s + 6; ++v) flat_[v].color = sf::Color(p[0], p[1], p[2]);
  }
}

void PaletteMap::build_spans() {
  flat_.clear();
  lookup_.clear();
  flat_index_.clear();
  const sf::Image image = indices_.getTexture().copyToImage();
  const sf::Vector2u size = image.getSize();
  if (size != indices_.getSize()) {
    spans_ = Spans::unavailable;  // keep looking every pixel up until the view changes
    return;
  }
  const std::vector<MapSpan> spans =
      map_spans(image.getPixelsPtr(), static_cast<int>(size.x), static_cast<int>(size.y));
  const std::size_t entries = palette_pixels_.size() / 4;
  for (const MapSpan& s : spans) {
    // The index texture never holds an index beyond the palette; were it to,
    // looking it up keeps the picture what the full-map quad would draw.
    const bool flat = s.index != kLookupSpan && static_cast<std::size_t>(s.index) < entries;
    sf::VertexArray& quads = flat ? flat_ : lookup_;
    const float x0 = static_cast<float>(s.x0), x1 = static_cast<float>(s.x1);
    const float y0 = static_cast<float>(s.y0), y1 = static_cast<float>(s.y1);
    const sf::Vector2f corners[] = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y0}, {x1, y1}, {x0, y1}};
    for (sf::Vector2f c : corners) quads.append(sf::Vertex(c, sf::Color::White, c));
    if (flat) flat_index_.push_back(s.index);
  }
  colour_flat_spans();
  spans_ = Spans::ready;
}

void PaletteMap::redraw_textures(const Rect& area, const sf::View& view) {
  const auto w = static_cast<unsigned>(std::max(1.0, std::round(area.w)));
  const auto h = static_cast<unsigned>(std::max(1.0, std::round(area.h)));
  if (indices_.getSize() != sf::Vector2u(w, h)) {
    // No antialiasing: an index must never be blended with its neighbour's.
    if (!indices_.create(w, h)) {
      shader_ready_ = false;
      return;
    }
  }
  // The same view, but filling the whole texture instead of a viewport.
  sf::View full(view.getCenter(), view.getSize());
  indices_.setView(full);
  indices_.clear(index_colour(kPaletteBackground));
  map_.draw_indices(indices_, sf::RenderStates::Default);
  // Border marks are pure blue, added: red and green (the index) stay.
  map_.draw_border_marks(indices_, sf::RenderStates(sf::BlendAdd));
  indices_.display();
  dirty_ = false;
  spans_ = Spans::stale;
}

void PaletteMap::draw(sf::RenderTarget& target, const Rect& area, const sf::View& view, bool view_moving) {
  const sf::Vector2f origin(static_cast<float>(std::round(area.x)), static_cast<float>(std::round(area.y)));
  if (shader_ready_ && dirty_) {
    redraw_textures(area, view);
  } else if (shader_ready_ && spans_ == Spans::stale && !view_moving) {
    build_spans();
  }
  if (!shader_ready_) {
    const sf::View previous = target.getView();
    target.setView(view);
    target.draw(map_);
    target.setView(previous);
    return;
  }
  sf::RenderStates lookup(sf::BlendNone);
  lookup.shader = &shader_;
  if (spans_ != Spans::ready) {
    sf::Sprite sprite(indices_.getTexture());
    sprite.setPosition(origin);
    target.draw(sprite, lookup);
    return;
  }
  // Span vertices are in texture pixels: move them to the map area.
  sf::RenderStates flat(sf::BlendNone);
  flat.transform.translate(origin);
  target.draw(flat_, flat);
  lookup.transform = flat.transform;
  lookup.texture = &indices_.getTexture();
  target.draw(lookup_, lookup);
}

}  // namespace stackrace::viz
