#include "sim/output_dir.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>  // renameat2, RENAME_EXCHANGE (glibc 2.28+, _GNU_SOURCE)
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <utility>

#include "base/atomic_file.h"
#include "base/errors.h"
#include "base/state_archive.h"

namespace stackrace {

namespace fs = std::filesystem;

namespace {

// The name of a sibling of `target`: "<prefix>NAME<tag>PID". (Built with +=
// rather than operator+ to avoid a GCC 12 -Wrestrict false positive.)
std::string sibling_name(const fs::path& target, const char* prefix, const char* tag, const std::string& pid) {
  std::string base = target.filename().string();
  std::string suffix = tag;
  suffix += pid;
  // A name the file system takes (NAME_MAX bytes) stays one with the prefix
  // and suffix: a long one is cut, with a digest of the whole to keep it
  // apart from other cut names.
  constexpr std::size_t kNameMax = 255, kDigest = 17;  // "~" and 16 hex digits
  const std::size_t room = kNameMax - std::strlen(prefix) - suffix.size();
  if (base.size() > room) {
    char hex[kDigest + 1];
    std::snprintf(hex, sizeof hex, "~%016llx", static_cast<unsigned long long>(digest_bytes(base)));
    base = base.substr(0, room - kDigest) + hex;
  }
  std::string name = prefix;
  name += base;
  name += suffix;
  return name;
}

fs::path sibling(const fs::path& target, const char* prefix, const char* tag) {
  return target.parent_path() / sibling_name(target, prefix, tag, std::to_string(::getpid()));
}

// A file system that does not know a renameat2 flag (NFS, some FUSE) says so
// with EINVAL.
bool unsupported(int error) { return error == EINVAL || error == ENOSYS || error == EOPNOTSUPP; }

// renameat2: 0, or the errno.
int rename_with(const fs::path& from, const fs::path& to, unsigned flags) {
  return ::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), flags) == 0 ? 0 : errno;
}

// Whether `name` matches `pattern`, in which each '#' stands for one digit
// and every other character for itself: "checkpoint-####-##.pb" takes
// checkpoint-2026-06.pb, not a user's checkpoint-notes.pb or checkpoint-1-2.pb.
bool name_matches(const std::string& pattern, const std::string& name) {
  if (name.size() != pattern.size()) return false;
  for (std::size_t k = 0; k < name.size(); ++k) {
    const bool digit = std::isdigit(static_cast<unsigned char>(name[k])) != 0;
    if (pattern[k] == '#' ? !digit : name[k] != pattern[k]) return false;
  }
  return true;
}

// Appends the entries under `dir` that `layout` does not account for, named
// from the directory being replaced ("notes.md", "figures/"), in name order.
// Symbolic links are never followed: a link is foreign even to a file name
// the layout knows.
void collect_foreign(const fs::path& dir, const OutputLayout& layout, const std::string& prefix,
                     std::vector<std::string>& foreign) {
  std::error_code ec;
  std::vector<fs::path> entries;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) entries.push_back(it->path());
  if (ec) {
    foreign.push_back(prefix.empty() ? "(unreadable)" : prefix + " (unreadable)");
    return;
  }
  std::sort(entries.begin(), entries.end());
  for (const fs::path& entry : entries) {
    const std::string name = entry.filename().string();
    const fs::file_status status = fs::symlink_status(entry, ec);
    if (fs::is_regular_file(status) &&
        std::any_of(layout.files.begin(), layout.files.end(),
                    [&](const std::string& pattern) { return name_matches(pattern, name); })) {
      continue;
    }
    if (fs::is_directory(status) && layout.directories) {
      collect_foreign(entry, *layout.directories, prefix + name + "/", foreign);
      continue;
    }
    foreign.push_back(prefix + name + (fs::is_directory(status) ? "/" : ""));
  }
}

// The hidden staging directories ".NAME.partial-PID" that killed commands
// (SIGKILL, power loss) left for this target, whose process is gone on this
// machine: what a new output to the same target would otherwise leave piling
// up beside it. Left alone: one of a live process (another command writing
// there), one holding a manifest (a finished output the command may have
// named in its last message) and one holding anything `layout` does not
// account for.
void remove_dead_partials(const fs::path& target, const OutputLayout& layout) {
  constexpr std::string_view kTag = ".partial-";
  constexpr std::size_t kPidDigits = 9;  // pid_max is at most 2^22
  fs::path parent = target.parent_path();
  if (parent.empty()) parent = ".";
  std::error_code ec;
  std::vector<fs::path> dead;
  for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const std::size_t tag = name.rfind(kTag);
    if (tag == std::string::npos) continue;
    const std::string digits = name.substr(tag + kTag.size());
    if (digits.empty() || digits.size() > kPidDigits ||
        !std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c) != 0; }))
      continue;
    if (name != sibling_name(target, ".", ".partial-", digits)) continue;
    const auto pid = static_cast<pid_t>(std::stol(digits));
    if (pid == ::getpid() || ::kill(pid, 0) == 0 || errno != ESRCH) continue;
    if (fs::exists(it->path() / "manifest.textproto", ec)) continue;
    std::vector<std::string> foreign;
    collect_foreign(it->path(), layout, "", foreign);
    if (foreign.empty()) dead.push_back(it->path());
  }
  for (const fs::path& path : dead) fs::remove_all(path, ec);
}

// "a, b, c and 2 more": the first few of `names`.
std::string listing(const std::vector<std::string>& names) {
  constexpr std::size_t kShown = 3;
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < kShown; ++i) out += (i ? ", " : "") + names[i];
  if (names.size() > kShown) out += " and " + std::to_string(names.size() - kShown) + " more";
  return out;
}

// Whether `path` is `dir` or lies under it, links resolved.
bool lies_inside(const fs::path& path, const fs::path& dir) {
  std::error_code ec;
  const fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
  if (ec) return false;
  const fs::path d = fs::weakly_canonical(fs::absolute(dir, ec), ec);
  if (ec) return false;
  auto dir_part = d.begin();
  for (auto path_part = p.begin(); dir_part != d.end() && path_part != p.end(); ++dir_part, ++path_part) {
    if (*dir_part != *path_part) return false;
  }
  return dir_part == d.end();
}

// The directory `target` names, as a name with a last part of its own:
// "dir/" and "dir/." are dir; "." is the working directory and "dir/.." the
// one it stands for. Otherwise the name is kept as the user gave it.
fs::path named_directory(fs::path target) {
  while (!target.has_filename() || target.filename() == ".") {
    const fs::path parent = target.parent_path();
    if (parent == target) return target;  // "/": refused below as not empty
    if (parent.empty()) return fs::current_path();
    target = parent;
  }
  if (target.filename() == "..") {
    std::error_code ec;
    fs::path resolved = fs::weakly_canonical(fs::absolute(target, ec), ec);
    if (!ec) return resolved;
  }
  return target;
}

// Every file and directory under `dir`, and `dir`, flushed to disk, so that
// a power loss after the rename that publishes them cannot leave a run whose
// files are empty. Returns 0, or the first errno with the path in `failed`.
int sync_tree(const fs::path& dir, fs::path& failed) {
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (const int error = sync_to_disk(it->path(), it->is_directory(ec))) {
      failed = it->path();
      return error;
    }
  }
  failed = dir;
  if (ec) return ec.value();
  return sync_to_disk(dir, true);
}

// A directory the output cannot take the place of: the working directory
// (the shell would be left in a deleted one) and a mount point (the output
// is written beside it, on the file system above, and cannot be renamed
// across). Throws InputError naming `out`.
void refuse_unreplaceable(const fs::path& dir, const std::string& out) {
  std::error_code ec;
  if (fs::equivalent(dir, fs::current_path(ec), ec)) {
    throw InputError(out, "is the working directory, which the output would replace: choose a directory inside "
                          "it (e.g. --out ./run) or elsewhere");
  }
  struct stat self {}, parent {};
  const fs::path above = fs::absolute(dir, ec).parent_path();
  if (::stat(dir.c_str(), &self) == 0 && ::stat(above.c_str(), &parent) == 0 && self.st_dev != parent.st_dev) {
    throw InputError(out, "is a mount point: the output is written beside it and renamed into place, which cannot "
                          "cross file systems; choose a directory inside it");
  }
}

}  // namespace

OutputDir::OutputDir(const fs::path& target, bool overwrite, const OutputLayout& layout, std::string option,
                     const std::vector<OutputInput>& inputs)
    : target_(target), option_(std::move(option)), layout_(layout), overwrite_(overwrite) {
  if (target_.empty()) throw InputError(option_, "an output directory is required");
  target_ = named_directory(target_);
  std::error_code ec;
  const std::string out = option_ + " " + target_.string();
  if (fs::is_symlink(fs::symlink_status(target_, ec))) {
    throw InputError(out, "is a symbolic link: the output is renamed into place, which would replace the link, not "
                          "fill the directory it points to; give that directory");
  }
  if (fs::exists(target_, ec) && fs::is_directory(target_, ec)) refuse_unreplaceable(target_, out);
  if (fs::exists(target_, ec)) {
    if (!fs::is_directory(target_, ec))
      throw InputError(option_ + " " + target_.string(), "exists and is not a directory");
    was_empty_ = fs::is_empty(target_, ec);
    if (!was_empty_) {
      if (!overwrite) {
        throw InputError(option_ + " " + target_.string(),
                         layout_.overwritable ? "directory exists and is not empty: choose a new directory, or pass "
                                                "--overwrite to replace a previous stackrace run there"
                                              : "directory exists and is not empty: choose a new directory");
      }
      for (const OutputInput& input : inputs) {
        if (!lies_inside(input.path, target_)) continue;
        throw InputError(option_ + " " + target_.string(),
                         "--overwrite refused: " + input.option + " " + input.path.string() +
                             " lies inside the directory, and replacing the directory would delete it: move it "
                             "elsewhere, or choose another " +
                             option_);
      }
      const std::string why = refusal(target_);
      if (!why.empty()) throw InputError(option_ + " " + target_.string(), "--overwrite refused: " + why);
    }
  }
  fs::path parent = target_.parent_path();
  if (parent.empty()) parent = ".";
  if (!fs::is_directory(parent, ec)) {
    throw InputError(option_ + " " + target_.string(),
                     fs::exists(parent, ec) ? parent.string() + " is not a directory"
                                            : "parent directory " + parent.string() + " does not exist");
  }
  staging_ = sibling(target_, ".", ".partial-");
  remove_dead_partials(target_, layout_);
  fs::remove_all(staging_, ec);
  if (!fs::create_directory(staging_, ec))
    throw InputError(option_ + " " + target_.string(), "cannot create " + staging_.string() + ": " + ec.message());
  const fs::file_status found = fs::symlink_status(target_, ec);
  if (fs::is_directory(found)) found_permissions_ = found.permissions();
}

OutputDir::~OutputDir() {
  if (committed_) return;
  std::error_code ec;
  fs::remove_all(staging_, ec);
}

void OutputDir::commit() {
  // The files on disk before the rename publishes them; a finished run that
  // cannot be flushed is kept beside DIR, never deleted.
  fs::path unsynced;
  if (const int sync_error = sync_tree(staging_, unsynced); sync_error != 0 && !unsupported(sync_error)) {
    keep_finished_run(option_ + " " + target_.string() + ": cannot flush " +
                      unsynced.lexically_relative(staging_).string() + " to disk (" + std::strerror(sync_error) +
                      "), so the run may be incomplete");
  }
  // The directory that takes the place of one found there keeps its
  // permissions (a chmod 700 --out stays private); set now, when the files
  // are written, as they may not allow writing.
  if (found_permissions_) {
    std::error_code ec;
    fs::permissions(staging_, *found_permissions_, ec);
  }
  // The empty directory found at the start stands for "write here". rmdir
  // removes it only while it is still empty, so nothing anyone put there
  // since is lost: then the rename below finds it and refuses.
  if (was_empty_ && ::rmdir(target_.c_str()) != 0) {
    // Not empty any more (or gone): the rename below sees to it.
    const int rmdir_error = errno;
    if (rmdir_error != ENOTEMPTY && rmdir_error != EEXIST && rmdir_error != ENOENT) {
      keep_finished_run(option_ + " " + target_.string() + ": cannot replace the empty directory there (" +
                        std::strerror(rmdir_error) + ")");
    }
  }
  int error = rename_noreplace(staging_, target_);
  if (error == EEXIST && overwrite_) error = replace_previous_run();
  if (error == 0) {
    committed_ = true;
    sync_directory(target_.parent_path());
    return;
  }
  const std::string out = option_ + " " + target_.string() + ": ";
  if (error == EEXIST && !overwrite_) {
    keep_finished_run(out + (layout_.overwritable
                                 ? "appeared while the run was going and is not replaced (pass "
                                   "--overwrite to replace a previous run)"
                                 : "appeared while " + layout_.writer + " was going and is not replaced"));
  }
  if (error == EEXIST) {
    const std::string why = refusal(target_);
    keep_finished_run(out + "--overwrite refused at the end of the run: " +
                      (why.empty() ? "the directory there changed while it was being replaced" : why));
  }
  keep_finished_run(out + "cannot rename " + staging_.string() + " to it: " + std::strerror(error));
}

void OutputDir::fail_write(const std::string& name, int error) const {
  throw std::runtime_error("cannot write " + name + " of the run for " + target_.string() +
                           (error ? std::string(": ") + std::strerror(error) : std::string()));
}

std::string OutputDir::refusal(const fs::path& dir) const {
  std::error_code ec;
  if (fs::is_symlink(fs::symlink_status(dir, ec))) {
    return "it is a symbolic link, and --overwrite replaces only a directory itself, never through a link: give "
           "the directory it points to";
  }
  if (!fs::is_directory(fs::symlink_status(dir, ec)))
    return "it is not a directory, so it is not a stackrace run and is left alone";
  if (!fs::is_regular_file(fs::symlink_status(dir / "manifest.textproto", ec)))
    return "the directory has no manifest.textproto, so it is not a stackrace run and its files are left alone";
  std::vector<std::string> foreign;
  collect_foreign(dir, layout_, "", foreign);
  if (foreign.empty()) return "";
  const bool one = foreign.size() == 1;
  return "the directory holds " + listing(foreign) + ", which " + layout_.writer +
         " does not write, and replacing the directory would delete " + (one ? "it" : "them") + ": move " +
         (one ? "it" : "them") + " elsewhere, or choose another " + option_;
}

// Called with target_ present. Returns 0 once the run is in place and the
// previous one deleted, EEXIST when target_ is not a previous run, or errno.
int OutputDir::replace_previous_run() {
  if (!refusal(target_).empty()) return EEXIST;
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
  if (!refusal(staging_).empty()) {
    if (rename_with(staging_, target_, RENAME_EXCHANGE) != 0) {
      committed_ = true;  // staging_ holds someone's directory now: never delete it
      // Under a name that no later clean-up of dead staging directories takes.
      const fs::path found = sibling(target_, ".", ".found-");
      const fs::path at = rename_noreplace(staging_, found) == 0 ? found : staging_;
      throw std::runtime_error(option_ + " " + target_.string() +
                               ": was replaced by a directory that is not a run while this run finished; the run is "
                               "at " +
                               target_.string() + " and the directory found there is at " + at.string());
    }
    return EEXIST;
  }
  committed_ = true;
  // The swap on disk before the previous run goes: a power loss now leaves one of the two.
  sync_directory(target_.parent_path());
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
