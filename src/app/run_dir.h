#pragma once
// The run directory of `lemmaforge run` and the state that makes it resumable.
//
//   RUN_DIR/config.cfg                 the resolved configuration (config_file.h);
//                                      `--resume RUN_DIR` reads it back
//   RUN_DIR/state.json                 progress, rewritten atomically after each
//                                      completed iteration (RunState below)
//   RUN_DIR/checkpoints/it000003.ckpt  model + optimizer after iteration 3, loadable
//                                      by `prove/eval/conjecture --model`
//   RUN_DIR/shards/*.h5                HDF5 shards (io/records.h, io/shard_files.h)
//   RUN_DIR/traces/it000003_r1.h5      end-to-end loop: rank 1's proof traces of the
//                                      train problems in round 3 (io/trace_file.h)
//   RUN_DIR/metrics.h5                 per-step and per-iteration metrics (io/metrics_log.h)
//   RUN_DIR/goal-proofs/NAME.p         the first checked proof of each final goal, as a
//                                      script `lemmaforge check` accepts
//   RUN_DIR/log.txt                    the run's progress lines and summaries
//   RUN_DIR/lock                       flock(2)ed by the run's root for the whole
//                                      run; holds its host and pid
//
// An iteration counts as completed only once state.json says so, and that is
// written last (after its shards, checkpoint and metrics). A run killed at any
// point therefore resumes from the last completed iteration: the shards of the
// interrupted one are deleted and it runs again; nothing completed is redone.
// Every file is published by tmp + rename, so a failed write (disk full) leaves
// the previous version; state.json lists the size and FNV-1a checksum of every
// shard of the completed iterations, and --resume verifies them (and the
// checkpoint's own checksum, and metrics.h5) before any work.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "io/records.h"

namespace lf::app {

// A file as state.json records it (name relative to its directory).
struct PublishedFile {
  std::string name;
  uint64_t bytes = 0;
  uint64_t fnv1a64 = 0;

  bool operator==(const PublishedFile&) const = default;
};

struct RunState {
  int completed_iterations = 0;
  std::vector<std::string> proven;          // conjectures proven so far, in proof order
  std::vector<std::string> hindsight_seen;  // relabelled statements already trained on
  std::vector<std::string> goals_proven;    // final goals proven so far, by name
  bool stopped_goals_proven = false;        // run.stop_when_goals_proven ended the run
  std::vector<PublishedFile> shards;        // every shard of the completed iterations
};

// The exclusive lock on a run directory (RUN_DIR/lock), held while this object
// lives. flock(2) is released by the kernel when the process dies, so a killed
// run never leaves a stale lock. Throws InputError ("RUN_DIR: error: is in use
// by another lemmaforge run (host H, pid P)") if another process holds it.
class RunDirLock {
 public:
  explicit RunDirLock(const std::string& dir);
  ~RunDirLock();
  RunDirLock(const RunDirLock&) = delete;
  RunDirLock& operator=(const RunDirLock&) = delete;

 private:
  int fd_ = -1;
};

// runs/<YYYYmmdd-HHMMSS>[-N] under the working directory, not yet existing.
std::string FreshRunDirectory();

// Creates RUN_DIR with its subdirectories, locks it and writes config.cfg
// (fails if a state.json exists: that run should be resumed, not overwritten).
std::unique_ptr<RunDirLock> CreateRunDirectory(const std::string& dir,
                                               const std::string& config_text);

// state.json: an absent file is a run with nothing completed.
RunState LoadRunState(const std::string& dir);
void SaveRunState(const std::string& dir, const RunState& state);

// "checkpoints/it000003.ckpt": the checkpoint of `iteration`, relative to RUN_DIR.
std::string CheckpointName(int iteration);
std::string CheckpointPath(const std::string& dir, int iteration);
// RUN_DIR/goal-proofs/NAME.p, written atomically.
void SaveGoalProof(const std::string& dir, const std::string& name, const std::string& script);
std::string ShardDirectory(const std::string& dir);
// RUN_DIR/traces/itIIIIII_rR.h5: the traces rank `rank` wrote in `iteration`.
std::string TracePath(const std::string& dir, int iteration, int rank);

// The training examples of RUN_DIR's shards, in file order: of one iteration
// (online mode: segment) and one writer rank when given, else of all.
std::vector<io::TrainingExample> StoredTrainingExamples(const std::string& dir,
                                                        std::optional<int> iteration = {},
                                                        std::optional<int> rank = {});

// Size and checksum of every shard of `iteration` in RUN_DIR/shards.
std::vector<PublishedFile> DescribeShards(const std::string& dir, int iteration);
// Throws InputError naming the first shard listed in `state` that is missing,
// or whose size or checksum differs (truncated or overwritten).
void VerifyShards(const std::string& dir, const RunState& state);

// Deletes what an interrupted iteration left: shards and traces of iterations
// >= `completed` and unpublished temporary files. Returns how many files went.
int DiscardIncompleteIterations(const std::string& dir, int completed);

}  // namespace lf::app
