#pragma once
// A competing busy process for the benchmarks' "loaded" figures: what a rank
// sees on a shared node, an oversubscribed mpirun, or next to another job.

#include <sys/types.h>

namespace lf::app {

// While it lives, a child process spins on one CPU this process may use (the
// last in its affinity mask). Not copyable. The child only spins, so forking a
// process that already runs threads is safe.
class BusyCore {
 public:
  BusyCore();
  ~BusyCore();
  BusyCore(const BusyCore&) = delete;
  BusyCore& operator=(const BusyCore&) = delete;

 private:
  pid_t child_ = -1;
};

}  // namespace lf::app
