#pragma once
// File helpers for tests: a temporary directory that removes itself, whole-file
// reads and writes, and text edits that fail loudly when their anchor is missing
// (so that a typo in a test cannot turn an error case into a passing one).

#include <filesystem>
#include <string>
#include <vector>

namespace stackrace::test_support {

// A fresh, empty directory under the system temp directory, removed with
// everything in it on destruction. Names are unique per process and call.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "stackrace_test");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// Throws std::runtime_error when the file cannot be read or written.
std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& text);

// `text` with the single occurrence of `from` replaced by `to`; throws when
// `from` does not occur exactly once.
std::string replace_once(const std::string& text, const std::string& from, const std::string& to);

// 1-based line of the first occurrence of `needle` in `text`; throws when absent.
int line_of(const std::string& text, const std::string& needle);
// 1-based column of the first occurrence of `needle` on its line; throws when absent.
int column_of(const std::string& text, const std::string& needle);

// Names of the entries directly in `dir`, sorted.
std::vector<std::string> list_dir(const std::filesystem::path& dir);

// Lines of a text (without the newline characters); a trailing newline does
// not produce an empty last line.
std::vector<std::string> split_lines(const std::string& text);
std::vector<std::string> split(const std::string& line, char sep);

// The repository root (STACKRACE_ROOT) and the shipped baseline scenario.
std::filesystem::path repo_root();
std::filesystem::path baseline_scenario();

}  // namespace stackrace::test_support
