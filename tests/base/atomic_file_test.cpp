#include "base/atomic_file.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <stdexcept>
#include <string>

#include "support/files.h"

namespace stackrace {
namespace {

using namespace test_support;
namespace fs = std::filesystem;

std::string error_of(const std::function<void()>& write) {
  try {
    write();
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error";
  return "";
}

TEST(AtomicFile, WritesTheContentAndNothingElse) {
  TempDir dir;
  write_file_atomically(dir / "a.csv", "x,y\n1,2\n");
  EXPECT_EQ(read_file(dir / "a.csv"), "x,y\n1,2\n");
  EXPECT_EQ(list_dir(dir.path()), std::vector<std::string>{"a.csv"});
  write_file_atomically(dir / "empty.csv", "");
  EXPECT_EQ(read_file(dir / "empty.csv"), "");
}

TEST(AtomicFile, ReplacesAnExistingFileWhole) {
  TempDir dir;
  write_file(dir / "a.svg", std::string(10000, 'o'));
  write_file_atomically(dir / "a.svg", "new");
  EXPECT_EQ(read_file(dir / "a.svg"), "new");
  EXPECT_EQ(list_dir(dir.path()), std::vector<std::string>{"a.svg"});
}

TEST(AtomicFile, WriterGetsAHiddenSiblingWithTheSameExtension) {
  TempDir dir;
  fs::path seen;
  write_file_atomically(dir / "map.png", [&](const fs::path& temp) {
    seen = temp;
    EXPECT_FALSE(fs::exists(dir / "map.png")) << "the file appears only when complete";
    std::ofstream(temp, std::ios::binary) << "png";
  });
  EXPECT_EQ(seen.parent_path(), dir.path());
  EXPECT_EQ(seen.extension(), ".png") << seen;
  EXPECT_EQ(seen.filename().string().rfind(".map.png.tmp-", 0), 0u) << seen;
  EXPECT_EQ(read_file(dir / "map.png"), "png");
  EXPECT_EQ(list_dir(dir.path()), std::vector<std::string>{"map.png"});
}

TEST(AtomicFile, WriterThatFailsLeavesTheOldFileAndNoTemporary) {
  TempDir dir;
  write_file(dir / "map.png", "old");
  const std::string error = error_of([&] {
    write_file_atomically(dir / "map.png", [&](const fs::path& temp) {
      std::ofstream(temp, std::ios::binary) << "half a pi";
      throw std::runtime_error("encoder failed");
    });
  });
  EXPECT_EQ(error, "encoder failed");
  EXPECT_EQ(read_file(dir / "map.png"), "old");
  EXPECT_EQ(list_dir(dir.path()), std::vector<std::string>{"map.png"});
}

TEST(AtomicFile, FullDiskLeavesTheOldFileAndNoTemporary) {
  // A file size limit fails the write part-way, as a full disk does.
  TempDir dir;
  write_file(dir / "runs.csv", "old\n");
  struct sigaction ignore {
  }, previous{};
  ignore.sa_handler = SIG_IGN;
  ASSERT_EQ(::sigaction(SIGXFSZ, &ignore, &previous), 0);  // EFBIG instead of the signal
  rlimit saved{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &saved), 0);
  rlimit small = saved;
  small.rlim_cur = 4096;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  const std::string error = error_of([&] { write_file_atomically(dir / "runs.csv", std::string(100000, 'x')); });
  ::setrlimit(RLIMIT_FSIZE, &saved);
  ::sigaction(SIGXFSZ, &previous, nullptr);
  EXPECT_EQ(error, "cannot write " + (dir / "runs.csv").string() + ": File too large");
  EXPECT_EQ(read_file(dir / "runs.csv"), "old\n");
  EXPECT_EQ(list_dir(dir.path()), std::vector<std::string>{"runs.csv"});
}

TEST(AtomicFile, ErrorsNameTheFileAndTheReason) {
  TempDir dir;
  EXPECT_EQ(error_of([&] { write_file_atomically(dir / "no" / "a.csv", "x"); }),
            "cannot write " + (dir / "no" / "a.csv").string() + ": No such file or directory");
  fs::create_directory(dir / "sub");
  write_file(dir / "sub" / "keep.txt", "keep");
  EXPECT_EQ(error_of([&] { write_file_atomically(dir / "sub", "x"); }),
            "cannot write " + (dir / "sub").string() + ": Is a directory");
  EXPECT_EQ(read_file(dir / "sub" / "keep.txt"), "keep");
  EXPECT_EQ(list_dir(dir.path()), std::vector<std::string>{"sub"});
}

// A file a command may not replace (no --overwrite) that someone puts there
// while the command runs is kept; the output goes beside it. Without the
// promise, the file is replaced as before.
TEST(AtomicFile, AFileThatMayNotBeReplacedIsKeptWhenItAppears) {
  TempDir dir;
  const fs::path path = dir / "race.png";
  never_replace(path);
  write_file_atomically(path, "first");  // nothing there yet: written
  EXPECT_EQ(read_file(path), "first");
  write_file(path, "my slide notes");  // as if a user wrote it meanwhile
  const std::string kept = (dir / ("race.run-" + std::to_string(::getpid()) + ".png")).string();
  EXPECT_EQ(error_of([&] { write_file_atomically(path, "rendered"); }),
            "cannot write " + path.string() +
                ": a file appeared there while this command ran, and it is not replaced without --overwrite; the "
                "output is kept in " +
                kept);
  EXPECT_EQ(read_file(path), "my slide notes");
  EXPECT_EQ(read_file(kept), "rendered");
  write_file_atomically(dir / "other.png", "a");
  write_file_atomically(dir / "other.png", "b");
  EXPECT_EQ(read_file(dir / "other.png"), "b");
  // A file staged by its writer and moved into place later (calibrate's
  // --summary) keeps the same promise.
  const fs::path summary = dir / "notes.md";
  never_replace(summary);
  write_file(dir / ".notes.md.staged", "table");
  write_file(summary, "mine");
  EXPECT_NE(error_of([&] { move_into_place(dir / ".notes.md.staged", summary); }).find("is not replaced"),
            std::string::npos);
  EXPECT_EQ(read_file(summary), "mine");
  EXPECT_EQ(read_file(dir / ("notes.run-" + std::to_string(::getpid()) + ".md")), "table");
}

}  // namespace
}  // namespace stackrace
