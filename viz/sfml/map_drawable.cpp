#include "viz/sfml/map_drawable.h"

#include "viz/core/figure_layout.h"
#include "viz/sfml/draw_util.h"

namespace stackrace::viz {
namespace {

// Borders are drawn translucent so that they read as lines between colours
// rather than as a dark mesh where small countries cluster.
constexpr std::uint8_t kBorderAlpha = 140;

}  // namespace

sf::Color border_colour() { return to_sf(kBorderColour, kBorderAlpha); }

sf::Vector2f map_coordinates(Point p) { return {static_cast<float>(p.x), static_cast<float>(-p.y)}; }

MapDrawable::MapDrawable(const MapModel& model)
    : model_(model),
      ocean_(sf::TriangleFan),
      fill_buffer_(sf::Triangles, sf::VertexBuffer::Dynamic),
      borders_(sf::Lines),
      ocean_indices_(sf::TriangleFan),
      index_buffer_(sf::Triangles, sf::VertexBuffer::Static),
      marker_colour_(model.countries.size(), to_sf(kNoDataColour)) {
  // The outline is convex: a fan from its centre fills it.
  ocean_.append(sf::Vertex({0, 0}, to_sf(kOceanColour)));
  const std::vector<Point> outline = world_outline();
  for (Point p : outline) ocean_.append(sf::Vertex(map_coordinates(p), to_sf(kOceanColour)));
  ocean_.append(sf::Vertex(map_coordinates(outline.front()), to_sf(kOceanColour)));
  for (std::size_t i = 0; i < ocean_.getVertexCount(); ++i)
    ocean_indices_.append(sf::Vertex(ocean_[i].position, index_colour(kPaletteOcean)));

  const sf::Color border = border_colour();
  for (const MapCountry& c : model.countries) {
    fill_begin_.push_back(fill_.size());
    for (std::uint32_t i : c.mesh_indices)
      fill_.emplace_back(map_coordinates(c.mesh_vertices[i]), to_sf(kNoDataColour));
    for (const auto& polygon : c.polygons) {
      for (const Ring& ring : polygon) {
        for (std::size_t i = 0; i < ring.size(); ++i) {
          borders_.append(sf::Vertex(map_coordinates(ring[i]), border));
          borders_.append(sf::Vertex(map_coordinates(ring[(i + 1) % ring.size()]), border));
        }
      }
    }
  }
  fill_begin_.push_back(fill_.size());
  use_buffer_ =
      sf::VertexBuffer::isAvailable() && fill_buffer_.create(fill_.size()) && fill_buffer_.update(fill_.data());
}

void MapDrawable::recolour(const MapFrame& frame, Layer layer) {
  for (std::size_t c = 0; c < model_.countries.size(); ++c) {
    const sf::Color colour = to_sf(country_colour(layer, frame.countries[c], model_.countries[c].inhabited()));
    marker_colour_[c] = colour;
  }
  fill_stale_ = true;
}

void MapDrawable::draw_indices(sf::RenderTarget& target, sf::RenderStates states) const {
  if (index_fill_.empty()) {
    index_fill_ = fill_;
    for (std::size_t c = 0; c + 1 < fill_begin_.size(); ++c) {
      for (std::size_t v = fill_begin_[c]; v < fill_begin_[c + 1]; ++v)
        index_fill_[v].color = index_colour(kPaletteFirstCountry + static_cast<int>(c));
    }
    if (use_buffer_ && index_buffer_.create(index_fill_.size())) index_buffer_.update(index_fill_.data());
  }
  target.draw(ocean_indices_, states);
  if (index_buffer_.getVertexCount() == index_fill_.size()) {
    target.draw(index_buffer_, states);
  } else {
    target.draw(index_fill_.data(), index_fill_.size(), sf::Triangles, states);
  }
}

void MapDrawable::draw_border_marks(sf::RenderTarget& target, sf::RenderStates states) const {
  if (border_marks_.getVertexCount() == 0) {
    border_marks_ = borders_;
    for (std::size_t i = 0; i < border_marks_.getVertexCount(); ++i) border_marks_[i].color = sf::Color::Blue;
  }
  target.draw(border_marks_, states);
}

void MapDrawable::draw(sf::RenderTarget& target, sf::RenderStates states) const {
  if (fill_stale_) {
    for (std::size_t c = 0; c < marker_colour_.size(); ++c)
      for (std::size_t v = fill_begin_[c]; v < fill_begin_[c + 1]; ++v) fill_[v].color = marker_colour_[c];
    if (use_buffer_) use_buffer_ = fill_buffer_.update(fill_.data());
    fill_stale_ = false;
  }
  target.draw(ocean_, states);
  if (use_buffer_) {
    target.draw(fill_buffer_, states);
  } else {
    target.draw(fill_.data(), fill_.size(), sf::Triangles, states);
  }
  target.draw(borders_, states);
}

}  // namespace stackrace::viz
