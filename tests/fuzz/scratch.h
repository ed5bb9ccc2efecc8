#pragma once
// A per-process scratch copy of the shipped configs for the harnesses: the
// input is written into it as a file beside the real ones, so that relative
// references in it ("base: baseline.textproto", "../world/world.textproto")
// reach real files, as they would for a user's file in configs/.

#include <filesystem>
#include <string>
#include <string_view>

namespace stackrace::fuzz {

// The scratch root, created on first use and removed at exit. It holds
// configs/** (real folders of links to the repository's files) and worlds/
// (a link), so every relative path in the shipped configs still resolves.
const std::filesystem::path& scratch_root();

// Writes `input` to scratch_root()/relative (replacing it) and returns the path.
std::filesystem::path write_input(const std::string& relative, std::string_view input);

}  // namespace stackrace::fuzz
