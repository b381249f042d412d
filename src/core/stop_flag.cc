#include "core/stop_flag.h"

#include <atomic>
#include <csignal>

namespace lf {
namespace {

// Written from a signal handler, so it must be lock-free (a mutex-backed atomic
// could deadlock if the signal interrupts the thread holding the lock).
std::atomic<int> g_stop_signal{0};
static_assert(std::atomic<int>::is_always_lock_free);

extern "C" void HandleStopSignal(int signum) {
  int expected = 0;
  if (!g_stop_signal.compare_exchange_strong(expected, signum) && signum == SIGINT) {
    // Second Ctrl-C: give up on a clean shutdown.
    std::signal(SIGINT, SIG_DFL);
    std::raise(SIGINT);
  }
}

}  // namespace

void InstallStopHandlers() {
  struct sigaction action {};
  action.sa_handler = HandleStopSignal;
  sigemptyset(&action.sa_mask);
  // SA_RESTART: a blocking read or write interrupted by the signal resumes instead
  // of failing with EINTR in some library that does not expect it.
  action.sa_flags = SA_RESTART;
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGUSR1, &action, nullptr);
}

bool StopRequested() { return g_stop_signal.load(std::memory_order_relaxed) != 0; }

int StopSignal() { return g_stop_signal.load(std::memory_order_relaxed); }

void RequestStop() {
  int expected = 0;
  g_stop_signal.compare_exchange_strong(expected, -1);
}

void ClearStopRequest() { g_stop_signal.store(0); }

}  // namespace lf
