#include "study/study_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>

#include "base/errors.h"

namespace stackrace {

StudyLock::~StudyLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the lock
}

void StudyLock::acquire(const std::filesystem::path& dir, const std::string& doing) {
  if (fd_ >= 0) return;
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;  // the caller's own open of the database reports why
  int locked = 0;
  do {
    locked = ::flock(fd, LOCK_EX | LOCK_NB);
  } while (locked != 0 && errno == EINTR);
  if (locked != 0 && errno == EWOULDBLOCK) {
    ::close(fd);
    throw InputError(dir.string(), doing +
                                       " refused: another stackrace is writing the study there right now (a study "
                                       "or a repair); wait for it to end, or stop it, and try again");
  }
  fd_ = fd;  // locked, or a file system that cannot lock: go on
}

}  // namespace stackrace
