#pragma once
// `stackrace study merge OUT DIR...`: combines shard directories (--shard i/N)
// into one study directory identical to an unsharded study's (bar wall_s).

#include <filesystem>
#include <vector>

namespace stackrace {

// Throws InputError (and writes nothing) when a directory holds no study,
// the shards come from different specs, two shards disagree about a run, or
// runs are missing or failed. OUT must not exist or be empty; it appears
// whole or not at all.
void merge_studies(const std::filesystem::path& out, const std::vector<std::filesystem::path>& shards);

}  // namespace stackrace
