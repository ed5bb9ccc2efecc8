#pragma once
// An output directory that appears whole or not at all: files are written to
// a hidden sibling staging directory, which is renamed into place by commit().
// Without commit() (an error, an exception) the staging directory is removed.
// A run killed with SIGKILL leaves only the hidden ".NAME.partial-PID" sibling.
//
// The target is checked twice: when the run starts (so that bad input fails
// before any work) and by the rename itself at commit, which never replaces
// anything it was not told it may replace, however late it appeared.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace stackrace {

// What a command writes into its output directory: --overwrite replaces a
// directory that holds nothing else, so that nothing a user put there (notes,
// figures, the checkpoint a run continues from) is ever deleted with it.
struct OutputLayout {
  std::string writer;  // who writes it, for messages: "a run"
  // The names of the regular files it writes; a '#' in a name stands for one
  // digit ("checkpoint-####-##.pb").
  std::vector<std::string> files;
  // The directories it writes, under any name, each laid out as this (a
  // comparison's runs); nullptr when it writes none.
  const OutputLayout* directories = nullptr;
  // Whether the command takes --overwrite (render --frames does not), for
  // messages.
  bool overwritable = true;
};

// A file a command reads, named by the option that gives it: --overwrite
// never replaces a directory that holds one.
struct OutputInput {
  std::string option;  // "--from"
  std::filesystem::path path;
};

class OutputDir {
 public:
  // `target` may end in "/" or "/." (the directory itself). Throws
  // InputError (before creating anything) when it is a symbolic link, the
  // working directory or a mount point (the output is renamed into place),
  // or when it exists and is not empty, unless `overwrite` is set and it
  // holds a previous output: a manifest.textproto, nothing that `layout`
  // does not account for, and none of `inputs`. `option` names the target in messages (render's is --frames).
  // `layout` is kept by reference: it must outlive the OutputDir (the
  // commands' layouts are static).
  OutputDir(const std::filesystem::path& target, bool overwrite, const OutputLayout& layout,
            std::string option = "--out", const std::vector<OutputInput>& inputs = {});
  ~OutputDir();
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;

  const std::filesystem::path& staging() const { return staging_; }
  // Where the output goes once committed (for messages: the staging
  // directory is hidden and gone after a failure).
  const std::filesystem::path& target() const { return target_; }
  // Throws std::runtime_error for a file of the output that could not be
  // written: its name, the output it was for (a previous output there is
  // left as it was) and the system's reason (errno; none when 0).
  [[noreturn]] void fail_write(const std::string& name, int error) const;
  std::filesystem::path file(const std::string& name) const { return staging_ / name; }

  // Renames the staging directory to the target. The target may then be
  // absent, the empty directory that was there at the start, or (with
  // `overwrite`) a previous output as the constructor accepts one, which is
  // swapped out atomically and deleted. Anything else there, such as a directory
  // made or another run committed while this one ran, is left alone: the
  // finished run is kept beside it as "NAME.run-PID" and std::runtime_error
  // says where.
  void commit();

 private:
  int replace_previous_run();
  // Why `dir` may not be replaced by --overwrite; empty when it may.
  std::string refusal(const std::filesystem::path& dir) const;
  [[noreturn]] void keep_finished_run(const std::string& why);

  std::filesystem::path target_, staging_;
  std::string option_;  // "--out DIR" in messages
  const OutputLayout& layout_;
  bool overwrite_ = false;
  bool was_empty_ = false;  // target was an empty directory at the start
  // The permissions of the directory at target at the start, if any.
  std::optional<std::filesystem::perms> found_permissions_;
  bool committed_ = false;  // or handed over: the destructor leaves staging_ alone
};

}  // namespace stackrace
