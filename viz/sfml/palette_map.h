#pragma once
// The window's fast map path. Filling ~97,000 triangles and drawing ~100,000
// border segments takes ~27 ms a frame at 1920x1080 under Mesa's software
// renderer, too slow for 60 frames/s. But only colours change from month to
// month, and only the view (zoom, pan, size) changes the geometry. So:
//   - on a view change, the map is drawn once into an index texture: each
//     pixel holds its country's palette index in red and green, and blue
//     marks the borders;
//   - on a month or layer change, only a palette of one colour per country
//     is updated (a few hundred texels);
//   - every frame, a small fragment shader looks each pixel's colour up in
//     the palette and lays the borders over it (no blending with what is
//     under the map: it is opaque);
//   - but most of the map is large areas of one country or of ocean, whose
//     pixels need no lookup. Once the view has stopped changing, the index
//     texture is read back and cut into spans (map_spans.h): flat spans are
//     drawn as quads of their palette colour, and only the spans around
//     borders and coasts go through the shader. Until then (the first frame
//     after a view change, or while dragging) one full-map quad is looked up.
// Without shader support, draw() falls back to drawing the map directly.

#include <SFML/Graphics.hpp>
#include <vector>

#include "viz/core/figure_layout.h"
#include "viz/sfml/map_drawable.h"

namespace stackrace::viz {

class PaletteMap {
 public:
  explicit PaletteMap(const MapDrawable& map);

  // The map area moved, was resized, zoomed or panned: redraw the textures.
  void invalidate() { dirty_ = true; }
  // Colours changed (month or layer): rebuild the palette from the map's colours.
  void update_palette();
  // Draws the map into `area` (pixels of the target, drawn through its
  // current view, which maps them 1:1) as seen through `view`. While
  // `view_moving` (a drag in progress), spans are not built: the view is
  // about to change again.
  void draw(sf::RenderTarget& target, const Rect& area, const sf::View& view, bool view_moving = false);
  // Whether the last draw() used flat spans (for tests and measurements).
  bool drew_spans() const { return spans_ == Spans::ready; }

 private:
  enum class Spans { stale, ready, unavailable };

  void redraw_textures(const Rect& area, const sf::View& view);
  void build_spans();
  void colour_flat_spans();

  const MapDrawable& map_;
  bool shader_ready_ = false, dirty_ = true;
  Spans spans_ = Spans::stale;  // unavailable: the texture could not be read back
  sf::Shader shader_;
  sf::RenderTexture indices_;
  sf::Texture palette_;
  unsigned palette_rows_ = 1;
  std::vector<sf::Uint8> palette_pixels_;
  // The spans, in texture pixels: flat quads (six vertices each, coloured
  // from the palette by flat_index_) and quads to look up (texture coordinates
  // into indices_).
  sf::VertexArray flat_{sf::Triangles}, lookup_{sf::Triangles};
  std::vector<int> flat_index_;
};

}  // namespace stackrace::viz
