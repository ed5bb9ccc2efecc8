#include "base/bounded_read.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <string>

#include "base/errors.h"
#include "support/files.h"

namespace stackrace {
namespace {

using test_support::TempDir;
using test_support::write_file;
namespace fs = std::filesystem;

constexpr FileKind kTiny{"a tiny file", 10};

// The InputError message of reading `path` as `kind`.
std::string refusal(const std::string& path, const FileKind& kind = kScenarioFile) {
  try {
    read_file_bounded(path, kind);
  } catch (const InputError& e) {
    EXPECT_EQ(e.where(), path);
    return e.what();
  }
  ADD_FAILURE() << path << " was read";
  return "";
}

TEST(ReadFileBounded, ReadsARegularFileWhole) {
  TempDir dir;
  const std::string bytes("a\0b\nc", 5);
  write_file(dir / "f", bytes);
  EXPECT_EQ(read_file_bounded((dir / "f").string(), kScenarioFile), bytes);
  write_file(dir / "empty", "");
  EXPECT_EQ(read_file_bounded((dir / "empty").string(), kScenarioFile), "");
}

TEST(ReadFileBounded, FollowsALinkToARegularFile) {
  TempDir dir;
  write_file(dir / "f", "seed: 1\n");
  fs::create_symlink(dir / "f", dir / "link");
  EXPECT_EQ(read_file_bounded((dir / "link").string(), kScenarioFile), "seed: 1\n");
}

TEST(ReadFileBounded, SizeLimitIsInclusive) {
  TempDir dir;
  write_file(dir / "ten", "0123456789");
  EXPECT_EQ(read_file_bounded((dir / "ten").string(), kTiny), "0123456789");
  write_file(dir / "eleven", "0123456789a");
  const std::string path = (dir / "eleven").string();
  EXPECT_EQ(refusal(path, kTiny), path + ": 11 bytes is larger than the 10 bytes a tiny file may be");
}

TEST(ReadFileBounded, ALargeSparseFileIsRefusedWithoutReadingIt) {
  TempDir dir;
  const fs::path path = dir / "big.textproto";
  write_file(path, "");
  // 3.2 GiB of holes: no disk is used, and reading it would take long.
  fs::resize_file(path, (std::uintmax_t{32} << 30) / 10);
  EXPECT_EQ(refusal(path.string()), path.string() + ": 3.2 GiB is larger than the 64 MiB a scenario may be");
}

TEST(ReadFileBounded, MissingFile) {
  TempDir dir;
  const std::string path = (dir / "missing").string();
  EXPECT_EQ(refusal(path), path + ": no such file, expected a scenario");
  fs::create_symlink(dir / "missing", dir / "dangling");
  EXPECT_EQ(refusal((dir / "dangling").string()), (dir / "dangling").string() + ": no such file, expected a scenario");
}

TEST(ReadFileBounded, DirectoryIsNotARegularFile) {
  TempDir dir;
  EXPECT_EQ(refusal(dir.path().string()),
            dir.path().string() + ": not a regular file (a directory), expected a scenario");
}

TEST(ReadFileBounded, EndlessDevicesAreRefusedAtOnce) {
  EXPECT_EQ(refusal("/dev/zero"), "/dev/zero: not a regular file (a character device), expected a scenario");
  TempDir dir;
  fs::create_symlink("/dev/urandom", dir / "global.csv");
  const std::string link = (dir / "global.csv").string();
  EXPECT_EQ(refusal(link, kGlobalCsvFile),
            link + ": not a regular file (a character device), expected a run's global.csv");
}

TEST(ReadFileBounded, FifoIsRefusedWithoutWaitingForAWriter) {
  TempDir dir;
  const std::string path = (dir / "fifo").string();
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  EXPECT_EQ(refusal(path), path + ": not a regular file (a fifo), expected a scenario");
}

TEST(FormatBytes, BinaryUnitsWithOneDecimalWhereNeeded) {
  EXPECT_EQ(format_bytes(0), "0 bytes");
  EXPECT_EQ(format_bytes(1), "1 byte");
  EXPECT_EQ(format_bytes(1023), "1023 bytes");
  EXPECT_EQ(format_bytes(1024), "1 KiB");
  EXPECT_EQ(format_bytes(1536), "1.5 KiB");
  EXPECT_EQ(format_bytes(kConfigMaxBytes), "64 MiB");
  EXPECT_EQ(format_bytes(kTrajectoryMaxBytes), "1 GiB");
  EXPECT_EQ(format_bytes((std::uintmax_t{32} << 30) / 10), "3.2 GiB");
}

TEST(NoSuchFile, SaysWhereARelativePathWasLookedForAndFromWhichFolder) {
  EXPECT_EQ(no_such_file("/a/b/", "../c/d.textproto", "scenario"),
            "no such file (/a/c/d.textproto); a path in a scenario is relative to the scenario's own folder, /a/b");
  EXPECT_EQ(no_such_file("/a/b", "/x/d.textproto", "study spec"), "no such file (/x/d.textproto)");
  // A file named from the working directory is relative to it.
  EXPECT_EQ(no_such_file("", "d.textproto", "comparison"),
            "no such file (" + (fs::current_path() / "d.textproto").string() +
                "); a path in a comparison is relative to the comparison's own folder, " + fs::current_path().string());
}

TEST(FileKinds, LimitsFitTheShippedFiles) {
  const fs::path root = test_support::repo_root();
  EXPECT_LT(fs::file_size(root / "worlds/geometry_50m.textproto") * 50, kGeometryFile.max_bytes);
  EXPECT_LT(fs::file_size(root / "worlds/countries.textproto") * 100, kWorldDataFile.max_bytes);
  for (const auto& entry : fs::recursive_directory_iterator(root / "configs")) {
    if (entry.is_regular_file()) {
      EXPECT_LT(entry.file_size() * 1000, kConfigMaxBytes) << entry.path();
    }
  }
}

}  // namespace
}  // namespace stackrace
