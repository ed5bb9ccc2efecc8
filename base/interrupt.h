#pragma once
// Stopping cleanly on SIGINT (Ctrl-C), SIGTERM (kill, a batch scheduler) and
// SIGHUP (a closed terminal or ssh session; left ignored under nohup).
//
// A signal handler may do almost nothing safely, so it only records the
// signal. The long loops (a run's months, a study's runs, render's frames)
// poll it with throw_if_interrupted(), and the Interrupted exception unwinds
// the stack like any other error: destructors remove staging directories and
// temporary files, and the command line then ends the process by the same
// signal (exit status 128 + signal: 130, 143, 129), as shells expect.

#include <stdexcept>

namespace stackrace {

class Interrupted : public std::runtime_error {
 public:
  explicit Interrupted(int signal);
  int signal() const { return signal_; }

 private:
  int signal_;
};

// A second stopping signal this soon after the first is taken for the same
// request delivered twice, not for a second one (seconds).
inline constexpr double kRepeatedSignalWindowSeconds = 0.5;

// Installs the recording handler for SIGINT, SIGTERM and SIGHUP (unless
// SIGHUP is ignored, as nohup leaves it). A second signal of any of them, at
// least kRepeatedSignalWindowSeconds after the first, gets the default action
// (the process dies at once), so that a stop that hangs can still be forced.
void install_interrupt_handlers();

// The signal received since install_interrupt_handlers(), or 0.
int interrupt_signal();

// Throws Interrupted if a signal was received.
void throw_if_interrupted();

// Ends the process by `signal` with its default action (after the caller has
// cleaned up), so that a shell sees the process as stopped by that signal
// and stops a script too. Returns 128 + signal if the process survives that
// (the signal is blocked), for the caller to return from main.
int exit_by_signal(int signal);

}  // namespace stackrace
