#pragma once
// Reading a file the user named, whole, into memory: only a regular file
// (after following links) and only up to a size suited to its kind, so that
// /dev/zero, a fifo or a link to /dev/urandom is refused at once instead of
// filling memory or blocking forever. Every reader of an input file goes
// through read_file_bounded.

#include <cstdint>
#include <string>
#include <string_view>

namespace stackrace {

// One mebibyte, the unit the limits below are written in.
inline constexpr std::uintmax_t kMiB = std::uintmax_t{1} << 20;

// A kind of input file: what to call it in errors ("expected a scenario",
// "larger than the 64 MiB a scenario may be") and how large it may be.
struct FileKind {
  std::string_view what;
  std::uintmax_t max_bytes;
};

// Configs are written by hand: the largest shipped one is under 20 KB and the
// country table 92 KB. 64 MiB is thousands of times that, yet parsing it as
// text (about ten times its size in memory) still fits any machine.
inline constexpr std::uintmax_t kConfigMaxBytes = 64 * kMiB;
// The shipped 1:50m world geometry is 1.5 MB; Natural Earth's finest, 1:10m,
// would be about ten times that. 128 MiB leaves room beyond it.
inline constexpr std::uintmax_t kGeometryMaxBytes = 128 * kMiB;
// global.csv has one row of about 300 bytes per month, and a horizon is at
// most 1200 months (sim/spec.cpp): under 1 MB. 64 MiB is ample headroom.
inline constexpr std::uintmax_t kGlobalCsvMaxBytes = 64 * kMiB;
// A trajectory of 10 years of 241 countries is about 2 MB; 100 years of a
// world a few times larger stays well under 1 GiB.
inline constexpr std::uintmax_t kTrajectoryMaxBytes = 1024 * kMiB;
// countries.csv has a row of about 150 bytes per country and month: 2.6 MB
// for 241 countries over 6 years; 1 GiB holds a century of a world 10 times larger.
inline constexpr std::uintmax_t kCountriesCsvMaxBytes = 1024 * kMiB;

inline constexpr FileKind kScenarioFile{"a scenario", kConfigMaxBytes};
inline constexpr FileKind kSupplyFile{"a supply file", kConfigMaxBytes};
inline constexpr FileKind kWorldDataFile{"world data", kConfigMaxBytes};
inline constexpr FileKind kWorldConfigFile{"a world config", kConfigMaxBytes};
inline constexpr FileKind kObservedFile{"observed adoption data", kConfigMaxBytes};
inline constexpr FileKind kStudySpecFile{"a study spec", kConfigMaxBytes};
inline constexpr FileKind kCompareConfigFile{"a comparison config", kConfigMaxBytes};
// compare.csv has a line of about 150 bytes per metric and scenario: a few KB.
inline constexpr FileKind kCompareCsvFile{"a comparison's compare.csv", kConfigMaxBytes};
inline constexpr FileKind kCompareManifestFile{"a comparison's manifest", kConfigMaxBytes};
// The manifest holds the resolved scenario and a few run facts.
inline constexpr FileKind kManifestFile{"a run manifest", kConfigMaxBytes};
inline constexpr FileKind kCalibrationPlanFile{"a calibration plan", kConfigMaxBytes};
inline constexpr FileKind kPosteriorFile{"an adoption posterior", kConfigMaxBytes};
inline constexpr FileKind kGeometryFile{"world geometry", kGeometryMaxBytes};
inline constexpr FileKind kGlobalCsvFile{"a run's global.csv", kGlobalCsvMaxBytes};
inline constexpr FileKind kCountriesCsvFile{"a run's countries.csv", kCountriesCsvMaxBytes};
inline constexpr FileKind kTrajectoryFile{"a run's trajectory.pb", kTrajectoryMaxBytes};
// A checkpoint holds 2 bytes per adopter, the outputs so far and about 1 MB
// of tables: about 5 MB at 1,000,000 adopters, 400 MB at the 200,000,000
// adopters a scenario may have. Protobuf reads at most 2 GiB.
inline constexpr FileKind kCheckpointFile{"a checkpoint", 2047 * kMiB};

// The whole of the file at `path`. Throws InputError (exit code 2) when it
// does not exist, is not a regular file after following links ("FILE: not a
// regular file (a directory), expected a scenario"), cannot be opened, or is
// larger than kind.max_bytes ("FILE: 3.2 GiB is larger than the 64 MiB a
// scenario may be"); std::runtime_error when reading it fails midway (an I/O
// failure, exit code 1). Never reads more than kind.max_bytes + 1 bytes, even
// from a file that grows while it is read.
std::string read_file_bounded(const std::string& path, const FileKind& kind);

// A size for people: "512 bytes", "64 MiB", "3.2 GiB".
std::string format_bytes(std::uintmax_t bytes);

// Whether anything is at `path`. A path that cannot name a file at all (a
// symbolic link loop, a name too long) throws InputError at `where`.
bool path_exists(const std::string& path, const std::string& where);

// Why a file that a `kind` ("scenario", "study spec") in `folder` names as
// `named` is missing: "no such file (ABSOLUTE PATH)", and for a relative
// `named` the folder it is relative to, since a file copied to another folder
// loses the files it names.
std::string no_such_file(const std::string& folder, const std::string& named, const std::string& kind);

// `path` made absolute with links resolved as far as they go, for telling
// two names of one file apart; a path that cannot be resolved stays as it is,
// made absolute and normal.
std::string canonical_or_normal(const std::string& path);

}  // namespace stackrace
