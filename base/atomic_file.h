#pragma once
// A file that appears whole or not at all. It is written to a hidden
// temporary name in the same directory (".NAME.tmp-PID-N.EXT"), flushed to
// disk, and renamed over NAME, which replaces an existing file atomically.
// On any failure (a full disk, a writer that throws, a SIGINT or SIGTERM
// received before the rename) the temporary file is removed and the old
// NAME, if any, is left as it was. A process killed with SIGKILL can leave
// only the hidden temporary file, never a truncated NAME.

#include <filesystem>
#include <functional>
#include <string_view>

namespace stackrace {

// Writes `content` to `path`. Throws std::runtime_error naming the file and
// the system's reason, or Interrupted (base/interrupt.h).
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

// For writers that insist on a file name of their own (an image library that
// picks the format by the extension): `write` creates the file it is given,
// which keeps `path`'s extension, and throws on failure.
void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(const std::filesystem::path& temp)>& write);

// A file a command found absent and has no --overwrite to replace: from now
// on write_file_atomically puts it in place only where nothing is there, so
// that a file someone put there while the command ran is kept. The output
// then goes beside it as NAME.run-PID.EXT, and the write throws
// std::runtime_error saying so.
void never_replace(const std::filesystem::path& path);

// Renames `from` to `to` unless something is at `to`: 0, or the errno
// (EEXIST when something is). Where the file system lacks RENAME_NOREPLACE,
// a file is hard-linked, which never replaces either; a directory, which
// cannot be, is renamed after a check: rename(2) never replaces a directory
// that holds anything, so that window can cost at most an empty directory.
int rename_noreplace(const std::filesystem::path& from, const std::filesystem::path& to);

// Renames the finished file `temp` (on `path`'s file system) to `path`, as
// write_file_atomically does its own: where never_replace(path) holds and a
// file appeared there, `temp` goes beside it instead and this throws.
void move_into_place(const std::filesystem::path& temp, const std::filesystem::path& path);

// Flushes `path` (a file, or with `directory` a directory's entries) to
// disk: 0, or the errno of the open or fsync that failed.
int sync_to_disk(const std::filesystem::path& path, bool directory);

// Flushes the directory `dir` itself (its entries: renames into it) to disk.
// Best effort: some file systems refuse to sync a directory.
void sync_directory(const std::filesystem::path& dir);

}  // namespace stackrace
