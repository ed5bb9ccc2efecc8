#include "base/interrupt.h"

#include <signal.h>
#include <time.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <string>

namespace stackrace {

namespace {

// Lock-free, so that the handler may store into it (a plain sig_atomic_t
// would be safe in the handler but not when read by the worker threads
// that poll it).
std::atomic<int> received{0};
static_assert(std::atomic<int>::is_always_lock_free);
// When the first signal came (CLOCK_MONOTONIC, nanoseconds).
std::atomic<long long> first_ns{0};
static_assert(std::atomic<long long>::is_always_lock_free);

constexpr long long kNanosPerSecond = 1'000'000'000;
constexpr auto kRepeatWindowNs = static_cast<long long>(kRepeatedSignalWindowSeconds * kNanosPerSecond);

void set_action(int signal, void (*handler)(int)) {
  struct sigaction action {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  // SA_RESTART: reads and writes in progress are not cut short by EINTR; the
  // loops poll the flag instead.
  action.sa_flags = SA_RESTART;
  ::sigaction(signal, &action, nullptr);
}

// Only async-signal-safe calls here (clock_gettime, atomic loads and stores,
// sigaction, raise). The first signal is recorded. One within
// kRepeatedSignalWindowSeconds of it is the same request delivered twice
// (`timeout` and `kill -INT -PGID` signal the process and then its group) and
// changes nothing; a later one kills at once: a stop that hangs can be forced.
// The second may reach another thread while the first's handler runs: the
// time is published before the signal (release), and read after it (acquire).
void record_signal(int signal) {
  const int saved_errno = errno;
  timespec now{};
  ::clock_gettime(CLOCK_MONOTONIC, &now);
  const long long ns = now.tv_sec * kNanosPerSecond + now.tv_nsec;
  if (received.load(std::memory_order_acquire) == 0) {
    first_ns.store(ns, std::memory_order_relaxed);
    received.store(signal, std::memory_order_release);
  } else if (ns - first_ns.load(std::memory_order_relaxed) >= kRepeatWindowNs) {
    set_action(signal, SIG_DFL);
    ::raise(signal);  // delivered, by its default action, when the handler returns
  }
  errno = saved_errno;
}

const char* signal_name(int signal) {
  switch (signal) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    case SIGHUP:
      return "SIGHUP";
    default:
      return "a signal";
  }
}

}  // namespace

Interrupted::Interrupted(int signal)
    : std::runtime_error(std::string("interrupted by ") + signal_name(signal)), signal_(signal) {}

void install_interrupt_handlers() {
  set_action(SIGINT, record_signal);
  set_action(SIGTERM, record_signal);
  // A closed terminal or a lost ssh session sends SIGHUP; under nohup it is
  // ignored, and stays so.
  struct sigaction hup {};
  if (::sigaction(SIGHUP, nullptr, &hup) == 0 && hup.sa_handler != SIG_IGN) set_action(SIGHUP, record_signal);
}

int interrupt_signal() { return received.load(std::memory_order_relaxed); }

void throw_if_interrupted() {
  if (const int signal = interrupt_signal()) throw Interrupted(signal);
}

int exit_by_signal(int signal) {
  std::fflush(nullptr);  // the signal's default action does not flush stdout (nor std::cout, synced with it)
  set_action(signal, SIG_DFL);
  ::raise(signal);
  return 128 + signal;
}

}  // namespace stackrace
