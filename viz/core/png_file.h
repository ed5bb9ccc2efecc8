#pragma once
// Whether a PNG file on disk was written to its end. SFML saves images
// through stb_image_write, which ignores failed writes: on a full disk (or
// past a file-size limit) it leaves a truncated file and reports success.
// A PNG ends with its IEND chunk, so a file cut short anywhere lacks it.

#include <filesystem>
#include <string>

namespace stackrace::viz {

// True when `file` starts with the PNG signature and ends with the IEND chunk.
bool png_is_whole(const std::filesystem::path& file);

// Throws std::runtime_error("cannot write REPORTED: ...") unless `file` is a
// whole PNG. `reported` is the name the user gave (the file may be a
// temporary that is renamed to it).
void check_png_written(const std::filesystem::path& file, const std::string& reported);

}  // namespace stackrace::viz
