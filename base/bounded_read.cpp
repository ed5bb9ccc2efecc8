#include "base/bounded_read.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "base/errors.h"
#include "base/text_escape.h"

namespace stackrace {

namespace {

// The binary prefixes format_bytes steps through, each 1024 times the last.
constexpr std::array<const char*, 6> kUnits = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
constexpr double kStep = 1024.0;
// Bytes read per read(2) call: large enough to read a config in a few calls.
constexpr std::size_t kChunkBytes = std::size_t{1} << 16;

// What a file that is not a regular one is, for the error message.
const char* file_type_name(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISFIFO(mode)) return "a fifo";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a file";
}

[[noreturn]] void refuse_type(const std::string& path, mode_t mode, const FileKind& kind) {
  throw InputError(
      path, std::string("not a regular file (") + file_type_name(mode) + "), expected " + std::string(kind.what));
}

// "3.2 GiB is larger than the 64 MiB a scenario may be"
std::string too_large(const std::string& size, const FileKind& kind) {
  return size + " is larger than the " + format_bytes(kind.max_bytes) + " " + std::string(kind.what) + " may be";
}

// Closes the descriptor however the read ends.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd& operator=(Fd&&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// An open regular file and its size when opened.
struct OpenFile {
  Fd fd;
  std::uintmax_t size;
};

// Opens `path` for reading after checking, by its path, that it is a regular
// file: opening a fifo would block until a writer came.
OpenFile open_regular(const std::string& path, const FileKind& kind) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    const int error = errno;
    if (error == ENOENT || error == ENOTDIR) throw InputError(path, "no such file, expected " + std::string(kind.what));
    throw InputError(path, std::string("cannot open: ") + std::strerror(error));
  }
  if (!S_ISREG(st.st_mode)) refuse_type(path, st.st_mode, kind);
  if (static_cast<std::uintmax_t>(st.st_size) > kind.max_bytes)
    throw InputError(path, too_large(format_bytes(st.st_size), kind));
  // O_NONBLOCK: should the path have been swapped for a fifo since the
  // stat, the open does not wait for a writer; fstat below then refuses it.
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
  if (fd.get() < 0) throw InputError(path, std::string("cannot open: ") + std::strerror(errno));
  if (::fstat(fd.get(), &st) != 0) throw std::runtime_error(path + ": cannot stat: " + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) refuse_type(path, st.st_mode, kind);
  return {std::move(fd), static_cast<std::uintmax_t>(st.st_size)};
}

}  // namespace

std::string format_bytes(std::uintmax_t bytes) {
  if (bytes < static_cast<std::uintmax_t>(kStep)) return counted(static_cast<long long>(bytes), "byte");
  double value = static_cast<double>(bytes) / kStep;
  std::size_t unit = 0;
  while (value >= kStep && unit + 1 < kUnits.size()) {
    value /= kStep;
    ++unit;
  }
  std::array<char, 32> text{};
  const bool whole = value == static_cast<double>(static_cast<std::uintmax_t>(value));
  std::snprintf(text.data(), text.size(), whole ? "%.0f %s" : "%.1f %s", value, kUnits[unit]);
  return text.data();
}

std::string read_file_bounded(const std::string& path, const FileKind& kind) {
  const OpenFile file = open_regular(path, kind);
  std::string bytes;
  bytes.reserve(static_cast<std::size_t>(std::min(file.size, kind.max_bytes)));
  std::array<char, kChunkBytes> chunk{};
  while (true) {
    const ssize_t n = ::read(file.fd.get(), chunk.data(), chunk.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::runtime_error(path + ": read error: " + std::strerror(errno));
    if (n == 0) break;
    if (bytes.size() + static_cast<std::size_t>(n) > kind.max_bytes)
      throw InputError(path, too_large("what it grew to while being read", kind));
    bytes.append(chunk.data(), static_cast<std::size_t>(n));
  }
  return bytes;
}

bool path_exists(const std::string& path, const std::string& where) {
  std::error_code ec;
  const bool found = std::filesystem::exists(path, ec);
  if (ec && ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory)
    throw InputError(where, path + ": " + ec.message());
  return found;
}

std::string no_such_file(const std::string& folder, const std::string& named, const std::string& kind) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path from = fs::absolute(folder.empty() ? "." : folder, ec).lexically_normal();
  if (!from.has_filename() && from.has_parent_path()) from = from.parent_path();  // no trailing '/'
  const fs::path resolved = fs::path(named).is_absolute() ? fs::path(named) : (from / named).lexically_normal();
  std::string why = "no such file (" + resolved.string() + ")";
  if (fs::path(named).is_relative())
    why += "; a path in a " + kind + " is relative to the " + kind + "'s own folder, " + from.string();
  return why;
}

std::string canonical_or_normal(const std::string& path) {
  std::error_code ec;
  const std::filesystem::path canonical = std::filesystem::weakly_canonical(path, ec);
  if (!ec) return canonical.string();
  return std::filesystem::absolute(path, ec).lexically_normal().string();
}

}  // namespace stackrace
