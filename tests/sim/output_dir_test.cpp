#include "sim/output_dir.h"

#include <gtest/gtest.h>

#include "base/errors.h"
#include "sim/runner.h"
#include "support/tiny_world.h"

namespace stackrace {
namespace {

using namespace test_support;
namespace fs = std::filesystem;

std::string error_of(const fs::path& target, bool overwrite) {
  try {
    OutputDir dir(target, overwrite);
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no InputError for " << target;
  return "";
}

TEST(OutputDir, AppearsOnlyOnCommit) {
  TempDir parent;
  const fs::path target = parent / "run";
  {
    OutputDir dir(target, false);
    EXPECT_FALSE(fs::exists(target));
    EXPECT_EQ(dir.staging().parent_path(), parent.path());
    EXPECT_EQ(dir.staging().filename().string().rfind(".run.partial-", 0), 0u) << dir.staging();
    EXPECT_TRUE(fs::is_directory(dir.staging()));
    EXPECT_EQ(dir.file("a.csv"), dir.staging() / "a.csv");
    write_file(dir.file("a.csv"), "x\n");
    dir.commit();
    EXPECT_TRUE(fs::exists(target));
    EXPECT_FALSE(fs::exists(dir.staging()));
  }
  EXPECT_EQ(list_dir(parent.path()), std::vector<std::string>{"run"});
  EXPECT_EQ(read_file(target / "a.csv"), "x\n");
}

TEST(OutputDir, NothingRemainsWithoutCommit) {
  TempDir parent;
  const fs::path target = parent / "run";
  {
    OutputDir dir(target, false);
    write_file(dir.file("a.csv"), "x\n");
  }
  EXPECT_TRUE(list_dir(parent.path()).empty());
}

TEST(OutputDir, TrailingSlashNamesTheSameDirectory) {
  TempDir parent;
  {
    OutputDir dir((parent / "run").string() + "/", false);
    dir.commit();
  }
  EXPECT_EQ(list_dir(parent.path()), std::vector<std::string>{"run"});
}

TEST(OutputDir, EmptyExistingDirectoryIsUsed) {
  TempDir parent;
  fs::create_directory(parent / "run");
  {
    OutputDir dir(parent / "run", false);
    write_file(dir.file("a.csv"), "new\n");
    dir.commit();
  }
  EXPECT_EQ(list_dir(parent / "run"), std::vector<std::string>{"a.csv"});
  EXPECT_EQ(list_dir(parent.path()), std::vector<std::string>{"run"});
}

TEST(OutputDir, NonEmptyDirectoryWithoutManifestIsNeverReplaced) {
  TempDir parent;
  const fs::path target = parent / "thesis";
  write_file(target / "chapter1.tex", "precious\n");
  write_file(target / "sub/data.csv", "1,2\n");
  const std::string plain = error_of(target, false);
  EXPECT_EQ(plain, "--out " + target.string() +
                       ": directory exists and is not empty: choose a new directory, or pass --overwrite to replace a "
                       "previous stackrace run there");
  const std::string forced = error_of(target, true);
  EXPECT_EQ(forced, "--out " + target.string() +
                        ": --overwrite refused: the directory has no manifest.textproto, so it is not a stackrace run "
                        "and its files are left alone");
  EXPECT_EQ(read_file(target / "chapter1.tex"), "precious\n");
  EXPECT_EQ(read_file(target / "sub/data.csv"), "1,2\n");
  EXPECT_EQ(list_dir(target), (std::vector<std::string>{"chapter1.tex", "sub"}));
  EXPECT_EQ(list_dir(parent.path()), std::vector<std::string>{"thesis"}) << "no staging directory may be left";
}

TEST(OutputDir, OverwriteReplacesAPreviousRunOnlyOnCommit) {
  TempDir parent;
  const fs::path target = parent / "run";
  write_file(target / "manifest.textproto", "seed: 1\n");
  write_file(target / "stale.csv", "old\n");
  EXPECT_NE(error_of(target, false).find("directory exists and is not empty"), std::string::npos);
  {
    OutputDir dir(target, true);
    write_file(dir.file("manifest.textproto"), "seed: 2\n");
    EXPECT_EQ(read_file(target / "stale.csv"), "old\n") << "the previous run stays until commit";
  }
  // Not committed: the previous run is intact.
  EXPECT_EQ(list_dir(target), (std::vector<std::string>{"manifest.textproto", "stale.csv"}));
  EXPECT_EQ(read_file(target / "manifest.textproto"), "seed: 1\n");
  {
    OutputDir dir(target, true);
    write_file(dir.file("manifest.textproto"), "seed: 3\n");
    dir.commit();
  }
  EXPECT_EQ(list_dir(target), std::vector<std::string>{"manifest.textproto"});
  EXPECT_EQ(read_file(target / "manifest.textproto"), "seed: 3\n");
  EXPECT_EQ(list_dir(parent.path()), std::vector<std::string>{"run"}) << "no .old- or .partial- sibling may be left";
}

TEST(OutputDir, RefusesFilesMissingParentsAndEmptyPaths) {
  TempDir parent;
  write_file(parent / "file.txt", "keep\n");
  EXPECT_EQ(error_of(parent / "file.txt", true),
            "--out " + (parent / "file.txt").string() + ": exists and is not a directory");
  EXPECT_EQ(read_file(parent / "file.txt"), "keep\n");
  const fs::path orphan = parent / "no" / "such" / "run";
  EXPECT_EQ(error_of(orphan, false),
            "--out " + orphan.string() + ": parent directory " + (parent / "no" / "such").string() + " does not exist");
  EXPECT_EQ(error_of("", false), "--out: an output directory is required");
  EXPECT_EQ(list_dir(parent.path()), std::vector<std::string>{"file.txt"});
}

TEST(RunOutputs, AppearOnlyAfterTheRunSucceeds) {
  const TinyWorld w;
  SpecOptions so;
  so.adopters = 20000;
  const Spec spec = w.load(so);
  TempDir parent;
  const fs::path target = parent / "out";
  RunOptions o;
  o.seed = 1;
  o.out = target.string();
  int months = 0;
  o.on_month = [&](int, int) {
    ++months;
    EXPECT_FALSE(fs::exists(target)) << "outputs visible before the run finished";
    const auto names = list_dir(parent.path());
    ASSERT_EQ(names.size(), 1u);
    EXPECT_EQ(names[0].rfind(".out.partial-", 0), 0u) << names[0];
    const auto staged = list_dir(parent / names[0]);
    EXPECT_EQ(staged, (std::vector<std::string>{"countries.csv", "events.csv", "global.csv", "trajectory.pb"}));
  };
  run(spec, o);
  EXPECT_EQ(months, 12);
  EXPECT_EQ(list_dir(parent.path()), std::vector<std::string>{"out"});
  EXPECT_EQ(list_dir(target), (std::vector<std::string>{"countries.csv", "events.csv", "global.csv",
                                                        "manifest.textproto", "trajectory.pb"}));
}

TEST(RunOutputs, RefusedDirectoryFailsBeforeAnyWork) {
  const TinyWorld w;
  SpecOptions so;
  so.adopters = 20000;
  const Spec spec = w.load(so);
  TempDir parent;
  write_file(parent / "out" / "mine.txt", "mine\n");
  RunOptions o;
  o.out = (parent / "out").string();
  o.overwrite = true;
  bool stepped = false;
  o.on_month = [&](int, int) { stepped = true; };
  EXPECT_THROW(run(spec, o), InputError);
  EXPECT_FALSE(stepped);
  EXPECT_EQ(list_dir(parent / "out"), std::vector<std::string>{"mine.txt"});
  EXPECT_EQ(list_dir(parent.path()), std::vector<std::string>{"out"});
}

}  // namespace
}  // namespace stackrace
