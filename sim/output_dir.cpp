#include "sim/output_dir.h"

#include <unistd.h>

#include <system_error>

#include "base/errors.h"

namespace stackrace {

namespace fs = std::filesystem;

namespace {

// A hidden sibling of `target`: ".NAME.<tag>-PID". (Built with += rather
// than operator+ to avoid a GCC 12 -Wrestrict false positive.)
fs::path sibling(const fs::path& target, const char* tag) {
  std::string name = ".";
  name += target.filename().string();
  name += tag;
  name += std::to_string(::getpid());
  return target.parent_path() / name;
}

}  // namespace

OutputDir::OutputDir(const fs::path& target, bool overwrite) : target_(target) {
  if (target_.empty()) throw InputError("--out", "an output directory is required");
  if (!target_.has_filename()) target_ = target_.parent_path();  // "dir/" -> "dir"
  std::error_code ec;
  if (fs::exists(target_, ec)) {
    if (!fs::is_directory(target_, ec)) throw InputError("--out " + target_.string(), "exists and is not a directory");
    if (!fs::is_empty(target_, ec)) {
      if (!overwrite)
        throw InputError("--out " + target_.string(),
                         "directory exists and is not empty: choose a new directory, or pass --overwrite to replace a "
                         "previous stackrace run there");
      if (!fs::exists(target_ / "manifest.textproto", ec))
        throw InputError("--out " + target_.string(),
                         "--overwrite refused: the directory has no manifest.textproto, so it is not a stackrace run "
                         "and its files are left alone");
    }
  }
  fs::path parent = target_.parent_path();
  if (parent.empty()) parent = ".";
  if (!fs::is_directory(parent, ec))
    throw InputError("--out " + target_.string(), "parent directory " + parent.string() + " does not exist");
  staging_ = sibling(target_, ".partial-");
  fs::remove_all(staging_, ec);
  if (!fs::create_directory(staging_, ec))
    throw InputError("--out " + target_.string(), "cannot create " + staging_.string() + ": " + ec.message());
}

OutputDir::~OutputDir() {
  if (committed_) return;
  std::error_code ec;
  fs::remove_all(staging_, ec);
}

void OutputDir::commit() {
  std::error_code ec;
  fs::path old;
  if (fs::exists(target_, ec)) {
    // Move the previous run aside first, so that a failure below loses nothing.
    old = sibling(target_, ".old-");
    fs::remove_all(old, ec);
    fs::rename(target_, old, ec);
    if (ec) throw std::runtime_error("cannot move " + target_.string() + " aside: " + ec.message());
  }
  fs::rename(staging_, target_, ec);
  if (ec) {
    if (!old.empty()) fs::rename(old, target_, ec);
    throw std::runtime_error("cannot rename " + staging_.string() + " to " + target_.string());
  }
  committed_ = true;
  if (!old.empty()) fs::remove_all(old, ec);
}

}  // namespace stackrace
