#include "base/interrupt.h"

#include <signal.h>

#include <atomic>
#include <cstdio>
#include <string>

namespace stackrace {

namespace {

// Lock-free, so that the handler may store into it (a plain sig_atomic_t
// would be safe in the handler but not when read by the worker threads
// that poll it).
std::atomic<int> received{0};
static_assert(std::atomic<int>::is_always_lock_free);

void set_action(int signal, void (*handler)(int)) {
  struct sigaction action {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  // SA_RESTART: reads and writes in progress are not cut short by EINTR; the
  // loops poll the flag instead.
  action.sa_flags = SA_RESTART;
  ::sigaction(signal, &action, nullptr);
}

// Only async-signal-safe calls here (an atomic store, sigaction). The next
// SIGINT or SIGTERM gets the default action: a stop that hangs can be forced.
void record_signal(int signal) {
  received.store(signal, std::memory_order_relaxed);
  set_action(SIGINT, SIG_DFL);
  set_action(SIGTERM, SIG_DFL);
}

const char* signal_name(int signal) {
  switch (signal) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
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
