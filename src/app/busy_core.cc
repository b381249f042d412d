#include "app/busy_core.h"

#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

namespace lf::app {

BusyCore::BusyCore() {
  cpu_set_t mask;
  CPU_ZERO(&mask);
  int cpu = -1;
  if (sched_getaffinity(0, sizeof mask, &mask) == 0) {
    for (int c = 0; c < CPU_SETSIZE; ++c)
      if (CPU_ISSET(c, &mask)) cpu = c;
  }
  child_ = fork();
  if (child_ == 0) {
    if (cpu >= 0) {
      cpu_set_t one;
      CPU_ZERO(&one);
      CPU_SET(cpu, &one);
      sched_setaffinity(0, sizeof one, &one);
    }
    volatile unsigned long spin = 0;
    for (;;) spin = spin + 1;
  }
  // Let the scheduler see the spinner before anything is measured.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
}

BusyCore::~BusyCore() {
  if (child_ <= 0) return;
  kill(child_, SIGKILL);
  waitpid(child_, nullptr, 0);
}

}  // namespace lf::app
