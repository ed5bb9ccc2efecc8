#pragma once
// An output directory that appears whole or not at all: files are written to
// a hidden sibling staging directory, which is renamed into place by commit().
// Without commit() (an error, an exception) the staging directory is removed.
// A run killed with SIGKILL leaves only the hidden ".NAME.partial-PID" sibling.

#include <filesystem>
#include <string>

namespace stackrace {

class OutputDir {
 public:
  // Throws InputError (before creating anything) when `target` exists and is
  // not empty, unless `overwrite` is set and it holds a previous run (a
  // manifest.textproto): outputs that are not stackrace's are never replaced.
  OutputDir(const std::filesystem::path& target, bool overwrite);
  ~OutputDir();
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;

  const std::filesystem::path& staging() const { return staging_; }
  std::filesystem::path file(const std::string& name) const { return staging_ / name; }
  void commit();

 private:
  std::filesystem::path target_, staging_;
  bool committed_ = false;
};

}  // namespace stackrace
