#pragma once
// The map as drawn: each country of a run with its projected polygons, a
// triangle mesh to fill them, its label point and whether it also gets a
// marker because it is too small to see. Built once when the view starts;
// every month only changes colours.

#include <cstdint>
#include <string>
#include <vector>

#include "viz/core/projection.h"
#include "viz/core/world_files.h"

namespace stackrace::viz {

struct Bounds {
  double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
  bool contains(Point p) const { return p.x >= min_x && p.x <= max_x && p.y >= min_y && p.y <= max_y; }
};

using Ring = std::vector<Point>;  // projected, closed implicitly

struct MapCountry {
  std::string iso3, name;
  double population = 0;  // persons; 0 for uninhabited places (no agents, no data)
  double area_km2 = 0;
  Point label;                              // projected label point (worlds/countries.textproto)
  bool marker = false;                      // drawn as a marker as well: see kMarkerMaxAreaKm2
  std::vector<std::vector<Ring>> polygons;  // [polygon][ring]: ring 0 outer, others holes
  std::vector<Point> mesh_vertices;         // every ring's vertices, polygon by polygon
  std::vector<std::uint32_t> mesh_indices;  // triangles into mesh_vertices
  Bounds bounds;
  bool inhabited() const { return population > 0; }
};

struct MapModel {
  std::vector<MapCountry> countries;  // in the run's iso3 order
  Bounds bounds;                      // of the whole map
  int forced_clips = 0;               // triangulation fallbacks (0 on valid geometry)
};

// A country smaller than this is a few pixels on a full-HD world map (at 1920
// px across, a pixel is ~20 km wide at the equator, so 3,000 km^2 is ~7 px):
// Singapore, Hong Kong, Bahrain, Malta and Luxembourg get a marker ...
inline constexpr double kMarkerMaxAreaKm2 = 3000;
// ... if at least this many people live there; the smaller islands would
// crowd the Caribbean and the Pacific with markers of no weight in the world.
inline constexpr double kMarkerMinPopulation = 100000;

// Loads the countries and geometry files and builds the model for the run's
// countries (iso3, sorted). Throws InputError when a file is bad or lacks one
// of the run's countries.
MapModel build_map_model(const std::vector<std::string>& iso3, const WorldFiles& files);

// The country whose polygons contain p (projected), or -1.
int country_at(const MapModel& model, Point p);

}  // namespace stackrace::viz
