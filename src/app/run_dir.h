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
//   RUN_DIR/metrics.h5                 per-step and per-iteration metrics (io/metrics_log.h)
//   RUN_DIR/goal-proofs/NAME.p         the first checked proof of each final goal, as a
//                                      script `lemmaforge check` accepts
//   RUN_DIR/log.txt                    the run's progress lines and summaries
//
// An iteration counts as completed only once state.json says so, and that is
// written last (after its shards, checkpoint and metrics). A run killed at any
// point therefore resumes from the last completed iteration: the shards of the
// interrupted one are deleted and it runs again; nothing completed is redone.

#include <string>
#include <vector>

namespace lf::app {

struct RunState {
  int completed_iterations = 0;
  std::vector<std::string> proven;          // conjectures proven so far, in proof order
  std::vector<std::string> hindsight_seen;  // relabelled statements already trained on
  std::vector<std::string> goals_proven;    // final goals proven so far, by name
  bool stopped_goals_proven = false;        // run.stop_when_goals_proven ended the run
};

// runs/<YYYYmmdd-HHMMSS>[-N] under the working directory, not yet existing.
std::string FreshRunDirectory();

// Creates RUN_DIR with its subdirectories and writes config.cfg (fails if a
// state.json exists: that run should be resumed, not overwritten).
void CreateRunDirectory(const std::string& dir, const std::string& config_text);

// state.json: an absent file is a run with nothing completed.
RunState LoadRunState(const std::string& dir);
void SaveRunState(const std::string& dir, const RunState& state);

std::string CheckpointPath(const std::string& dir, int iteration);
// RUN_DIR/goal-proofs/NAME.p, written atomically.
void SaveGoalProof(const std::string& dir, const std::string& name, const std::string& script);
std::string ShardDirectory(const std::string& dir);

// Deletes what an interrupted iteration left: shards of iterations >=
// `completed` and unpublished temporary files. Returns how many files went.
int DiscardIncompleteIterations(const std::string& dir, int completed);

}  // namespace lf::app
