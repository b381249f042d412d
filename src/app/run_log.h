#pragma once
// What the learner root of `lemmaforge run` tells its user: lines on stdout,
// the same lines appended to RUN_DIR/log.txt, and per-phase progress lines
//
//   [it 2/5] prove: 120/200 done, 3.1/s, ETA 26s
//
// printed at most every `interval` seconds plus once when the phase ends.
// Not thread-safe; the root's MPI thread owns it.

#include <cstdio>
#include <string>

#include "core/timer.h"

namespace lf::app {

// `v` with `digits` decimals, for log lines ("0.250").
std::string Fixed(double v, int digits = 3);
// Seconds since the Unix epoch (the wall_time of metrics rows).
double UnixTime();

class RunLog {
 public:
  // Appends to `path` ("" = stdout only); stdout lines start with `stdout_prefix`
  // (a sweep's partitions share one stdout).
  explicit RunLog(const std::string& path, std::string stdout_prefix = "");
  ~RunLog();
  RunLog(const RunLog&) = delete;
  RunLog& operator=(const RunLog&) = delete;

  void Line(const std::string& text);

 private:
  std::FILE* file_ = nullptr;
  std::string stdout_prefix_;
};

class PhaseProgress {
 public:
  PhaseProgress(RunLog* log, std::string prefix, std::string phase, int64_t total,
                double interval_s);
  // Reports `done` of `total`; prints when the interval has passed.
  void Update(int64_t done);
  // The total may grow (conjecture rounds add prove tasks).
  void SetTotal(int64_t total) { total_ = total; }
  // Prints the final line ("... done in 12.3s").
  void Finish(int64_t done);
  double seconds() const { return timer_.Seconds(); }

 private:
  void Print(int64_t done, bool final);

  RunLog* log_;
  std::string prefix_;
  std::string phase_;
  int64_t total_;
  double interval_s_;
  Timer timer_;
  double last_print_ = 0.0;
};

}  // namespace lf::app
