#pragma once
// Where the map finds its world: the countries file (names, label points,
// population) and the polygons. The rule, also in docs/view.md:
//   1. countries: the run's world_data, relative to its config's directory.
//      geometry: --geometry FILE if given, else geometry_50m.textproto in the
//      same directory as the countries file (worlds/ ships them side by side).
//   2. If a file of step 1 does not exist (the run was made from another
//      working directory, or the config has moved since), the copy in the
//      source tree's worlds/ is used (STACKRACE_SOURCE_DIR, set at build time).
// Whatever is found must cover every country of the run (checked later).

#include <optional>
#include <string>

namespace stackrace::viz {

struct WorldFiles {
  std::string countries;  // WorldData textproto
  std::string geometry;   // WorldGeometry textproto
};

// config_path: the scenario as given to `run` (manifest config_path) or to
// `view`; world_data: its world_data field as written in the scenario.
WorldFiles locate_world_files(const std::string& config_path, const std::string& world_data,
                              const std::optional<std::string>& geometry_override);

// The source tree's worlds/ directory, compiled in.
std::string source_worlds_dir();

}  // namespace stackrace::viz
