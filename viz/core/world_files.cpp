#include "viz/core/world_files.h"

#include <filesystem>

#include "base/errors.h"

#ifndef STACKRACE_SOURCE_DIR
#error "STACKRACE_SOURCE_DIR must name the source tree (set in viz/CMakeLists.txt)"
#endif

namespace stackrace::viz {
namespace fs = std::filesystem;

namespace {
constexpr const char* kGeometryFile = "geometry_50m.textproto";
constexpr const char* kCountriesFile = "countries.textproto";
}  // namespace

std::string source_worlds_dir() { return (fs::path(STACKRACE_SOURCE_DIR) / "worlds").string(); }

WorldFiles locate_world_files(const std::string& config_path, const std::string& world_data,
                              const std::optional<std::string>& geometry_override) {
  WorldFiles files;
  fs::path countries;
  if (!world_data.empty()) countries = fs::path(config_path).parent_path() / world_data;
  if (countries.empty() || !fs::is_regular_file(countries)) countries = fs::path(source_worlds_dir()) / kCountriesFile;
  files.countries = countries.lexically_normal().string();

  if (geometry_override) {
    if (!fs::is_regular_file(*geometry_override)) {
      const bool there = fs::exists(*geometry_override);
      throw InputError("--geometry " + *geometry_override, std::string(there ? "not a regular file" : "no such file") +
                                                               ", expected a WorldGeometry textproto such as " +
                                                               source_worlds_dir() + "/" + kGeometryFile);
    }
    files.geometry = *geometry_override;
    return files;
  }
  fs::path geometry = countries.parent_path() / kGeometryFile;
  if (!fs::is_regular_file(geometry)) geometry = fs::path(source_worlds_dir()) / kGeometryFile;
  if (!fs::is_regular_file(geometry))
    throw InputError(geometry.string(), "no such file: the map needs the world geometry; pass --geometry FILE");
  files.geometry = geometry.lexically_normal().string();
  return files;
}

}  // namespace stackrace::viz
