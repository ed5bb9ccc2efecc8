#pragma once
// What identifies the program whose results a run manifest or a study
// database holds: the version, the source commit it was built from and a hash
// of the model's results. A study is resumed or merged only with the same
// version and model hash, so that one database never mixes two models.

#include <string>

namespace stackrace {

// The golden run's hash (tests/sim/golden_test.cpp compares against it): the
// result files of a small fixed baseline run, as shipped and with every
// policy lever moved. A change that alters results on
// purpose updates this value in the same commit and says why; studies made
// before it then refuse --resume and merge, which is the point.
inline constexpr const char* kModelHash = "10a8ae1893324a97";

// `git describe --always --dirty` of the source tree when CMake configured
// the build, or "unknown" outside a git checkout.
std::string source_commit();

}  // namespace stackrace
