#pragma once
// One writer per study directory at a time. A study (new or resumed) and a
// repair hold an exclusive flock(2) on the directory while they write; a
// second one is refused rather than running the same runs twice, or a
// repair replacing the database under a running study. The lock goes with
// the process, however it ends (SIGKILL included): nothing stale is left.
// Where the file system cannot lock (some network file systems), writers
// are not kept apart: the lock is a guard, not a requirement.

#include <filesystem>
#include <string>

namespace stackrace {

class StudyLock {
 public:
  StudyLock() = default;
  ~StudyLock();
  StudyLock(const StudyLock&) = delete;
  StudyLock& operator=(const StudyLock&) = delete;

  // Locks `dir` (which exists) for this process. Throws InputError naming
  // `dir` when another process holds it; `doing` says what this one was
  // about to do ("--resume", "study repair").
  void acquire(const std::filesystem::path& dir, const std::string& doing);

 private:
  int fd_ = -1;
};

}  // namespace stackrace
