#include "base/atomic_file.h"

#include <fcntl.h>
#include <stdio.h>  // renameat2, RENAME_NOREPLACE (glibc 2.28+, _GNU_SOURCE)
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>

#include "base/interrupt.h"

namespace stackrace {

namespace fs = std::filesystem;

namespace {

// Unique per process and call, so that threads writing files of the same
// name (in different runs) never share a temporary file.
std::atomic<unsigned> temp_counter{0};

fs::path temp_name(const fs::path& path) {
  // Built with += (GCC 12 warns falsely, -Wrestrict, on "." + string + ...).
  std::string name = ".";
  name += path.filename().string();
  name += ".tmp-";
  name += std::to_string(::getpid());
  name += '-';
  name += std::to_string(temp_counter++);
  name += path.extension().string();
  return path.parent_path() / name;
}

[[noreturn]] void fail(const fs::path& path, int error) {
  throw std::runtime_error("cannot write " + path.string() + ": " + std::strerror(error));
}

// The files never_replace names, spelt absolute and normal.
std::mutex kept_mutex;
std::set<std::string>& kept_files() {
  static std::set<std::string> files;
  return files;
}

std::string key_of(const fs::path& path) { return fs::absolute(path).lexically_normal().string(); }

bool may_replace(const fs::path& path) {
  const std::lock_guard lock(kept_mutex);
  return kept_files().count(key_of(path)) == 0;
}

}  // namespace

int rename_noreplace(const fs::path& from, const fs::path& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return 0;
  // A file system that does not know the flag (NFS, some FUSE) says so.
  if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP) return errno;
  std::error_code ec;
  if (!fs::is_directory(fs::symlink_status(from, ec))) {
    if (::link(from.c_str(), to.c_str()) != 0) return errno;
    ::unlink(from.c_str());
    return 0;
  }
  if (fs::exists(fs::symlink_status(to, ec))) return EEXIST;
  return std::rename(from.c_str(), to.c_str()) == 0 ? 0 : errno;
}

// Puts the finished `temp` at `path`, or, where never_replace holds and a
// file appeared there meanwhile, beside it as NAME.run-PID.EXT.
void move_into_place(const fs::path& temp, const fs::path& path) {
  if (may_replace(path)) {
    if (std::rename(temp.c_str(), path.c_str()) != 0) fail(path, errno);
    return;
  }
  const int error = rename_noreplace(temp, path);
  if (error == 0) return;
  if (error != EEXIST) fail(path, error);
  fs::path kept = path;
  kept.replace_filename(path.stem().string() + ".run-" + std::to_string(::getpid()) + path.extension().string());
  if (rename_noreplace(temp, kept) != 0) fail(path, EEXIST);
  throw std::runtime_error("cannot write " + path.string() +
                           ": a file appeared there while this command ran, and it is not replaced without "
                           "--overwrite; the output is kept in " +
                           kept.string());
}

namespace {

void write_all(int fd, std::string_view content, const fs::path& path) {
  while (!content.empty()) {
    const ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail(path, errno);
    content.remove_prefix(static_cast<std::size_t>(n));
  }
}

// Data on disk before the rename: otherwise a power loss soon after could
// leave NAME renamed but empty (delayed allocation on ext4 and others).
void sync_file(const fs::path& file, const fs::path& reported) {
  if (const int error = sync_to_disk(file, false)) fail(reported, error);
}

}  // namespace

int sync_to_disk(const fs::path& path, bool directory) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | (directory ? O_DIRECTORY : 0));
  if (fd < 0) return errno;
  const int error = ::fsync(fd) == 0 ? 0 : errno;
  ::close(fd);
  return error;
}

// The rename itself on disk. Best effort: some file systems refuse to sync
// a directory, and the file is complete either way.
void sync_directory(const fs::path& dir) { sync_to_disk(dir.empty() ? "." : dir, true); }

void write_file_atomically(const fs::path& path, const std::function<void(const fs::path& temp)>& write) {
  if (!path.has_filename()) throw std::runtime_error("cannot write " + path.string() + ": not a file name");
  const fs::path temp = temp_name(path);
  try {
    write(temp);
    sync_file(temp, path);
    // The last moment to stop: after the rename the file is there for good.
    throw_if_interrupted();
    move_into_place(temp, path);
  } catch (...) {
    std::error_code ignored;
    fs::remove(temp, ignored);
    throw;
  }
  sync_directory(path.parent_path());
}

void never_replace(const fs::path& path) {
  const std::lock_guard lock(kept_mutex);
  kept_files().insert(key_of(path));
}

void write_file_atomically(const fs::path& path, std::string_view content) {
  write_file_atomically(path, [&](const fs::path& temp) {
    // O_EXCL: never write through a file (or link) someone else put there.
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) fail(path, errno);
    try {
      write_all(fd, content, path);
    } catch (...) {
      ::close(fd);
      throw;
    }
    if (::close(fd) != 0) fail(path, errno);
  });
}

}  // namespace stackrace
