#pragma once
// Sweeps: several runs of one configuration in one job, each in a partition of
// its own (mpi/roles.h, LAMMPS -partition), differing in swept option values.
//
//   lemmaforge run --config F.cfg [--partition PxR] --sweep KEY=V1,V2,... [--sweep ...]
//   lemmaforge run --resume RUN
//
// Several --sweep axes form their cartesian product, the first axis varying
// slowest; each point is one run. --partition PxR must give P = the number of
// runs; without it, the job's ranks are shared evenly. Partition p runs point p.
//
//   RUN/config.cfg      the base configuration (swept keys at their base values)
//   RUN/sweep.json      {"runs": [{"label": "alpha=0.1", "overrides": ["--learn.alpha=0.1"]}, ...]}
//   RUN/lock            held by world rank 0 for the whole job
//   RUN/<label>/        one run directory per point (run_dir.h), created
//                       before any partition starts, so `--resume RUN` resumes
//                       every point, started or not
//
// A label names each swept value by the last component of its key
// ("learn.alpha=0.1" -> "alpha=0.1"); several axes are joined by ','.

#include <memory>
#include <string>
#include <vector>

#include "app/run_dir.h"

namespace lf::app {

struct SweepAxis {
  std::string key;  // an option name, "section.key"
  std::vector<std::string> values;
};

// "KEY=V1,V2,...": InputError unless KEY is non-empty and not run.dir, and the
// values are non-empty, distinct and usable in a directory name (no '/', ',' or
// leading '.'). Whether KEY exists and the values are valid is checked when the
// runs' configurations are parsed.
SweepAxis ParseSweepAxis(const std::string& spec);

struct SweepRun {
  std::string label;                   // "alpha=0.1" (directory name under RUN)
  std::vector<std::string> overrides;  // "--learn.alpha=0.1", one per axis
};

// The cartesian product of `axes` (first axis slowest).
std::vector<SweepRun> ExpandSweep(const std::vector<SweepAxis>& axes);

// True when RUN/sweep.json exists.
bool IsSweepDirectory(const std::string& dir);

// Creates RUN, locks it (see RunDirLock), writes config.cfg and sweep.json.
// InputError if RUN holds a run or a sweep already (resume it instead).
std::unique_ptr<RunDirLock> CreateSweepDirectory(const std::string& dir,
                                                 const std::string& config_text,
                                                 const std::vector<SweepRun>& runs);

// RUN/sweep.json's runs; InputError (file:line:col) when it is malformed.
std::vector<SweepRun> ReadSweepRuns(const std::string& dir);

}  // namespace lf::app
