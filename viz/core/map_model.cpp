#include "viz/core/map_model.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "base/bounded_read.h"
#include "base/errors.h"
#include "base/proto/world.pb.h"
#include "base/range_check.h"
#include "base/textproto_parse.h"
#include "viz/core/triangulate.h"

namespace stackrace::viz {
namespace {

// Geometry is stored in degrees x 1e4 (world.proto).
constexpr double kDegreesPerUnit = 1e-4;
constexpr std::int32_t kMaxLonE4 = 1800000, kMaxLatE4 = 900000;
// Triangulation runs on projected coordinates scaled to integers: 1e7 per
// projected unit is ~0.6 m on the ground, finer than the 1:50m data (~11 m),
// and keeps every product of differences far inside 64 bits (the map spans
// about 5.4 units).
constexpr double kGridPerUnit = 1e7;

Ring project_ring(const stackrace::Ring& ring, const std::string& path, const WorldGeometry& root,
                  const SourceMap& source) {
  auto fail = [&](const std::string& what) { throw InputError(source.locate(root, path), path + ": " + what); };
  if (ring.lon_e4_size() != ring.lat_e4_size()) {
    fail("has " + std::to_string(ring.lon_e4_size()) + " lon_e4 but " + std::to_string(ring.lat_e4_size()) +
         " lat_e4 values, expected as many of each");
  }
  if (ring.lon_e4_size() < 3) fail("has fewer than 3 vertices, expected a polygon ring");
  Ring out;
  out.reserve(static_cast<std::size_t>(ring.lon_e4_size()));
  for (int i = 0; i < ring.lon_e4_size(); ++i) {
    const std::int32_t lon = ring.lon_e4(i), lat = ring.lat_e4(i);
    if (lon < -kMaxLonE4 || lon > kMaxLonE4 || lat < -kMaxLatE4 || lat > kMaxLatE4) {
      fail("vertex " + std::to_string(i) + " is (" + std::to_string(lon) + ", " + std::to_string(lat) +
           "), expected lon_e4 in +-1800000 and lat_e4 in +-900000 (degrees x 1e4)");
    }
    out.push_back(equal_earth(lon * kDegreesPerUnit, lat * kDegreesPerUnit));
  }
  return out;
}

GridPoint to_grid(Point p) {
  return {static_cast<std::int64_t>(std::llround(p.x * kGridPerUnit)),
          static_cast<std::int64_t>(std::llround(p.y * kGridPerUnit))};
}

void extend(Bounds& b, Point p) {
  b.min_x = std::min(b.min_x, p.x);
  b.min_y = std::min(b.min_y, p.y);
  b.max_x = std::max(b.max_x, p.x);
  b.max_y = std::max(b.max_y, p.y);
}

constexpr Bounds kEmptyBounds{std::numeric_limits<double>::max(), std::numeric_limits<double>::max(),
                              std::numeric_limits<double>::lowest(), std::numeric_limits<double>::lowest()};

// Adds one polygon's rings and their triangles to the country.
int add_polygon(MapCountry& country, std::vector<Ring> rings) {
  std::vector<std::vector<GridPoint>> grid(rings.size());
  for (std::size_t r = 0; r < rings.size(); ++r)
    for (Point p : rings[r]) grid[r].push_back(to_grid(p));
  const Triangulation t = triangulate(grid);
  const auto base = static_cast<std::uint32_t>(country.mesh_vertices.size());
  for (const Ring& ring : rings) {
    for (Point p : ring) {
      country.mesh_vertices.push_back(p);
      extend(country.bounds, p);
    }
  }
  for (std::uint32_t i : t.indices) country.mesh_indices.push_back(base + i);
  country.polygons.push_back(std::move(rings));
  return t.forced_clips;
}

// Even-odd rule over every ring of the country.
bool contains(const MapCountry& country, Point p) {
  if (!country.bounds.contains(p)) return false;
  bool inside = false;
  for (const auto& polygon : country.polygons) {
    for (const Ring& ring : polygon) {
      for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
        const Point a = ring[i], b = ring[j];
        if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) inside = !inside;
      }
    }
  }
  return inside;
}

// The geometry file, parsed, with where each field is written for errors.
struct GeometrySource {
  const WorldGeometry& geometry;
  const SourceMap& map;
  std::string locate(const std::string& path) const { return map.locate(geometry, path); }
};

// Each country's index in the countries file, by iso3.
std::unordered_map<std::string, int> record_index(const WorldData& data) {
  std::unordered_map<std::string, int> record_of;
  for (int i = 0; i < data.country_size(); ++i) record_of.emplace(data.country(i).iso3(), i);
  return record_of;
}

// Each country's index in the geometry file, by iso3; a country drawn twice
// is refused, since which shape to draw would be a guess.
std::unordered_map<std::string, int> shape_index(const GeometrySource& source) {
  const WorldGeometry& geometry = source.geometry;
  std::unordered_map<std::string, int> shape_of;
  for (int i = 0; i < geometry.country_size(); ++i) {
    if (!shape_of.emplace(geometry.country(i).iso3(), i).second) {
      throw InputError(source.locate("country[" + std::to_string(i) + "]"),
                       "country " + geometry.country(i).iso3() + " appears twice, expected one shape per country");
    }
  }
  return shape_of;
}

// A country with what its record says (name, size, label) and no polygons yet.
MapCountry country_from_record(const std::string& code, const CountryRecord& r) {
  MapCountry country;
  country.iso3 = code;
  country.name = r.name();
  country.population = r.population();
  country.area_km2 = r.area_km2();
  country.label = equal_earth(r.label_lon_deg(), r.label_lat_deg());
  country.marker = country.area_km2 < kMarkerMaxAreaKm2 && country.population >= kMarkerMinPopulation;
  country.bounds = kEmptyBounds;
  return country;
}

// Projects and triangulates every polygon of the country's shape (the
// geometry file's country[shape]) into it. Returns the triangulation's
// forced clips.
int add_shape(MapCountry& country, const GeometrySource& source, int shape) {
  const CountryShape& s = source.geometry.country(shape);
  const std::string shape_path = "country[" + std::to_string(shape) + "]";
  int forced_clips = 0;
  for (int p = 0; p < s.polygon_size(); ++p) {
    const std::string polygon_path = shape_path + ".polygon[" + std::to_string(p) + "]";
    if (s.polygon(p).ring_size() == 0) {
      throw InputError(source.locate(polygon_path),
                       polygon_path + " (" + country.iso3 + ") has no rings, expected an outer ring");
    }
    std::vector<Ring> rings;
    rings.reserve(static_cast<std::size_t>(s.polygon(p).ring_size()));
    for (int k = 0; k < s.polygon(p).ring_size(); ++k) {
      rings.push_back(project_ring(s.polygon(p).ring(k), polygon_path + ".ring[" + std::to_string(k) + "]",
                                   source.geometry, source.map));
    }
    forced_clips += add_polygon(country, std::move(rings));
  }
  if (country.polygons.empty()) throw InputError(source.locate(shape_path), country.iso3 + " has no polygons");
  return forced_clips;
}

}  // namespace

MapModel build_map_model(const std::vector<std::string>& iso3, const WorldFiles& files) {
  WorldData data;
  load_checked(files.countries, data, kWorldDataFile);
  WorldGeometry geometry;
  const SourceMap geometry_map = load_checked(files.geometry, geometry, kGeometryFile);
  const GeometrySource geometry_source{geometry, geometry_map};
  const std::unordered_map<std::string, int> record_of = record_index(data);
  const std::unordered_map<std::string, int> shape_of = shape_index(geometry_source);

  MapModel model;
  model.bounds = kEmptyBounds;
  for (const std::string& code : iso3) {
    const auto record = record_of.find(code);
    if (record == record_of.end())
      throw InputError(files.countries, "has no country " + code + ", which the run has: is this the run's world?");
    const auto shape = shape_of.find(code);
    if (shape == shape_of.end())
      throw InputError(files.geometry, "has no shape for " + code + ", which the run has: is this the run's world?");
    MapCountry country = country_from_record(code, data.country(record->second));
    model.forced_clips += add_shape(country, geometry_source, shape->second);
    extend(model.bounds, {country.bounds.min_x, country.bounds.min_y});
    extend(model.bounds, {country.bounds.max_x, country.bounds.max_y});
    model.countries.push_back(std::move(country));
  }
  return model;
}

int country_at(const MapModel& model, Point p) {
  for (std::size_t c = 0; c < model.countries.size(); ++c)
    if (contains(model.countries[c], p)) return static_cast<int>(c);
  return -1;
}

}  // namespace stackrace::viz
