#include "sim/output_dir.h"

#include <fcntl.h>
#include <stdio.h>  // renameat2, RENAME_NOREPLACE, RENAME_EXCHANGE (glibc 2.28+, _GNU_SOURCE)
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "base/errors.h"

namespace stackrace {

namespace fs = std::filesystem;

namespace {

// A sibling of `target`: "<prefix>NAME<tag>PID". (Built with += rather than
// operator+ to avoid a GCC 12 -Wrestrict false positive.)
fs::path sibling(const fs::path& target, const char* prefix, const char* tag) {
  std::string name = prefix;
  name += target.filename().string();
  name += tag;
  name += std::to_string(::getpid());
  return target.parent_path() / name;
}

// A file system that does not know a renameat2 flag (NFS, some FUSE) says so
// with EINVAL.
bool unsupported(int error) { return error == EINVAL || error == ENOSYS || error == EOPNOTSUPP; }

// renameat2: 0, or the errno.
int rename_with(const fs::path& from, const fs::path& to, unsigned flags) {
  return ::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), flags) == 0 ? 0 : errno;
}

// Renames unless `to` exists (EEXIST). Where the file system lacks
// RENAME_NOREPLACE, a check and a plain rename(2) stand in: rename(2) never
// replaces a directory that holds anything, so that window can cost at most
// an empty directory.
int rename_noreplace(const fs::path& from, const fs::path& to) {
  const int error = rename_with(from, to, RENAME_NOREPLACE);
  if (!unsupported(error)) return error;
  std::error_code ec;
  if (fs::exists(fs::symlink_status(to, ec))) return EEXIST;
  return std::rename(from.c_str(), to.c_str()) == 0 ? 0 : errno;
}

// A previous run: a directory with the manifest every run writes last.
bool holds_run(const fs::path& dir) {
  std::error_code ec;
  return fs::is_directory(fs::symlink_status(dir, ec)) && fs::is_regular_file(dir / "manifest.textproto", ec);
}

}  // namespace

OutputDir::OutputDir(const fs::path& target, bool overwrite, std::string option)
    : target_(target), option_(std::move(option)), overwrite_(overwrite) {
  if (target_.empty()) throw InputError(option_, "an output directory is required");
  if (!target_.has_filename()) target_ = target_.parent_path();  // "dir/" -> "dir"
  std::error_code ec;
  if (fs::exists(target_, ec)) {
    if (!fs::is_directory(target_, ec))
      throw InputError(option_ + " " + target_.string(), "exists and is not a directory");
    was_empty_ = fs::is_empty(target_, ec);
    if (!was_empty_) {
      if (!overwrite) {
        throw InputError(option_ + " " + target_.string(),
                         "directory exists and is not empty: choose a new directory, or pass --overwrite to replace a "
                         "previous stackrace run there");
      }
      if (!fs::exists(target_ / "manifest.textproto", ec)) {
        throw InputError(option_ + " " + target_.string(),
                         "--overwrite refused: the directory has no manifest.textproto, so it is not a stackrace run "
                         "and its files are left alone");
      }
    }
  }
  fs::path parent = target_.parent_path();
  if (parent.empty()) parent = ".";
  if (!fs::is_directory(parent, ec))
    throw InputError(option_ + " " + target_.string(), "parent directory " + parent.string() + " does not exist");
  staging_ = sibling(target_, ".", ".partial-");
  fs::remove_all(staging_, ec);
  if (!fs::create_directory(staging_, ec))
    throw InputError(option_ + " " + target_.string(), "cannot create " + staging_.string() + ": " + ec.message());
}

OutputDir::~OutputDir() {
  if (committed_) return;
  std::error_code ec;
  fs::remove_all(staging_, ec);
}

void OutputDir::commit() {
  // The empty directory found at the start stands for "write here". rmdir
  // removes it only while it is still empty, so nothing anyone put there
  // since is lost: then the rename below finds it and refuses.
  if (was_empty_) ::rmdir(target_.c_str());
  int error = rename_noreplace(staging_, target_);
  if (error == EEXIST && overwrite_) error = replace_previous_run();
  if (error == 0) {
    committed_ = true;
    return;
  }
  const std::string out = option_ + " " + target_.string() + ": ";
  if (error == EEXIST && !overwrite_) {
    keep_finished_run(out +
                      "appeared while the run was going and is not replaced (pass --overwrite to replace a "
                      "previous run)");
  }
  if (error == EEXIST) {
    keep_finished_run(out +
                      "--overwrite refused at the end of the run: the directory there now has no "
                      "manifest.textproto, so it is not a stackrace run and its files are left alone");
  }
  keep_finished_run(out + "cannot rename " + staging_.string() + " to it: " + std::strerror(error));
}

// Called with target_ present. Returns 0 once the run is in place and the
// previous one deleted, EEXIST when target_ is not a previous run, or errno.
int OutputDir::replace_previous_run() {
  if (!holds_run(target_)) return EEXIST;
  // One atomic swap, so that there is no moment without a run at target_.
  const int error = rename_with(staging_, target_, RENAME_EXCHANGE);
  if (unsupported(error)) {
    keep_finished_run(option_ + " " + target_.string() +
                      ": --overwrite needs a file system that can swap two directories atomically "
                      "(RENAME_EXCHANGE), and this one cannot; the previous run is left alone (delete it yourself)");
  }
  if (error != 0) return error;
  // staging_ now holds what was at target_. It may have been replaced since
  // the check above; look again where nobody else does before deleting it.
  if (!holds_run(staging_)) {
    if (rename_with(staging_, target_, RENAME_EXCHANGE) != 0) {
      committed_ = true;  // staging_ holds someone's directory now: never delete it
      throw std::runtime_error(option_ + " " + target_.string() +
                               ": was replaced by a directory that is not a run while this run finished; the run is "
                               "at " +
                               target_.string() + " and the directory found there is at " + staging_.string());
    }
    return EEXIST;
  }
  committed_ = true;
  std::error_code ec;
  fs::remove_all(staging_, ec);
  return 0;
}

void OutputDir::keep_finished_run(const std::string& why) {
  committed_ = true;  // a finished run is never deleted for want of a place
  const fs::path kept = sibling(target_, "", ".run-");
  if (rename_noreplace(staging_, kept) == 0)
    throw std::runtime_error(why + "; the finished run is kept in " + kept.string());
  throw std::runtime_error(why + "; the finished run is left in " + staging_.string());
}

}  // namespace stackrace
