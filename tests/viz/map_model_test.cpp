// viz/core/map_model: the shipped 1:50m world, projected and triangulated.

#include "viz/core/map_model.h"

#include <gtest/gtest.h>

#include <cmath>

#include "base/errors.h"
#include "base/proto/world.pb.h"
#include "base/textproto_parse.h"
#include "viz_support.h"

namespace stackrace::viz {
namespace {

const WorldFiles& shipped_world() {
  static const WorldFiles files{(viz_test::repo_root() / "worlds/countries.textproto").string(),
                                (viz_test::repo_root() / "worlds/geometry_50m.textproto").string()};
  return files;
}

std::vector<std::string> shipped_iso3() {
  WorldData data;
  load_textproto(shipped_world().countries, data, kWorldDataFile);
  std::vector<std::string> out;
  for (const auto& c : data.country()) out.push_back(c.iso3());
  return out;
}

const MapModel& shipped_model() {
  static const MapModel model = build_map_model(shipped_iso3(), shipped_world());
  return model;
}

double twice_area(const Ring& ring) {
  double a = 0;
  for (std::size_t i = 0; i < ring.size(); ++i) {
    const Point p = ring[i], q = ring[(i + 1) % ring.size()];
    a += p.x * q.y - q.x * p.y;
  }
  return a;
}

int index_of(const MapModel& m, const std::string& iso3) {
  for (std::size_t i = 0; i < m.countries.size(); ++i)
    if (m.countries[i].iso3 == iso3) return static_cast<int>(i);
  return -1;
}

TEST(MapModel, EveryCountryIsCoveredExactlyByItsTriangles) {
  const MapModel& m = shipped_model();
  ASSERT_EQ(m.countries.size(), 241u);
  EXPECT_EQ(m.forced_clips, 0);
  for (const MapCountry& c : m.countries) {
    double polygon_area = 0;
    for (const auto& polygon : c.polygons) {
      polygon_area += std::abs(twice_area(polygon[0]));
      for (std::size_t r = 1; r < polygon.size(); ++r) polygon_area -= std::abs(twice_area(polygon[r]));
    }
    double mesh_area = 0;
    for (std::size_t i = 0; i < c.mesh_indices.size(); i += 3)
      mesh_area += twice_area({c.mesh_vertices[c.mesh_indices[i]], c.mesh_vertices[c.mesh_indices[i + 1]],
                               c.mesh_vertices[c.mesh_indices[i + 2]]});
    // Integer rounding of the projected grid moves vertices by < 1e-7 units.
    EXPECT_NEAR(mesh_area, polygon_area, 1e-6 * polygon_area + 1e-9) << c.iso3;
  }
}

TEST(MapModel, HolesStayOpen) {
  // Lesotho is a hole in South Africa: its label point is in LSO, not ZAF.
  const MapModel& m = shipped_model();
  const int lso = index_of(m, "LSO");
  ASSERT_GE(lso, 0);
  EXPECT_EQ(country_at(m, m.countries[lso].label), lso);
  EXPECT_EQ(country_at(m, m.countries[index_of(m, "ZAF")].label), index_of(m, "ZAF"));
}

TEST(MapModel, NothingCrossesTheAntimeridian) {
  // Rings are cut at +-180 degrees: no edge may span more than half the map,
  // except along the poles (Antarctica is closed along latitude -90, which
  // Equal Earth draws as a straight line).
  const MapModel& m = shipped_model();
  const double half_width = equal_earth_half_width(), pole_y = equal_earth_half_height();
  for (const MapCountry& c : m.countries)
    for (const auto& polygon : c.polygons)
      for (const Ring& ring : polygon)
        for (std::size_t i = 0; i < ring.size(); ++i) {
          const Point a = ring[i], b = ring[(i + 1) % ring.size()];
          const bool along_pole = std::abs(std::abs(a.y) - pole_y) < 1e-9 && std::abs(std::abs(b.y) - pole_y) < 1e-9;
          if (!along_pole) {
            ASSERT_LT(std::abs(a.x - b.x), half_width) << c.iso3;
          }
        }
}

TEST(MapModel, SmallEconomiesHaveMarkers) {
  const MapModel& m = shipped_model();
  for (const char* code : {"SGP", "HKG", "BHR", "MLT", "LUX", "MAC"})
    EXPECT_TRUE(m.countries[index_of(m, code)].marker) << code;
  for (const char* code : {"USA", "CHN", "FRA", "VAT"}) EXPECT_FALSE(m.countries[index_of(m, code)].marker) << code;
}

TEST(MapModel, RefusesARunCountryMissingFromTheWorld) {
  std::vector<std::string> iso3 = shipped_iso3();
  iso3.push_back("ZZZ");
  try {
    build_map_model(iso3, shipped_world());
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("ZZZ"), std::string::npos) << e.what();
  }
}

TEST(MapModel, RefusesABadRingWithItsLocation) {
  viz_test::TempDir dir;
  viz_test::write_file(dir / "geometry.textproto",
                       "country { iso3: \"USA\" polygon { ring { lon_e4: [0, 10, 20] lat_e4: [0, 10] } } }\n");
  try {
    build_map_model({"USA"}, {shipped_world().countries, (dir / "geometry.textproto").string()});
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("geometry.textproto:1:"), std::string::npos) << what;
    EXPECT_NE(what.find("lat_e4"), std::string::npos) << what;
  }
}

// The map reads the world data too, so it refuses what the run refuses: a
// value no country can have, located where it is written.
TEST(MapModel, RefusesNonFiniteOrOutOfRangeWorldData) {
  const std::string shipped = viz_test::read_file(shipped_world().countries);
  viz_test::TempDir dir;
  const auto countries = dir / "countries.textproto";
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"population: 38041754", "population: nan"}, {"area_km2: 642070", "area_km2: -1"}}) {
    const std::string text = test_support::replace_once(shipped, from, to);
    viz_test::write_file(countries, text);
    const std::string at = countries.string() + ":" + std::to_string(test_support::line_of(text, to)) + ":" +
                           std::to_string(test_support::column_of(text, to));
    try {
      build_map_model({"AFG"}, {countries.string(), shipped_world().geometry});
      ADD_FAILURE() << to << " was accepted";
    } catch (const InputError& e) {
      EXPECT_EQ(std::string(e.what()).rfind(at + ": country[1]." + to.substr(0, to.find(':')) + " = ", 0), 0u)
          << e.what();
    }
  }
}

// Vertices outside the globe are refused like any value out of range.
TEST(MapModel, RefusesAVertexOffTheGlobe) {
  viz_test::TempDir dir;
  viz_test::write_file(dir / "geometry.textproto",
                       "country { iso3: \"AFG\" polygon { ring { lon_e4: [0, 1800001, 20] lat_e4: [0, 10, 0] } } }\n");
  try {
    build_map_model({"AFG"}, {shipped_world().countries, (dir / "geometry.textproto").string()});
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("country[0].polygon[0].ring[0].lon_e4[1] = 1800001: expected a value in "
                                         "[-1800000, 1800000]"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace stackrace::viz
