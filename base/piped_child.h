#pragma once
// A child program fed through its standard input: raw video frames piped to
// ffmpeg, with nothing staged on disk. The child's standard output and error
// are the parent's, so its own messages reach the user.
//
// SIGPIPE is ignored while a PipedChild exists (and restored after), so that
// a child that stops reading turns the next write() into an exception instead
// of killing this process; the child itself starts with SIGPIPE at its default.

#include <signal.h>
#include <sys/types.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace stackrace {

// The full path of `program` on PATH (as execvp would find it), if any.
std::optional<std::string> find_on_path(const std::string& program);

class PipedChild {
 public:
  // Starts argv[0] (looked up on PATH) with its standard input on a pipe.
  // Throws std::runtime_error when it cannot be started.
  explicit PipedChild(const std::vector<std::string>& argv);
  // An unfinished child is stopped (its input closed, then SIGTERM) and reaped.
  ~PipedChild();
  PipedChild(const PipedChild&) = delete;
  PipedChild& operator=(const PipedChild&) = delete;

  // Writes all of `data`; throws std::runtime_error when the child stopped
  // reading (it exited or failed).
  void write(const void* data, std::size_t bytes);
  // Closes the child's input and waits for it. Returns its exit status, or
  // 128 + signal when a signal ended it.
  int finish();

 private:
  void close_input();

  std::string program_;
  pid_t pid_ = -1;
  int input_fd_ = -1;
  struct sigaction previous_sigpipe_ {};
};

}  // namespace stackrace
