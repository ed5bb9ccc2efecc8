#pragma once
// Strict reader of DIR/trajectory.pb (docs/outputs.md): varint-length-prefixed
// TrajectoryFrame messages, one per month. A file that is missing, empty,
// truncated, corrupted or inconsistent (months out of order, countries that
// change between frames, shares outside 0..1) is refused with an InputError
// naming the file, the frame and its byte offset, and what was expected.
// Reading never allocates more than the file's size, whatever a length prefix says.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "viz/core/map_frame.h"

namespace stackrace::viz {

struct Trajectory {
  std::vector<std::string> iso3;  // every country, sorted, the same in every frame
  std::vector<MapFrame> frames;   // consecutive months from month_index 0
};

// A frame of 241 countries is about 15 KB; 16 MiB leaves room for a world a
// thousand times larger while refusing a corrupted length prefix at once.
inline constexpr std::size_t kMaxFrameBytes = std::size_t{16} << 20;

// Reads and validates a whole file. Throws InputError.
Trajectory read_trajectory(const std::string& path);

// The same from bytes in memory; `name` stands in for the file name in errors.
Trajectory parse_trajectory(std::string_view bytes, const std::string& name);

}  // namespace stackrace::viz
