#pragma once
// The run's metrics log, `<run dir>/metrics.h5` (minimo §5.5, recommended layout):
//
//   /steps       one row per gradient step   (StepMetrics, io/records.h)
//   /iterations  one row per iteration       (IterationMetrics; thresholds is rows x 3)
//   /eval        one row per evaluation of a held-out list (EvalMetrics)
//   /online      online mode: one row per online.log_steps learner steps (OnlineMetrics)
//
// Every row carries its own indices (global_step and iteration; iteration), so a
// reader never infers them from positions -- unlike the reference logger, whose
// reader guessed iteration rows with an off-by-one modulus.
//
// Appending and restarts. MetricsLog buffers rows and Flush() appends them to a
// copy of the file (`<path>.tmp.<pid>`), closes and syncs it, and renames it over
// the file: the file on disk is always a complete, readable one (by h5py, h5dump
// or `lemmaforge inspect`) while the run goes on, and a crash or a full disk during
// Flush() leaves the previous version (Flush() then throws WriteError and keeps
// the rows). A run restarted with the same run directory appends. If it resumed
// from an earlier checkpoint, rows for replayed steps appear a second time; readers
// take the last row for an index (LatestByIndex below).
//
// Root attributes: kind = "lemmaforge-metrics", schema_version, created_by, and
// config -- the configuration of the most recent run that appended.
//
// Not thread-safe; the learner root owns the log.

#include <string>
#include <vector>

#include "io/h5_table.h"
#include "io/records.h"

namespace lf::io {

class MetricsLog {
 public:
  // Creates `path` on the first Flush() if it does not exist; otherwise appends.
  // An existing file of another kind or schema is an InputError (at Flush()).
  MetricsLog(std::string path, std::string config);
  // Flushes what is buffered (errors are printed, not thrown).
  ~MetricsLog();
  MetricsLog(const MetricsLog&) = delete;
  MetricsLog& operator=(const MetricsLog&) = delete;

  void Append(const StepMetrics& row) { steps_.push_back(row); }
  void Append(const IterationMetrics& row) { iterations_.push_back(row); }
  void Append(const EvalMetrics& row) { eval_.push_back(row); }
  void Append(const OnlineMetrics& row) { online_.push_back(row); }

  // Writes the buffered rows to disk (see the file comment).
  void Flush();

 private:
  std::string path_;
  std::string config_;
  std::vector<StepMetrics> steps_;
  std::vector<IterationMetrics> iterations_;
  std::vector<EvalMetrics> eval_;
  std::vector<OnlineMetrics> online_;
};

// Reads a metrics file; validation and errors as for io::ShardReader.
class MetricsReader {
 public:
  explicit MetricsReader(const std::string& path);

  const std::string& config() const { return config_; }
  int schema_version() const { return schema_version_; }
  // Rows of a table (kMetricsTables: "steps", "iterations", "eval", "online").
  uint64_t rows(const std::string& table) const;
  // All rows in file order (restarts may repeat indices).
  std::vector<StepMetrics> ReadSteps() const;
  std::vector<IterationMetrics> ReadIterations() const;
  std::vector<EvalMetrics> ReadEval() const;
  std::vector<OnlineMetrics> ReadOnline() const;

 private:
  Where where_;
  int schema_version_ = 0;  // before file_: set while file_ is initialised
  H5Id file_;
  std::string config_;
};

// Keeps, for each index, the last row with that index; sorted by index.
std::vector<StepMetrics> LatestByIndex(std::vector<StepMetrics> rows);
std::vector<IterationMetrics> LatestByIndex(std::vector<IterationMetrics> rows);
// /eval rows keyed by (iteration, split, evaluator, algorithm, budget).
std::vector<EvalMetrics> LatestByIndex(std::vector<EvalMetrics> rows);
std::vector<OnlineMetrics> LatestByIndex(std::vector<OnlineMetrics> rows);

}  // namespace lf::io
